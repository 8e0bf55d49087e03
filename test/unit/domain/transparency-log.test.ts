import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../shared/domain/audit.ts';
import { canonicalJson } from '../../../shared/domain/canonical-json.ts';
import {
  appendLogEntry,
  checkCheckpointSignature,
  checkLogDraft,
  checkLogRun,
  checkpointMessage,
  chunkOf,
  EMPTY_LOG,
  firstSeqOf,
  hashLogEntry,
  headOfEntry,
  keyIdOf,
  type LogDraft,
  type LogEntry,
  lastSeqOf,
  logMarker,
  publicKeyPemOf,
  SigningKeyError,
  sha256Hex,
  signCheckpoint,
} from '../../../shared/domain/transparency-log.ts';

const pem = (type: 'ed25519' | 'ed448') =>
  generateKeyPairSync(type as 'ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
const KEY = pem('ed25519');
const OTHER = pem('ed25519');

function draft(n: number, over: Partial<LogDraft> = {}): LogDraft {
  const id = `D${String(n).padStart(4, '0')}`;
  return {
    time: new Date(Date.UTC(2025, 8, 29, 2, 0, n)).toISOString(),
    decisionId: id,
    action: 'publish',
    revision: 1,
    document: `decisions/${id}.json`,
    sha256: sha256Hex(`{"id":"${id}"}\n`),
    ...over,
  };
}

function logOf(count: number): LogEntry[] {
  const entries: LogEntry[] = [];
  let head = EMPTY_LOG;
  for (let n = 1; n <= count; n++) {
    const entry = appendLogEntry(head, draft(n));
    entries.push(entry);
    head = headOfEntry(entry);
  }
  return entries;
}

describe('the transparency log chain', () => {
  it('numbers entries from 1, links the first to 64 zeros and each to the hash of the one before', () => {
    const [first, second] = logOf(2) as [LogEntry, LogEntry];
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(headOfEntry(second)).toEqual({ size: 2, headHash: second.hash, time: second.time });
  });

  it('hashes the canonical JSON of everything but the hash, so a reader can recompute it', () => {
    const [entry] = logOf(1) as [LogEntry];
    const { hash, ...rest } = entry;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    expect(hashLogEntry(entry)).toBe(hash);
  });

  it('finds nothing wrong with a log as it was written', () => {
    expect(checkLogRun(logOf(12))).toEqual([]);
  });

  it('names an entry edited in place: its content no longer matches its hash', () => {
    const log = logOf(5);
    log[2] = { ...(log[2] as LogEntry), sha256: sha256Hex('something else') };
    expect(checkLogRun(log)).toEqual([
      expect.objectContaining({ problem: 'hash_mismatch', index: 2, seq: 3 }),
    ]);
  });

  it('names an entry edited and rehashed at the link of the next one', () => {
    const log = logOf(5);
    const edited = { ...(log[2] as LogEntry), decisionId: 'D9999' };
    log[2] = { ...edited, hash: hashLogEntry(edited) };
    expect(checkLogRun(log)).toEqual([expect.objectContaining({ problem: 'broken_link', seq: 4 })]);
  });

  it('names a deleted entry once, where the gap is', () => {
    const log = logOf(5);
    log.splice(2, 1);
    const findings = checkLogRun(log);
    expect(findings).toEqual([expect.objectContaining({ problem: 'sequence_gap', seq: 4 })]);
    expect(findings[0]?.message).toContain('entries 3–3 are missing');
  });

  it('names entries that were reordered', () => {
    const log = logOf(5);
    [log[1], log[2]] = [log[2] as LogEntry, log[1] as LogEntry];
    expect(checkLogRun(log).map((f) => f.problem)).toContain('sequence_gap');
  });

  it('continues a run from a given head, as a chunk continues the one before', () => {
    const log = logOf(6);
    const head = headOfEntry(log[2] as LogEntry);
    expect(checkLogRun(log.slice(3), head)).toEqual([]);
    expect(checkLogRun(log.slice(4), head)).toHaveLength(1);
  });

  it('detects any single change to a log, or a shorter head (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 25 }),
        fc.nat(),
        fc.constantFrom('edit', 'rehash', 'delete', 'swap', 'duplicate'),
        (count, at, mutation) => {
          const log = logOf(count);
          const original = headOfEntry(log.at(-1) as LogEntry);
          const i = at % count;
          const entry = log[i] as LogEntry;
          if (mutation === 'edit') log[i] = { ...entry, time: '2030-01-01T00:00:00.000Z' };
          if (mutation === 'rehash') {
            const edited = { ...entry, action: 'withdraw' as const, reason: 'revoked', sha256: null };
            log[i] = { ...edited, hash: hashLogEntry(edited) };
          }
          if (mutation === 'delete') log.splice(i, 1);
          if (mutation === 'swap') {
            const j = (i + 1) % count;
            [log[i], log[j]] = [log[j] as LogEntry, entry];
          }
          if (mutation === 'duplicate') log.splice(i, 0, entry);
          const last = log.at(-1);
          const head = last ? headOfEntry(last) : EMPTY_LOG;
          const found =
            checkLogRun(log).length > 0 || head.size !== original.size || head.headHash !== original.headHash;
          expect(found).toBe(true);
        },
      ),
    );
  });

  it('refuses drafts it could not stand behind', () => {
    expect(() => checkLogDraft(draft(1, { sha256: 'abc' }))).toThrow('64 hex digits');
    expect(() => checkLogDraft(draft(1, { sha256: null }))).toThrow('a publication leaves a document');
    expect(() => checkLogDraft(draft(1, { revision: 0 }))).toThrow('names the revision');
    expect(() => checkLogDraft(draft(1, { action: 'withdraw' }))).toThrow('names its reason');
    expect(() => checkLogDraft(draft(1, { time: 'yesterday' }))).toThrow('ISO instant');
    expect(() =>
      checkLogDraft(draft(1, { action: 'withdraw', reason: 'expired', sha256: null })),
    ).not.toThrow();
  });

  it('marks each public event of a decision once: a revision published, the withdrawal', () => {
    expect(logMarker({ action: 'publish', revision: 1 })).toBe('REV#00001');
    expect(logMarker({ action: 'correct', revision: 12 })).toBe('REV#00012');
    expect(logMarker({ action: 'withdraw' })).toBe('WITHDRAW');
  });

  it('puts 1000 entries in a chunk', () => {
    expect([1, 1000, 1001, 2000, 2001].map(chunkOf)).toEqual([0, 0, 1, 1, 2]);
    expect([firstSeqOf(0), lastSeqOf(0), firstSeqOf(3), lastSeqOf(3)]).toEqual([1, 1000, 3001, 4000]);
    expect(() => chunkOf(0)).toThrow(RangeError);
  });
});

describe('checkpoints', () => {
  const body = { size: 42, headHash: sha256Hex('head'), time: '2025-10-09T02:15:00.000Z' };

  it('sign the canonical JSON of size, headHash and time with Ed25519', () => {
    const checkpoint = signCheckpoint(body, KEY.privateKey, 37);
    expect(checkpointMessage(checkpoint)).toBe(
      `{"headHash":"${body.headHash}","size":42,"time":"2025-10-09T02:15:00.000Z"}`,
    );
    expect(checkpoint).toMatchObject({ ...body, algorithm: 'Ed25519', previous: 37 });
    expect(Buffer.from(checkpoint.signature, 'base64')).toHaveLength(64);
    expect(checkpoint.keyId).toBe(keyIdOf(KEY.publicKey));
    expect(checkCheckpointSignature(checkpoint, KEY.publicKey)).toBe('valid');
  });

  it('derive the public key and its id from the private key', () => {
    expect(publicKeyPemOf(KEY.privateKey)).toBe(KEY.publicKey);
    expect(keyIdOf(KEY.publicKey)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyIdOf(OTHER.publicKey)).not.toBe(keyIdOf(KEY.publicKey));
  });

  it('no longer verify once any signed field changes', () => {
    const checkpoint = signCheckpoint(body, KEY.privateKey);
    for (const forged of [
      { ...checkpoint, size: 43 },
      { ...checkpoint, headHash: sha256Hex('other head') },
      { ...checkpoint, time: '2025-10-09T02:30:00.000Z' },
      { ...checkpoint, signature: Buffer.alloc(64).toString('base64') },
      { ...checkpoint, signature: 'short' },
    ]) {
      expect(checkCheckpointSignature(forged, KEY.publicKey)).toBe('invalid');
    }
  });

  it('tell a checkpoint signed by another key from a forged one', () => {
    const foreign = signCheckpoint(body, OTHER.privateKey);
    expect(checkCheckpointSignature(foreign, KEY.publicKey)).toBe('other_key');
    // Claiming the right key id does not help a signature made with another key.
    expect(checkCheckpointSignature({ ...foreign, keyId: keyIdOf(KEY.publicKey) }, KEY.publicKey)).toBe(
      'invalid',
    );
  });

  it('refuse a key that is not an Ed25519 private key, and checkpoints that say nothing', () => {
    expect(() => signCheckpoint(body, 'not a key')).toThrow(SigningKeyError);
    expect(() => signCheckpoint(body, pem('ed448').privateKey)).toThrow('not Ed25519');
    expect(() => signCheckpoint({ ...body, size: 0 }, KEY.privateKey)).toThrow(RangeError);
    expect(() => signCheckpoint(body, KEY.privateKey, 42)).toThrow('must be smaller');
  });
});
