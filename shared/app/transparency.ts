/**
 * The transparency log's use cases (ADR 0007). The table holds the log (TransparencyLogStore); the site's
 * `transparency/` files are its projection, brought up to date after every append and by every reconcile run,
 * so a site write that failed after its entry was recorded is repaired within minutes. Checkpoints sign the
 * table's head once the site shows it.
 */
import type { ChainHead } from '../domain/audit.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import {
  checkLogRun,
  chunkOf,
  firstSeqOf,
  headOfEntry,
  type LogDraft,
  type LogEntry,
  type LogHead,
  lastSeqOf,
  publicKeyPemOf,
  type SignedCheckpoint,
  sha256Hex,
  signCheckpoint,
} from '../domain/transparency-log.ts';
import type { Clock, SigningKeySource, SiteBucket, TransparencyLogStore } from '../ports.ts';
import { SiteConflictError } from '../ports.ts';
import { publicationCommitments } from '../site/commitments.ts';
import { LOG_HEAD_KEY, logChunkKey } from '../site/keys.ts';
import { decisionDocument } from '../site/plan.ts';
import {
  checkpointObjects,
  LogFormatError,
  logChunkObject,
  logHeadObject,
  parseLogChunk,
  parseLogHead,
  publicKeyObject,
} from '../site/transparency.ts';
import type { SiteConfig, SiteEvent } from '../site/types.ts';
import type { WitnessConfig } from '../transparency/witness.ts';
import { type TiledCheckpointResult, tiledCheckpoint, tlogOrigin, writeWholeTiledLog } from './tlog.ts';

export interface TransparencyDependencies {
  readonly log: TransparencyLogStore;
  readonly site: SiteBucket;
}

/**
 * A publish is a correction when an earlier revision was public before it (R8). ADR 0021: the entry commits to
 * everything the event leaves on the site for the decision, and, R11, to the decision's audit head as it stood.
 */
export function logDraftOf(event: SiteEvent, config: SiteConfig, time: string, audit?: ChainHead): LogDraft {
  return {
    ...eventDraft(event, config, time),
    commits: publicationCommitments(event, config),
    ...(audit && audit.seq > 0 ? { audit: { seq: audit.seq, hash: audit.hash } } : {}),
  };
}

function eventDraft(event: SiteEvent, config: SiteConfig, time: string): LogDraft {
  const { key, body } = decisionDocument(event, config);
  const sha256 = body === undefined ? null : sha256Hex(body);
  const reinstatement = event.reinstatement === undefined ? {} : { reinstatement: event.reinstatement };
  if (event.kind === 'publish' && event.restoring !== undefined) {
    // R8: the published revision shown again after its withheld correction was sent back.
    return {
      time,
      decisionId: event.document.id,
      action: 'restore',
      revision: event.document.revision,
      correction: event.restoring,
      document: key,
      sha256,
    };
  }
  if (event.kind === 'publish') {
    return {
      time,
      decisionId: event.document.id,
      // R8: the first publication after a reinstatement is logged as the reinstatement.
      action:
        event.reinstatement !== undefined
          ? 'reinstate'
          : event.corrections.length > 0
            ? 'correct'
            : 'publish',
      revision: event.document.revision,
      ...reinstatement,
      document: key,
      sha256,
    };
  }
  if (event.reason === 'correcting' && event.correcting !== undefined) {
    // R8: a notice in place of the published content while a correction is reviewed.
    return {
      time,
      decisionId: event.id,
      action: 'withhold',
      reason: 'correcting',
      correction: event.correcting,
      document: key,
      sha256,
    };
  }
  return {
    time,
    decisionId: event.id,
    action: 'withdraw',
    reason: event.reason,
    ...reinstatement,
    document: key,
    sha256,
  };
}

/**
 * Records what the event is about to leave on the site, before the site is written: the log commits to a page
 * before anyone can read it. Idempotent: the entry of a redelivered or retried event is the one logged first.
 */
export async function recordInLog(
  deps: TransparencyDependencies & { readonly clock: Clock; readonly siteConfig: SiteConfig },
  event: SiteEvent,
  audit?: ChainHead,
): Promise<LogEntry> {
  const { entry } = await deps.log.append(
    logDraftOf(event, deps.siteConfig, deps.clock.now().toISOString(), audit),
  );
  return entry;
}

/**
 * For the rebuild, and for a page rendered again (R8's note that a correction is under way): the log is brought
 * to what the event leaves on the site. Nothing is appended when the decision's latest entry commits to exactly
 * that (a read or two, no write); the event's own entry when it was never logged (a site published before the
 * log existed); otherwise, ADR 0021, a `republish` entry after the latest: the same content, rendered anew (new
 * templates, a new note on the page, an entry logged before commitments existed). Returns the entry appended.
 */
export async function ensureLogged(
  deps: TransparencyDependencies & { readonly clock: Clock; readonly siteConfig: SiteConfig },
  event: SiteEvent,
  audit?: ChainHead,
): Promise<LogEntry | undefined> {
  for (let attempt = 1; ; attempt++) {
    const draft = logDraftOf(event, deps.siteConfig, deps.clock.now().toISOString(), audit);
    const latest = await deps.log.latestOf(draft.decisionId);
    if (latest && sameCommitments(latest, draft)) return undefined;
    const own = latest ? await deps.log.logged(draft) : undefined;
    const next = latest && own ? republication(draft, latest.seq) : draft;
    const { entry, appended } = await deps.log.append(next);
    if (appended) return entry;
    // Another writer logged after the same entry first: if it logged this content, done; else again.
    if (sameCommitments(entry, draft) || attempt >= 3) return undefined;
  }
}

/** What the site shows by this entry is what the draft would leave: the same objects, hashed the same. */
function sameCommitments(entry: LogEntry, draft: LogDraft): boolean {
  return (
    entry.sha256 === draft.sha256 &&
    entry.commits !== undefined &&
    canonicalJson(entry.commits) === canonicalJson(draft.commits ?? {})
  );
}

/**
 * The draft as a republication after entry `after`: the decision's state unchanged (a takedown keeps its reason,
 * so a reader still sees it down), its rendering new.
 */
function republication(draft: LogDraft, after: number): LogDraft {
  return { ...draft, action: 'republish', after };
}

export interface LogSyncResult {
  /**
   * The head the site's log shows now: the full catch-up's is at least the table's head as read when it began;
   * a publisher's (`covering`) is the last entry of the chunk holding its own.
   */
  readonly head: LogHead;
  /** Site objects written (chunks, and the head on a full catch-up); 0 when the site already showed the log. */
  readonly written: number;
}

const SYNC_ATTEMPTS = 8;

/**
 * Brings the site's log up to the table's: the chunks that lack entries (normally one, the last) and head.json,
 * each written conditionally on what was read, so two publishers never undo each other; a conflict means read
 * again. A chunk whose entries do not chain, or whose last entry differs from the table's, is rewritten whole
 * from the table. Chunks before the one the site's head points into are left alone (the verifier checks them;
 * `npm run rebuild-site` rewrites them); a site without head.json has every chunk checked.
 *
 * With `covering` (a publisher's own entry) only the chunk holding that entry is brought up to the table's,
 * and head.json is neither read nor written: the checkpoint and reconcile runs move it (so a publish
 * writes one log object, not two). The publisher is done as soon as that chunk shows its entry, so concurrent
 * publishers need not each rewrite the chunk: whoever writes first shows the others' entries too.
 */
export async function syncLogToSite(
  deps: TransparencyDependencies,
  options: { readonly covering?: number } = {},
): Promise<LogSyncResult> {
  const { covering } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return covering === undefined ? await syncOnce(deps) : await showEntry(deps, covering);
    } catch (error) {
      if (!(error instanceof SiteConflictError) || attempt >= SYNC_ATTEMPTS) throw error;
      // Another writer got there first, and has probably shown this entry too: read again after a short,
      // random pause, so a crowd of publishers does not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** The chunk holding entry `seq`, brought up to the table's unless it shows that entry already. */
async function showEntry({ log, site }: TransparencyDependencies, seq: number): Promise<LogSyncResult> {
  const { written, last } = await syncChunk(log, site, chunkOf(seq), seq);
  if (!last || last.seq < seq) throw new Error(`the table's log lacks entry ${seq}`);
  return { head: headOfEntry(last), written };
}

async function syncOnce({ log, site }: TransparencyDependencies): Promise<LogSyncResult> {
  // The site first, then the table: whatever the site showed was in the table before it was written, so the
  // head read now is at least as far as anything seen on the site.
  const headObject = await site.read(LOG_HEAD_KEY);
  const onSite = readHead(headObject?.body);
  const head = await log.head();
  if (onSite && onSite.size === head.size && onSite.headHash === head.headHash) {
    return { head, written: 0 };
  }
  if (head.size === 0) return { head, written: 0 };
  // From the chunk the site's head.json ends in; without one (a new site: publishers do not write it), from the
  // first chunk, so a chunk a publisher left short is not skipped.
  const from = !onSite ? 0 : onSite.size < head.size ? chunkOf(onSite.size + 1) : chunkOf(head.size);
  let written = 0;
  let last: LogEntry | undefined;
  for (let chunk = from; chunk <= chunkOf(head.size); chunk++) {
    const result = await syncChunk(log, site, chunk);
    written += result.written;
    last = result.last ?? last;
  }
  if (!last)
    throw new Error(`the table's log has ${head.size} entries but chunk ${chunkOf(head.size)} holds none`);
  const shown = headOfEntry(last);
  const object = logHeadObject(shown);
  if (object.body !== headObject?.body) {
    await site.put(object, headObject ? { ifMatch: headObject.etag } : { ifNoneMatch: '*' });
    written++;
  }
  return { head: shown, written };
}

function readHead(body: string | undefined): LogHead | undefined {
  if (body === undefined) return undefined;
  try {
    return parseLogHead(LOG_HEAD_KEY, body);
  } catch (error) {
    if (error instanceof LogFormatError) return undefined;
    throw error;
  }
}

/**
 * The chunk as the table has it, appending to what the site shows when that is right so far; left as it is
 * when it already shows entry `covering`.
 */
async function syncChunk(
  log: TransparencyLogStore,
  site: SiteBucket,
  chunk: number,
  covering?: number,
): Promise<{ written: number; last: LogEntry | undefined }> {
  const key = logChunkKey(chunk);
  const object = await site.read(key);
  const shown = sound(chunk, object?.body);
  const tip = shown.at(-1);
  if (covering !== undefined && tip && tip.seq >= covering) return { written: 0, last: tip };
  // Everything the table holds from the site's last entry on (that one again, to compare).
  const fresh = await log.entries(chunk, tip?.seq ?? firstSeqOf(chunk), lastSeqOf(chunk));
  const entries =
    tip && fresh[0]?.hash === tip.hash
      ? [...shown, ...fresh.slice(1)]
      : await log.entries(chunk, firstSeqOf(chunk), lastSeqOf(chunk));
  const next = logChunkObject(chunk, entries);
  if (next.body === object?.body) return { written: 0, last: entries.at(-1) };
  await site.put(next, object ? { ifMatch: object.etag } : { ifNoneMatch: '*' });
  return { written: 1, last: entries.at(-1) };
}

/** The site's chunk when it is a run of entries from the chunk's first that chains; otherwise nothing of it. */
function sound(chunk: number, body: string | undefined): LogEntry[] {
  if (body === undefined) return [];
  try {
    const entries = parseLogChunk(logChunkKey(chunk), body);
    if (entries.length === 0 || entries[0]?.seq !== firstSeqOf(chunk)) return [];
    const first = entries[0];
    const from: LogHead = { size: first.seq - 1, headHash: first.prevHash };
    return checkLogRun(entries, from).length === 0 ? entries : [];
  } catch (error) {
    if (error instanceof LogFormatError) return [];
    throw error;
  }
}

export interface CheckpointResult {
  readonly size: number;
  /** The checkpoint made by this run, or the latest one when the log had not grown since. */
  readonly checkpoint?: SignedCheckpoint;
  readonly created: boolean;
  /** Site objects this run wrote (log projection, checkpoint files, public key, tiles, proofs). */
  readonly written: number;
  /** ADR 0021: the tiled log's part of the run. */
  readonly tiled: TiledCheckpointResult;
}

export interface CheckpointDependencies extends TransparencyDependencies {
  readonly signingKey: SigningKeySource;
  /** The site's address: the tiled log's origin is derived from it (ADR 0021). */
  readonly siteConfig: Pick<SiteConfig, 'siteUrl'>;
  /** tlog-witness: witnesses asked to cosign each checkpoint; none by default. */
  readonly witnesses?: readonly WitnessConfig[];
  readonly fetch?: typeof fetch;
}

/**
 * Every 15 minutes: the site's log brought up to the table's, then the head signed, when it moved since the
 * last checkpoint, with the time of the run; `checkpoints/<size>.json` and `checkpoint.json` written, and the
 * public key beside them. A run whose checkpoint files did not reach the site writes them again the next time.
 */
export async function transparencyCheckpoint(
  deps: CheckpointDependencies,
  now: Date,
): Promise<CheckpointResult> {
  const sync = await syncLogToSite(deps);
  let written = sync.written;
  const privateKeyPem = await deps.signingKey.privateKeyPem();
  written += await ensureObject(deps.site, publicKeyObject(publicKeyPemOf(privateKeyPem)));
  // What the site shows now, so no reader ever meets a checkpoint beyond the log it can download.
  const { head } = sync;
  const latest = await deps.log.latestCheckpoint();
  if (latest && latest.size > head.size) {
    throw new Error(
      `checkpoint ${latest.size} is ahead of the log's ${head.size} entries: the table is not the one signed`,
    );
  }
  let checkpoint = latest;
  let created = false;
  if (head.size > 0 && (!latest || latest.size < head.size)) {
    const signed = signCheckpoint(
      { size: head.size, headHash: head.headHash, time: now.toISOString() },
      privateKeyPem,
      latest?.size,
    );
    checkpoint = await deps.log.putCheckpoint(signed);
    created = checkpoint.signature === signed.signature;
  }
  // ADR 0021: the same entries as a tiled Merkle log, signed as a C2SP checkpoint, with a proof per decision;
  // a few bounded steps a run, so a migrated log catches up over runs and a normal run takes one.
  const tiledDeps = {
    log: deps.log,
    site: deps.site,
    signingKey: deps.signingKey,
    origin: tlogOrigin(deps.siteConfig.siteUrl),
    ...(deps.witnesses ? { witnesses: deps.witnesses } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
  let tiled = await tiledCheckpoint(tiledDeps, head.size);
  written += tiled.written;
  for (let step = 1; step < TILED_STEPS_PER_RUN && tiled.created && tiled.size < head.size; step++) {
    tiled = await tiledCheckpoint(tiledDeps, head.size);
    written += tiled.written;
  }
  if (!checkpoint) return { size: head.size, created, written, tiled };
  const [numbered, current] = checkpointObjects(checkpoint);
  written += await ensureObject(deps.site, numbered);
  written += await ensureObject(deps.site, current);
  return { size: head.size, checkpoint, created, written, tiled };
}

/** At most 4 × 8 192 entries a run join the tiled log: a migrated log of 1 M entries catches up in 31 runs. */
const TILED_STEPS_PER_RUN = 4;

/** Writes the object unless the site holds exactly it: 1 when written. */
async function ensureObject(site: SiteBucket, object: Parameters<SiteBucket['put']>[0]): Promise<number> {
  const stored = await site.read(object.key);
  if (stored?.body === object.body) return 0;
  await site.put(object);
  return 1;
}

/**
 * For the full rebuild of the site: every chunk, the head and every checkpoint, from the table. Reads the whole
 * log (a Query per chunk and the checkpoints' partition): disaster recovery only.
 */
export async function writeWholeLog(
  deps: TransparencyDependencies,
  put: (object: Parameters<SiteBucket['put']>[0]) => Promise<void>,
): Promise<{ readonly entries: number; readonly checkpoints: number }> {
  const head = await deps.log.head();
  let last: LogEntry | undefined;
  if (head.size > 0) {
    for (let chunk = 0; chunk <= chunkOf(head.size); chunk++) {
      const entries = await deps.log.entries(chunk);
      await put(logChunkObject(chunk, entries));
      last = entries.at(-1) ?? last;
    }
  }
  let checkpoints = 0;
  let latest: SignedCheckpoint | undefined;
  for await (const checkpoint of deps.log.checkpoints()) {
    await put(checkpointObjects(checkpoint)[0]);
    latest = checkpoint;
    checkpoints++;
  }
  if (latest) await put(checkpointObjects(latest)[1]);
  if (last) await put(logHeadObject(headOfEntry(last)));
  // ADR 0021: the tiled log as last checkpointed; the next checkpoint run extends it.
  await writeWholeTiledLog(deps, put);
  return { entries: last?.seq ?? 0, checkpoints };
}
