import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ed25519NoteSigner,
  ed25519VerifierKey,
  type NoteError,
  noteKeyId,
  openNote,
  parseVerifierKey,
  signNote,
} from '../../../shared/domain/tlog/note.ts';

// Go's golang.org/x/mod/sumdb/note tests (note_test.go): keys, signed text and signatures.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const PETER = {
  name: 'PeterNeumann',
  keyId: 0xc74f20a3,
  base64: 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=',
};
const ENOCH = {
  name: 'EnochRoot',
  keyId: 0xaf0cfe78,
  base64: 'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=',
};

/** Go's skey is the 32-byte seed; PKCS#8 for Ed25519 is a fixed 16-byte prefix and the seed. */
function pemOfSeed(seed: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();
}
const PETER_PEM = pemOfSeed(PETER_SEED);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as NoteError).code ?? 'not a NoteError';
  }
  return undefined;
}

describe('verifier keys (Go TestNewVerifier)', () => {
  it('reads the Go vkey and makes the same one from the PEM key', () => {
    const v = parseVerifierKey(PETER_VKEY);
    expect(v).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3, type: 1 });
    expect(ed25519VerifierKey('PeterNeumann', PETER_PEM)).toBe(PETER_VKEY);
    expect(ed25519NoteSigner('PeterNeumann', PETER_PEM).keyId).toBe(0xc74f20a3);
    const raw = Buffer.from(PETER_VKEY.split('+').slice(2).join('+'), 'base64');
    expect(noteKeyId('PeterNeumann', 1, raw.subarray(1))).toBe(0xc74f20a3);
  });

  it('refuses every substring and every one-byte mangling of the vkey', () => {
    const b = Buffer.from(PETER_VKEY);
    let refused = 0;
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i === 0 && j === b.length) continue;
        expect(
          codeOf(() => parseVerifierKey(b.subarray(i, j).toString('latin1'))),
          b.subarray(i, j).toString(),
        ).toBeDefined();
        refused++;
      }
    }
    for (let i = 0; i < b.length; i++) {
      const m = Buffer.from(b);
      m[i] = (m[i] as number) + 1;
      expect(
        codeOf(() => parseVerifierKey(m.toString('latin1'))),
        m.toString(),
      ).toBeDefined();
    }
    expect(refused).toBeGreaterThan(2000);
  });

  it('refuses a wrong-length key and an unknown type even with a matching key ID', () => {
    expect(
      codeOf(() =>
        parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
      ),
    ).toBe('invalid_key');
    expect(
      codeOf(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')),
    ).toBe('unknown_algorithm');
  });

  it('refuses names with spaces, a plus, or nothing', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const name of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u3000b', 'a\tb']) {
      expect(
        codeOf(() => ed25519VerifierKey(name, pem)),
        name,
      ).toBe('invalid_key');
      expect(
        codeOf(() => ed25519NoteSigner(name, pem)),
        name,
      ).toBe('invalid_key');
    }
  });
});

describe('signNote (Go TestSign)', () => {
  it('produces Go’s signed note byte for byte', () => {
    expect(signNote(TEXT, [ed25519NoteSigner('PeterNeumann', PETER_PEM)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('refuses a text without a final newline, with control characters, or with a signature-like line', () => {
    const signer = ed25519NoteSigner('PeterNeumann', PETER_PEM);
    expect(codeOf(() => signNote('abc', [signer]))).toBe('malformed');
    expect(codeOf(() => signNote('a\u0001b\n', [signer]))).toBe('malformed');
    expect(codeOf(() => signNote('a\n— x y\n', [signer]))).toBe('malformed');
    expect(codeOf(() => signNote(TEXT, []))).toBe('malformed');
  });
});

describe('openNote (Go TestOpen)', () => {
  const peter = parseVerifierKey(PETER_VKEY);
  const enoch = parseVerifierKey(ENOCH_VKEY);

  it('verifies one and keeps the unknown one unverified', () => {
    const n = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(n).toEqual({ text: TEXT, verified: [PETER], unverified: [ENOCH] });
  });

  it('verifies both', () => {
    const n = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]);
    expect(n).toEqual({ text: TEXT, verified: [PETER, ENOCH], unverified: [] });
  });

  it('refuses a note no known key signed, carrying the note', () => {
    try {
      openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'NoteError', code: 'no_verified_signature' });
      expect((error as NoteError).note).toEqual({ text: TEXT, verified: [], unverified: [PETER, ENOCH] });
    }
  });

  it('refuses an ambiguous key only when a signature uses it', () => {
    expect(codeOf(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch]))).toBe('ambiguous_key');
    expect(openNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch]).verified).toEqual([PETER]);
  });

  it('refuses more than 100 signatures, verified or not', () => {
    expect(codeOf(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter]))).toBe('malformed');
    expect(codeOf(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, []))).toBe('malformed');
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter]).verified).toEqual([PETER]);
  });

  it('refuses the whole note when a known key’s signature fails', () => {
    const bad = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(codeOf(() => openNote(`${TEXT}\n${bad}`, [peter]))).toBe('invalid_signature');
  });

  it('counts repeated lines once and keeps distinct unknown ones', () => {
    const enochBad = `${ENOCH_SIG.slice(0, 58)}ABCD${ENOCH_SIG.slice(58)}`;
    const n = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochBad}`, [peter]);
    expect(n.verified).toEqual([PETER]);
    expect(n.unverified).toEqual([
      ENOCH,
      // Go's enochABCD, spelled out: the line with four bytes inserted (Go slices bytes, "— " is four bytes).
      {
        ...ENOCH,
        base64:
          'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5nABCD2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=',
      },
    ]);
  });

  it('refuses malformed notes as Go does', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
    ];
    for (const note of bad)
      expect(
        codeOf(() => openNote(note, [peter])),
        note,
      ).toBe('malformed');
    const invalidUtf8 = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]);
    expect(codeOf(() => openNote(invalidUtf8, [peter]))).toBe('malformed');
    expect(openNote(Buffer.from(`${TEXT}\n${PETER_SIG}`), [peter]).verified).toEqual([PETER]);
  });

  it('verifies the signed-note spec’s own example', () => {
    const vkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    expect(openNote(note, [parseVerifierKey(vkey)]).text).toBe('This is an example message.\n');
  });

  it('round-trips a fresh key, and a wrong message does not verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const vkey = ed25519VerifierKey(
      'example.com/log',
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    const note = signNote('hi\n', [ed25519NoteSigner('example.com/log', pem)]);
    expect(openNote(note, [parseVerifierKey(vkey)]).text).toBe('hi\n');
    expect(codeOf(() => openNote(`ho${note.slice(2)}`, [parseVerifierKey(vkey)]))).toBe('invalid_signature');
  });
});
