/**
 * An SM2 co-signature on our signed notes, for China's commercial cryptography assessment (GB/T 39786-2021,
 * 密评): the log signs each checkpoint with Ed25519 (what witnesses and Go read) and also with SM2 over SM3
 * (GB/T 32918.2, GM/T 0009 with the default user ID "1234567812345678"), which verifiers that know neither
 * ignore. Node's OpenSSL knows the SM2 curve, but `crypto.sign` on such a key computes ECDSA without the Z
 * value, which is not the SM2 signature; sm-crypto computes the real one.
 *
 * The note signature type is 0xff followed by "sm2-sm3" (signed-note: 0xff is for types the spec does not
 * assign, "RECOMMENDED be followed by a longer identifier"); the key is the 65-byte uncompressed point, and the
 * signature is raw r || s, 32 bytes each big-endian (64 bytes; not DER, so its length is fixed like Ed25519's).
 */
import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { BigInteger } from 'jsbn';
import smCrypto from 'sm-crypto';
import type { NoteSigner } from './note.ts';

/** 0xff || "sm2-sm3": the signature type bytes in key IDs and vkeys. */
export const SM2_SIGNATURE_TYPE: Uint8Array = Uint8Array.of(0xff, 0x73, 0x6d, 0x32, 0x2d, 0x73, 0x6d, 0x33);

/** GM/T 0009's default user ID, what Z (the signer's identity hash) is computed over. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

// SubjectPublicKeyInfo and PKCS#8 of an SM2 key as Node exports them: id-ecPublicKey with the SM2 curve OID
// (1.2.156.10197.1.301), then the point, or the ECPrivateKey whose 32-byte scalar follows this prefix. The
// encoding is how an SM2 key is recognised: a key read back from PEM has no asymmetricKeyType in Node 20
// (OpenSSL 3 loads it as its own "SM2" type), nor a namedCurve.
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const PKCS8_PREFIX = Buffer.from(
  '308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420',
  'hex',
);

export class Sm2KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Sm2KeyError';
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function sm2Key(privateKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new Sm2KeyError('the SM2 key is not a private key in PEM (PKCS#8)');
  }
  sm2PrivateScalar(key);
  return key;
}

/** The 65-byte uncompressed public point of an SM2 key (private PKCS#8 or public SPKI PEM). */
export function sm2RawPublicKey(pem: string): Uint8Array {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Sm2KeyError('not an SM2 key in PEM');
  }
  const der = key.export({ type: 'spki', format: 'der' });
  if (der.length !== SPKI_PREFIX.length + 65 || !der.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX)) {
    throw new Sm2KeyError('the key is not an EC key on the SM2 curve');
  }
  return new Uint8Array(der.subarray(SPKI_PREFIX.length));
}

/** The private scalar d: Node cannot export SM2 as a JWK, so it is read from Node's own PKCS#8 encoding. */
function sm2PrivateScalar(key: KeyObject): Uint8Array {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  if (!der.subarray(0, PKCS8_PREFIX.length).equals(PKCS8_PREFIX) || der.length < PKCS8_PREFIX.length + 32) {
    throw new Sm2KeyError('the key is not an EC key on the SM2 curve (PKCS#8 as Node encodes it)');
  }
  return new Uint8Array(der.subarray(PKCS8_PREFIX.length, PKCS8_PREFIX.length + 32));
}

/** Whether 65 bytes are an uncompressed point on the SM2 curve (OpenSSL checks it on import). */
export function sm2PublicKeyValid(point: Uint8Array): boolean {
  if (point.length !== 65 || point[0] !== 0x04) return false;
  try {
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, point]), format: 'der', type: 'spki' });
    return true;
  } catch {
    return false;
  }
}

/** The order n of the SM2 curve's base point (GB/T 32918.5). */
const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

/**
 * A signing nonce k from node:crypto's CSPRNG (OpenSSL's DRBG): 64 random bytes reduced mod n (bias below
 * 2^-256), never 0; and x1, the x coordinate of kG, computed by OpenSSL (an ECDH key on the SM2 curve whose
 * private scalar is k). Left to itself sm-crypto would draw k from its own RC4-based generator (src/sm2/rng.js)
 * seeded once per process; its doSignature takes precomputed points instead (`pointPool`), so every nonce of
 * ours comes from here.
 */
export interface Sm2Nonce {
  readonly k: bigint;
  /** The x coordinate of kG. */
  readonly x1: bigint;
}

export function sm2Nonce(): Sm2Nonce {
  for (;;) {
    const k = BigInt(`0x${randomBytes(64).toString('hex')}`) % SM2_N;
    if (k === 0n) continue;
    const ecdh = createECDH('SM2');
    ecdh.setPrivateKey(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
    const point = ecdh.getPublicKey();
    return { k, x1: BigInt(`0x${point.subarray(1, 33).toString('hex')}`) };
  }
}

/**
 * sm-crypto's `pointPool` as a pool that never runs dry: doSignature pops a point while `length` is non-zero
 * and only then falls back to its own generator, including for the retries of its loop (r = 0, r + k = n,
 * s = 0), so each pop is a fresh nonce from `sm2Nonce` and sm-crypto's generator is never asked.
 */
function noncePool(
  nonce: () => Sm2Nonce,
): NonNullable<Parameters<typeof smCrypto.sm2.doSignature>[2]>['pointPool'] {
  const pool = {
    length: 1,
    pop: () => {
      const { k, x1 } = nonce();
      return { k: new BigInteger(k.toString(16), 16), x1: new BigInteger(x1.toString(16), 16) };
    },
  };
  return pool as never;
}

/**
 * SM2 over SM3 with the default user ID; r || s, 64 bytes. The nonce is `sm2Nonce`'s (node:crypto); `nonce` is
 * for the standard's test vector, whose k is given.
 */
export function sm2SignRaw(
  privateKeyPem: string,
  message: Uint8Array,
  nonce: () => Sm2Nonce = sm2Nonce,
): Uint8Array {
  const key = sm2Key(privateKeyPem);
  const signature = smCrypto.sm2.doSignature(Array.from(message), hex(sm2PrivateScalar(key)), {
    hash: true,
    der: false,
    publicKey: hex(sm2RawPublicKey(privateKeyPem)),
    userId: SM2_DEFAULT_USER_ID,
    pointPool: noncePool(nonce),
  });
  return new Uint8Array(Buffer.from(signature, 'hex'));
}

/** Verifies a raw r || s SM2 signature (SM3, default user ID) by a 65-byte uncompressed public point. */
export function sm2VerifyRaw(point: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || !sm2PublicKeyValid(point)) return false;
  try {
    return smCrypto.sm2.doVerifySignature(Array.from(message), hex(signature), hex(point), {
      hash: true,
      der: false,
      userId: SM2_DEFAULT_USER_ID,
    });
  } catch {
    return false;
  }
}

/**
 * SHA-256(name || 0x0A || 0xff || "sm2-sm3" || point)[:4]: note.ts's noteKeyId with the multi-byte type,
 * computed here so this module does not import note.ts at run time (note.ts imports this one).
 */
export function sm2KeyId(name: string, point: Uint8Array): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a))
    .update(SM2_SIGNATURE_TYPE)
    .update(point)
    .digest()
    .readUInt32BE(0);
}

// The same rule as note.ts's isValidKeyName (kept here for the reason above).
const BAD_NAME = /[\t\n\v\f\r +\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|\p{Cs}/u;

function checkName(name: string): void {
  if (name === '' || BAD_NAME.test(name)) throw new Sm2KeyError(`invalid key name ${JSON.stringify(name)}`);
}

/** A note signer for an SM2 key (PKCS#8 PEM of an EC key on curve SM2). */
export function sm2NoteSigner(name: string, privateKeyPem: string): NoteSigner {
  checkName(name);
  sm2Key(privateKeyPem);
  const keyId = sm2KeyId(name, sm2RawPublicKey(privateKeyPem));
  return { name, keyId, sign: (text) => sm2SignRaw(privateKeyPem, text) };
}

/** `<name>+<hex8>+base64(0xff || "sm2-sm3" || point)`, read by note.ts's parseVerifierKey. */
export function sm2VerifierKey(name: string, publicKeyPem: string): string {
  checkName(name);
  const point = sm2RawPublicKey(publicKeyPem);
  const material = Buffer.concat([SM2_SIGNATURE_TYPE, point]).toString('base64');
  return `${name}+${sm2KeyId(name, point).toString(16).padStart(8, '0')}+${material}`;
}
