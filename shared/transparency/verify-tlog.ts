/**
 * What a reader checks of the tiled log (ADR 0021), over the site's public files only:
 *
 * - the checkpoint at `tlog/checkpoint`: a C2SP signed note, signed by every key the reader pins (or, without
 *   pinned keys, every key `transparency/log.vkey` lists, the Ed25519 one being the published public key's);
 * - the tree: every entry bundle holds exactly the log's entries as the chunks hold them, every tile is the one
 *   those entries make, and they hash to the checkpoint's root;
 * - checkpoints the reader kept: each consistent with the current one by an RFC 6962 consistency proof built
 *   from the tiles (each tile checked against the root on the way), not by replaying the log;
 * - a decision's proof file (`transparency/proofs/{id}.tlog-proof`): its entry is the log's at its index, the
 *   inclusion proof holds for its checkpoint, and that checkpoint's root is the tree's at its size.
 *
 * `checkProofFile` checks a proof offline, with nothing but the file and the pinned keys.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.ts';
import { type Checkpoint, parseCheckpoint } from '../domain/tlog/checkpoint.ts';
import {
  checkRecord,
  checkTree,
  hashToBase64,
  leafHash,
  proveTree,
  sameHash,
  treeHash,
} from '../domain/tlog/merkle.ts';
import {
  ed25519VerifierKey,
  NoteError,
  type NoteVerifier,
  openNote,
  parseVerifierKey,
} from '../domain/tlog/note.ts';
import { parseTlogProof, type TlogProof } from '../domain/tlog/proof-file.ts';
import {
  decodeEntryBundle,
  entryBundlePath,
  growTiles,
  memoryHashReader,
  TILE_WIDTH,
  TileMismatchError,
  tileHashReader,
  tilePath,
} from '../domain/tlog/tiles.ts';
import { hashLogEntry, type LogEntry, short } from '../domain/transparency-log.ts';
import { TLOG_CHECKPOINT_KEY, TLOG_PREFIX, TLOG_VKEY_KEY, tlogProofKey } from '../site/keys.ts';
import { parseLogLine } from '../site/transparency.ts';

export interface BytesFetched {
  readonly status: number;
  readonly body: string;
  readonly bytes?: Uint8Array;
}

export interface TiledLogInput {
  /** GET of a site key (cached by the caller). */
  readonly get: (key: string) => Promise<BytesFetched>;
  /** The log's entries as the chunks hold them, by seq. */
  readonly bySeq: ReadonlyMap<number, LogEntry>;
  /** The published Ed25519 public key (PEM), if the site has one: the vkey must be its. */
  readonly publicKeyPem?: string;
  /** Verifier keys the reader pinned; without them the site's own `transparency/log.vkey` is used. */
  readonly vkeys?: readonly string[];
  /** Signed checkpoints (tlog) the reader kept. */
  readonly savedNotes?: readonly { readonly name: string; readonly note: string }[];
  /** Decisions whose proof files to check, with their latest entries. */
  readonly latest: ReadonlyMap<string, LogEntry>;
  /** Whether entries no tiled checkpoint covers are old enough to be a problem. */
  readonly overdue: (entry: LogEntry) => boolean;
  readonly problem: (object: string, message: string) => void;
  readonly note: (message: string) => void;
}

export interface TiledLogReport {
  readonly checkpoint?: Checkpoint;
  readonly tiles: number;
  readonly bundles: number;
  readonly proofs: number;
  readonly saved: number;
}

const bytesOf = (fetched: BytesFetched) => fetched.bytes ?? new TextEncoder().encode(fetched.body);
/** What a site answers for an object it does not have (S3 without ListBucket says 403). */
export const MISSING: ReadonlySet<number> = new Set([403, 404]);

export async function verifyTiledLog(input: TiledLogInput): Promise<TiledLogReport> {
  const { get, problem } = input;
  const report = { tiles: 0, bundles: 0, proofs: 0, saved: 0 };
  const size = input.bySeq.size;
  const checkpointFetched = await get(TLOG_CHECKPOINT_KEY);
  if (checkpointFetched.status !== 200) {
    const first = input.bySeq.get(1);
    if (first && input.overdue(first))
      problem(TLOG_CHECKPOINT_KEY, `missing: the log has ${size} entries since ${first.time}`);
    else if (first) input.note('no tiled checkpoint yet: the log is younger than the first one');
    return report;
  }
  const verifiers = await pinnedVerifiers(input);
  if (!verifiers) return report;
  const opened = openChecked(TLOG_CHECKPOINT_KEY, checkpointFetched.body, verifiers, problem);
  if (!opened) return report;
  const checkpoint = opened;
  const n = checkpoint.size;
  const unsigned = input.bySeq.get(n + 1);
  if (unsigned && input.overdue(unsigned)) {
    problem(
      TLOG_CHECKPOINT_KEY,
      `covers ${n} entries; entries ${n + 1}–${size} are older than the grace period and no tiled checkpoint covers them`,
    );
  }
  if (n > size) {
    problem(
      TLOG_CHECKPOINT_KEY,
      `covers ${n} entries, but the log holds ${size}: entries were removed after they were checkpointed`,
    );
    return { ...report, checkpoint };
  }

  // The tree the log's own entries make, tile by tile, against the site's tiles and bundles and the root.
  const leaves: Uint8Array[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const entry = input.bySeq.get(seq);
    if (!entry) return { ...report, checkpoint }; // a gap: named where the chunks were read
    leaves.push(new TextEncoder().encode(canonicalJson(entry)));
  }
  const grown = growTiles(0, n, leaves.map(leafHash), () => undefined);
  if (!sameHash(grown.root, checkpoint.rootHash)) {
    problem(
      TLOG_CHECKPOINT_KEY,
      `signs root ${hashToBase64(checkpoint.rootHash)} for ${n} entries, but the log's entries 1–${n} hash to ${hashToBase64(grown.root)}: the log was changed after it was checkpointed`,
    );
  }
  const computed = new Map<string, Uint8Array>();
  await eachLimited(grown.tiles, 8, async ({ tile, data }) => {
    computed.set(tilePath(tile), data);
    const key = `${TLOG_PREFIX}${tilePath(tile)}`;
    const fetched = await get(key);
    report.tiles++;
    if (fetched.status !== 200) {
      problem(key, MISSING.has(fetched.status) ? 'missing' : `the site answered HTTP ${fetched.status}`);
    } else if (!sameBytes(bytesOf(fetched), data)) {
      problem(
        key,
        `differs from the tile the log's entries make (SHA-256 ${short(createHash('sha256').update(data).digest('hex'))})`,
      );
    }
    if (tile.level !== 0) return;
    const bundleKey = `${TLOG_PREFIX}${entryBundlePath(tile.index, tile.width)}`;
    const bundle = await get(bundleKey);
    report.bundles++;
    if (bundle.status !== 200) {
      problem(bundleKey, MISSING.has(bundle.status) ? 'missing' : `the site answered HTTP ${bundle.status}`);
      return;
    }
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(bytesOf(bundle));
    } catch (error) {
      problem(bundleKey, `is not an entry bundle: ${(error as Error).message}`);
      return;
    }
    const first = tile.index * TILE_WIDTH;
    if (entries.length !== tile.width)
      problem(bundleKey, `holds ${entries.length} entries, not ${tile.width}`);
    for (const [i, entry] of entries.entries()) {
      const expected = leaves[first + i];
      if (expected && !sameBytes(entry, expected)) {
        problem(bundleKey, `entry ${first + i + 1} differs from the log's entry ${first + i + 1}`);
      }
    }
  });
  const reader = memoryHashReader(n, computed);

  // Checkpoints the reader kept: consistent with this one by a proof from the site's tiles.
  for (const saved of input.savedNotes ?? []) {
    const old = openChecked(saved.name, saved.note, verifiers, problem);
    report.saved++;
    if (!old) continue;
    await checkConsistency(saved.name, old, checkpoint, problem, (key) => get(key));
  }

  // Each decision's proof file.
  await eachLimited([...input.latest], 8, async ([id, latest]) => {
    if (latest.action === 'anchor' || latest.seq > n) return;
    const key = tlogProofKey(id);
    const fetched = await get(key);
    if (fetched.status !== 200) {
      problem(key, `missing: log entry ${latest.seq} of decision ${id} is covered by checkpoint ${n}`);
      return;
    }
    report.proofs++;
    const checked = checkProofFile(fetched.body, verifiers, checkpoint.origin);
    if (!checked.ok) {
      problem(key, checked.why);
      return;
    }
    const { proof, entry, checkpoint: signed } = checked;
    if (entry.decisionId !== id) problem(key, `proves an entry of decision ${entry.decisionId}, not ${id}`);
    const logged = input.bySeq.get(proof.index + 1);
    if (!logged || canonicalJson(logged) !== canonicalJson(entry)) {
      problem(key, `proves an entry ${proof.index + 1} that is not the log's entry ${proof.index + 1}`);
    }
    if (signed.size > n) return;
    const root = await treeHash(signed.size, reader);
    if (!sameHash(root, signed.rootHash)) {
      problem(key, `its checkpoint (${signed.size} entries) signs a root the log does not have at that size`);
    }
  });
  return { ...report, checkpoint };
}

/**
 * A saved checkpoint against a newer one, by a consistency proof from the site's tiles (each tile checked
 * against the newer root as it is read): O(log n) tiles, not the whole log.
 */
export async function checkConsistency(
  name: string,
  old: Checkpoint,
  current: Checkpoint,
  problem: (object: string, message: string) => void,
  get: (key: string) => Promise<BytesFetched>,
): Promise<void> {
  if (old.origin !== current.origin) {
    problem(name, `is a checkpoint of ${old.origin}, not of ${current.origin}`);
    return;
  }
  if (old.size > current.size) {
    problem(
      name,
      `covers ${old.size} entries, but the log's checkpoint covers ${current.size}: entries vanished`,
    );
    return;
  }
  if (old.size === current.size || old.size === 0) {
    if (old.size === current.size && !sameHash(old.rootHash, current.rootHash))
      problem(name, `signs another root for ${old.size} entries than ${TLOG_CHECKPOINT_KEY}: the log forked`);
    return;
  }
  try {
    const read = tileHashReader(current.size, current.rootHash, async (tile) => {
      const key = `${TLOG_PREFIX}${tilePath(tile)}`;
      const fetched = await get(key);
      if (fetched.status !== 200) throw new Error(`${key} answered HTTP ${fetched.status}`);
      return bytesOf(fetched);
    });
    const proof = await proveTree(current.size, old.size, read);
    if (!checkTree(proof, current.size, current.rootHash, old.size, old.rootHash)) {
      problem(
        name,
        `is not consistent with ${TLOG_CHECKPOINT_KEY} (${current.size} entries): the log up to ${old.size} entries was rewritten`,
      );
    }
  } catch (error) {
    if (error instanceof TileMismatchError) problem(error.paths.join(', '), error.message);
    else problem(name, `no consistency proof could be built: ${(error as Error).message}`);
  }
}

export type ProofCheck =
  | {
      readonly ok: true;
      readonly proof: TlogProof;
      readonly entry: LogEntry;
      readonly checkpoint: Checkpoint;
      readonly signedBy: readonly string[];
    }
  | { readonly ok: false; readonly why: string };

/**
 * A tlog-proof file checked offline: the checkpoint signed by the pinned keys (every one of them), its origin
 * the one expected when given, the entry in `extra` a log entry whose hash holds, and the inclusion proof binding
 * that entry's leaf to the checkpoint's root.
 */
export function checkProofFile(
  text: string,
  verifiers: readonly NoteVerifier[],
  origin?: string,
): ProofCheck {
  let proof: TlogProof;
  try {
    proof = parseTlogProof(text);
  } catch (error) {
    return { ok: false, why: `is not a tlog-proof file: ${(error as Error).message}` };
  }
  const why: string[] = [];
  const checkpoint = openChecked('', proof.checkpoint, verifiers, (_o, message) => why.push(message));
  if (!checkpoint) return { ok: false, why: `its checkpoint ${why.join('; ')}` };
  if (origin !== undefined && checkpoint.origin !== origin) {
    return { ok: false, why: `its checkpoint is of ${checkpoint.origin}, not ${origin}` };
  }
  if (!proof.extra) return { ok: false, why: 'carries no entry (no extra line)' };
  const line = new TextDecoder('utf-8', { fatal: false }).decode(proof.extra);
  const entry = parseLogLine(line);
  if (typeof entry === 'string') return { ok: false, why: `its entry ${entry}` };
  if (entry.seq !== proof.index + 1) {
    return { ok: false, why: `its entry is number ${entry.seq}, but the proof is for index ${proof.index}` };
  }
  if (canonicalJson(entry) !== line) return { ok: false, why: 'its entry is not in canonical form' };
  if (hashLogEntry(entry) !== entry.hash) return { ok: false, why: `its entry ${entry.seq} was altered` };
  if (!checkRecord(proof.proof, checkpoint.size, checkpoint.rootHash, proof.index, leafHash(proof.extra))) {
    return {
      ok: false,
      why: `its inclusion proof does not bind entry ${entry.seq} to the checkpoint's root (${checkpoint.size} entries)`,
    };
  }
  return { ok: true, proof, entry, checkpoint, signedBy: verifiers.map((v) => v.name) };
}

/** The note opened with the verifiers, every one of which must have signed it, and parsed as a checkpoint. */
function openChecked(
  object: string,
  note: string,
  verifiers: readonly NoteVerifier[],
  problem: (object: string, message: string) => void,
): Checkpoint | undefined {
  try {
    const opened = openNote(note, verifiers);
    const signed = new Set(opened.verified.map((s) => `${s.name}+${s.keyId}`));
    for (const v of verifiers) {
      if (!signed.has(`${v.name}+${v.keyId}`)) {
        problem(object, `is not signed by ${v.name}+${v.keyId.toString(16).padStart(8, '0')}`);
        return undefined;
      }
    }
    return parseCheckpoint(opened.text);
  } catch (error) {
    if (error instanceof NoteError) {
      problem(object, `does not verify (${error.code}): ${error.message}`);
      return undefined;
    }
    problem(object, `is not a checkpoint: ${(error as Error).message}`);
    return undefined;
  }
}

/** The reader's pinned keys, or the site's, the Ed25519 one checked against the published public key. */
async function pinnedVerifiers(input: TiledLogInput): Promise<NoteVerifier[] | undefined> {
  let lines = input.vkeys;
  if (!lines || lines.length === 0) {
    const fetched = await input.get(TLOG_VKEY_KEY);
    if (fetched.status !== 200) {
      input.problem(TLOG_VKEY_KEY, 'missing: no tiled checkpoint can be checked');
      return undefined;
    }
    lines = fetched.body.split('\n').filter((l) => l.trim() !== '');
  }
  const verifiers: NoteVerifier[] = [];
  for (const line of lines) {
    try {
      verifiers.push(parseVerifierKey(line.trim()));
    } catch (error) {
      input.problem(TLOG_VKEY_KEY, `holds a key that is not a verifier key: ${(error as Error).message}`);
      return undefined;
    }
  }
  const first = lines[0];
  if (!input.vkeys && input.publicKeyPem && first && verifiers[0]) {
    const expected = ed25519VerifierKey(verifiers[0].name, input.publicKeyPem);
    if (expected !== first.trim()) {
      input.problem(TLOG_VKEY_KEY, `its Ed25519 key is not the published public key (${expected})`);
    }
  }
  return verifiers;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/** `work` over every item, at most `limit` at once. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
