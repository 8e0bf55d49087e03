/**
 * The C2SP tlog-tiles layout (https://c2sp.org/tlog-tiles) of an RFC 6962 tree: a port of Go's
 * golang.org/x/mod/sumdb/tlog tile.go at the one height the spec allows, 8. A tile at level L lists up to 256
 * consecutive hashes at tree level 8L; the levels in between are recomputed by hashing. Served tiles are
 * immutable, so a log writes each tile once per width it ever has at a checkpoint: full (256 hashes) or
 * partial (`.p/<W>`) at the right edge of each level.
 *
 * Besides paths, parsing and entry bundles, this module has the two sides of tiles:
 *  - reading: tileHashReader serves proofs from tiles fetched from anywhere, verifying each against the
 *    checkpoint's root before using it;
 *  - writing: growTiles builds the tiles of a new checkpoint from the new entries' leaf hashes and the stored
 *    upper tiles only, so a log need never re-read its history.
 */
import {
  HASH_SIZE,
  type Hash,
  nodeHash,
  type ReadHashes,
  sameHash,
  splitStoredHashIndex,
  storedHashIndex,
  treeHashSync,
} from './merkle.ts';

/** The height of every tile: each tile spans 8 tree levels. */
export const TILE_HEIGHT = 8;
/** The number of hashes in a full tile (2^TILE_HEIGHT); a full tile is 8192 bytes. */
export const TILE_WIDTH = 256;
/** The highest level a tile path may name. */
export const MAX_TILE_LEVEL = 63;
/** The longest entry an entry bundle can hold: its length is a big-endian uint16. */
export const MAX_ENTRY_SIZE = 0xffff;

/**
 * A tile: the `index`-th tile at `level`, holding `width` hashes (1..256; 256 is a full tile). Its hashes are
 * the tree hashes at level 8·level, numbers index·256 … index·256 + width − 1.
 */
export interface Tile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** A tile path that breaks the spec's grammar, or an entry bundle or tile that cannot be what it claims. */
export class TilePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TilePathError';
  }
}

/** Bundle bytes that are not a run of uint16-length-prefixed entries, or an entry too long for a bundle. */
export class EntryBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryBundleError';
  }
}

/**
 * A tile whose bytes do not hash to what the tree's root (or the verified tile above it) says: the tile store
 * or server returned something other than this log's tile. `paths` names the tiles: one, when a tile
 * disagrees with its verified parent; all of the right-edge tiles, when together they do not make the root,
 * since then there is no telling which of them is wrong.
 */
export class TileMismatchError extends Error {
  readonly paths: readonly string[];
  constructor(paths: readonly string[], message: string) {
    super(`${message}: ${paths.join(', ')}`);
    this.name = 'TileMismatchError';
    this.paths = paths;
  }
}

/** A tile a reader or growTiles needed and was not given. */
export class MissingTileError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${message}: ${path}`);
    this.name = 'MissingTileError';
    this.path = path;
  }
}

function pow256(level: number): number {
  return TILE_WIDTH ** level;
}

function checkTile(tile: Tile): void {
  if (
    !Number.isSafeInteger(tile.level) ||
    tile.level < 0 ||
    tile.level > MAX_TILE_LEVEL ||
    !Number.isSafeInteger(tile.index) ||
    tile.index < 0 ||
    !Number.isSafeInteger(tile.width) ||
    tile.width < 1 ||
    tile.width > TILE_WIDTH
  ) {
    throw new TilePathError(`not a tile: level ${tile.level}, index ${tile.index}, width ${tile.width}`);
  }
}

/** N in 3-digit groups, all but the last prefixed `x` (1234067 → `x001/x234/067`): no directory is huge. */
function indexPath(index: number): string {
  let s = String(index % 1000).padStart(3, '0');
  for (let n = Math.floor(index / 1000); n > 0; n = Math.floor(n / 1000)) {
    s = `x${String(n % 1000).padStart(3, '0')}/${s}`;
  }
  return s;
}

function widthSuffix(width: number): string {
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** The path a tile is served at: `tile/<L>/<N>[.p/<W>]`. */
export function tilePath(tile: Tile): string {
  checkTile(tile);
  return `tile/${tile.level}/${indexPath(tile.index)}${widthSuffix(tile.width)}`;
}

/** The path of the entry bundle for entries index·256 … index·256 + width − 1: `tile/entries/<N>[.p/<W>]`. */
export function entryBundlePath(index: number, width: number): string {
  checkTile({ level: 0, index, width });
  return `tile/entries/${indexPath(index)}${widthSuffix(width)}`;
}

const LEVEL = /^(0|[1-9][0-9]?)$/;
const WIDTH = /^[1-9][0-9]{0,2}$/;
const GROUP = /^x[0-9]{3}$/;
const LAST_GROUP = /^[0-9]{3}$/;

/**
 * Parses a tile or entry bundle path (without the log's prefix). `entries` tells the two apart; an entry
 * bundle is reported at level 0, whose tile it matches entry for hash. Throws TilePathError for anything the
 * spec does not allow: leading zeros, a missing or stray `x`, a partial width of 0 or 256, a level above 63,
 * an index past 2^53. Only one spelling of each tile parses, the one tilePath writes.
 */
export function parseTilePath(path: string): Tile & { readonly entries: boolean } {
  const bad = () => new TilePathError(`malformed tile path "${path}"`);
  const f = path.split('/');
  if (f.length < 3 || f[0] !== 'tile') throw bad();
  const levelPart = f[1] ?? '';
  const entries = levelPart === 'entries';
  if (!entries && !LEVEL.test(levelPart)) throw bad();
  const level = entries ? 0 : Number(levelPart);
  if (level > MAX_TILE_LEVEL) throw bad();
  let groups = f.slice(2);
  let width = TILE_WIDTH;
  const last = groups[groups.length - 1] ?? '';
  const beforeLast = groups[groups.length - 2];
  if (beforeLast?.endsWith('.p')) {
    if (!WIDTH.test(last)) throw bad();
    width = Number(last);
    if (width >= TILE_WIDTH) throw bad();
    groups = [...groups.slice(0, -2), beforeLast.slice(0, -2)];
  }
  let index = 0;
  groups.forEach((g, i) => {
    const isLast = i === groups.length - 1;
    if (!(isLast ? LAST_GROUP : GROUP).test(g)) throw bad();
    index = index * 1000 + Number(isLast ? g : g.slice(1));
  });
  if (!Number.isSafeInteger(index)) throw bad();
  const tile = { level, index, width };
  // Rejects leading zero groups (`x000/001`), the one non-canonical spelling the grammar above lets through.
  const canonical = entries ? entryBundlePath(index, width) : tilePath(tile);
  if (canonical !== path) throw bad();
  return { ...tile, entries };
}

/**
 * The tile of least width that holds the hash at a stored hash index, and where in that tile's bytes the data
 * to hash into it lies: a hash at tree level 8L is stored as is, one between tile levels is the subtree hash
 * of a power-of-two run of the tile's hashes (Go's tileForIndex).
 */
export function tileForStoredHashIndex(storedIndex: number): {
  readonly tile: Tile;
  readonly start: number;
  readonly end: number;
} {
  const { level, n } = splitStoredHashIndex(storedIndex);
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const within = level - tileLevel * TILE_HEIGHT; // the level inside the tile
  const span = 2 ** within; // tile hashes per hash at that level
  const index = Math.floor((n * span) / TILE_WIDTH);
  const nInTile = n - (index * TILE_WIDTH) / span;
  const width = (nInTile + 1) * span;
  return {
    tile: { level: tileLevel, index, width },
    start: nInTile * span * HASH_SIZE,
    end: width * HASH_SIZE,
  };
}

/** The tile (of least width) holding the hash at a stored hash index; see tileForStoredHashIndex. */
export function tileForIndex(storedIndex: number): Tile {
  return tileForStoredHashIndex(storedIndex).tile;
}

/** The subtree hash of a power-of-two run of tile hashes. */
function tileHash(data: Uint8Array): Hash {
  if (data.length === 0) throw new Error('tlog: bad math in tileHash');
  if (data.length === HASH_SIZE) return data.slice();
  const half = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, half)), tileHash(data.subarray(half)));
}

/**
 * The hash at a stored hash index, from the bytes of `tile`, which must be the tile holding it at that width
 * or wider (Go's HashFromTile). Throws when the index lies elsewhere or the data is too short.
 */
export function hashFromTile(tile: Tile, data: Uint8Array, storedIndex: number): Hash {
  const { tile: t, start, end } = tileForStoredHashIndex(storedIndex);
  if (tile.level !== t.level || tile.index !== t.index || tile.width < t.width) {
    throw new Error(`tlog: hash ${storedIndex} is in ${tilePath(t)}, not ${tilePath(tile)}`);
  }
  if (data.length < tile.width * HASH_SIZE) {
    throw new Error(`tlog: ${data.length} bytes are too short for ${tilePath(tile)}`);
  }
  return tileHash(data.subarray(start, end));
}

/** The Merkle tree hash of the whole subtree a full tile spans: the hash its parent tile lists for it. */
export function fullTileHash(data: Uint8Array): Hash {
  if (data.length !== TILE_WIDTH * HASH_SIZE) throw new Error('tlog: only a full tile has a parent hash');
  return tileHash(data);
}

/** The width of the tile at (level, index) in a tree of `size` records, or 0 when it does not exist yet. */
export function tileWidthAt(size: number, level: number, index: number): number {
  const count = Math.floor(size / pow256(level)); // hashes at tree level 8·level
  return Math.max(0, Math.min(TILE_WIDTH, count - index * TILE_WIDTH));
}

/**
 * The tiles that exist at `newSize` but not at `oldSize`, level by level, by index: exactly what a log writes
 * when its checkpoint grows (Go's NewTiles). A partial tile at oldSize is superseded by a wider one, not
 * rewritten; levels whose hash count did not change get nothing.
 */
export function newTilesBetween(oldSize: number, newSize: number): Tile[] {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || newSize < oldSize) {
    throw new RangeError(`tlog: cannot grow a tree from ${oldSize} to ${newSize}`);
  }
  const tiles: Tile[] = [];
  for (let level = 0; Math.floor(newSize / pow256(level)) > 0; level++) {
    const oldCount = Math.floor(oldSize / pow256(level));
    const newCount = Math.floor(newSize / pow256(level));
    if (oldCount === newCount) continue;
    const lastFull = Math.floor(newCount / TILE_WIDTH);
    for (let index = Math.floor(oldCount / TILE_WIDTH); index < lastFull; index++) {
      tiles.push({ level, index, width: TILE_WIDTH });
    }
    const width = newCount - lastFull * TILE_WIDTH;
    if (width > 0) tiles.push({ level, index: lastFull, width });
  }
  return tiles;
}

/**
 * Every tile a tree of `size` records is served by, full and partial: 70,000 → 273 full level-0 tiles, a
 * partial level-0 tile of width 112, one full level-1 tile, a partial of width 17 and a level-2 partial of
 * width 1.
 */
export function tilesForSize(size: number): Tile[] {
  return newTilesBetween(0, size);
}

/**
 * An entry bundle: each entry as a big-endian uint16 length and its bytes. Throws EntryBundleError for an
 * entry longer than 65,535 bytes, which the format cannot carry.
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_ENTRY_SIZE) {
      throw new EntryBundleError(`entry ${i} is ${e.length} bytes; a bundle holds at most ${MAX_ENTRY_SIZE}`);
    }
    size += 2 + e.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const e of entries) {
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/** The entries of an entry bundle. Throws EntryBundleError when a length prefix or an entry is cut short. */
export function decodeEntryBundle(bytes: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const hi = bytes[at];
    const lo = bytes[at + 1];
    if (hi === undefined || lo === undefined) throw new EntryBundleError(`truncated length at byte ${at}`);
    const length = (hi << 8) | lo;
    if (at + 2 + length > bytes.length) {
      throw new EntryBundleError(
        `entry ${entries.length} at byte ${at} needs ${length} bytes; the bundle ends`,
      );
    }
    entries.push(bytes.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/**
 * The k-th ancestor tile of `tile` in a tree of `size` records, at the width it has there, or undefined when
 * the tree has no such tile (Go's tileParent). k = 0 gives the tile itself at its width in the tree.
 */
function tileParent(tile: Tile, k: number, size: number): Tile | undefined {
  const level = tile.level + k;
  const index = Math.floor(tile.index / pow256(k));
  const width = tileWidthAt(size, level, index);
  return width === 0 ? undefined : { level, index, width };
}

function checkIndexInTree(storedIndex: number, treeSize: number): void {
  if (!Number.isSafeInteger(storedIndex) || storedIndex < 0 || storedIndex >= storedHashIndex(0, treeSize)) {
    throw new RangeError(`tlog: hash ${storedIndex} is not in a tree of ${treeSize}`);
  }
}

/**
 * A ReadHashes for the tree of `treeSize` records with root `root`, backed by tiles from `readTile` (an
 * object store, a CDN, a cache: anything untrusted). A port of Go's TileHashReader: for each request it plans
 * the tiles holding the hashes, plus the right-edge tiles that make the root and every parent tile up to one
 * of those, so that each tile is verified before use: the right-edge tiles together against `root`, every
 * other tile against the hash its verified parent lists for it. A tile that fails throws TileMismatchError
 * naming it.
 *
 * Each tile is fetched once per reader (the fetch is memoised, and forgotten if it fails or the tile does not
 * verify, so a retry fetches again), and verified once. `readTile` must return exactly width·32 bytes: a
 * caller falling back to the full tile when a partial is gone slices it first.
 */
export function tileHashReader(
  treeSize: number,
  root: Hash,
  readTile: (tile: Tile) => Promise<Uint8Array>,
): ReadHashes {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0)
    throw new RangeError(`tlog: ${treeSize} is not a size`);
  const fetched = new Map<string, Promise<Uint8Array>>();
  const verified = new Set<string>();

  const fetchTile = (tile: Tile): Promise<Uint8Array> => {
    const path = tilePath(tile);
    let p = fetched.get(path);
    if (p === undefined) {
      p = readTile(tile).then((data) => {
        if (!(data instanceof Uint8Array) || data.length !== tile.width * HASH_SIZE) {
          const length = data instanceof Uint8Array ? `${data.length} bytes` : 'not bytes';
          throw new TileMismatchError([path], `tile is ${length}, not ${tile.width * HASH_SIZE} bytes`);
        }
        return data;
      });
      p.catch(() => fetched.delete(path));
      fetched.set(path, p);
    }
    return p;
  };

  return async (indexes) => {
    if (indexes.length === 0) return [];
    for (const x of indexes) checkIndexInTree(x, treeSize);

    const order = new Map<string, number>(); // tile path → position in `tiles`
    const tiles: Tile[] = [];
    const add = (tile: Tile): number => {
      order.set(tilePath(tile), tiles.length);
      tiles.push(tile);
      return tiles.length - 1;
    };

    // The tiles that make the root hash: when they hash to it, they are all authentic.
    const stx = subtreeIndexes(treeSize);
    const stxTile: number[] = stx.map((x) => {
      const tile = must(tileParent(tileForIndex(x), 0, treeSize));
      return order.get(tilePath(tile)) ?? add(tile);
    });
    const rootTiles = tiles.length;

    // The tiles holding the requested hashes, each after the parents that authenticate it.
    const indexTile: number[] = indexes.map((x) => {
      const tile = tileForIndex(x);
      let k = 0;
      let found: number | undefined;
      for (; ; k++) {
        const p = tileParent(tile, k, treeSize);
        if (p === undefined)
          throw new Error(`tlog: bad math in tileHashReader: no parent of ${tilePath(tile)}`);
        found = order.get(tilePath(p));
        if (found !== undefined) break;
      }
      let position = found;
      for (k--; k >= 0; k--) {
        const p = must(tileParent(tile, k, treeSize));
        // Only full tiles have parents: this one has one, so it must be full.
        if (p.width !== TILE_WIDTH) throw new Error(`tlog: bad math in tileHashReader: ${tilePath(p)}`);
        position = add(p);
      }
      return position;
    });

    const data = await Promise.all(tiles.map(fetchTile));
    const forget = (paths: readonly string[]) => {
      for (const path of paths) fetched.delete(path);
    };

    const rootPaths = tiles.slice(0, rootTiles).map(tilePath);
    if (!rootPaths.every((p) => verified.has(p))) {
      let th = hashFromTile(
        tileAt(tiles, stxTile, stx.length - 1),
        dataAt(data, stxTile, stx.length - 1),
        at(stx, -1),
      );
      for (let i = stx.length - 2; i >= 0; i--) {
        th = nodeHash(hashFromTile(tileAt(tiles, stxTile, i), dataAt(data, stxTile, i), must(stx[i])), th);
      }
      if (!sameHash(th, root)) {
        forget(rootPaths);
        throw new TileMismatchError(rootPaths, `tiles do not hash to the root of the tree of ${treeSize}`);
      }
      for (const p of rootPaths) verified.add(p);
    }

    // Parents come before their children in `tiles`, so each parent is verified by the time it is used.
    for (let i = rootTiles; i < tiles.length; i++) {
      const tile = must(tiles[i]);
      const path = tilePath(tile);
      if (verified.has(path)) continue;
      const parent = must(tileParent(tile, 1, treeSize));
      const j = must(order.get(tilePath(parent)));
      const listed = hashFromTile(
        parent,
        must(data[j]),
        storedHashIndex(parent.level * TILE_HEIGHT, tile.index),
      );
      if (!sameHash(listed, tileHash(must(data[i])))) {
        forget([path]);
        throw new TileMismatchError([path], `tile does not hash to what ${tilePath(parent)} lists for it`);
      }
      verified.add(path);
    }

    return indexes.map((x, i) => {
      const j = must(indexTile[i]);
      return hashFromTile(must(tiles[j]), must(data[j]), x);
    });
  };
}

/** The stored indexes of the complete subtrees that make up a tree of `size` records (Go's subTreeIndex). */
function subtreeIndexes(size: number): number[] {
  const need: number[] = [];
  let lo = 0;
  while (lo < size) {
    let l = 0;
    while (2 ** (l + 1) <= size - lo) l++;
    need.push(storedHashIndex(l, lo / 2 ** l));
    lo += 2 ** l;
  }
  return need;
}

function must<T>(x: T | undefined): T {
  if (x === undefined) throw new Error('tlog: bad index math');
  return x;
}

function at<T>(xs: readonly T[], i: number): T {
  return must(xs.at(i));
}

function tileAt(tiles: readonly Tile[], positions: readonly number[], i: number): Tile {
  return must(tiles[must(positions[i])]);
}

function dataAt(data: readonly Uint8Array[], positions: readonly number[], i: number): Uint8Array {
  return must(data[must(positions[i])]);
}

/**
 * Looks up a hash among tiles kept in memory: `lookup(level, index, width)` returns bytes of a tile at that
 * position holding at least `width` hashes, or undefined.
 */
function readFromTiles(
  indexes: readonly number[],
  lookup: (level: number, index: number, width: number) => Uint8Array | undefined,
): Hash[] {
  return indexes.map((x) => {
    const { tile, start, end } = tileForStoredHashIndex(x);
    const data = lookup(tile.level, tile.index, tile.width);
    if (data === undefined || data.length < end) {
      throw new MissingTileError(tilePath(tile), `no tile holds hash ${x}`);
    }
    return tileHash(data.subarray(start, end));
  });
}

/**
 * A ReadHashes over tiles the caller already holds, keyed by tilePath: the tiles growTiles returned with the
 * upper tiles the log keeps. It looks a hash up in the tile at the width it has in the tree of `treeSize`,
 * then in the full tile; throws MissingTileError when neither is there. It trusts the tiles: it is for the
 * log's own writer, proving inclusion of entries it has just added, not for a reader of someone else's tiles.
 */
export function memoryHashReader(treeSize: number, tiles: ReadonlyMap<string, Uint8Array>): ReadHashes {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0)
    throw new RangeError(`tlog: ${treeSize} is not a size`);
  return async (indexes) => {
    for (const x of indexes) checkIndexInTree(x, treeSize);
    return readFromTiles(indexes, (level, index) => {
      const width = tileWidthAt(treeSize, level, index);
      const exact = width > 0 ? tiles.get(tilePath({ level, index, width })) : undefined;
      return exact ?? tiles.get(tilePath({ level, index, width: TILE_WIDTH }));
    });
  };
}

/** A tile with its bytes, as growTiles returns them for writing. */
export interface TileData {
  readonly tile: Tile;
  readonly data: Uint8Array;
}

/**
 * Builds the tiles a log writes when its checkpoint grows from `oldSize` to `newSize` (those newTilesBetween
 * names, with their bytes) and the root at newSize. Pure and synchronous.
 *
 * `leaves` are the leaf hashes of entries floor(oldSize/256)·256 … newSize − 1: the level-0 tile the old size
 * ends in, plus the new entries. `upperTile(level, index)` returns the stored bytes of a tile at level ≥ 1:
 * the latest version written (full, or the partial at oldSize), or undefined if there is none. Level-0 tiles
 * come from `leaves`; each level above extends its stored right-edge tile with the hashes of the tiles just
 * completed below it. The root is then read from these tiles and the untouched upper ones.
 *
 * This is why a log built on a database need store only its upper tiles: level-0 tiles (all but 1/256 of the
 * hashes) are recomputed from the entries it keeps anyway, and the upper tiles are few: at a million entries,
 * 15 full level-1 tiles, a level-1 partial of width 66 and a level-2 partial of width 15, 17 tiles or ~125
 * KB. The upper tiles are trusted as given; a caller that doubts its store checks the old root with
 * memoryHashReader first.
 */
export function growTiles(
  oldSize: number,
  newSize: number,
  leaves: readonly Hash[],
  upperTile: (level: number, index: number) => Uint8Array | undefined,
): { tiles: TileData[]; root: Hash } {
  const tiles = newTilesBetween(oldSize, newSize); // validates the sizes
  const base = Math.floor(oldSize / TILE_WIDTH) * TILE_WIDTH;
  if (leaves.length !== newSize - base) {
    throw new RangeError(`tlog: growing ${oldSize} → ${newSize} takes ${newSize - base} leaves from ${base}`);
  }
  const written: TileData[] = [];
  const byPosition = new Map<string, Uint8Array>(); // `${level}/${index}` → bytes at newSize

  // The hashes at the current level from index firstTile·256: at level 0, the leaves.
  let completed: readonly Hash[] = leaves;
  for (let level = 0; ; level++) {
    const oldCount = Math.floor(oldSize / pow256(level));
    const newCount = Math.floor(newSize / pow256(level));
    if (oldCount === newCount) break; // nothing changes at this level or any above it
    const firstTile = Math.floor(oldCount / TILE_WIDTH);
    const kept = oldCount - firstTile * TILE_WIDTH; // hashes of the old right-edge tile, kept as they are
    const bytes = new Uint8Array((newCount - firstTile * TILE_WIDTH) * HASH_SIZE);
    if (level === 0) {
      for (const [i, h] of completed.entries()) bytes.set(checkedHash(h, i), i * HASH_SIZE);
    } else {
      if (kept > 0) {
        const stored = upperTile(level, firstTile);
        const path = tilePath({ level, index: firstTile, width: kept });
        if (stored === undefined || stored.length < kept * HASH_SIZE) {
          throw new MissingTileError(path, `growing ${oldSize} → ${newSize} extends the stored tile`);
        }
        bytes.set(stored.subarray(0, kept * HASH_SIZE), 0);
      }
      if (completed.length !== newCount - oldCount) throw new Error('tlog: bad math in growTiles');
      for (const [i, h] of completed.entries()) bytes.set(h, (kept + i) * HASH_SIZE);
    }
    const next: Hash[] = [];
    for (let index = firstTile; index * TILE_WIDTH < newCount; index++) {
      const from = (index - firstTile) * TILE_WIDTH * HASH_SIZE;
      const width = Math.min(TILE_WIDTH, newCount - index * TILE_WIDTH);
      const data = bytes.slice(from, from + width * HASH_SIZE);
      written.push({ tile: { level, index, width }, data });
      byPosition.set(`${level}/${index}`, data);
      if (width === TILE_WIDTH) next.push(tileHash(data));
    }
    completed = next;
  }

  if (
    written.length !== tiles.length ||
    written.some((w, i) => tilePath(w.tile) !== tilePath(must(tiles[i])))
  ) {
    throw new Error('tlog: bad math in growTiles: tiles differ from newTilesBetween');
  }

  // The root's hashes lie in the right-edge tiles: those just built, the upper ones that did not change, and
  // the level-0 tile the leaves cover (built above, unless the size did not change at all).
  const lookup = (level: number, index: number): Uint8Array | undefined => {
    const built = byPosition.get(`${level}/${index}`);
    if (built !== undefined || level >= 1) return built ?? upperTile(level, index);
    const from = index * TILE_WIDTH - base;
    if (from < 0 || from >= leaves.length) return undefined;
    const hashes = leaves.slice(from, Math.min(from + TILE_WIDTH, leaves.length));
    const data = new Uint8Array(hashes.length * HASH_SIZE);
    for (const [i, h] of hashes.entries()) data.set(checkedHash(h, from + i), i * HASH_SIZE);
    return data;
  };
  const root = treeHashSync(newSize, (indexes) => readFromTiles(indexes, lookup));
  return { tiles: written, root };
}

function checkedHash(h: Hash, i: number): Hash {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new RangeError(`tlog: leaf ${i} is not a ${HASH_SIZE}-byte hash`);
  }
  return h;
}
