/**
 * An independent, deliberately naive RFC 6962 implementation for the tlog tests to compare against: the
 * definitions of §2.1 written out recursively over a list of leaf hashes, with none of the stored-index
 * machinery the library uses.
 */
import { createHash } from 'node:crypto';

export function sha(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

export const refLeaf = (data: Uint8Array): Uint8Array => sha(Uint8Array.of(0), data);
export const refNode = (l: Uint8Array, r: Uint8Array): Uint8Array => sha(Uint8Array.of(1), l, r);

/** The largest power of two smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function get(xs: readonly Uint8Array[], i: number): Uint8Array {
  const x = xs[i];
  if (x === undefined) throw new Error(`no leaf ${i}`);
  return x;
}

/** MTH(D[n]) over leaf hashes. */
export function refRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return get(leaves, 0);
  const k = split(leaves.length);
  return refNode(refRoot(leaves.slice(0, k)), refRoot(leaves.slice(k)));
}

/** PATH(m, D[n]) of §2.1.1. */
export function refPath(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...refPath(m, leaves.slice(0, k)), refRoot(leaves.slice(k))]
    : [...refPath(m - k, leaves.slice(k)), refRoot(leaves.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) of §2.1.2. */
function subproof(m: number, leaves: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [refRoot(leaves)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), b), refRoot(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), refRoot(leaves.slice(0, k))];
}

/** PROOF(m, D[n]): the consistency proof from the first m leaves to all of them. */
export function refConsistency(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, leaves, true);
}

/** Cheap distinct leaf hashes for big trees: the hash of the index, not a leaf hash of any data. */
export function syntheticLeaves(from: number, to: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = from; i < to; i++) {
    const b = new Uint8Array(32);
    new DataView(b.buffer).setUint32(0, i);
    b[31] = 0x5a;
    out.push(b);
  }
  return out;
}

/** The root of a big tree level by level (iterative, so 70,000 leaves do not recurse deeply or copy). */
export function refRootIterative(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha();
  // MTH splits at the largest power of two below n: equivalent to hashing perfect subtrees left to right and
  // folding the right fringe, which is what this does.
  const peaks: Uint8Array[] = [];
  let lo = 0;
  const n = leaves.length;
  while (lo < n) {
    let k = 1;
    while (k * 2 <= n - lo) k *= 2;
    let level = leaves.slice(lo, lo + k);
    while (level.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(refNode(get(level, i), get(level, i + 1)));
      level = next;
    }
    peaks.push(get(level, 0));
    lo += k;
  }
  let h = get(peaks, peaks.length - 1);
  for (let i = peaks.length - 2; i >= 0; i--) h = refNode(get(peaks, i), h);
  return h;
}
