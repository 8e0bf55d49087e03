import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../../shared/domain/tlog/checkpoint.ts';
import { cosignatureTimestamp, cosignatureVerifierKey } from '../../../shared/domain/tlog/cosignature.ts';
import {
  appendSignatureLines,
  ed25519NoteSigner,
  ed25519VerifierKey,
  openNote,
  parseVerifierKey,
  signNote,
} from '../../../shared/domain/tlog/note.ts';
import { addCheckpoint, witnessCosignatures } from '../../../shared/transparency/witness.ts';
import { startTestWitness, type TestWitness } from '../../support/witness.ts';

// A naive RFC 6962 Merkle tree, enough to make and check consistency proofs until merkle.ts lands.
const sha = (...parts: Uint8Array[]) =>
  new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());
const leaf = (i: number) => sha(Uint8Array.of(0), Buffer.from(`entry ${i}`));
const node = (l: Uint8Array, r: Uint8Array) => sha(Uint8Array.of(1), l, r);
const split = (n: number) => 2 ** Math.floor(Math.log2(n - 1));
function root(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  const k = split(leaves.length);
  return node(root(leaves.slice(0, k)), root(leaves.slice(k)));
}
function subproof(m: number, leaves: readonly Uint8Array[], whole: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return whole ? [] : [root(leaves)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), whole), root(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), root(leaves.slice(0, k))];
}
/** RFC 9162 §2.1.4.2. */
function checkConsistency(
  proof: readonly Uint8Array[],
  second: number,
  secondHash: Uint8Array,
  first: number,
  firstHash: Uint8Array,
): boolean {
  const eq = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (first === second) return proof.length === 0 && eq(firstHash, secondHash);
  if (first === 0 || first > second || proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (!(fn & 1)) {
        do {
          fn >>= 1;
          sn >>= 1;
        } while (!(fn & 1) && fn !== 0);
      }
    } else {
      sr = node(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return eq(fr, firstHash) && eq(sr, secondHash) && sn === 0;
}

const ORIGIN = 'gongshi.example/log';
const pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const LOG_KEY = pem();
const WITNESS_KEY = pem();
const WITNESS_VKEY = cosignatureVerifierKey('witness.example/w1', WITNESS_KEY);
const leaves = Array.from({ length: 20 }, (_, i) => leaf(i));
const checkpointAt = (size: number, key = LOG_KEY) =>
  signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash: root(leaves.slice(0, size)) }), [
    ed25519NoteSigner(ORIGIN, key),
  ]);
const proofFrom = (size: number) => (old: number) => subproof(old, leaves.slice(0, size), true);

let witness: TestWitness | undefined;
afterEach(async () => {
  await witness?.close();
  witness = undefined;
});
async function start(): Promise<TestWitness> {
  witness = await startTestWitness({
    name: 'witness.example/w1',
    privateKeyPem: WITNESS_KEY,
    logs: { [ORIGIN]: [ed25519VerifierKey(ORIGIN, LOG_KEY)] },
    checkConsistency,
    now: () => 1_765_000_000,
  });
  return witness;
}

describe('the naive consistency checker the test witness uses', () => {
  it('accepts RFC 6962 proofs and refuses a wrong root', () => {
    for (let n = 1; n <= 12; n++) {
      for (let m = 1; m < n; m++) {
        const proof = subproof(m, leaves.slice(0, n), true);
        const [rm, rn] = [root(leaves.slice(0, m)), root(leaves.slice(0, n))];
        expect(checkConsistency(proof, n, rn, m, rm), `${m}→${n}`).toBe(true);
        expect(checkConsistency(proof, n, rm, m, rm), `${m}→${n} wrong`).toBe(false);
      }
    }
  });
});

describe('witness client ↔ a real witness over HTTP (c2sp.org/tlog-witness)', () => {
  it('cosigns a first checkpoint (old 0); the lines verify under the witness vkey', async () => {
    const w = await start();
    const note = checkpointAt(5);
    const { lines, outcomes } = await witnessCosignatures({
      note,
      size: 5,
      witnesses: [{ url: w.url, vkey: WITNESS_VKEY }],
      proofFrom: proofFrom(5),
      fetch,
    });
    expect(outcomes).toMatchObject([{ url: w.url, result: { kind: 'cosigned' }, witnessSize: 5 }]);
    expect(lines).toHaveLength(1);
    const published = appendSignatureLines(note, lines);
    const opened = openNote(published, [
      parseVerifierKey(ed25519VerifierKey(ORIGIN, LOG_KEY)),
      parseVerifierKey(WITNESS_VKEY),
    ]);
    expect(opened.verified).toHaveLength(2);
    expect(cosignatureTimestamp(opened.verified[1] as never)).toBe(1_765_000_000);
    expect(w.latest(ORIGIN)?.size).toBe(5);
  });

  it('answers 409 with its size when old mismatches; the client retries with a proof from that size', async () => {
    const w = await start();
    await addCheckpoint({ url: w.url, oldSize: 0, proof: [], note: checkpointAt(5), fetch });
    expect(
      await addCheckpoint({ url: w.url, oldSize: 3, proof: proofFrom(9)(3), note: checkpointAt(9), fetch }),
    ).toEqual({
      kind: 'conflict',
      witnessSize: 5,
    });
    const before = w.requests();
    const { lines, outcomes } = await witnessCosignatures({
      note: checkpointAt(9),
      size: 9,
      witnesses: [{ url: `${w.url}/`, vkey: WITNESS_VKEY }],
      proofFrom: proofFrom(9),
      fetch,
    });
    expect(w.requests() - before).toBe(2);
    expect(outcomes[0]?.result.kind).toBe('cosigned');
    expect(lines).toHaveLength(1);
    expect(w.latest(ORIGIN)?.size).toBe(9);
    // Resubmitting the same checkpoint from its own size is fine; a different root at that size is not.
    expect(
      (await addCheckpoint({ url: w.url, oldSize: 9, proof: [], note: checkpointAt(9), fetch })).kind,
    ).toBe('cosigned');
    const fork = signNote(formatCheckpoint({ origin: ORIGIN, size: 9, rootHash: sha(Buffer.from('fork')) }), [
      ed25519NoteSigner(ORIGIN, LOG_KEY),
    ]);
    expect((await addCheckpoint({ url: w.url, oldSize: 9, proof: [], note: fork, fetch })).kind).toBe(
      'inconsistent',
    );
  });

  it('refuses a bad proof (422), a bad log signature (403), an unknown log (404), old beyond new (400)', async () => {
    const w = await start();
    await addCheckpoint({ url: w.url, oldSize: 0, proof: [], note: checkpointAt(5), fetch });
    const badProof = proofFrom(9)(5).map((h, i) => (i === 0 ? sha(h) : h));
    expect(
      (await addCheckpoint({ url: w.url, oldSize: 5, proof: badProof, note: checkpointAt(9), fetch })).kind,
    ).toBe('inconsistent');
    expect(
      (
        await addCheckpoint({
          url: w.url,
          oldSize: 5,
          proof: proofFrom(9)(5),
          note: checkpointAt(9, pem()),
          fetch,
        })
      ).kind,
    ).toBe('forbidden');
    const note = checkpointAt(9);
    const tampered = note.replace('\n9\n', '\n8\n');
    expect(
      (await addCheckpoint({ url: w.url, oldSize: 5, proof: proofFrom(8)(5), note: tampered, fetch })).kind,
    ).toBe('forbidden');
    const other = signNote(
      formatCheckpoint({ origin: 'other.example/log', size: 1, rootHash: leaves[0] as Uint8Array }),
      [ed25519NoteSigner('other.example/log', LOG_KEY)],
    );
    expect((await addCheckpoint({ url: w.url, oldSize: 0, proof: [], note: other, fetch })).kind).toBe(
      'unknown_log',
    );
    expect(
      (await addCheckpoint({ url: w.url, oldSize: 10, proof: [new Uint8Array(32)], note, fetch })).kind,
    ).toBe('bad_request');
    expect(w.latest(ORIGIN)?.size).toBe(5);
  });

  it('a witness that is down or silent is an outcome, never an exception', async () => {
    const closed = await start();
    const url = closed.url;
    await closed.close();
    witness = undefined;
    const down = await addCheckpoint({ url, oldSize: 0, proof: [], note: checkpointAt(1), fetch });
    expect(down.kind).toBe('unreachable');

    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const slow = await addCheckpoint({
        url: silentUrl,
        oldSize: 0,
        proof: [],
        note: checkpointAt(1),
        fetch,
        timeoutMs: 200,
      });
      expect(slow.kind).toBe('unreachable');
      const both = await witnessCosignatures({
        note: checkpointAt(1),
        size: 1,
        witnesses: [
          { url, vkey: WITNESS_VKEY },
          { url: silentUrl, vkey: WITNESS_VKEY },
        ],
        proofFrom: proofFrom(1),
        fetch,
        timeoutMs: 200,
      });
      expect(both.lines).toEqual([]);
      expect(both.outcomes.map((o) => o.result.kind)).toEqual(['unreachable', 'unreachable']);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('drops cosignatures that do not verify under the configured vkey', async () => {
    const w = await start();
    const { lines, outcomes } = await witnessCosignatures({
      note: checkpointAt(3),
      size: 3,
      witnesses: [{ url: w.url, vkey: cosignatureVerifierKey('witness.example/w1', pem()) }],
      proofFrom: proofFrom(3),
      fetch,
    });
    expect(lines).toEqual([]);
    expect(outcomes[0]?.result.kind).toBe('bad_cosignature');
  });
});
