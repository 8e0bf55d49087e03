/**
 * The log as a C2SP tiled transparency log (ADR 0021), written by the checkpoint run: the RFC 6962 tree over the
 * log's entries (each leaf is an entry's line as the site's chunks hold it), its tiles and entry bundles under
 * `tlog/tile/…` (immutable: a tile's bytes at a path never change), a checkpoint in the signed-note format at
 * `tlog/checkpoint` signed with the log's Ed25519 key (and SM2 over SM3 when the operator enabled it),
 * cosignatures from the witnesses configured, and for every decision logged since the last run a tlog-proof
 * file a reader can keep and check offline. The table keeps what the next run needs (TreeState): level-0 tiles
 * are recomputed from the entries of the tile the last size ended in, upper tiles are extended.
 */
import { canonicalJson } from '../domain/canonical-json.ts';
import { formatCheckpoint } from '../domain/tlog/checkpoint.ts';
import { hashToBase64, leafHash, proveRecord, proveTree, type ReadHashes } from '../domain/tlog/merkle.ts';
import {
  appendSignatureLines,
  ed25519NoteSigner,
  ed25519VerifierKey,
  type NoteSigner,
  signNote,
} from '../domain/tlog/note.ts';
import { formatTlogProof } from '../domain/tlog/proof-file.ts';
import {
  encodeEntryBundle,
  entryBundlePath,
  growTiles,
  memoryHashReader,
  TILE_WIDTH,
  type TileData,
  tilePath,
} from '../domain/tlog/tiles.ts';
import { chunkOf, firstSeqOf, type LogEntry, lastSeqOf } from '../domain/transparency-log.ts';
import type {
  SigningKeySource,
  SiteBucket,
  SiteObjectWrite,
  TransparencyLogStore,
  TreeState,
} from '../ports.ts';
import {
  CACHE_DYNAMIC,
  CACHE_IMMUTABLE,
  TLOG_CHECKPOINT_KEY,
  TLOG_PREFIX,
  TLOG_VKEY_KEY,
  tlogProofKey,
} from '../site/keys.ts';
import type { WitnessConfig, WitnessOutcome } from '../transparency/witness.ts';

export interface TiledLogDependencies {
  readonly log: TransparencyLogStore;
  readonly site: SiteBucket;
  readonly signingKey: SigningKeySource;
  /** The checkpoint's origin line and the log key's name: the site's URL without scheme, then `tlog`. */
  readonly origin: string;
  /** Witnesses to ask for cosignatures (tlog-witness add-checkpoint); none by default. */
  readonly witnesses?: readonly WitnessConfig[];
  readonly fetch?: typeof fetch;
}

export interface TiledCheckpointResult {
  readonly size: number;
  /** The signed checkpoint as published, cosignatures included. */
  readonly checkpoint?: string;
  readonly created: boolean;
  /** Site objects written: tiles, entry bundles, proofs, the checkpoint and the verifier keys. */
  readonly written: number;
  readonly tiles: number;
  readonly proofs: number;
  readonly witnesses: readonly WitnessOutcome[];
}

/** The checkpoint origin for a site: `gongshi.example/tlog` for `https://gongshi.example/`. */
export function tlogOrigin(siteUrl: string): string {
  const url = new URL(siteUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/tlog`;
}

/** An entry's leaf: its line as the site's log chunks hold it (canonical JSON, no newline), UTF-8. */
export function leafDataOf(entry: LogEntry): Uint8Array {
  return new TextEncoder().encode(canonicalJson(entry));
}

/**
 * Grows the tree to `size` entries (what the site's log shows, never beyond), writes what it adds, signs and
 * publishes the checkpoint. Nothing is signed twice for a size: a run that finds the tree at `size` already
 * makes sure the site has its checkpoint and goes.
 */
export async function tiledCheckpoint(
  deps: TiledLogDependencies,
  target: number,
  options: { readonly maxGrowth?: number } = {},
): Promise<TiledCheckpointResult> {
  const state = await deps.log.tree();
  const from = state?.size ?? 0;
  // A run grows the tree by a bounded step (a migrated log of a million entries takes many): each step is a
  // checkpoint of its own, consistent with the ones before, and writes a proof per decision it covers.
  const size = Math.min(target, from + (options.maxGrowth ?? MAX_GROWTH));
  const empty = { tiles: 0, proofs: 0, witnesses: [] as WitnessOutcome[] };
  const keys = await verifierKeys(deps);
  let written = await ensureText(deps.site, TLOG_VKEY_KEY, keys.vkeys, CACHE_DYNAMIC);
  if (size <= from) {
    if (!state) return { size, created: false, written, ...empty };
    written += await ensureText(deps.site, TLOG_CHECKPOINT_KEY, state.checkpoint, CHECKPOINT_CACHE);
    return { size: from, checkpoint: state.checkpoint, created: false, written, ...empty };
  }

  // The entries of the level-0 tile the old size ends in, and every one after it.
  const start = Math.floor(from / TILE_WIDTH) * TILE_WIDTH;
  const entries = await entriesBetween(deps.log, start + 1, size);
  if (entries.length !== size - start) {
    throw new Error(`the table's log holds ${start + entries.length} entries, not ${size}`);
  }
  const leaves = entries.map(leafDataOf);
  const upper = new Map(
    Object.entries(state?.upper ?? {}).map(([key, base64]) => [key, Buffer.from(base64, 'base64')]),
  );
  const grown = growTiles(from, size, leaves.map(leafHash), (level, index) => upper.get(`${level}/${index}`));

  // The tiles and bundles first: a checkpoint is never published before what it needs to be checked.
  const tileWrites = tileObjects(grown.tiles, leaves, start);
  for (const object of tileWrites) await deps.site.put(object);
  written += tileWrites.length;

  const reader = readerOver(size, grown.tiles, upper);
  const text = formatCheckpoint({ origin: deps.origin, size, rootHash: grown.root });
  let checkpoint = signNote(text, keys.signers);
  let witnesses: readonly WitnessOutcome[] = [];
  const witnessed: Record<string, number> = { ...(state?.witnessed ?? {}) };
  if (deps.witnesses && deps.witnesses.length > 0) {
    const { witnessCosignatures } = await import('../transparency/witness.ts');
    const asked = await witnessCosignatures({
      note: checkpoint,
      size,
      witnesses: deps.witnesses.map((w) => ({ ...w, oldSize: witnessed[w.url] ?? w.oldSize ?? 0 })),
      proofFrom: (old) => proveTree(size, old, reader),
      fetch: deps.fetch ?? fetch,
    });
    checkpoint = appendSignatureLines(checkpoint, asked.lines);
    witnesses = asked.outcomes;
    for (const outcome of asked.outcomes) {
      if (outcome.witnessSize !== undefined) witnessed[outcome.url] = outcome.witnessSize;
    }
  }

  // A proof for each decision's latest entry of this run, against this checkpoint.
  const latest = new Map<string, LogEntry>();
  for (const entry of entries) if (entry.seq > from) latest.set(entry.decisionId, entry);
  const pending = [...latest.values()];
  const writeProofs = async () => {
    for (let entry = pending.shift(); entry; entry = pending.shift()) {
      const leaf = leaves[entry.seq - 1 - start] as Uint8Array;
      await deps.site.put(await proofObject(entry, leaf, size, reader, checkpoint));
    }
  };
  await Promise.all(Array.from({ length: PROOF_WRITERS }, writeProofs));
  const proofs = latest.size;
  written += proofs;

  const next: TreeState = {
    size,
    root: hashToBase64(grown.root),
    upper: Object.fromEntries(
      [...rightmostUpper(upper, grown.tiles)].map(([key, data]) => [
        key,
        Buffer.from(data).toString('base64'),
      ]),
    ),
    checkpoint,
    ...(Object.keys(witnessed).length > 0 ? { witnessed } : {}),
  };
  if (!(await deps.log.putTree(next, state?.size))) {
    // Another run moved the tree first: its checkpoint is the one published.
    return { size, created: false, written, tiles: grown.tiles.length, proofs, witnesses };
  }
  written += await ensureText(deps.site, TLOG_CHECKPOINT_KEY, checkpoint, CHECKPOINT_CACHE);
  return { size, checkpoint, created: true, written, tiles: grown.tiles.length, proofs, witnesses };
}

/**
 * Entries a checkpoint step adds at most: 8 192 leaves read in 9 Queries, 33 tiles and bundles, and up to as
 * many proofs, written 16 at a time: seconds, far inside the function's minute.
 */
export const MAX_GROWTH = 8192;
const PROOF_WRITERS = 16;

/** tlog-tiles: the checkpoint is mutable and SHOULD NOT be cached beyond a few seconds. */
const CHECKPOINT_CACHE = 'public, max-age=5';

async function verifierKeys(
  deps: TiledLogDependencies,
): Promise<{ readonly signers: NoteSigner[]; readonly vkeys: string }> {
  const pem = await deps.signingKey.privateKeyPem();
  const signers = [ed25519NoteSigner(deps.origin, pem)];
  const vkeys = [ed25519VerifierKey(deps.origin, pem)];
  const sm2 = await deps.signingKey.sm2PrivateKeyPem?.();
  if (sm2 !== undefined) {
    // GB/T 39786-2021: SM2 over SM3 beside Ed25519; sm-crypto is loaded only where the operator enabled it.
    const { sm2NoteSigner, sm2VerifierKey } = await import('../domain/tlog/sm2.ts');
    signers.push(sm2NoteSigner(deps.origin, sm2));
    vkeys.push(sm2VerifierKey(deps.origin, sm2));
  }
  return { signers, vkeys: `${vkeys.join('\n')}\n` };
}

async function entriesBetween(
  log: TransparencyLogStore,
  fromSeq: number,
  toSeq: number,
): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  if (fromSeq > toSeq) return out;
  for (let chunk = chunkOf(fromSeq); chunk <= chunkOf(toSeq); chunk++) {
    const first = Math.max(fromSeq, firstSeqOf(chunk));
    const last = Math.min(toSeq, lastSeqOf(chunk));
    out.push(...(await log.entries(chunk, first, last)));
  }
  return out;
}

/** Hashes for proofs at `size`: the tiles this run made and the stored upper tiles they extend. */
function readerOver(
  size: number,
  tiles: readonly TileData[],
  upper: ReadonlyMap<string, Uint8Array>,
): ReadHashes {
  const byPath = new Map<string, Uint8Array>();
  for (const [key, data] of upper) {
    const [level, index] = key.split('/').map(Number) as [number, number];
    byPath.set(tilePath({ level, index, width: data.length / 32 }), data);
  }
  for (const { tile, data } of tiles) byPath.set(tilePath(tile), data);
  return memoryHashReader(size, byPath);
}

/** The rightmost tile of each level from 1, after this run: what the next run extends. */
function rightmostUpper(
  upper: ReadonlyMap<string, Uint8Array>,
  tiles: readonly TileData[],
): Map<string, Uint8Array> {
  const byLevel = new Map<number, { index: number; data: Uint8Array }>();
  const consider = (level: number, index: number, data: Uint8Array) => {
    const current = byLevel.get(level);
    if (!current || index > current.index || (index === current.index && data.length > current.data.length))
      byLevel.set(level, { index, data });
  };
  for (const [key, data] of upper) {
    const [level, index] = key.split('/').map(Number) as [number, number];
    consider(level, index, data);
  }
  for (const { tile, data } of tiles) if (tile.level > 0) consider(tile.level, tile.index, data);
  return new Map([...byLevel].map(([level, { index, data }]) => [`${level}/${index}`, data]));
}

async function ensureText(
  site: SiteBucket,
  key: string,
  body: string,
  cacheControl: string,
): Promise<number> {
  const stored = await site.read(key);
  if (stored?.body === body) return 0;
  await site.put({ key, body, contentType: 'text/plain; charset=utf-8', cacheControl });
  return 1;
}

/**
 * For the full rebuild of the site (disaster recovery): the tiled log as the table's tree state says it was last
 * checkpointed: every tile and entry bundle recomputed from the entries, the checkpoint as signed (its root must
 * be the one the entries make), and each decision's proof against it. Nothing is signed anew.
 */
export async function writeWholeTiledLog(
  deps: Pick<TiledLogDependencies, 'log'>,
  put: (object: SiteObjectWrite) => Promise<void>,
): Promise<{ readonly size: number; readonly tiles: number; readonly proofs: number }> {
  const state = await deps.log.tree();
  if (!state) return { size: 0, tiles: 0, proofs: 0 };
  const entries = await entriesBetween(deps.log, 1, state.size);
  const leaves = entries.map(leafDataOf);
  const grown = growTiles(0, state.size, leaves.map(leafHash), () => undefined);
  if (hashToBase64(grown.root) !== state.root) {
    throw new Error(`the table's entries 1–${state.size} do not make the root its tiled checkpoint signed`);
  }
  for (const object of tileObjects(grown.tiles, leaves, 0)) await put(object);
  const reader = readerOver(state.size, grown.tiles, new Map());
  const latest = new Map<string, LogEntry>();
  for (const entry of entries) latest.set(entry.decisionId, entry);
  for (const entry of latest.values()) {
    const leaf = leaves[entry.seq - 1] as Uint8Array;
    await put(await proofObject(entry, leaf, state.size, reader, state.checkpoint));
  }
  await put({
    key: TLOG_CHECKPOINT_KEY,
    body: state.checkpoint,
    contentType: 'text/plain; charset=utf-8',
    cacheControl: CHECKPOINT_CACHE,
  });
  return { size: state.size, tiles: grown.tiles.length, proofs: latest.size };
}

/**
 * The site objects of these tiles: each tile, and for a level-0 tile its entry bundle, from `leaves` (the leaf
 * data from entry index `start` on).
 */
function tileObjects(
  tiles: readonly TileData[],
  leaves: readonly Uint8Array[],
  start: number,
): SiteObjectWrite[] {
  const object = (key: string, body: Uint8Array): SiteObjectWrite => ({
    key: `${TLOG_PREFIX}${key}`,
    body,
    contentType: 'application/octet-stream',
    cacheControl: CACHE_IMMUTABLE,
  });
  return tiles.flatMap(({ tile, data }) => {
    if (tile.level !== 0) return [object(tilePath(tile), data)];
    const first = tile.index * TILE_WIDTH - start;
    return [
      object(tilePath(tile), data),
      object(
        entryBundlePath(tile.index, tile.width),
        encodeEntryBundle(leaves.slice(first, first + tile.width)),
      ),
    ];
  });
}

/** The decision's proof file: its entry (`leaf`), its index and inclusion proof at `size`, and the checkpoint. */
async function proofObject(
  entry: LogEntry,
  leaf: Uint8Array,
  size: number,
  reader: ReadHashes,
  checkpoint: string,
): Promise<SiteObjectWrite> {
  const index = entry.seq - 1;
  return {
    key: tlogProofKey(entry.decisionId),
    body: formatTlogProof({ extra: leaf, index, proof: await proveRecord(size, index, reader), checkpoint }),
    contentType: 'text/plain; charset=utf-8',
    cacheControl: CACHE_DYNAMIC,
  };
}
