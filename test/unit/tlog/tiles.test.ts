import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRecord,
  checkTree,
  type Hash,
  proveRecord,
  proveTree,
  storedHashIndex,
  treeHash,
} from '../../../shared/domain/tlog/merkle.ts';
import {
  decodeEntryBundle,
  EntryBundleError,
  encodeEntryBundle,
  entryBundlePath,
  growTiles,
  hashFromTile,
  MissingTileError,
  memoryHashReader,
  newTilesBetween,
  parseTilePath,
  TILE_HEIGHT,
  TILE_WIDTH,
  type Tile,
  TileMismatchError,
  TilePathError,
  tileForIndex,
  tileHashReader,
  tilePath,
  tilesForSize,
} from '../../../shared/domain/tlog/tiles.ts';
import { hex, refConsistency, refPath, refRootIterative, syntheticLeaves } from './reference.ts';

const full = (level: number, index: number): Tile => ({ level, index, width: TILE_WIDTH });
const paths = (tiles: readonly Tile[]) => tiles.map(tilePath);

describe('tile paths (Go TestTilePath, C2SP tlog-tiles)', () => {
  const cases: [Tile, string][] = [
    [full(0, 1234067), 'tile/0/x001/x234/067'],
    [full(0, 0), 'tile/0/000'],
    [full(0, 999), 'tile/0/999'],
    [full(0, 1000), 'tile/0/x001/000'],
    [{ level: 0, index: 272, width: 112 }, 'tile/0/272.p/112'],
    [{ level: 5, index: 123456078, width: 2 }, 'tile/5/x123/x456/078.p/2'],
    [{ level: 63, index: 1, width: 255 }, 'tile/63/001.p/255'],
    [{ level: 2, index: 0, width: 1 }, 'tile/2/000.p/1'],
  ];

  it('writes and parses the spec examples', () => {
    for (const [tile, path] of cases) {
      expect(tilePath(tile)).toBe(path);
      expect(parseTilePath(path)).toEqual({ ...tile, entries: false });
    }
    expect(entryBundlePath(1234067, 256)).toBe('tile/entries/x001/x234/067');
    expect(entryBundlePath(272, 112)).toBe('tile/entries/272.p/112');
    expect(parseTilePath('tile/entries/x001/x234/067')).toEqual({ ...full(0, 1234067), entries: true });
    expect(parseTilePath('tile/entries/272.p/112')).toEqual({
      level: 0,
      index: 272,
      width: 112,
      entries: true,
    });
  });

  it('refuses what the spec does not allow', () => {
    for (const path of [
      'tile/0/01',
      'tile/0/0001',
      'tile/0/x1/234',
      'tile/0/234/567', // all but the last group take an x
      'tile/0/x234', // the last does not
      'tile/0/x000/001', // a leading zero group
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/05',
      'tile/0/000.p/',
      'tile/0/000.p',
      'tile/0/x001.p/5/000',
      'tile/64/000',
      'tile/00/000',
      'tile/01/000',
      'tile/-1/000',
      'tile/data/000',
      'tile/8/0/000', // Go's tile/H/L form
      'tile/0',
      'tile/0/',
      'tile/0/000/',
      '/tile/0/000',
      'tiles/0/000',
      'tile/entries/000.p/256',
      'tile/entries/01',
      'tile/0/x999/x999/x999/x999/x999/999', // past 2^53
      '',
    ]) {
      expect(() => parseTilePath(path), path).toThrow(TilePathError);
    }
    expect(() => tilePath({ level: 64, index: 0, width: 1 })).toThrow(TilePathError);
    expect(() => tilePath({ level: 0, index: 0, width: 0 })).toThrow(TilePathError);
    expect(() => tilePath({ level: 0, index: -1, width: 1 })).toThrow(TilePathError);
    expect(() => entryBundlePath(0, 257)).toThrow(TilePathError);
  });

  it('round-trips every tile, and never throws anything but TilePathError (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 256 }),
        (level, index, width) => {
          const tile = { level, index, width };
          expect(parseTilePath(tilePath(tile))).toEqual({ ...tile, entries: false });
          expect(parseTilePath(entryBundlePath(index, width))).toEqual({ ...tile, level: 0, entries: true });
        },
      ),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^tile\/[0-9a-z./x]{0,20}$/), (path) => {
        try {
          const t = parseTilePath(path);
          expect(t.entries ? entryBundlePath(t.index, t.width) : tilePath(t)).toBe(path);
        } catch (e) {
          expect(e).toBeInstanceOf(TilePathError);
        }
      }),
    );
  });
});

describe('which tiles a tree has', () => {
  it('serves 70,000 and 256 as the spec says', () => {
    const t70k = tilesForSize(70_000);
    expect(t70k.filter((t) => t.level === 0 && t.width === 256)).toHaveLength(273);
    expect(t70k.filter((t) => !(t.level === 0 && t.width === 256))).toEqual([
      { level: 0, index: 273, width: 112 },
      full(1, 0),
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
    expect(tilesForSize(256)).toEqual([full(0, 0), { level: 1, index: 0, width: 1 }]);
    expect(tilesForSize(0)).toEqual([]);
    expect(tilesForSize(1)).toEqual([{ level: 0, index: 0, width: 1 }]);
  });

  it('counts new tiles as Go TestNewTilesForSize does, at height 8', () => {
    for (const [oldSize, newSize, want] of [
      [1, 1, 0],
      [100, 101, 1],
      [255, 257, 3], // L0 0 full, L0 1.p/1, L1 0.p/1
      [256, 260, 1],
      [260, 2000, 8], // L0 1..6 full, L0 7.p/208, L1 0.p/7
      [65_535, 65_537, 4], // L0 255 full, L0 256.p/1, L1 0 full, L2 0.p/1
      [49_516_517, 49_516_586, 3], // L0 193423 full, L0 193424.p/42, L1 755.p/144
    ] as const) {
      expect(newTilesBetween(oldSize, newSize), `${oldSize} → ${newSize}`).toHaveLength(want);
    }
    expect(() => newTilesBetween(2, 1)).toThrow(RangeError);
  });

  it('new tiles are exactly those at the new size and not the old (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 300_000 }), (a, b) => {
        const [oldSize, newSize] = a <= b ? [a, b] : [b, a];
        const before = new Set(paths(tilesForSize(oldSize)));
        const expected = paths(tilesForSize(newSize)).filter((p) => !before.has(p));
        expect(paths(newTilesBetween(oldSize, newSize))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('finds the tile of each stored hash index', () => {
    expect(tileForIndex(storedHashIndex(0, 0))).toEqual({ level: 0, index: 0, width: 1 });
    expect(tileForIndex(storedHashIndex(0, 256))).toEqual({ level: 0, index: 1, width: 1 });
    expect(tileForIndex(storedHashIndex(3, 1))).toEqual({ level: 0, index: 0, width: 16 });
    expect(tileForIndex(storedHashIndex(8, 0))).toEqual({ level: 1, index: 0, width: 1 });
    expect(tileForIndex(storedHashIndex(16, 3))).toEqual({ level: 2, index: 0, width: 4 });
    expect(tileForIndex(storedHashIndex(7, 1))).toEqual({ level: 0, index: 0, width: 256 });
  });
});

describe('entry bundles', () => {
  it('round-trips uint16 length-prefixed entries', () => {
    const entries = [new Uint8Array(), Uint8Array.of(1, 2, 3), new Uint8Array(65_535).fill(7)];
    const bytes = encodeEntryBundle(entries);
    expect([...bytes.subarray(0, 7)]).toEqual([0, 0, 0, 3, 1, 2, 3]);
    expect([...bytes.subarray(7, 9)]).toEqual([0xff, 0xff]);
    expect(decodeEntryBundle(bytes)).toEqual(entries);
    expect(decodeEntryBundle(new Uint8Array())).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 20 }), (es) => {
        expect(decodeEntryBundle(encodeEntryBundle(es))).toEqual(es);
      }),
    );
  });

  it('refuses an entry too long and a truncated bundle', () => {
    expect(() => encodeEntryBundle([new Uint8Array(65_536)])).toThrow(EntryBundleError);
    const bytes = encodeEntryBundle([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    for (let cut = 1; cut < bytes.length; cut++) {
      if (cut === 5) continue; // a whole first entry: a valid bundle of one
      expect(() => decodeEntryBundle(bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(EntryBundleError);
    }
    expect(decodeEntryBundle(bytes.subarray(0, 5))).toEqual([Uint8Array.of(1, 2, 3)]);
  });
});

/** Independently: the hashes at tree levels 0, 8, 16, …, each the MTH of its 256^L leaves. */
function levelHashes(leaves: readonly Hash[]): Hash[][] {
  const levels: Hash[][] = [[...leaves]];
  for (;;) {
    const below = levels[levels.length - 1] ?? [];
    if (below.length < TILE_WIDTH) return levels;
    const next: Hash[] = [];
    for (let i = 0; i + TILE_WIDTH <= below.length; i += TILE_WIDTH) {
      next.push(refRootIterative(below.slice(i, i + TILE_WIDTH)));
    }
    levels.push(next);
  }
}

function expectedTile(levels: readonly Hash[][], tile: Tile): Uint8Array {
  const hashes = (levels[tile.level] ?? []).slice(
    tile.index * TILE_WIDTH,
    tile.index * TILE_WIDTH + tile.width,
  );
  expect(hashes).toHaveLength(tile.width);
  return Buffer.concat(hashes);
}

/** A log's tile store as the checkpoint job keeps it: every version written, by path and by position. */
class TileStore {
  readonly byPath = new Map<string, Uint8Array>();
  readonly latest = new Map<string, Uint8Array>();
  put(tile: Tile, data: Uint8Array): void {
    this.byPath.set(tilePath(tile), data);
    this.latest.set(`${tile.level}/${tile.index}`, data);
  }
  readonly upperTile = (level: number, index: number): Uint8Array | undefined => {
    expect(level).toBeGreaterThanOrEqual(1);
    return this.latest.get(`${level}/${index}`);
  };
  readonly readTile = async (tile: Tile): Promise<Uint8Array> => {
    const data = this.byPath.get(tilePath(tile));
    if (data === undefined) throw new Error(`no tile ${tilePath(tile)}`);
    return data;
  };
}

const ALL = syntheticLeaves(0, 70_001);
const LEVELS = levelHashes(ALL);

function grow(store: TileStore, oldSize: number, newSize: number): Hash {
  const base = Math.floor(oldSize / TILE_WIDTH) * TILE_WIDTH;
  const { tiles, root } = growTiles(oldSize, newSize, ALL.slice(base, newSize), store.upperTile);
  expect(paths(tiles.map((t) => t.tile))).toEqual(paths(newTilesBetween(oldSize, newSize)));
  for (const { tile, data } of tiles) store.put(tile, data);
  return root;
}

function checkTiles(store: TileStore, size: number): void {
  // Mismatches collected into one assertion: a few thousand expect calls over 8 KB tiles cost seconds.
  const wrong: string[] = [];
  for (const tile of tilesForSize(size)) {
    const data = store.byPath.get(tilePath(tile));
    if (data === undefined || !Buffer.from(data).equals(expectedTile(LEVELS, tile)))
      wrong.push(tilePath(tile));
  }
  expect(wrong, `tiles at ${size}`).toEqual([]);
}

describe('growTiles', () => {
  it('builds, step by step, the tiles and roots of a tree built from scratch', () => {
    const steps = [0, 1, 2, 255, 256, 257, 300, 511, 512, 4000, 65_535, 65_536, 65_537, 69_999, 70_001];
    const store = new TileStore();
    for (let i = 1; i < steps.length; i++) {
      const [oldSize, newSize] = [steps[i - 1] ?? 0, steps[i] ?? 0];
      const root = grow(store, oldSize, newSize);
      expect(hex(root), `root at ${newSize}`).toBe(hex(refRootIterative(ALL.slice(0, newSize))));
      checkTiles(store, newSize);
    }
    // The same tree in one step from nothing, and a step that adds nothing.
    const once = new TileStore();
    expect(hex(grow(once, 0, 70_001))).toBe(hex(refRootIterative(ALL)));
    expect(grow(once, 70_001, 70_001)).toEqual(grow(once, 70_001, 70_001));
    checkTiles(once, 70_001);
  });

  it('matches from scratch for random growth steps below 2,000 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 5 }), (deltas) => {
        const store = new TileStore();
        let size = 0;
        for (const d of deltas) {
          const root = grow(store, size, size + d);
          size += d;
          expect(hex(root)).toBe(hex(refRootIterative(ALL.slice(0, size))));
        }
        checkTiles(store, size);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses the wrong number of leaves and a missing upper tile', () => {
    expect(() => growTiles(300, 310, ALL.slice(300, 310), () => undefined)).toThrow(RangeError);
    // The root at 65,537 needs the level-2 hash of the first 65,536 entries, from the stored upper tiles.
    expect(() => growTiles(65_536, 65_537, ALL.slice(65_536, 65_537), () => undefined)).toThrow(
      MissingTileError,
    );
    // From 256·257 the level-1 tile 1 is a partial of width 1, which the next level-1 hash extends.
    const store = new TileStore();
    grow(store, 0, 256 * 257);
    expect(() => growTiles(256 * 257, 256 * 258, ALL.slice(256 * 257, 256 * 258), () => undefined)).toThrow(
      MissingTileError,
    );
    expect(() =>
      growTiles(256 * 257, 256 * 258, ALL.slice(256 * 257, 256 * 258), store.upperTile),
    ).not.toThrow();
  });

  it('lets the writer prove its new entries from the new tiles and its upper tiles alone', async () => {
    const store = new TileStore();
    grow(store, 0, 66_000);
    const base = Math.floor(66_000 / TILE_WIDTH) * TILE_WIDTH;
    const { tiles, root } = growTiles(66_000, 69_000, ALL.slice(base, 69_000), store.upperTile);
    const held = new Map<string, Uint8Array>();
    for (const [path, data] of store.byPath) if (!path.startsWith('tile/0/')) held.set(path, data);
    for (const { tile, data } of tiles) held.set(tilePath(tile), data);
    const read = memoryHashReader(69_000, held);
    expect(await treeHash(69_000, read)).toEqual(root);
    for (const i of [66_000, 66_001, 66_047, 67_000, 68_999]) {
      const proof = await proveRecord(69_000, i, read);
      expect(checkRecord(proof, 69_000, root, i, ALL[i] as Hash)).toBe(true);
    }
    await expect(proveRecord(69_000, 5, read)).rejects.toThrow(MissingTileError);
  });
});

describe('tileHashReader (Go TestTree, tiles half)', () => {
  const store = new TileStore();
  const roots: Hash[] = [];
  for (let n = 1; n <= 300; n++) roots.push(grow(store, n - 1, n));

  it('serves verified hashes and proofs for every leaf and every older tree, sizes 1..300', async () => {
    for (const size of [1, 2, 3, 7, 8, 9, 31, 64, 100, 255, 256, 257, 300]) {
      const root = roots[size - 1] as Hash;
      const read = tileHashReader(size, root, store.readTile);
      const leaves = ALL.slice(0, size);
      for (let j = 0; j < size; j++) {
        const [h] = await read([storedHashIndex(0, j)]);
        expect(h).toEqual(ALL[j]);
        if (size <= 100 || j % 17 === 0) {
          const p = await proveRecord(size, j, read);
          expect(p.map(hex)).toEqual(refPath(j, leaves).map(hex));
          expect(checkRecord(p, size, root, j, ALL[j] as Hash)).toBe(true);
        }
      }
      for (let j = 1; j <= size; j += size <= 100 ? 1 : 13) {
        expect(await treeHash(j, read)).toEqual(roots[j - 1]);
        const p = await proveTree(size, j, read);
        expect(p.map(hex)).toEqual(refConsistency(j, leaves).map(hex));
        expect(checkTree(p, size, root, j, roots[j - 1] as Hash)).toBe(true);
      }
      await expect(read([storedHashIndex(0, size)])).rejects.toThrow(RangeError);
    }
  });

  it('fetches each tile once per reader', async () => {
    const fetched: string[] = [];
    const read = tileHashReader(300, roots[299] as Hash, (tile) => {
      fetched.push(tilePath(tile));
      return store.readTile(tile);
    });
    for (let j = 0; j < 300; j++) await proveRecord(300, j, read);
    expect(fetched.sort()).toEqual(paths(tilesForSize(300)).sort());
  });

  it('throws TileMismatchError naming any tile with a flipped byte, at 300 and 70,001', async () => {
    const big = new TileStore();
    const bigRoot = grow(big, 0, 70_001);
    for (const [size, root, tiles] of [
      [300, roots[299] as Hash, store],
      [70_001, bigRoot, big],
    ] as const) {
      for (const tile of tilesForSize(size)) {
        const path = tilePath(tile);
        const good = tiles.byPath.get(path) ?? new Uint8Array();
        const bad = good.slice();
        const at = (tile.index * 7919 + tile.level * 31) % bad.length;
        bad[at] = (bad[at] ?? 0) ^ 0x10;
        const read = tileHashReader(size, root, (t) =>
          tilePath(t) === path ? Promise.resolve(bad) : tiles.readTile(t),
        );
        // The hash at the tile's last position, at its own tree level: reading it uses the tile.
        const x = storedHashIndex(tile.level * TILE_HEIGHT, tile.index * TILE_WIDTH + tile.width - 1);
        const error = await read([x]).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, path).toBeInstanceOf(TileMismatchError);
        expect((error as TileMismatchError).paths).toContain(path);
        expect((error as Error).message).toContain(path);
        // And the untampered tile reads: the hash is the one its tile holds.
        const [h] = await tileHashReader(size, root, tiles.readTile)([x]);
        expect(h).toEqual(hashFromTile(tile, good, x));
      }
    }
  });

  it('refuses a tile of the wrong length, and a root the tiles do not make', async () => {
    const root = roots[299] as Hash;
    const short = tileHashReader(300, root, async (t) => (await store.readTile(t)).subarray(32));
    await expect(short([0])).rejects.toThrow(TileMismatchError);
    const wrongRoot = tileHashReader(300, roots[298] as Hash, store.readTile);
    await expect(wrongRoot([0])).rejects.toThrow(TileMismatchError);
  });
});
