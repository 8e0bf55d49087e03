/**
 * RFC 6962 Merkle trees, as the C2SP tlog specifications use them: a port of Go's golang.org/x/mod/sumdb/tlog
 * (tlog.go). Hashes are addressed by Go's "stored hash index" (Crosby and Wallach's dense linear order,
 * section 3.3 of "Efficient Data Structures for Tamper-Evident Logging"), so that proofs can be computed from
 * whatever stores them: a table of hashes, or the tiles of tiles.ts through its hash readers.
 *
 * Indices and sizes are plain numbers. Logs here stay far below 2^53 entries, so every index is a safe
 * integer; the arithmetic divides and multiplies by powers of two rather than shifting, because JavaScript's
 * bit operators truncate to 32 bits.
 */
import { createHash } from 'node:crypto';

/** A SHA-256 hash of a record or of a tree node: always 32 bytes. */
export type Hash = Uint8Array;

/** The length of every Hash in bytes. */
export const HASH_SIZE = 32;

/**
 * Reads stored hashes by their stored hash index (`storedHashIndex(level, n)`), returning one hash per index,
 * in the order asked. The functions here ask for indexes in increasing order, which lets a store read runs at
 * once.
 */
export type ReadHashes = (indexes: readonly number[]) => Promise<readonly Hash[]>;

/**
 * The synchronous form of ReadHashes, for readers whose hashes are already in memory (tiles.ts's growTiles
 * computes a root from the tiles it has just built, without a promise in the way).
 */
export type ReadHashesSync = (indexes: readonly number[]) => readonly Hash[];

function sha256(...parts: readonly Uint8Array[]): Hash {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  // A plain Uint8Array, not the Buffer node returns: callers compare and store hashes as Uint8Array.
  return new Uint8Array(h.digest());
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** The hash of the empty tree (RFC 6962 §2.1): SHA-256 of no bytes, e3b0c442…b855. */
export const EMPTY_TREE_HASH: Hash = sha256();

/**
 * The leaf hash of a record: SHA-256(0x00 || data). The prefix separates leaves from interior nodes, so no
 * leaf can be passed off as a node (RFC 6962 §2.1's second-preimage defence).
 */
export function leafHash(data: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, data);
}

/** The hash of an interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** Whether two hashes (or any byte strings) are equal. Not constant-time: these hashes are public. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A string that is not the base64 (or hex) of a 32-byte hash. */
export class HashFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HashFormatError';
  }
}

/** The standard (padded) base64 of a hash, the form checkpoints and Go's Hash.String use. */
export function hashToBase64(h: Hash): string {
  return Buffer.from(h.buffer, h.byteOffset, h.length).toString('base64');
}

const BASE64_HASH = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Parses the padded base64 of a 32-byte hash. Node's decoder skips what it does not understand, so the shape
 * is checked first and the result re-encoded: a hash has exactly one spelling, and anything else is refused.
 */
export function hashFromBase64(s: string): Hash {
  if (!BASE64_HASH.test(s)) throw new HashFormatError(`not the base64 of a ${HASH_SIZE}-byte hash: "${s}"`);
  const h = new Uint8Array(Buffer.from(s, 'base64'));
  if (h.length !== HASH_SIZE || hashToBase64(h) !== s) {
    throw new HashFormatError(`not the canonical base64 of a ${HASH_SIZE}-byte hash: "${s}"`);
  }
  return h;
}

/** The lower-case hex of a hash, for logs and messages. */
export function hashToHex(h: Hash): string {
  return Buffer.from(h.buffer, h.byteOffset, h.length).toString('hex');
}

/** Parses 64 hex digits (either case) into a hash. */
export function hashFromHex(s: string): Hash {
  if (!/^[0-9a-fA-F]{64}$/.test(s))
    throw new HashFormatError(`not the hex of a ${HASH_SIZE}-byte hash: "${s}"`);
  return new Uint8Array(Buffer.from(s, 'hex'));
}

function isHash(h: unknown): h is Hash {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

/** `2 ** l` when l is small, spelled as a function so the intent reads. */
function pow2(l: number): number {
  return 2 ** l;
}

/** The number of trailing zero bits of a positive safe integer. */
function trailingZeros(n: number): number {
  let z = 0;
  while (n > 0 && n % 2 === 0) {
    n /= 2;
    z++;
  }
  return z;
}

/** k, the largest power of two smaller than n (n ≥ 2), and l = log₂ k. */
function maxpow2(n: number): { k: number; l: number } {
  let l = 0;
  while (pow2(l + 1) < n) l++;
  return { k: pow2(l), l };
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`tlog: bad index math (index ${i} of ${xs.length})`);
  return x;
}

/**
 * Maps the tree coordinates (level, n), the n'th hash at that level, to the dense order hashes are stored in:
 * each leaf's hash is followed by the hashes of the subtrees it completes. Tiles and hash readers address
 * hashes this way, as Go's StoredHashIndex does.
 */
export function storedHashIndex(level: number, n: number): number {
  // Level L's n'th hash is written right after level L+1's 2n+1'th hash: work down to level 0, add the levels
  // back.
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  // Level 0's n'th hash is written at n + n/2 + n/4 + … (until n/2ⁱ is zero).
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

/** The inverse of storedHashIndex: the (level, n) that a stored hash index names. */
export function splitStoredHashIndex(index: number): { readonly level: number; readonly n: number } {
  // storedHashIndex(0, n) < 2n, so the record we want is in [index/2, index/2 + log₂ index].
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  if (indexN > index) throw new Error('tlog: bad math in splitStoredHashIndex');
  for (;;) {
    // Each record n adds 1 + trailingZeros(n + 1) hashes.
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  // The hash was stored with record n: it is one of (0, n), (1, n/2), (2, n/4), …
  const level = index - indexN;
  return { level, n: Math.floor(n / pow2(level)) };
}

/** How many hashes a tree of n records stores: every leaf, and every complete subtree's root. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  // The last leaf completes one subtree per trailing one bit of its index.
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) count++;
  return count;
}

/**
 * The hashes to store when appending record n (whose leaf hash is given), in stored-index order from
 * storedHashIndex(0, n): the leaf, then the roots of the subtrees it completes, read from `read` as needed.
 * A hash table store appends these; the tests build their reference store with it, as Go's do.
 */
export async function storedHashes(n: number, leaf: Hash, read: ReadHashes): Promise<Hash[]> {
  const m = trailingZeros(n + 1);
  const indexes: number[] = [];
  // In increasing order; n >> i is always odd here.
  for (let i = m - 1; i >= 0; i--) indexes.push(storedHashIndex(i, Math.floor(n / pow2(i)) - 1));
  const old = await readExactly(read, indexes);
  const hashes = [leaf];
  let h = leaf;
  for (let i = 0; i < m; i++) {
    h = nodeHash(at(old, m - 1 - i), h);
    hashes.push(h);
  }
  return hashes;
}

async function readExactly(read: ReadHashes, indexes: readonly number[]): Promise<readonly Hash[]> {
  if (indexes.length === 0) return [];
  const hashes = await read(indexes);
  checkRead(indexes, hashes);
  return hashes;
}

function checkRead(indexes: readonly number[], hashes: readonly Hash[]): void {
  if (hashes.length !== indexes.length) {
    throw new Error(`tlog: ReadHashes(${indexes.length} indexes) returned ${hashes.length} hashes`);
  }
}

/** The stored indexes of the complete subtrees that make up the records [lo, hi), left to right. */
function subTreeIndex(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const { k, l } = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new Error('tlog: bad math in subTreeIndex');
    need.push(storedHashIndex(l, lo / k));
    lo += k;
  }
  return need;
}

/**
 * The hash of the records [lo, hi) from the hashes subTreeIndex(lo, hi) asked for, which start at `from`;
 * returns it and where the unused hashes start. The left subtrees are complete and stored; the right fringe
 * is hashed up.
 */
function subTreeHash(lo: number, hi: number, hashes: readonly Hash[], from: number): [Hash, number] {
  let numTree = 0;
  while (lo < hi) {
    const { k } = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new Error('tlog: bad math in subTreeHash');
    numTree++;
    lo += k;
  }
  if (hashes.length - from < numTree) throw new Error('tlog: bad index math in subTreeHash');
  let h = at(hashes, from + numTree - 1);
  for (let i = numTree - 2; i >= 0; i--) h = nodeHash(at(hashes, from + i), h);
  return [h, from + numTree];
}

function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`tlog: ${name} ${n} is not a size`);
}

/**
 * The root hash of the tree of the first `size` records, from at most 1 + log₂ size stored hashes read at
 * once. The empty tree's root is EMPTY_TREE_HASH.
 */
export async function treeHash(size: number, read: ReadHashes): Promise<Hash> {
  checkSize('size', size);
  if (size === 0) return EMPTY_TREE_HASH;
  const indexes = subTreeIndex(0, size, []);
  const hashes = await readExactly(read, indexes);
  return subTreeHash(0, size, hashes, 0)[0];
}

/** treeHash with a synchronous reader. */
export function treeHashSync(size: number, read: ReadHashesSync): Hash {
  checkSize('size', size);
  if (size === 0) return EMPTY_TREE_HASH;
  const indexes = subTreeIndex(0, size, []);
  const hashes = read(indexes);
  checkRead(indexes, hashes);
  return subTreeHash(0, size, hashes, 0)[0];
}

/** The stored indexes needed to prove that leaf n is in the subtree [lo, hi) (RFC 6962 §2.1.1). */
function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo <= n && n < hi)) throw new Error('tlog: bad math in leafProofIndex');
  if (lo + 1 === hi) return need;
  const { k } = maxpow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

/** The proof that leaf n is in [lo, hi), from the hashes leafProofIndex asked for; appends to `proof`. */
function leafProof(
  lo: number,
  hi: number,
  n: number,
  hashes: readonly Hash[],
  from: number,
  proof: Hash[],
): number {
  if (!(lo <= n && n < hi)) throw new Error('tlog: bad math in leafProof');
  // At the leaf: the verifier knows its hash, so the proof does not carry it.
  if (lo + 1 === hi) return from;
  // Walk down towards n, recording the hash of the path not taken; the deepest sibling ends up first.
  const { k } = maxpow2(hi - lo);
  let th: Hash;
  if (n < lo + k) {
    from = leafProof(lo, lo + k, n, hashes, from, proof);
    [th, from] = subTreeHash(lo + k, hi, hashes, from);
  } else {
    [th, from] = subTreeHash(lo, lo + k, hashes, from);
    from = leafProof(lo + k, hi, n, hashes, from, proof);
  }
  proof.push(th);
  return from;
}

/**
 * The inclusion proof (RFC 6962's audit path) that the tree of `treeSize` records contains record `index`:
 * the leaf's sibling first, the root's child last. Throws a RangeError when the index is not in the tree.
 */
export async function proveRecord(treeSize: number, index: number, read: ReadHashes): Promise<Hash[]> {
  checkSize('tree size', treeSize);
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new RangeError(`tlog: record ${index} is not in a tree of ${treeSize}`);
  }
  const indexes = leafProofIndex(0, treeSize, index, []);
  const hashes = await readExactly(read, indexes);
  const proof: Hash[] = [];
  const used = leafProof(0, treeSize, index, hashes, 0, proof);
  if (used !== hashes.length) throw new Error('tlog: bad index math in proveRecord');
  return proof;
}

/** The root implied by running `proof` (its first `len` hashes) for leaf n in [lo, hi), or undefined. */
function runRecordProof(
  proof: readonly Hash[],
  len: number,
  lo: number,
  hi: number,
  n: number,
  leaf: Hash,
): Hash | undefined {
  if (lo + 1 === hi) return len === 0 ? leaf : undefined; // no unnecessary hashes
  if (len === 0) return undefined;
  const last = at(proof, len - 1);
  const { k } = maxpow2(hi - lo);
  if (n < lo + k) {
    const th = runRecordProof(proof, len - 1, lo, lo + k, n, leaf);
    return th && nodeHash(th, last);
  }
  const th = runRecordProof(proof, len - 1, lo + k, hi, n, leaf);
  return th && nodeHash(last, th);
}

/**
 * Whether `proof` shows that the tree of `treeSize` records with root `root` has `leaf` as record `index`. It
 * answers false, never throws, for anything malformed: a verifier meets proofs from strangers.
 */
export function checkRecord(
  proof: readonly Hash[],
  treeSize: number,
  root: Hash,
  index: number,
  leaf: Hash,
): boolean {
  if (!Number.isSafeInteger(treeSize) || !Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    return false;
  }
  if (!Array.isArray(proof) || !proof.every(isHash) || !isHash(root) || !isHash(leaf)) return false;
  // A valid proof has at most one hash per level; refusing longer ones bounds the work.
  if (proof.length > 64) return false;
  const th = runRecordProof(proof, proof.length, 0, treeSize, index, leaf);
  return th !== undefined && sameHash(th, root);
}

/** The stored indexes for the part of the consistency proof of size n in the subtree [lo, hi) (§2.1.2). */
function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo < n && n <= hi)) throw new Error('tlog: bad math in treeProofIndex');
  if (n === hi) return lo === 0 ? need : subTreeIndex(lo, hi, need);
  const { k } = maxpow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

/** The consistency sub-proof for [lo, hi) from the hashes treeProofIndex asked for; appends to `proof`. */
function treeProof(
  lo: number,
  hi: number,
  n: number,
  hashes: readonly Hash[],
  from: number,
  proof: Hash[],
): number {
  if (!(lo < n && n <= hi)) throw new Error('tlog: bad math in treeProof');
  if (n === hi) {
    // This subtree is exactly the old tree: the verifier knows its hash.
    if (lo === 0) return from;
    const [th, next] = subTreeHash(lo, hi, hashes, from);
    proof.push(th);
    return next;
  }
  const { k } = maxpow2(hi - lo);
  let th: Hash;
  if (n <= lo + k) {
    from = treeProof(lo, lo + k, n, hashes, from, proof);
    [th, from] = subTreeHash(lo + k, hi, hashes, from);
  } else {
    [th, from] = subTreeHash(lo, lo + k, hashes, from);
    from = treeProof(lo + k, hi, n, hashes, from, proof);
  }
  proof.push(th);
  return from;
}

/**
 * The consistency proof that the tree of `newSize` records has the tree of `oldSize` records as its prefix.
 * Both sizes must be at least 1 (every tree extends the empty one; there is nothing to prove).
 */
export async function proveTree(newSize: number, oldSize: number, read: ReadHashes): Promise<Hash[]> {
  checkSize('new size', newSize);
  checkSize('old size', oldSize);
  if (newSize < 1 || oldSize < 1 || oldSize > newSize) {
    throw new RangeError(`tlog: no consistency proof from ${oldSize} to ${newSize}`);
  }
  const indexes = treeProofIndex(0, newSize, oldSize, []);
  const hashes = await readExactly(read, indexes);
  const proof: Hash[] = [];
  const used = treeProof(0, newSize, oldSize, hashes, 0, proof);
  if (used !== hashes.length) throw new Error('tlog: bad index math in proveTree');
  return proof;
}

/** The (old, new) hashes of [lo, hi) implied by running the first `len` hashes of the proof, or undefined. */
function runTreeProof(
  proof: readonly Hash[],
  len: number,
  lo: number,
  hi: number,
  n: number,
  old: Hash,
): [Hash, Hash] | undefined {
  if (n === hi) {
    if (lo === 0) return len === 0 ? [old, old] : undefined;
    if (len !== 1) return undefined;
    const h = at(proof, 0);
    return [h, h];
  }
  if (len === 0) return undefined;
  const last = at(proof, len - 1);
  const { k } = maxpow2(hi - lo);
  if (n <= lo + k) {
    const r = runTreeProof(proof, len - 1, lo, lo + k, n, old);
    return r && [r[0], nodeHash(r[1], last)];
  }
  const r = runTreeProof(proof, len - 1, lo + k, hi, n, old);
  return r && [nodeHash(last, r[0]), nodeHash(last, r[1])];
}

/**
 * Whether `proof` shows that the tree of `newSize` records with root `newRoot` extends the tree of `oldSize`
 * records with root `oldRoot`. False, never an exception, for anything malformed.
 */
export function checkTree(
  proof: readonly Hash[],
  newSize: number,
  newRoot: Hash,
  oldSize: number,
  oldRoot: Hash,
): boolean {
  if (!Number.isSafeInteger(newSize) || !Number.isSafeInteger(oldSize)) return false;
  if (newSize < 1 || oldSize < 1 || oldSize > newSize) return false;
  if (!Array.isArray(proof) || !proof.every(isHash) || !isHash(newRoot) || !isHash(oldRoot)) return false;
  if (proof.length > 128) return false;
  const r = runTreeProof(proof, proof.length, 0, newSize, oldSize, oldRoot);
  return r !== undefined && sameHash(r[0], oldRoot) && sameHash(r[1], newRoot);
}
