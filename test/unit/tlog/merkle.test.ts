import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRecord,
  checkTree,
  EMPTY_TREE_HASH,
  type Hash,
  HashFormatError,
  hashFromBase64,
  hashFromHex,
  hashToBase64,
  hashToHex,
  leafHash,
  nodeHash,
  proveRecord,
  proveTree,
  type ReadHashes,
  splitStoredHashIndex,
  storedHashCount,
  storedHashes,
  storedHashIndex,
  treeHash,
} from '../../../shared/domain/tlog/merkle.ts';
import { hex, refConsistency, refLeaf, refPath, refRoot, unhex } from './reference.ts';

// The Certificate Transparency reference leaves and roots (RFC 6962 test data, as in
// certificate-transparency-go and transparency-dev/merkle's testonly constants), sizes 1..8.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** A hash store as Go's testHashStorage: an array by stored index, refusing requests out of order. */
class HashStore {
  readonly hashes: Hash[] = [];
  readonly read: ReadHashes = async (indexes) => {
    for (let i = 1; i < indexes.length; i++) {
      if ((indexes[i - 1] ?? 0) >= (indexes[i] ?? 0)) throw new Error('indexes out of order');
    }
    return indexes.map((x) => {
      const h = this.hashes[x];
      if (h === undefined) throw new Error(`no hash ${x}`);
      return h;
    });
  };
  async append(n: number, leaf: Hash): Promise<void> {
    this.hashes.push(...(await storedHashes(n, leaf, this.read)));
  }
}

async function storeOf(leaves: readonly Hash[]): Promise<HashStore> {
  const store = new HashStore();
  for (const [i, leaf] of leaves.entries()) await store.append(i, leaf);
  return store;
}

function flipped(proof: readonly Hash[], k: number): Hash[] {
  return proof.map((h, i) => {
    if (i !== k) return h;
    const c = h.slice();
    c[0] = (c[0] ?? 0) ^ 1;
    return c;
  });
}

const leafData = (i: number) => new TextEncoder().encode(`leaf ${i}`);

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree, leaves and nodes as RFC 6962 does', async () => {
    expect(hashToHex(EMPTY_TREE_HASH)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await treeHash(0, async () => [])).toEqual(EMPTY_TREE_HASH);
    expect(hashToHex(leafHash(new Uint8Array()))).toBe(CT_ROOTS[0]);
    const [a, b] = CT_LEAVES.map(leafHash);
    expect(hashToHex(nodeHash(a as Hash, b as Hash))).toBe(CT_ROOTS[1]);
    expect(leafHash(new Uint8Array())).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(leafHash(new Uint8Array()))).toBe(false);
  });

  it('gives the CT reference roots for sizes 1..8', async () => {
    const store = await storeOf(CT_LEAVES.map(leafHash));
    for (let n = 1; n <= 8; n++) expect(hashToHex(await treeHash(n, store.read))).toBe(CT_ROOTS[n - 1]);
  });

  it('gives the CT reference inclusion and consistency proofs', async () => {
    const store = await storeOf(CT_LEAVES.map(leafHash));
    const root8 = unhex(CT_ROOTS[7] ?? '');
    const p0 = await proveRecord(8, 0, store.read);
    expect(p0.map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(checkRecord(p0, 8, root8, 0, leafHash(CT_LEAVES[0] as Uint8Array))).toBe(true);
    const p5 = await proveRecord(8, 5, store.read);
    expect(p5.map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    const c = await proveTree(8, 2, store.read);
    expect(c.map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(checkTree(c, 8, root8, 2, unhex(CT_ROOTS[1] ?? ''))).toBe(true);
  });
});

describe('stored hash indexes (Go TestSplitStoredHashIndex)', () => {
  it('splitStoredHashIndex inverts storedHashIndex', () => {
    for (let l = 0; l < 10; l++) {
      for (let n = 0; n < 100; n++) {
        expect(splitStoredHashIndex(storedHashIndex(l, n))).toEqual({ level: l, n });
      }
    }
  });

  it('is dense: indexes 0.. name every stored hash once, in the order Go stores them', () => {
    // 0:(0,0) 1:(0,1) 2:(1,0) 3:(0,2) 4:(0,3) 5:(1,1) 6:(2,0) 7:(0,4)
    const expected = [
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 2],
      [0, 3],
      [1, 1],
      [2, 0],
      [0, 4],
    ];
    for (const [i, [level, n]] of expected.entries()) expect(storedHashIndex(level ?? 0, n ?? 0)).toBe(i);
  });

  it('stays exact for indexes far past 2^32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 40 }), (level, n) => {
        const x = storedHashIndex(level, Math.floor(n / 2 ** level));
        fc.pre(Number.isSafeInteger(x));
        expect(splitStoredHashIndex(x)).toEqual({ level, n: Math.floor(n / 2 ** level) });
      }),
    );
  });
});

describe('trees 1..100 (Go TestTree, against a naive RFC 6962)', () => {
  it('treeHash, every inclusion and consistency proof, and tampered proofs refused', async () => {
    const store = new HashStore();
    const leaves: Hash[] = [];
    const roots: Hash[] = [];
    for (let i = 0; i < 100; i++) {
      const leaf = leafHash(leafData(i));
      expect(leaf).toEqual(refLeaf(leafData(i)));
      leaves.push(leaf);
      await store.append(i, leaf);
      const size = i + 1;
      expect(store.hashes.length).toBe(storedHashCount(size));
      const root = await treeHash(size, store.read);
      expect(hex(root), `root of ${size}`).toBe(hex(refRoot(leaves)));
      roots.push(root);
      // The naive proofs cost O(n) hashes each: compared in full for the small trees and a spread of larger
      // ones.
      const compare = size <= 32 || size % 9 === 0 || size === 100;

      // Failures are collected, not asserted one by one: a hundred thousand expect calls cost more than the
      // proofs.
      const wrong: string[] = [];
      const want = (ok: boolean, what: string) => {
        if (!ok) wrong.push(what);
      };
      for (let j = 0; j < size; j++) {
        const p = await proveRecord(size, j, store.read);
        if (compare) want(p.map(hex).join() === refPath(j, leaves).map(hex).join(), `path ${j} in ${size}`);
        const lj = leaves[j] as Hash;
        want(checkRecord(p, size, root, j, lj), `record ${j} in ${size}`);
        for (let k = 0; k < p.length; k++) {
          want(!checkRecord(flipped(p, k), size, root, j, lj), `record ${j} in ${size}, hash ${k} flipped`);
        }
        // Wrong index, wrong leaf, an extra or a missing hash. (Not a wrong size: a proof in a tree of 3 also
        // runs in a tree of 4 and yields the root of 3, which is why a root is only ever trusted with its
        // size.)
        if (size > 1) want(!checkRecord(p, size, root, (j + 1) % size, lj), `record ${j} as ${j + 1}`);
        want(!checkRecord(p, size, root, j, leafHash(leafData(-1))), `another leaf as ${j}`);
        want(!checkRecord([...p, root], size, root, j, lj), `record ${j} in ${size}, a hash more`);
        if (p.length > 0)
          want(!checkRecord(p.slice(1), size, root, j, lj), `record ${j} in ${size}, a hash less`);
      }

      for (let j = 1; j <= size; j++) {
        const p = await proveTree(size, j, store.read);
        if (compare)
          want(p.map(hex).join() === refConsistency(j, leaves).map(hex).join(), `proof ${j} → ${size}`);
        const old = roots[j - 1] as Hash;
        want(checkTree(p, size, root, j, old), `tree ${j} → ${size}`);
        for (let k = 0; k < p.length; k++) {
          want(!checkTree(flipped(p, k), size, root, j, old), `tree ${j} → ${size}, hash ${k} flipped`);
        }
        if (j < size) want(!checkTree(p, size, root, j, root), `tree ${j} → ${size}, the new root as old`);
        want(!checkTree([...p, old], size, root, j, old), `tree ${j} → ${size}, a hash more`);
      }
      expect(wrong).toEqual([]);
    }
  });

  it('asks the store only for increasing indexes, at most 1 + log₂ n for a root', async () => {
    const store = await storeOf(Array.from({ length: 1000 }, (_, i) => leafHash(leafData(i))));
    for (const n of [1, 2, 3, 255, 256, 257, 999, 1000]) {
      const asked: number[][] = [];
      await treeHash(n, async (xs) => {
        asked.push([...xs]);
        return store.read(xs);
      });
      expect(asked.length).toBe(1);
      expect(asked[0]?.length).toBeLessThanOrEqual(1 + Math.log2(n));
    }
  });
});

describe('bad input', () => {
  const root = leafHash(new Uint8Array());
  it('checkRecord and checkTree answer false, never throw', () => {
    const bad: unknown[] = [null, undefined, 'x', {}, [new Uint8Array(31)], [null]];
    for (const p of bad) {
      expect(checkRecord(p as Hash[], 2, root, 0, root)).toBe(false);
      expect(checkTree(p as Hash[], 2, root, 1, root)).toBe(false);
    }
    for (const [size, index] of [
      [0, 0],
      [1, 1],
      [1, -1],
      [Number.NaN, 0],
      [1.5, 0],
      [2 ** 60, 0],
    ] as const) {
      expect(checkRecord([], size, root, index, root)).toBe(false);
    }
    expect(checkRecord([], 1, root, 0, root)).toBe(true);
    expect(checkRecord([], 1, new Uint8Array(3), 0, new Uint8Array(3))).toBe(false);
    for (const [n, o] of [
      [0, 0],
      [1, 2],
      [1, 0],
      [Number.POSITIVE_INFINITY, 1],
    ] as const) {
      expect(checkTree([], n, root, o, root)).toBe(false);
    }
    expect(checkTree([], 1, root, 1, root)).toBe(true);
  });

  it('checkers never throw on arbitrary proofs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 31, maxLength: 33 }), { maxLength: 12 }),
        fc.integer({ min: -2, max: 3000 }),
        fc.integer({ min: -2, max: 3000 }),
        (proof, a, b) => {
          expect(typeof checkRecord(proof, a, root, b, root)).toBe('boolean');
          expect(typeof checkTree(proof, a, root, b, root)).toBe('boolean');
        },
      ),
    );
  });

  it('provers refuse indexes outside the tree', async () => {
    const store = await storeOf([root, root]);
    await expect(proveRecord(2, 2, store.read)).rejects.toThrow(RangeError);
    await expect(proveRecord(2, -1, store.read)).rejects.toThrow(RangeError);
    await expect(proveTree(2, 3, store.read)).rejects.toThrow(RangeError);
    await expect(proveTree(2, 0, store.read)).rejects.toThrow(RangeError);
    await expect(treeHash(2, async () => [])).rejects.toThrow(/returned 0 hashes/);
  });
});

describe('hash encodings', () => {
  it('round-trips base64 and hex, and refuses anything else by name', () => {
    const h = leafHash(new Uint8Array());
    expect(hashToBase64(h)).toBe(Buffer.from(h).toString('base64'));
    expect(hashFromBase64(hashToBase64(h))).toEqual(h);
    expect(hashFromHex(hashToHex(h))).toEqual(h);
    expect(hashFromHex(hashToHex(h).toUpperCase())).toEqual(h);
    const b64 = hashToBase64(h);
    for (const s of [
      '',
      b64.slice(0, -1),
      `${b64}=`,
      Buffer.alloc(31).toString('base64'),
      Buffer.alloc(33).toString('base64'),
      `${b64.slice(0, 42)}B=`, // non-zero padding bits: a second spelling of some hash
      `${b64.slice(0, 10)}*${b64.slice(11)}`,
    ]) {
      expect(() => hashFromBase64(s), s).toThrow(HashFormatError);
    }
    expect(() => hashFromHex('00')).toThrow(HashFormatError);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(hashFromBase64(hashToBase64(bytes))).toEqual(bytes);
      }),
    );
  });
});
