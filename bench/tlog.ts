/**
 * The tiled transparency log (ADR 0021) at 1 000, 100 000 and 1 000 000 entries, in memory: what the checkpoint
 * run (shared/app/tlog.ts `tiledCheckpoint`) writes per append, the size of the proofs a reader keeps, and what a
 * reader's `verify` of a saved checkpoint costs against recomputing the whole tree.
 *
 * The log is a light TransparencyLogStore: entries made by `appendLogEntry` (so valid, hash-chained entries),
 * kept only from the level-0 tile the tree's size ends in, since that is all a checkpoint run reads again. The
 * history is filled with cheap anchor entries in steps of FILL_STEP (`maxGrowth`), each a checkpoint of its own;
 * the appends measured are publication entries as the publisher logs them (six commitments, an audit head), each
 * of its own decision. The site counts every object by kind and keeps only what a later read needs (tiles, the
 * checkpoint and keys, the last proof file). Counts are counts; the two timings are ratios against a baseline
 * timed in the same run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { leafDataOf, tiledCheckpoint } from '../shared/app/tlog.ts';
import { type Checkpoint, parseCheckpoint } from '../shared/domain/tlog/checkpoint.ts';
import {
  checkRecord,
  checkTree,
  hashFromBase64,
  leafHash,
  proveRecord,
  proveTree,
  storedHashIndex,
  treeHash,
} from '../shared/domain/tlog/merkle.ts';
import { openNote, parseVerifierKey } from '../shared/domain/tlog/note.ts';
import { parseTlogProof } from '../shared/domain/tlog/proof-file.ts';
import { growTiles, TILE_WIDTH, tileHashReader, tilePath } from '../shared/domain/tlog/tiles.ts';
import {
  appendLogEntry,
  chunkRange,
  EMPTY_LOG,
  headOfEntry,
  LOG_CHUNK_SIZE,
  type LogDraft,
  type LogEntry,
  type LogHead,
  type SignedCheckpoint,
} from '../shared/domain/transparency-log.ts';
import type {
  LogAppendResult,
  SiteBucket,
  SiteObjectWrite,
  StoredObject,
  TransparencyLogStore,
  TreeState,
} from '../shared/ports.ts';
import { TLOG_CHECKPOINT_KEY, TLOG_PREFIX, TLOG_VKEY_KEY } from '../shared/site/keys.ts';
import { median } from './stats.ts';

export const TLOG_START = '<!-- tlog:start -->';
export const TLOG_END = '<!-- tlog:end -->';

/** Entries a fill step adds (its `maxGrowth`): 256 tiles and bundles, one proof. */
const FILL_STEP = 65_536;
/** Appends measured one checkpoint each (scenario a): four level-0 tiles' worth. */
const EACH_WINDOW = 1024;
/** Scenario b: a checkpoint every 15 minutes over a day, 100 appends each. */
const BATCH = 100;
const BATCHES = 20;
/** The tile-and-bundle writes an append may cost, amortised (the issue's goal). */
const GOAL_TILE_WRITES = 4;

// ---- the log and the site -------------------------------------------------------------------------------------

/** A TransparencyLogStore holding only the entries a checkpoint run reads again (or all, for the verify log). */
class BenchLog implements TransparencyLogStore {
  #base = 0; // seq of #entries[0] is #base + 1
  #entries: LogEntry[] = [];
  #head: LogHead = EMPTY_LOG;
  #tree: TreeState | undefined;
  constructor(readonly keepAll: boolean) {}

  get size(): number {
    return this.#head.size;
  }
  all(): readonly LogEntry[] {
    return this.#entries;
  }
  async head(): Promise<LogHead> {
    return this.#head;
  }
  async append(draft: LogDraft): Promise<LogAppendResult> {
    const entry = appendLogEntry(this.#head, draft);
    this.#entries.push(entry);
    this.#head = headOfEntry(entry);
    return { entry, appended: true };
  }
  async logged(): Promise<LogEntry | undefined> {
    return undefined;
  }
  async latestOf(): Promise<LogEntry | undefined> {
    return undefined;
  }
  async entriesOf(): Promise<readonly LogEntry[]> {
    return [];
  }
  async entries(chunk: number, from?: number, to?: number): Promise<readonly LogEntry[]> {
    const range = chunkRange(chunk, from, to);
    if (!range) return [];
    if (range.fromSeq <= this.#base) throw new Error(`entry ${range.fromSeq} was dropped by the bench log`);
    return this.#entries.slice(range.fromSeq - 1 - this.#base, range.toSeq - this.#base);
  }
  async tree(): Promise<TreeState | undefined> {
    return this.#tree;
  }
  async putTree(state: TreeState, from: number | undefined): Promise<boolean> {
    if (this.#tree?.size !== from) return false;
    this.#tree = state;
    if (!this.keepAll) {
      const keep = Math.floor(state.size / TILE_WIDTH) * TILE_WIDTH;
      this.#entries = this.#entries.slice(keep - this.#base);
      this.#base = keep;
    }
    return true;
  }
  async latestCheckpoint(): Promise<SignedCheckpoint | undefined> {
    return undefined;
  }
  async putCheckpoint(checkpoint: SignedCheckpoint): Promise<SignedCheckpoint> {
    return checkpoint;
  }
  async *checkpoints(): AsyncIterable<SignedCheckpoint> {}
}

type Kind = 'tile' | 'bundle' | 'proof' | 'checkpoint' | 'other';

interface Tally {
  objects: Record<Kind, number>;
  bytes: Record<Kind, number>;
}

const emptyTally = (): Tally => ({
  objects: { tile: 0, bundle: 0, proof: 0, checkpoint: 0, other: 0 },
  bytes: { tile: 0, bundle: 0, proof: 0, checkpoint: 0, other: 0 },
});

function kindOf(key: string): Kind {
  if (key.startsWith(`${TLOG_PREFIX}tile/entries/`)) return 'bundle';
  if (key.startsWith(`${TLOG_PREFIX}tile/`)) return 'tile';
  if (key.endsWith('.tlog-proof')) return 'proof';
  if (key === TLOG_CHECKPOINT_KEY) return 'checkpoint';
  return 'other';
}

/** A site that counts each put by kind and keeps tiles' bytes, small texts and the last proof file only. */
class TallySite implements SiteBucket {
  tally = emptyTally();
  readonly tiles = new Map<string, Uint8Array>();
  readonly texts = new Map<string, string>();
  lastProof = '';
  tileReads = 0;

  async read(key: string): Promise<StoredObject | undefined> {
    const body = this.texts.get(key);
    return body === undefined ? undefined : { body, etag: '"bench"' };
  }
  async put(object: SiteObjectWrite): Promise<void> {
    const kind = kindOf(object.key);
    const bytes =
      typeof object.body === 'string' ? Buffer.byteLength(object.body, 'utf8') : object.body.length;
    this.tally.objects[kind] += 1;
    this.tally.bytes[kind] += bytes;
    if (kind === 'tile') this.tiles.set(object.key.slice(TLOG_PREFIX.length), object.body as Uint8Array);
    else if (kind === 'proof') this.lastProof = object.body as string;
    else if (kind !== 'bundle') this.texts.set(object.key, String(object.body));
  }
  async delete(key: string): Promise<void> {
    this.texts.delete(key);
  }
  async *list(): AsyncIterable<string> {}
}

// ---- entries --------------------------------------------------------------------------------------------------

const TIME = '2026-12-01T08:00:00.000Z';
const hex = (n: number, salt: number) =>
  `${salt.toString(16)}${n.toString(16).padStart(63, '0')}`.slice(0, 64);

/** A cheap entry to fill the history with: an audit anchor, all of one decision (one proof a fill step). */
const anchor = (n: number): LogDraft => ({
  time: TIME,
  decisionId: 'audit-fill',
  action: 'anchor',
  document: 'audit/2026/12/01.ndjson',
  sha256: hex(n, 1),
});

/** A publication as the publisher logs it: its own decision, its document's hash, six commitments, the audit head. */
const publication = (n: number): LogDraft => ({
  time: TIME,
  decisionId: `D${String(n).padStart(8, '0')}`,
  action: 'publish',
  revision: 1,
  document: `decisions/D${String(n).padStart(8, '0')}.json`,
  sha256: hex(n, 2),
  commits: {
    page: hex(n, 3),
    json: hex(n, 4),
    ndjson: hex(n, 5),
    csv: hex(n, 6),
    feed: hex(n, 7),
    atom: hex(n, 8),
  },
  audit: { seq: 4, hash: hex(n, 9) },
});

// ---- measures -------------------------------------------------------------------------------------------------

export interface AppendWindow {
  /** The log's size when the window started, and after it. */
  readonly from: number;
  readonly to: number;
  readonly scenario: 'each' | 'batch';
  readonly checkpoints: number;
  readonly tally: Tally;
  /** Bytes of the legacy log's chunk object as rewritten by each append, summed: the baseline. */
  readonly legacyChunkBytes: number;
  readonly ms: number;
}

export interface TlogFigures {
  readonly windows: readonly AppendWindow[];
  readonly fillSeconds: number;
  /** The whole stage, fills included. */
  readonly totalSeconds: number;
  /** At the largest size: an inclusion proof from a proof file the checkpoint run wrote. */
  readonly proof: { readonly size: number; readonly hashes: number; readonly fileBytes: number };
  /** At the largest size, before the windows: an inclusion proof of the entry at half that size. */
  readonly inside: {
    readonly size: number;
    readonly index: number;
    readonly hashes: number;
    readonly ok: boolean;
  };
  /** A consistency proof from half the largest size to it. */
  readonly consistency: {
    readonly from: number;
    readonly to: number;
    readonly hashes: number;
    readonly ok: boolean;
  };
  readonly verify: {
    readonly size: number;
    readonly saved: number;
    readonly consistencyMs: number;
    readonly tilesFetched: number;
    readonly recomputeMs: number;
    readonly proofCheckMs: number;
    readonly ok: boolean;
  };
  readonly lineBytes: number;
}

function signingKey() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { privateKeyPem: async () => pem };
}

const ORIGIN = 'gongshi.example/tlog';

function opened(note: string, vkey: string): Checkpoint {
  return parseCheckpoint(openNote(note, [parseVerifierKey(vkey)]).text);
}

/** Grows the log with anchors to `target`, one checkpoint per FILL_STEP. */
async function fill(
  deps: { log: BenchLog; site: TallySite; signingKey: ReturnType<typeof signingKey>; origin: string },
  target: number,
  draft: (n: number) => LogDraft = anchor,
): Promise<void> {
  while (deps.log.size < target) {
    const to = Math.min(target, deps.log.size + FILL_STEP);
    for (let n = deps.log.size + 1; n <= to; n++) await deps.log.append(draft(n));
    await tiledCheckpoint(deps, to, { maxGrowth: FILL_STEP });
  }
}

async function window(
  deps: { log: BenchLog; site: TallySite; signingKey: ReturnType<typeof signingKey>; origin: string },
  scenario: 'each' | 'batch',
  lineBytes: { total: number; lines: number },
): Promise<AppendWindow> {
  const from = deps.log.size;
  const appends = scenario === 'each' ? EACH_WINDOW : BATCH * BATCHES;
  const every = scenario === 'each' ? 1 : BATCH;
  deps.site.tally = emptyTally();
  const started = performance.now();
  let checkpoints = 0;
  const seqs: number[] = [];
  for (let i = 1; i <= appends; i++) {
    const { entry } = await deps.log.append(publication(from + i));
    seqs.push(entry.seq);
    lineBytes.total += leafDataOf(entry).length + 1;
    lineBytes.lines += 1;
    if (i % every === 0 || i === appends) {
      await tiledCheckpoint(deps, deps.log.size);
      checkpoints++;
    }
  }
  const ms = performance.now() - started;
  // The legacy log rewrote the append's chunk (ADR 0007): its lines so far, each a line of this window's size.
  const line = lineBytes.total / lineBytes.lines;
  const legacyChunkBytes = seqs.reduce((sum, seq) => sum + (((seq - 1) % LOG_CHUNK_SIZE) + 1) * line, 0);
  // A copy: the next fill writes to the same site.
  const tally = structuredClone(deps.site.tally);
  return { from, to: deps.log.size, scenario, checkpoints, tally, legacyChunkBytes, ms };
}

/** Milliseconds of `work`, the median of `runs`. */
async function timed(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export async function measureTlog(
  options: { readonly sizes: readonly number[]; readonly verifySize: number },
  log: (message: string) => void = () => {},
): Promise<TlogFigures> {
  const started = performance.now();
  const lineBytes = { total: 0, lines: 0 };
  const deps = { log: new BenchLog(false), site: new TallySite(), signingKey: signingKey(), origin: ORIGIN };
  const windows: AppendWindow[] = [];
  let fillMs = 0;
  let consistency: TlogFigures['consistency'] | undefined;
  let inside: TlogFigures['inside'] | undefined;
  const largest = Math.max(...options.sizes);
  for (const size of options.sizes) {
    log(`tlog: filling to ${size} entries (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    const t0 = performance.now();
    if (size === largest) {
      // Half the size first: the consistency proof a reader who saved a checkpoint there is served.
      await fill(deps, Math.floor(size / 2));
    }
    await fill(deps, size);
    fillMs += performance.now() - t0;
    if (size === largest) {
      const state = (await deps.log.tree()) as TreeState;
      const half = Math.floor(size / 2);
      const read = tileHashReader(size, hashFromBase64(state.root), async (tile) => {
        const data = deps.site.tiles.get(tilePath(tile));
        if (!data) throw new Error(`no tile ${tilePath(tile)}`);
        return data;
      });
      const proof = await proveTree(size, half, read);
      const halfRoot = await treeHash(half, read);
      // An entry in the first half: a leaf of the complete subtree of 2^19 at a million, the proof's full depth.
      const inclusion = await proveRecord(size, half, read);
      const leaf = await read([storedHashIndex(0, half)]);
      inside = {
        size,
        index: half,
        hashes: inclusion.length,
        ok: checkRecord(inclusion, size, hashFromBase64(state.root), half, leaf[0] as Uint8Array),
      };
      consistency = {
        from: half,
        to: size,
        hashes: proof.length,
        ok: checkTree(proof, size, hashFromBase64(state.root), half, halfRoot),
      };
    }
    log(`tlog: ${EACH_WINDOW} appends from ${deps.log.size}, a checkpoint each`);
    windows.push(await window(deps, 'each', lineBytes));
    log(`tlog: ${BATCH * BATCHES} appends from ${deps.log.size}, a checkpoint every ${BATCH}`);
    windows.push(await window(deps, 'batch', lineBytes));
  }
  const lastProof = parseTlogProof(deps.site.lastProof);
  const proof = {
    size: opened(lastProof.checkpoint, ed25519Vkey(deps.site)).size,
    hashes: lastProof.proof.length,
    fileBytes: Buffer.byteLength(deps.site.lastProof),
  };

  log(
    `tlog: (${((performance.now() - started) / 1000).toFixed(0)} s) verify of ${options.verifySize} entries from a checkpoint saved at ${options.verifySize / 2}`,
  );
  const verify = await measureVerify(options.verifySize);
  return {
    windows,
    fillSeconds: fillMs / 1000,
    totalSeconds: (performance.now() - started) / 1000,
    proof,
    consistency: consistency as TlogFigures['consistency'],
    inside: inside as TlogFigures['inside'],
    verify,
    lineBytes: lineBytes.total / lineBytes.lines,
  };
}

const ed25519Vkey = (site: TallySite) =>
  (site.texts.get(TLOG_VKEY_KEY) ?? '').trim().split('\n')[0] as string;

/**
 * A reader's `verify` with a checkpoint saved at n/2: checkConsistency fetches the tiles of one consistency proof
 * (each checked against the current root); the baseline is what the full verify does first, the tree recomputed
 * from all n entries (their lines hashed, growTiles from 0). Both in memory: no network in either.
 */
async function measureVerify(n: number): Promise<TlogFigures['verify']> {
  const { checkConsistency, checkProofFile } = await import('../shared/transparency/verify-tlog.ts');
  const deps = { log: new BenchLog(true), site: new TallySite(), signingKey: signingKey(), origin: ORIGIN };
  // Publications of 500 decisions over and over: realistic lines, and a step writes 500 proofs, not 8 192.
  const draft = (i: number) => ({ ...publication(i), decisionId: `D${String(i % 500).padStart(8, '0')}` });
  await fill(deps, n / 2, draft);
  const savedNote = deps.site.texts.get(TLOG_CHECKPOINT_KEY) as string;
  await fill(deps, n, draft);
  const vkey = ed25519Vkey(deps.site);
  const current = opened(deps.site.texts.get(TLOG_CHECKPOINT_KEY) as string, vkey);
  const saved = opened(savedNote, vkey);
  const problems: string[] = [];
  let fetched = 0;
  const get = async (key: string) => {
    fetched++;
    const bytes = deps.site.tiles.get(key.slice(TLOG_PREFIX.length));
    return bytes ? { status: 200, body: '', bytes } : { status: 404, body: '' };
  };
  const consistencyMs = await timed(21, async () => {
    fetched = 0;
    await checkConsistency('saved.checkpoint', saved, current, (o, m) => problems.push(`${o}: ${m}`), get);
  });
  const entries = deps.log.all();
  const recomputeMs = await timed(3, () => {
    const leaves = entries.map((entry) => leafHash(leafDataOf(entry)));
    const grown = growTiles(0, entries.length, leaves, () => undefined);
    if (Buffer.compare(Buffer.from(grown.root), Buffer.from(current.rootHash)) !== 0)
      problems.push('the recomputed root is not the checkpoint');
  });
  const verifiers = [parseVerifierKey(vkey)];
  const proofFile = deps.site.lastProof;
  const proofCheckMs = await timed(201, () => {
    const checked = checkProofFile(proofFile, verifiers, ORIGIN);
    if (!checked.ok) problems.push(checked.why);
  });
  // A lost tile or a bad proof would make the timings meaningless.
  if (problems.length > 0) throw new Error(`the verify bench failed: ${problems.slice(0, 3).join('; ')}`);
  return {
    size: current.size,
    saved: saved.size,
    consistencyMs,
    tilesFetched: fetched,
    recomputeMs,
    proofCheckMs,
    ok: true,
  };
}

// ---- the report -----------------------------------------------------------------------------------------------

const group = (n: number) => n.toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function tlogSection(figures: TlogFigures, measuredAt: string, machine: string): string {
  const rows = figures.windows.map((w) => {
    const appends = w.to - w.from;
    const t = w.tally;
    const tileWrites = (t.objects.tile + t.objects.bundle) / appends;
    const tileBytes = (t.bytes.tile + t.bytes.bundle) / appends;
    const allBytes = Object.values(t.bytes).reduce((a, b) => a + b, 0) / appends;
    const legacy = w.legacyChunkBytes / appends;
    return `| ${group(w.from)} → ${group(w.to)} | ${w.scenario === 'each' ? 'a checkpoint per append' : `a checkpoint per ${BATCH} appends`} | ${w.checkpoints} | ${tileWrites.toFixed(2)} (${(t.objects.tile / appends).toFixed(2)} tiles, ${(t.objects.bundle / appends).toFixed(2)} bundles) | ${(t.objects.proof / appends).toFixed(2)} | ${kb(tileBytes)} | ${kb(allBytes)} | ${kb(legacy)} | ${(allBytes / legacy).toFixed(2)}× | ${tileWrites <= GOAL_TILE_WRITES ? 'met' : '**not met**'} |`;
  });
  const v = figures.verify;
  const c = figures.consistency;
  return [
    TLOG_START,
    '## The tiled transparency log',
    '',
    `Measured at ${measuredAt} by \`npm run bench -- --tlog\` (this section alone, ${Math.round(figures.totalSeconds)} s in this run) or a full \`npm run bench\`, ${machine}. In memory (bench/tlog.ts): the checkpoint run's own code (\`tiledCheckpoint\`) over a light log store and a site that counts what is written. The history is filled with cheap anchor entries in checkpoints of ${group(FILL_STEP)} (\`maxGrowth\`; ${figures.fillSeconds.toFixed(0)} s in all); the appends measured are publications as the publisher logs them (${figures.lineBytes.toFixed(0)} bytes a line), each of its own decision, so each writes its proof file. Counts are not timings: the goal, at most ${GOAL_TILE_WRITES} tile writes per append amortised (tiles and entry bundles, not proofs or the checkpoint), is met or not whatever the machine.`,
    '',
    '| log size | scenario | checkpoints | tile writes per append | proof files per append | tile + bundle bytes per append | all bytes per append | baseline: the legacy chunk rewritten per append | ÷ baseline | ≤ 4 tile writes |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    `"All bytes" adds the proof files (one per decision logged, each ~${kb(figures.proof.fileBytes)}, most of it the entry itself in base64, then the signed checkpoint) and the checkpoint. The baseline is the one object the legacy log (ADR 0007) rewrites per append, its chunk of up to ${group(LOG_CHUNK_SIZE)} lines, as big as the append's place in it; it does not grow with the log, and neither does the tiled log's cost: each checkpoint writes the level-0 tile the size ends in (up to 8 KB, rewritten at each width) and its entry bundle (rewritten likewise: up to 256 entries of ~0.9 KB, most of the bytes), and a tile a level up only when one below it fills. The million entries are real log entries through \`tiledCheckpoint\`, not synthetic leaves.`,
    '',
    '| proof | measured |',
    '|---|---|',
    `| inclusion proof of entry ${group(figures.inside.index + 1)} at ${group(figures.inside.size)} entries (from the tiles, checked) | ${figures.inside.hashes} hashes (${figures.inside.hashes * 32} bytes)${figures.inside.ok ? '' : ' — **did not check**'} |`,
    `| inclusion proof at ${group(figures.proof.size)} entries in the last decision's \`.tlog-proof\` file the checkpoint run wrote (the right edge: a shorter path) | ${figures.proof.hashes} hashes (${figures.proof.hashes * 32} bytes); the file ${group(figures.proof.fileBytes)} bytes with its entry and signed checkpoint |`,
    `| consistency proof from ${group(c.from)} to ${group(c.to)} entries (from the tiles, checked) | ${c.hashes} hashes (${c.hashes * 32} bytes)${c.ok ? '' : ' — **did not check**'} |`,
    '',
    `| verify of ${group(v.size)} entries | time (median) | |`,
    '|---|---:|---|',
    `| baseline: the whole tree recomputed from the ${group(v.size)} entries (what the full verify does before it compares tiles) | ${v.recomputeMs.toFixed(0)} ms | 1× |`,
    `| a checkpoint saved at ${group(v.saved)} held to the current one (\`checkConsistency\`: ${v.tilesFetched} tiles fetched, each checked against the root) | ${v.consistencyMs.toFixed(1)} ms | ${(v.consistencyMs / v.recomputeMs).toFixed(4)}× |`,
    `| one \`.tlog-proof\` file checked offline (\`checkProofFile\`: signature, entry hash, inclusion proof) | ${v.proofCheckMs.toFixed(2)} ms | — |`,
    '',
    `Both verify timings are in memory: over HTTP, \`checkConsistency\` adds ${v.tilesFetched} tile fetches, the full verify one fetch per tile and entry bundle of the log (${group(Math.ceil(v.size / TILE_WIDTH) * 2)} at ${group(v.size)} entries) on top of its recomputation.`,
    TLOG_END,
  ].join('\n');
}

/** The report with this section replaced in place, or added at the end. */
export function withTlogSection(report: string, section: string): string {
  const start = report.indexOf(TLOG_START);
  const end = report.indexOf(TLOG_END);
  if (start >= 0 && end > start)
    return `${report.slice(0, start)}${section}${report.slice(end + TLOG_END.length)}`;
  return `${report.trimEnd()}\n\n${section}\n`;
}
