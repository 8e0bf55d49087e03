/**
 * The public transparency log (ADR 0007). Every publication, correction and withdrawal of a decision
 * appends one entry naming the public document it left on the site (`decisions/{id}.json`) by the SHA-256 of
 * its bytes, or the fact that nothing stays. Entries are chained by hash as the audit events are (ADR 0003),
 * over the same canonical JSON; checkpoints sign `{size, headHash, time}` with Ed25519, so a reader who keeps a
 * checkpoint can later prove whether any entry up to it changed or vanished. R11 (长治 §三, 防删改) anchored
 * outside the table; R7, R8: every takedown is accounted for in public.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { GENESIS_HASH } from './audit.ts';
import { canonicalJson } from './canonical-json.ts';

// R8: `reinstate`: a decision withdrawn by mistake, published again with its last approved revision. `withhold`:
// a correction is under review and its submitter put a notice in place of the published content meanwhile;
// `restore`: the reviewer sent that correction back, and the published revision is shown again.
// ADR 0021: `republish`: the decision's public objects were rendered again with the same content (a rebuild with
// new templates, the page's note that a correction is under way): what the site shows is logged anew. `anchor`: a
// day's audit export (R11), logged as a commitment to the archived file; its `decisionId` names the day.
export const LOG_ACTIONS = [
  'publish',
  'correct',
  'withdraw',
  'reinstate',
  'withhold',
  'restore',
  'republish',
  'anchor',
] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];

/** Entries per chunk of the site's log: an append rewrites one chunk of at most this many lines. */
export const LOG_CHUNK_SIZE = 1000;

/** What a publisher records; `seq`, `prevHash` and `hash` are added by `appendLogEntry`. */
export interface LogDraft {
  /** ISO instant the entry was recorded. */
  readonly time: string;
  readonly decisionId: string;
  readonly action: LogAction;
  /** publish, correct: the revision made public. */
  readonly revision?: number;
  /** withdraw: why it came down (a WithdrawReason). */
  readonly reason?: string;
  /**
   * R8: reinstate: which reinstatement of the decision this is (1, 2 …); withdraw: how many came before it
   * (absent for the first withdrawal). Each withdrawal and reinstatement of a decision is logged once.
   */
  readonly reinstatement?: number;
  /** R8: withhold, restore: the correction (its revision number) under review, or sent back. */
  readonly correction?: number;
  /** The site key of the decision's public document. */
  readonly document: string;
  /** SHA-256 (hex) of the document's bytes as written; null when the withdrawal deleted it and nothing stays. */
  readonly sha256: string | null;
  /**
   * ADR 0021: the SHA-256 (hex) of everything the event left on the site for this decision, by what it is
   * (`COMMITMENT_KINDS`): its page and JSON as written, its line of the month's NDJSON and row of its CSV, its item
   * (or tombstone) in feed.json and its entry (or deleted-entry) in atom.xml. Absent from entries logged before.
   */
  readonly commits?: Readonly<Partial<Record<CommitmentKind, string>>>;
  /** R11: the decision's audit chain head (its last event) when the event was logged: anchors the chain. */
  readonly audit?: { readonly seq: number; readonly hash: string };
  /** republish: the entry of the decision it follows (its latest when the site was rendered again). */
  readonly after?: number;
}

/**
 * ADR 0021: what an entry commits to. `page`, `json`: whole objects (`decisions/{id}.html`, `.json`); the others
 * are the decision's part of a shared file: its NDJSON line (without the newline), its CSV row (RFC 4180, without
 * the line break), its feed.json item and, on a takedown, its tombstone there (canonical JSON), its atom.xml
 * `<entry>` (published decisions only) and `<at:deleted-entry>` elements as written.
 */
export const COMMITMENT_KINDS = [
  'page',
  'json',
  'ndjson',
  'csv',
  'feed',
  'atom',
  'feed_tombstone',
  'atom_tombstone',
] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

export interface LogEntry extends LogDraft {
  /** 1, 2, 3 … over the whole log. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The log as of its last entry: how many entries, and the hash of the last (64 zeros while empty). */
export interface LogHead {
  readonly size: number;
  readonly headHash: string;
  /** The last entry's time; absent while the log is empty. */
  readonly time?: string;
}

export const EMPTY_LOG: LogHead = { size: 0, headHash: GENESIS_HASH };

const HEX64 = /^[0-9a-f]{64}$/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function hashLogEntry(entry: Omit<LogEntry, 'hash'>): string {
  const {
    seq,
    prevHash,
    time,
    decisionId,
    action,
    revision,
    reason,
    reinstatement,
    correction,
    document,
    sha256,
    commits,
    audit,
    after,
  } = entry;
  // `reinstatement` is absent from every entry before R8's reinstatements, `commits`, `audit` and `after` from
  // every entry before ADR 0021, so their hashes are unchanged.
  return sha256Hex(
    canonicalJson({
      seq,
      prevHash,
      time,
      decisionId,
      action,
      revision,
      reason,
      reinstatement,
      correction,
      document,
      sha256,
      commits,
      audit,
      after,
    }),
  );
}

/** Refuses a draft the log could not stand behind: a caller's bug, never a reader's problem. */
export function checkLogDraft(draft: LogDraft): void {
  const fail = (why: string): never => {
    throw new Error(`transparency log entry for ${draft.decisionId}: ${why}`);
  };
  if (!LOG_ACTIONS.includes(draft.action)) fail(`unknown action ${String(draft.action)}`);
  if (Number.isNaN(Date.parse(draft.time))) fail(`time ${draft.time} is not an ISO instant`);
  if (draft.sha256 !== null && !HEX64.test(draft.sha256)) fail('sha256 is not 64 hex digits');
  const { reinstatement } = draft;
  if (reinstatement !== undefined && (!Number.isInteger(reinstatement) || reinstatement < 1)) {
    fail('a reinstatement is counted 1, 2 …');
  }
  if (draft.action === 'reinstate' && reinstatement === undefined)
    fail('a reinstatement says which one it is');
  for (const [kind, digest] of Object.entries(draft.commits ?? {})) {
    if (!(COMMITMENT_KINDS as readonly string[]).includes(kind)) fail(`unknown commitment ${kind}`);
    if (!HEX64.test(String(digest))) fail(`commitment ${kind} is not 64 hex digits`);
  }
  if (draft.audit !== undefined && !(Number.isInteger(draft.audit.seq) && HEX64.test(draft.audit.hash))) {
    fail('an audit head is a sequence number and a 64-hex-digit hash');
  }
  if ((draft.action === 'republish') !== (draft.after !== undefined)) {
    fail('a republication, and only it, names the entry it follows');
  }
  const { correction } = draft;
  if (draft.action === 'republish') return; // ADR 0021: the state of the entry it follows, rendered anew.
  if ((draft.action === 'withhold' || draft.action === 'restore') !== (correction !== undefined)) {
    fail('withhold and restore, and only they, name the correction');
  }
  if (correction !== undefined && (!Number.isInteger(correction) || correction < 1)) {
    fail('a correction is a revision number 1, 2 …');
  }
  if (draft.action === 'anchor') {
    if (draft.sha256 === null) fail('an anchor commits to the file it anchors');
    return;
  }
  if (draft.action === 'withhold') {
    if (draft.reason !== 'correcting') fail('a withheld correction gives the reason correcting');
    if (draft.sha256 === null) fail('a withheld correction leaves a notice');
    return;
  }
  if (draft.action === 'withdraw') {
    if (draft.reason === undefined) fail('a withdrawal names its reason');
  } else {
    if (draft.sha256 === null) fail('a publication leaves a document');
    if (draft.revision === undefined || !Number.isInteger(draft.revision) || draft.revision < 1) {
      fail('a publication names the revision it made public');
    }
  }
}

export function appendLogEntry(head: LogHead, draft: LogDraft): LogEntry {
  checkLogDraft(draft);
  const unhashed = { ...draft, seq: head.size + 1, prevHash: head.headHash };
  return { ...unhashed, hash: hashLogEntry(unhashed) };
}

export function headOfEntry(entry: LogEntry): LogHead {
  return { size: entry.seq, headHash: entry.hash, time: entry.time };
}

/**
 * One entry per public event of a decision: a revision is published (or corrected) once, a decision withdrawn
 * once. The store refuses a second entry with the same marker, so a redelivered stream record or a retried
 * publish never logs twice.
 */
export function logMarker(
  draft: Pick<LogDraft, 'action' | 'revision' | 'reinstatement' | 'correction' | 'after'>,
): string {
  const k = draft.reinstatement;
  // R8: after a reinstatement the decision may be withdrawn again: one marker per withdrawal and reinstatement.
  if (draft.action === 'withdraw') return k === undefined ? 'WITHDRAW' : `WITHDRAW#${k}`;
  if (draft.action === 'reinstate') return `REINSTATE#${k}`;
  // R8: a correction is withheld, and restored after it is sent back, once each.
  if (draft.action === 'withhold') return `WITHHOLD#${draft.correction}`;
  if (draft.action === 'restore') return `RESTORE#${draft.correction}`;
  // ADR 0021: one republication after each entry of the decision; a day is anchored once.
  if (draft.action === 'republish') return `REPUBLISH#${String(draft.after).padStart(12, '0')}`;
  if (draft.action === 'anchor') return 'ANCHOR';
  return `REV#${String(draft.revision).padStart(5, '0')}`;
}

export type LogProblem =
  | 'hash_mismatch' // the entry's content no longer matches its hash: altered
  | 'broken_link' // prevHash is not the previous entry's hash: an entry before it changed, vanished or moved
  | 'sequence_gap'; // seq does not follow: removed, inserted or reordered

export interface LogFinding {
  readonly problem: LogProblem;
  /** Index in the given array. */
  readonly index: number;
  readonly seq: number;
  readonly message: string;
}

/**
 * Every break in a run of entries that should continue `from` (the empty log by default). Unlike the audit
 * chain's verifier it goes on after a break, measuring each entry against the one before it as found, so one
 * deleted or edited entry is reported once, where it is, and a second one elsewhere is reported too.
 */
export function checkLogRun(entries: readonly LogEntry[], from: LogHead = EMPTY_LOG): LogFinding[] {
  const findings: LogFinding[] = [];
  let prev = { seq: from.size, hash: from.headHash };
  for (const [index, entry] of entries.entries()) {
    const at = (problem: LogProblem, message: string) =>
      findings.push({ problem, index, seq: entry.seq, message });
    if (entry.seq !== prev.seq + 1) {
      at(
        'sequence_gap',
        entry.seq > prev.seq + 1
          ? `entry ${entry.seq} follows entry ${prev.seq}: entries ${prev.seq + 1}–${entry.seq - 1} are missing`
          : `entry ${entry.seq} follows entry ${prev.seq}: entries were reordered or repeated`,
      );
    } else if (entry.prevHash !== prev.hash) {
      at(
        'broken_link',
        `entry ${entry.seq} links to ${short(entry.prevHash)}, but entry ${prev.seq} hashes to ${short(prev.hash)}: an entry before it was changed`,
      );
    }
    const computed = hashLogEntry(entry);
    if (computed !== entry.hash) {
      at(
        'hash_mismatch',
        `entry ${entry.seq} was altered: its content hashes to ${short(computed)}, it says ${short(entry.hash)}`,
      );
    }
    prev = { seq: entry.seq, hash: entry.hash };
  }
  return findings;
}

/** The first 12 hex digits: enough for a person to compare two hashes in a message. */
export function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

export function chunkOf(seq: number): number {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`log entries start at 1, not ${seq}`);
  return Math.floor((seq - 1) / LOG_CHUNK_SIZE);
}

export function firstSeqOf(chunk: number): number {
  return chunk * LOG_CHUNK_SIZE + 1;
}

export function lastSeqOf(chunk: number): number {
  return (chunk + 1) * LOG_CHUNK_SIZE;
}

/**
 * The range `fromSeq..toSeq` of one chunk (the whole chunk by default) that a store's `entries` reads, or
 * undefined when it is empty; a range reaching outside the chunk is a caller's error.
 */
export function chunkRange(
  chunk: number,
  fromSeq = firstSeqOf(chunk),
  toSeq = lastSeqOf(chunk),
): { readonly fromSeq: number; readonly toSeq: number } | undefined {
  if (fromSeq > toSeq) return undefined;
  if (chunkOf(fromSeq) !== chunk || chunkOf(toSeq) !== chunk) {
    throw new RangeError(`entries ${fromSeq}–${toSeq} are not all in chunk ${chunk}`);
  }
  return { fromSeq, toSeq };
}

// ---- checkpoints ----------------------------------------------------------------------------------------------

/** What a checkpoint signs: the log's size and head hash at a time. */
export interface CheckpointBody {
  readonly size: number;
  readonly headHash: string;
  /** ISO instant the checkpoint was made. */
  readonly time: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  readonly algorithm: 'Ed25519';
  /** SHA-256 (hex) of the signing key's public half (SPKI DER): which key a reader needs. */
  readonly keyId: string;
  /** Base64 of the Ed25519 signature over `checkpointMessage`. */
  readonly signature: string;
  /** The size of the checkpoint before this one, so a reader can walk back through all of them. */
  readonly previous?: number;
}

/** The bytes a checkpoint's signature covers: the canonical JSON of `{size, headHash, time}`, UTF-8. */
export function checkpointMessage(body: CheckpointBody): string {
  return canonicalJson({ size: body.size, headHash: body.headHash, time: body.time });
}

/** A key that is not what the log signs with: the operator's to fix (ADR 0007), never the reader's. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

function ed25519Private(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new SigningKeyError('the signing key is not a private key in PEM (PKCS#8)');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`the signing key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  }
  return key;
}

function ed25519Public(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`the public key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  }
  return key;
}

/** The public half of a private key, as SPKI PEM: what the site publishes. */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(ed25519Private(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

export function keyIdOf(publicKeyPem: string): string {
  const der = ed25519Public(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

export function signCheckpoint(
  body: CheckpointBody,
  privateKeyPem: string,
  previous?: number,
): SignedCheckpoint {
  if (!Number.isInteger(body.size) || body.size < 1)
    throw new RangeError('a checkpoint covers at least one entry');
  if (!HEX64.test(body.headHash)) throw new Error('a checkpoint signs a 64-hex-digit head hash');
  if (previous !== undefined && !(Number.isInteger(previous) && previous >= 1 && previous < body.size)) {
    throw new RangeError(
      `the previous checkpoint (${previous}) must be smaller than this one (${body.size})`,
    );
  }
  const key = ed25519Private(privateKeyPem);
  const signature = sign(null, Buffer.from(checkpointMessage(body), 'utf8'), key).toString('base64');
  return {
    size: body.size,
    headHash: body.headHash,
    time: body.time,
    algorithm: 'Ed25519',
    keyId: keyIdOf(publicKeyPemOf(privateKeyPem)),
    signature,
    ...(previous !== undefined ? { previous } : {}),
  };
}

export type SignatureCheck = 'valid' | 'invalid' | 'other_key';

/**
 * Whether the checkpoint was signed, as it stands, by the holder of this public key's private half. `other_key`:
 * it names another key (a rotated or foreign one), so the signature cannot be checked against this one.
 */
export function checkCheckpointSignature(checkpoint: SignedCheckpoint, publicKeyPem: string): SignatureCheck {
  if (checkpoint.keyId !== keyIdOf(publicKeyPem)) return 'other_key';
  let signature: Buffer;
  try {
    signature = Buffer.from(checkpoint.signature, 'base64');
  } catch {
    return 'invalid';
  }
  if (signature.length !== 64) return 'invalid';
  const ok = verify(
    null,
    Buffer.from(checkpointMessage(checkpoint), 'utf8'),
    ed25519Public(publicKeyPem),
    signature,
  );
  return ok ? 'valid' : 'invalid';
}
