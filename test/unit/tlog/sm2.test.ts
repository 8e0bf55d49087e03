import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import {
  ed25519NoteSigner,
  ed25519VerifierKey,
  type NoteError,
  noteKeyId,
  openNote,
  parseVerifierKey,
  signatureBytes,
  signNote,
} from '../../../shared/domain/tlog/note.ts';
import {
  SM2_SIGNATURE_TYPE,
  sm2Nonce,
  sm2NoteSigner,
  sm2RawPublicKey,
  sm2SignRaw,
  sm2VerifierKey,
  sm2VerifyRaw,
} from '../../../shared/domain/tlog/sm2.ts';

function sm2Pem(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
function ed25519Pem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
// In sm-crypto, not in @types/sm-crypto: the public point (04 || x || y, hex) of a private scalar.
const sm2Public = (d: string): string =>
  (smCrypto.sm2 as unknown as { getPublicKeyFromPrivateKey(d: string): string }).getPublicKeyFromPrivateKey(
    d,
  );
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const TEXT = 'gongshi.example/log\n42\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const NAME = 'gongshi.example/log';

describe('SM2/SM3 note signatures (0xff "sm2-sm3")', () => {
  it('signs and verifies through a vkey, key ID over 0xff "sm2-sm3" and the 65-byte point', () => {
    const { privatePem, publicPem } = sm2Pem();
    const signer = sm2NoteSigner(NAME, privatePem);
    const vkey = sm2VerifierKey(NAME, publicPem);
    const point = sm2RawPublicKey(publicPem);
    expect(point).toHaveLength(65);
    expect(signer.keyId).toBe(noteKeyId(NAME, 0xff, Buffer.concat([Buffer.from('sm2-sm3'), point])));
    expect(vkey).toBe(
      `${NAME}+${signer.keyId.toString(16).padStart(8, '0')}+${Buffer.concat([SM2_SIGNATURE_TYPE, point]).toString('base64')}`,
    );
    expect(sm2VerifierKey(NAME, privatePem)).toBe(vkey);
    const verifier = parseVerifierKey(vkey);
    expect(verifier).toMatchObject({ name: NAME, keyId: signer.keyId, type: 0xff });
    const note = signNote(TEXT, [signer]);
    const opened = openNote(note, [verifier]);
    expect(opened.text).toBe(TEXT);
    expect(signatureBytes(opened.verified[0] as never)).toHaveLength(64);
  });

  it('a stock Ed25519-only verifier ignores the SM2 line; a tampered text fails SM2', () => {
    const ed = ed25519Pem();
    const { privatePem } = sm2Pem();
    const note = signNote(TEXT, [ed25519NoteSigner(NAME, ed), sm2NoteSigner(NAME, privatePem)]);
    const edOnly = openNote(note, [parseVerifierKey(ed25519VerifierKey(NAME, ed))]);
    expect(edOnly.verified).toHaveLength(1);
    expect(edOnly.unverified).toHaveLength(1);
    expect(edOnly.unverified[0]?.name).toBe(NAME);

    const sm2Only = parseVerifierKey(sm2VerifierKey(NAME, privatePem));
    expect(openNote(note, [sm2Only]).verified).toHaveLength(1);
    const tampered = note.replace('\n42\n', '\n43\n');
    let code: string | undefined;
    try {
      openNote(tampered, [sm2Only]);
    } catch (error) {
      code = (error as NoteError).code;
    }
    expect(code).toBe('invalid_signature');
  });

  it('is the SM2 signature sm-crypto itself verifies (SM3, default user ID, raw r||s)', () => {
    const { privatePem, publicPem } = sm2Pem();
    const message = new TextEncoder().encode(TEXT);
    const signature = sm2SignRaw(privatePem, message);
    expect(signature).toHaveLength(64);
    const pub = hex(sm2RawPublicKey(publicPem));
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), hex(signature), pub, { hash: true })).toBe(
      true,
    );
    expect(
      smCrypto.sm2.doVerifySignature(Array.from(message), hex(signature), pub, {
        hash: true,
        userId: 'other',
      }),
    ).toBe(false);
    // And the other way: sm-crypto's own signature verifies here.
    const d = createPrivateKey(privatePem).export({ type: 'pkcs8', format: 'der' }).subarray(36, 68);
    const theirs = smCrypto.sm2.doSignature(Array.from(message), hex(d), { hash: true, publicKey: pub });
    expect(sm2VerifyRaw(Buffer.from(pub, 'hex'), message, Buffer.from(theirs, 'hex'))).toBe(true);
    // Not ECDSA: OpenSSL's ECDSA over the SM2 curve does not pass.
    expect(sm2VerifyRaw(Buffer.from(pub, 'hex'), new TextEncoder().encode('other\n'), signature)).toBe(false);
  });

  // GB/T 32918.2-2016 / GM/T 0003.2 signature example on the recommended curve, as OpenSSL's own
  // test/sm2_internal_test.c runs it: private key, message "message digest", user ID 1234567812345678,
  // nonce k, and the published r and s.
  const D = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8';
  const K = '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21';
  const PUBLIC =
    '0409F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13';
  const RS =
    'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA';
  const MESSAGE = new TextEncoder().encode('message digest');

  it('verifies the GB/T 32918.2 example signature, and sm-crypto reproduces it from the example nonce', () => {
    expect(sm2VerifyRaw(Buffer.from(PUBLIC, 'hex'), MESSAGE, Buffer.from(RS, 'hex'))).toBe(true);
    expect(sm2Public(D.toLowerCase()).toUpperCase()).toBe(PUBLIC);
    // sm-crypto takes precomputed nonces (k and the x of kG) from `pointPool`, in jsbn's BigInteger.
    const { BigInteger } = createRequire(import.meta.url)('jsbn') as {
      BigInteger: new (hex: string, radix: number) => unknown;
    };
    const kG = sm2Public(K.toLowerCase());
    const point = { k: new BigInteger(K, 16), x1: new BigInteger(kG.slice(2, 66), 16) };
    const signature = smCrypto.sm2.doSignature(Array.from(MESSAGE), D, {
      hash: true,
      pointPool: [point as never],
      publicKey: PUBLIC,
    });
    expect(signature.toUpperCase()).toBe(RS);
    // Our signer hands sm-crypto its nonce the same way: given the example's k, it makes the example's r || s,
    // so the nonce of every signature is the one sm2SignRaw supplies, never sm-crypto's generator's.
    const der = Buffer.concat([
      Buffer.from('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420', 'hex'),
      Buffer.from(D, 'hex'),
      Buffer.from('a144034200', 'hex'),
      Buffer.from(PUBLIC, 'hex'),
    ]);
    const pem = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(hex(sm2RawPublicKey(pem)).toUpperCase()).toBe(PUBLIC);
    const ours = sm2SignRaw(pem, MESSAGE, () => ({
      k: BigInt(`0x${K}`),
      x1: BigInt(`0x${kG.slice(2, 66)}`),
    }));
    expect(hex(ours).toUpperCase()).toBe(RS);
  });

  it('draws each nonce from node:crypto: kG is the curve point of k, and two signatures of one message differ', () => {
    const { k, x1 } = sm2Nonce();
    expect(k > 0n).toBe(true);
    expect(x1.toString(16).padStart(64, '0')).toBe(sm2Public(k.toString(16).padStart(64, '0')).slice(2, 66));
    expect(sm2Nonce().k).not.toBe(k);

    const { privatePem, publicPem } = sm2Pem();
    const message = new TextEncoder().encode(TEXT);
    const first = sm2SignRaw(privatePem, message);
    const second = sm2SignRaw(privatePem, message);
    expect(hex(first)).not.toBe(hex(second));
    // r differs too: a repeated r under one key would give the key away.
    expect(hex(first.subarray(0, 32))).not.toBe(hex(second.subarray(0, 32)));
    const point = sm2RawPublicKey(publicPem);
    expect(sm2VerifyRaw(point, message, first)).toBe(true);
    expect(sm2VerifyRaw(point, message, second)).toBe(true);
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), hex(second), hex(point), { hash: true })).toBe(
      true,
    );
  });

  it('refuses keys that are not SM2, and SM2 vkeys with a bad point', () => {
    expect(() => sm2NoteSigner(NAME, ed25519Pem())).toThrow(/SM2/);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => sm2NoteSigner(NAME, p256.toString())).toThrow(/SM2/);
    const badPoint = Buffer.concat([SM2_SIGNATURE_TYPE, Buffer.from([4]), Buffer.alloc(64, 1)]);
    const id = noteKeyId(NAME, 0xff, badPoint.subarray(1));
    expect(() =>
      parseVerifierKey(`${NAME}+${id.toString(16).padStart(8, '0')}+${badPoint.toString('base64')}`),
    ).toThrow(/SM2 key/);
    const otherFf = Buffer.concat([Buffer.from([0xff]), Buffer.from('ml-dsa'), Buffer.alloc(10)]);
    const otherId = noteKeyId(NAME, 0xff, otherFf.subarray(1));
    expect(() =>
      parseVerifierKey(`${NAME}+${otherId.toString(16).padStart(8, '0')}+${otherFf.toString('base64')}`),
    ).toThrow(/0xff/);
  });
});
