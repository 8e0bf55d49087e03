/**
 * The checkpoint's witnesses (c2sp.org/tlog-witness) over real HTTP, and the SM2 co-signature end to end: a test
 * witness on 127.0.0.1 cosigns each checkpoint, and is sent a consistency proof from the size it cosigned last;
 * a witness that is down leaves the checkpoint published without its line. Readers keep the stock signed-note
 * rule: a signature by a key they do not know (a witness's, the SM2 one) is ignored, never a failure.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../../shared/domain/tlog/checkpoint.ts';
import { cosignatureSigner, cosignatureVerifierKey } from '../../../shared/domain/tlog/cosignature.ts';
import { checkTree } from '../../../shared/domain/tlog/merkle.ts';
import {
  appendSignatureLines,
  ed25519VerifierKey,
  openNote,
  parseVerifierKey,
  signNote,
} from '../../../shared/domain/tlog/note.ts';
import { sm2VerifierKey } from '../../../shared/domain/tlog/sm2.ts';
import type { SigningKeySource } from '../../../shared/ports.ts';
import { verifySite } from '../../../shared/transparency/verify.ts';
import { checkProofFile } from '../../../shared/transparency/verify-tlog.ts';
import { parseWitnessList } from '../../../shared/transparency/witness.ts';
import { startTestWitness, type TestWitness } from '../../support/witness.ts';
import { fetcherOf, KEY, keyPair, platform, SITE_URL, tamper } from './scenario.ts';

const ORIGIN = 'gongshi.example/tlog';
const LOG_VKEY = ed25519VerifierKey(ORIGIN, KEY.privateKey);

type Platform = ReturnType<typeof platform>;

const body = (p: Platform, key: string) => {
  const object = p.site.objects.get(key);
  if (!object) throw new Error(`no ${key}`);
  return object.body;
};
const signatureLines = (note: string) => (note.split('\n\n')[1] ?? '').split('\n').filter((l) => l !== '');
const verify = (p: Platform, more: { vkeys?: string[] } = {}) =>
  verifySite({ siteUrl: SITE_URL, fetch: fetcherOf(p.site), now: p.now(), ...more });

const running: TestWitness[] = [];
afterEach(async () => {
  for (let w = running.pop(); w; w = running.pop()) await w.close();
});

async function witness(name: string, logVkeys: readonly string[] = [LOG_VKEY]) {
  const key = keyPair();
  const started = await startTestWitness({
    name,
    privateKeyPem: key.privateKey,
    logs: { [ORIGIN]: logVkeys },
    checkConsistency: checkTree,
  });
  running.push(started);
  return { server: started, vkey: cosignatureVerifierKey(name, key.publicKey) };
}

function sm2Pem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

describe('witnessed checkpoints (tlog-witness add-checkpoint)', () => {
  it('publishes the witness’s cosignature in tlog/checkpoint, and proves the next one consistent from the size it cosigned', async () => {
    const w = await witness('witness.example/w1');
    const p = platform({ witnesses: [{ url: w.server.url, vkey: w.vkey }] });
    await p.scenario();
    const first = await p.checkpoint();
    expect(first.tiled.witnesses).toEqual([
      expect.objectContaining({ url: w.server.url, result: expect.objectContaining({ kind: 'cosigned' }) }),
    ]);
    const note = body(p, 'tlog/checkpoint');
    expect(note).toBe(first.tiled.checkpoint);
    const lines = signatureLines(note);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^— witness\.example\/w1 /);
    // The cosignature verifies with the witness's cosignature/v1 vkey alone, over the log's checkpoint text.
    const cosigned = openNote(note, [parseVerifierKey(w.vkey)]);
    expect(cosigned.verified.map((s) => s.name)).toEqual(['witness.example/w1']);
    expect(parseCheckpoint(cosigned.text).size).toBe(7);
    expect(w.server.latest(ORIGIN)?.size).toBe(7);
    expect((await p.log.tree())?.witnessed).toEqual({ [w.server.url]: 7 });
    expect((await verify(p)).problems).toEqual([]);

    // The next checkpoint: sent with old size 7 and a consistency proof 7 → 8, which the witness checks
    // (checkTree) and accepts at once: one request, no 409 round trip.
    await p.published();
    const second = await p.checkpoint();
    expect(second.tiled.size).toBe(8);
    expect(second.tiled.witnesses[0]).toMatchObject({ result: { kind: 'cosigned' }, witnessSize: 8 });
    expect(w.server.requests()).toBe(2);
    expect(w.server.latest(ORIGIN)?.size).toBe(8);
    const next = body(p, 'tlog/checkpoint');
    expect(parseCheckpoint(openNote(next, [parseVerifierKey(w.vkey)]).text).size).toBe(8);
    expect(signatureLines(next)).toHaveLength(2);
    // The proof files carry the cosigned checkpoint, and hold with the log's key alone.
    const proofs = [...p.site.objects.keys()].filter((k) => k.endsWith('.tlog-proof'));
    for (const key of proofs) {
      expect(checkProofFile(body(p, key), [parseVerifierKey(LOG_VKEY)], ORIGIN), key).toMatchObject({
        ok: true,
      });
    }
    expect((await verify(p)).problems).toEqual([]);
  });

  it('publishes the checkpoint without the line of a witness that is down, and says it was unreachable', async () => {
    const up = await witness('witness.example/up');
    const down = await witness('witness.example/down');
    await down.server.close();
    running.splice(running.indexOf(down.server), 1);
    const p = platform({
      witnesses: [
        { url: up.server.url, vkey: up.vkey },
        { url: down.server.url, vkey: down.vkey },
      ],
    });
    await p.scenario();
    const result = await p.checkpoint();
    expect(result.tiled.created).toBe(true);
    const byUrl = new Map(result.tiled.witnesses.map((o) => [o.url, o.result.kind]));
    expect(byUrl.get(up.server.url)).toBe('cosigned');
    expect(byUrl.get(down.server.url)).toBe('unreachable');
    const note = body(p, 'tlog/checkpoint');
    expect(signatureLines(note).map((l) => l.split(' ')[1])).toEqual([ORIGIN, 'witness.example/up']);
    expect((await p.log.tree())?.witnessed).toEqual({ [up.server.url]: 7 });
    expect((await verify(p)).problems).toEqual([]);
  });

  it('lets a reader verify a checkpoint that carries a cosignature from a key they do not know', async () => {
    const p = platform();
    await p.scenario();
    await p.checkpoint();
    // An extra cosignature, as an outside witness adds it: valid, but by a key no reader here was given.
    const stranger = keyPair();
    const signer = cosignatureSigner('stranger.example/witness', stranger.privateKey, () => 1_760_000_000);
    await tamper(p.site, 'tlog/checkpoint', (note) => {
      const text = `${note.split('\n\n')[0]}\n`;
      const line = signNote(text, [signer]).slice(text.length + 1);
      return appendSignatureLines(note, [line]);
    });
    expect(signatureLines(body(p, 'tlog/checkpoint'))).toHaveLength(2);
    expect((await verify(p)).problems).toEqual([]);
    expect((await verify(p, { vkeys: [LOG_VKEY] })).problems).toEqual([]);
    // A line that claims the log's own key but does not verify is still a failure.
    await tamper(p.site, 'tlog/checkpoint', (note) => {
      const [text, sigs] = note.split('\n\n') as [string, string];
      const [own, ...rest] = sigs.split('\n');
      const forged = (own as string).replace(/.{4}$/, (tail) => (tail === 'AAAA' ? 'BBBB' : 'AAAA'));
      return `${text}\n\n${[forged, ...rest].join('\n')}`;
    });
    expect((await verify(p)).problems).toContainEqual({
      object: 'tlog/checkpoint',
      message: expect.stringContaining('does not verify'),
    });
  });
});

describe('the SM2 co-signature, end to end', () => {
  const sm2 = sm2Pem();
  const signingKey: SigningKeySource = {
    privateKeyPem: async () => KEY.privateKey,
    sm2PrivateKeyPem: async () => sm2,
  };

  it('signs the checkpoint with Ed25519 and SM2, publishes both vkeys, and verifies', async () => {
    const p = platform({ signingKey });
    await p.scenario();
    await p.checkpoint();
    const note = body(p, 'tlog/checkpoint');
    const lines = signatureLines(note);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.startsWith(`— ${ORIGIN} `))).toBe(true);
    const sm2Vkey = sm2VerifierKey(ORIGIN, sm2);
    expect(body(p, 'transparency/log.vkey')).toBe(`${LOG_VKEY}\n${sm2Vkey}\n`);
    // Each line verifies under its own key.
    expect(openNote(note, [parseVerifierKey(sm2Vkey)]).verified).toHaveLength(1);
    expect(openNote(note, [parseVerifierKey(LOG_VKEY), parseVerifierKey(sm2Vkey)]).verified).toHaveLength(2);
    expect((await verify(p)).problems).toEqual([]);
    // A reader who pinned only the Ed25519 key: the SM2 line is an unknown signature to them.
    const edOnly = openNote(note, [parseVerifierKey(LOG_VKEY)]);
    expect(edOnly.unverified).toHaveLength(1);
    expect((await verify(p, { vkeys: [LOG_VKEY] })).problems).toEqual([]);
  });

  it('names tlog/checkpoint when its SM2 signature line was tampered with', async () => {
    const p = platform({ signingKey });
    await p.scenario();
    await p.checkpoint();
    const sm2Vkey = sm2VerifierKey(ORIGIN, sm2);
    const sm2KeyId = sm2Vkey.split('+')[1] as string;
    await tamper(p.site, 'tlog/checkpoint', (note) => {
      const [text, sigs] = note.split('\n\n') as [string, string];
      const edited = sigs
        .split('\n')
        .map((line) => {
          if (line === '') return line;
          const raw = Buffer.from(line.split(' ')[2] as string, 'base64');
          if (raw.subarray(0, 4).toString('hex') !== sm2KeyId) return line;
          raw[10] = (raw[10] ?? 0) ^ 1;
          return `— ${ORIGIN} ${raw.toString('base64')}`;
        })
        .join('\n');
      expect(edited).not.toBe(sigs);
      return `${text}\n\n${edited}`;
    });
    expect((await verify(p)).problems).toContainEqual({
      object: 'tlog/checkpoint',
      message: expect.stringContaining('does not verify'),
    });
    // The Ed25519-only reader does not check the SM2 line, and still accepts the checkpoint.
    expect((await verify(p, { vkeys: [LOG_VKEY] })).problems).toEqual([]);
  });

  it('is cosigned by a witness that knows the log by its Ed25519 key only', async () => {
    const w = await witness('witness.example/w1');
    const p = platform({ signingKey, witnesses: [{ url: w.server.url, vkey: w.vkey }] });
    await p.scenario();
    const result = await p.checkpoint();
    expect(result.tiled.witnesses[0]?.result.kind).toBe('cosigned');
    expect(signatureLines(body(p, 'tlog/checkpoint'))).toHaveLength(3);
    expect((await verify(p)).problems).toEqual([]);
  });
});

describe('the witness list (TLOG_WITNESSES, -c tlogWitnesses)', () => {
  const vkey = cosignatureVerifierKey('witness.example/w1', keyPair().publicKey);

  it('reads a JSON array of {url, vkey}; empty is none', () => {
    expect(parseWitnessList('')).toEqual([]);
    expect(parseWitnessList('[]')).toEqual([]);
    expect(parseWitnessList(JSON.stringify([{ url: 'https://w.example/w1', vkey }]))).toEqual([
      { url: 'https://w.example/w1', vkey },
    ]);
  });

  it('fails loudly on anything else, naming each problem', () => {
    expect(() => parseWitnessList('{')).toThrow(/not JSON/);
    expect(() => parseWitnessList('{"url":"x"}')).toThrow(/JSON array/);
    expect(() => parseWitnessList(JSON.stringify([{ url: 'ftp://w.example', vkey }]))).toThrow(
      /http\(s\) URL/,
    );
    expect(() => parseWitnessList(JSON.stringify([{ url: 'https://w.example', vkey: 'nope' }]))).toThrow(
      /witness 0: "vkey"/,
    );
    // The log's own kind of key (Ed25519, 0x01) is no witness key.
    expect(() => parseWitnessList(JSON.stringify([{ url: 'https://w.example', vkey: LOG_VKEY }]))).toThrow(
      /cosignature\/v1/,
    );
    expect(() =>
      parseWitnessList(
        JSON.stringify([
          { url: 'https://w.example/', vkey },
          { url: 'https://w.example', vkey },
        ]),
      ),
    ).toThrow(/the same witness twice/);
    expect(() => parseWitnessList(JSON.stringify([{ url: 'https://w.example', vkey, size: 3 }]))).toThrow(
      /unknown "size"/,
    );
  });
});
