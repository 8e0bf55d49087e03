import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from '../../../shared/domain/tlog/checkpoint.ts';
import {
  cosignatureSigner,
  cosignatureTimestamp,
  cosignatureVerifierKey,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  parseAddCheckpointResponse,
} from '../../../shared/domain/tlog/cosignature.ts';
import {
  ed25519NoteSigner,
  ed25519VerifierKey,
  type NoteError,
  openNote,
  parseVerifierKey,
  signNote,
} from '../../../shared/domain/tlog/note.ts';
import { formatTlogProof, parseTlogProof } from '../../../shared/domain/tlog/proof-file.ts';

const ROOT = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');
const SPEC_TEXT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

function pem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as NoteError).code ?? 'not a NoteError';
  }
  return undefined;
}

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it('formats the spec’s example and reads it back', () => {
    const text = formatCheckpoint({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: ROOT });
    expect(text).toBe(SPEC_TEXT);
    const parsed = parseCheckpoint(text);
    expect(parsed).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      rootHash: new Uint8Array(ROOT),
      extensions: [],
    });
    const withExt = formatCheckpoint({ origin: 'o', size: 0, rootHash: ROOT, extensions: ['ext one'] });
    expect(parseCheckpoint(withExt).extensions).toEqual(['ext one']);
  });

  it('refuses leading zeros, short hashes, empty lines and missing lines', () => {
    const h = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    for (const text of [
      `o\n01\n${h}\n`,
      `o\n-1\n${h}\n`,
      `o\n1 \n${h}\n`,
      `o\n1\nAAAA\n`,
      `o\n1\n${h}`,
      `o\n1\n${h}\n\n`,
      `o\n1\n${h}\next\n\n`,
      `\n1\n${h}\n`,
      `o\n1\n`,
      `o\n1\n${h.replace('=', '')}\n`,
    ]) {
      expect(
        codeOf(() => parseCheckpoint(text)),
        JSON.stringify(text),
      ).toBe('malformed');
    }
    expect(parseCheckpoint(`o\n0\n${h}\n`).size).toBe(0);
    expect(codeOf(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: ROOT, extensions: [''] }))).toBe(
      'malformed',
    );
    expect(codeOf(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: ROOT }))).toBe('malformed');
    expect(codeOf(() => formatCheckpoint({ origin: 'o\nx', size: 1, rootHash: ROOT }))).toBe('malformed');
  });
});

describe('cosignature/v1 (c2sp.org/tlog-cosignature)', () => {
  it('signs "cosignature/v1\\ntime <t>\\n" + the checkpoint, prefixed by the 8-byte timestamp', () => {
    const log = pem();
    const witness = pem();
    const logVkey = ed25519VerifierKey('example.com/behind-the-sofa', log);
    const witnessVkey = cosignatureVerifierKey('witness.example.com/w1', witness);
    expect(witnessVkey).toMatch(/^witness\.example\.com\/w1\+[0-9a-f]{8}\+/);
    expect(Buffer.from(witnessVkey.split('+').slice(2).join('+'), 'base64')[0]).toBe(0x04);
    const note = signNote(SPEC_TEXT, [
      ed25519NoteSigner('example.com/behind-the-sofa', log),
      cosignatureSigner('witness.example.com/w1', witness, () => 1679315147),
    ]);
    const opened = openNote(note, [parseVerifierKey(logVkey), parseVerifierKey(witnessVkey)]);
    expect(opened.verified).toHaveLength(2);
    const cosig = opened.verified[1];
    expect(cosig && cosignatureTimestamp(cosig)).toBe(1679315147);
    const raw = Buffer.from(cosig?.base64 ?? '', 'base64');
    expect(raw).toHaveLength(4 + 8 + 64);
    expect(raw.readBigUInt64BE(4)).toBe(1679315147n);

    // The signed message is exactly the spec's: verify the Ed25519 part over it by hand.
    const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${SPEC_TEXT}`);
    expect(verify(null, message, createPublicKey(witness), raw.subarray(12))).toBe(true);

    // The cosigner's key as a plain Ed25519 (0x01) key does not verify the cosignature: other key ID.
    const plain = parseVerifierKey(ed25519VerifierKey('witness.example.com/w1', witness));
    expect(codeOf(() => openNote(note, [plain]))).toBe('no_verified_signature');
  });

  it('a changed timestamp or checkpoint fails; a zero or fractional clock is refused', () => {
    const witness = pem();
    const vkey = parseVerifierKey(cosignatureVerifierKey('w', witness));
    const note = signNote(SPEC_TEXT, [cosignatureSigner('w', witness, () => 1700000000)]);
    const line = note.slice(SPEC_TEXT.length + 1);
    const raw = Buffer.from(line.split(' ')[2] ?? '', 'base64');
    raw.writeBigUInt64BE(1700000001n, 4);
    const forged = `${SPEC_TEXT}\n— w ${raw.toString('base64')}\n`;
    expect(codeOf(() => openNote(forged, [vkey]))).toBe('invalid_signature');
    expect(codeOf(() => openNote(note.replace('20852163', '20852164'), [vkey]))).toBe('invalid_signature');
    expect(codeOf(() => signNote(SPEC_TEXT, [cosignatureSigner('w', witness, () => 0)]))).toBe('malformed');
    expect(codeOf(() => signNote(SPEC_TEXT, [cosignatureSigner('w', witness, () => 1.5)]))).toBe('malformed');
  });
});

describe('add-checkpoint texts (c2sp.org/tlog-witness)', () => {
  const proof = [
    'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
    'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
    '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
    '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
  ];
  const note = `${SPEC_TEXT}\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;
  const body = `old 20852014\n${proof.join('\n')}\n\n${note}`;

  it('formats the spec’s example request and reads it back', () => {
    const request = {
      oldSize: 20852014,
      consistencyProof: proof.map((p) => new Uint8Array(Buffer.from(p, 'base64'))),
      checkpointNote: note,
    };
    expect(formatAddCheckpointRequest(request)).toBe(body);
    expect(parseAddCheckpointRequest(body)).toEqual(request);
    expect(parseAddCheckpointRequest(`old 0\n\n${note}`)).toEqual({
      oldSize: 0,
      consistencyProof: [],
      checkpointNote: note,
    });
  });

  it('refuses malformed requests', () => {
    for (const bad of [
      `old 01\n\n${note}`,
      `old\n\n${note}`,
      `old 1\nAAAA\n\n${note}`,
      `old 1\n${proof[0]}\n`,
      `new 1\n\n${note}`,
    ]) {
      expect(
        codeOf(() => parseAddCheckpointRequest(bad)),
        bad,
      ).toBe('malformed');
    }
    const tooMany = Array.from({ length: 64 }, () => new Uint8Array(32));
    expect(
      codeOf(() =>
        formatAddCheckpointRequest({ oldSize: 1, consistencyProof: tooMany, checkpointNote: note }),
      ),
    ).toBe('malformed');
    expect(
      codeOf(() =>
        formatAddCheckpointRequest({
          oldSize: 0,
          consistencyProof: [new Uint8Array(32)],
          checkpointNote: note,
        }),
      ),
    ).toBe('malformed');
  });

  it('reads every answer the spec defines', () => {
    const lines =
      '— witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==\n' +
      '— witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==\n';
    expect(parseAddCheckpointResponse(200, 'text/plain', lines)).toEqual({
      kind: 'cosigned',
      signatureLines: lines.split(/(?<=\n)/),
    });
    expect(parseAddCheckpointResponse(409, 'text/x.tlog.size', '20852014\n')).toEqual({
      kind: 'conflict',
      witnessSize: 20852014,
    });
    expect(parseAddCheckpointResponse(409, 'text/plain', '20852014\n').kind).toBe('unexpected');
    expect(parseAddCheckpointResponse(409, 'text/x.tlog.size', '020\n').kind).toBe('unexpected');
    expect(parseAddCheckpointResponse(404, null, '').kind).toBe('unknown_log');
    expect(parseAddCheckpointResponse(403, null, '').kind).toBe('forbidden');
    expect(parseAddCheckpointResponse(422, null, '').kind).toBe('inconsistent');
    expect(parseAddCheckpointResponse(400, null, '').kind).toBe('bad_request');
    expect(parseAddCheckpointResponse(200, 'text/plain', 'hello\n').kind).toBe('unexpected');
    expect(parseAddCheckpointResponse(200, 'text/plain', '').kind).toBe('unexpected');
    expect(parseAddCheckpointResponse(503, null, 'down').kind).toBe('unexpected');
  });
});

describe('tlog-proof files (c2sp.org/tlog-proof)', () => {
  const hashes = [
    'gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=',
    'B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=',
    'EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=',
    'RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=',
    'AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=',
  ];
  const log = pem();
  const checkpoint = signNote(
    'example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n',
    [ed25519NoteSigner('example.com/fancylog', log)],
  );
  const extra = new Uint8Array(Buffer.from('age-v1.2.1-darwin-arm64.tar.gz'));
  const text = `c2sp.org/tlog-proof@v1\nextra ${Buffer.from(extra).toString('base64')}\nindex 73894\n${hashes.join('\n')}\n\n${checkpoint}`;

  it('formats the spec’s structure and reads it back, the checkpoint verbatim', () => {
    const proof = {
      extra,
      index: 73894,
      proof: hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64'))),
      checkpoint,
    };
    expect(formatTlogProof(proof)).toBe(text);
    expect(parseTlogProof(text)).toEqual(proof);
    const opened = openNote(parseTlogProof(text).checkpoint, [
      parseVerifierKey(ed25519VerifierKey('example.com/fancylog', log)),
    ]);
    expect(parseCheckpoint(opened.text).size).toBe(109482);
    const bare = `c2sp.org/tlog-proof@v1\nindex 0\n\n${checkpoint}`;
    expect(parseTlogProof(bare)).toEqual({ index: 0, proof: [], checkpoint });
    expect(formatTlogProof({ index: 0, proof: [], checkpoint })).toBe(bare);
  });

  it('refuses what the spec does not allow', () => {
    for (const bad of [
      text.replace('c2sp.org/tlog-proof@v1', 'c2sp.org/tlog-proof@v2'),
      text.replace('index 73894', 'index 073894'),
      text.replace('index 73894', 'index  73894'),
      text.replace(`${hashes[0]}\n`, 'AAAA\n'),
      text.replace(/extra \S+/, 'extra !!'),
      `c2sp.org/tlog-proof@v1\nindex 1\n${hashes[0]}\n`,
      `c2sp.org/tlog-proof@v1\nextra AA==\n\n`,
    ]) {
      expect(
        codeOf(() => parseTlogProof(bad)),
        bad,
      ).toBe('malformed');
    }
  });
});
