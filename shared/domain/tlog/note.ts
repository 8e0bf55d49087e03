/**
 * Signed notes (c2sp.org/signed-note, Go's golang.org/x/mod/sumdb/note): a text ending in a newline, a blank
 * line, and `— <name> base64(keyID || signature)` lines. Checkpoints, their cosignatures and our SM2 co-signature
 * all travel in this one envelope, so that any stock verifier (Go's, a witness's) reads our checkpoints and
 * ignores the signatures it does not know. Byte for byte what Go produces and accepts: its test vectors are ours.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { SM2_SIGNATURE_TYPE, sm2PublicKeyValid, sm2VerifyRaw } from './sm2.ts';

/** Why a note, key or signature was refused; `code` is stable, the message is for people. */
export type NoteErrorCode =
  | 'malformed'
  | 'invalid_key'
  | 'unknown_algorithm'
  | 'invalid_signature'
  | 'ambiguous_key'
  | 'no_verified_signature';

export class NoteError extends Error {
  readonly code: NoteErrorCode;
  /** no_verified_signature: the note as read, every signature unverified (Go's UnverifiedNoteError.Note). */
  readonly note?: OpenedNote;

  constructor(code: NoteErrorCode, message: string, note?: OpenedNote) {
    super(message);
    this.name = 'NoteError';
    this.code = code;
    if (note !== undefined) this.note = note;
  }
}

/** The signature type bytes of c2sp.org/signed-note we read. */
export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;

/** Go rejects a note of more than 100 signature lines; the spec asks at least 16 be accepted. */
export const MAX_NOTE_SIGNATURES = 100;

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes for the note text (without the 4-byte key ID). */
  sign(text: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** The signature type byte (0xff for ours: see `SM2_SIGNATURE_TYPE`). */
  readonly type: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** One signature line: `base64` is the line's own (key ID and signature), as Go keeps it. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly base64: string;
}

export interface OpenedNote {
  readonly text: string;
  readonly verified: readonly NoteSignature[];
  readonly unverified: readonly NoteSignature[];
}

const utf8 = new TextEncoder();
// Go's unicode.IsSpace: the Unicode White_Space property (JS's \s adds U+FEFF, which Go allows in a name).
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const LONE_SURROGATE = /\p{Cs}/u;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Key names are non-empty, without Unicode spaces or '+': the vkey and the signature line split on them. */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !SPACE.test(name) && !name.includes('+') && !LONE_SURROGATE.test(name);
}

/**
 * Strict standard base64 (RFC 4648 §4, padded): Node's decoder skips stray characters, which would let a
 * mangled key or signature through where Go refuses it. Non-canonical trailing bits are refused too.
 */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** SHA-256(name || 0x0A || type || publicKey)[:4] as a big-endian uint32: the spec's recommended key ID. */
export function noteKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(utf8.encode(name))
    .update(Uint8Array.of(0x0a, type))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function hex8(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** `<name>+<hex8 key ID>+<base64(type bytes || key)>`, the vkey any note verifier is configured with. */
export function formatVerifierKey(name: string, typeAndKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError('invalid_key', `invalid key name ${JSON.stringify(name)}`);
  const [type] = typeAndKey;
  if (type === undefined) throw new NoteError('invalid_key', 'a vkey needs a signature type');
  return `${name}+${hex8(noteKeyId(name, type, typeAndKey.subarray(1)))}+${encodeBase64(typeAndKey)}`;
}

/** The raw 32-byte Ed25519 public key of a PKCS#8 private key or an SPKI public key (PEM). */
export function ed25519RawPublicKey(pem: string): Uint8Array {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new NoteError('invalid_key', 'not an Ed25519 key in PEM (PKCS#8 or SPKI)');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new NoteError('invalid_key', `the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  }
  const { x } = key.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new NoteError('invalid_key', 'the Ed25519 key has no public half');
  return new Uint8Array(Buffer.from(x, 'base64url'));
}

/** An Ed25519 private key (PKCS#8 PEM), refused early when it is anything else. */
export function ed25519PrivateKey(privateKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new NoteError('invalid_key', 'not a private key in PEM (PKCS#8)');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new NoteError('invalid_key', `the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  }
  return key;
}

/** A note signer for an Ed25519 key (type 0x01): what the log signs its checkpoints with. */
export function ed25519NoteSigner(name: string, privateKeyPem: string): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError('invalid_key', `invalid key name ${JSON.stringify(name)}`);
  const key = ed25519PrivateKey(privateKeyPem);
  const keyId = noteKeyId(name, SIGNATURE_TYPE_ED25519, ed25519RawPublicKey(privateKeyPem));
  return { name, keyId, sign: (text) => new Uint8Array(sign(null, text, key)) };
}

/** The vkey of an Ed25519 key (its private PKCS#8 or public SPKI PEM) for signature type 0x01. */
export function ed25519VerifierKey(name: string, publicKeyPem: string): string {
  return formatVerifierKey(
    name,
    concatBytes(Uint8Array.of(SIGNATURE_TYPE_ED25519), ed25519RawPublicKey(publicKeyPem)),
  );
}

function ed25519PublicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

function ed25519Verify(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/**
 * A verifier from a vkey, as Go's NewVerifier reads it: the name, exactly eight lowercase hex digits of key ID
 * (the spec's hex is lowercase; Go also takes uppercase), strict base64 whose first byte is the type, and a key
 * ID that matches the key. Types: 0x01 Ed25519, 0x04 cosignature/v1 (Ed25519, timestamped), and
 * 0xff "sm2-sm3" (ours, GB/T 32918 SM2 over SM3).
 */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) throw new NoteError('invalid_key', 'a vkey is <name>+<key ID>+<key>');
  const name = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  const material = decodeBase64Strict(vkey.slice(second + 1));
  if (
    !isValidKeyName(name) ||
    !/^[0-9a-f]{8}$/.test(idHex) ||
    material === undefined ||
    material.length === 0
  ) {
    throw new NoteError('invalid_key', 'malformed verifier key');
  }
  const keyId = Number.parseInt(idHex, 16);
  const type = material[0] as number;
  const key = material.subarray(1);
  if (keyId !== noteKeyId(name, type, key))
    throw new NoteError('invalid_key', 'the vkey’s key ID does not match its key');
  switch (type) {
    case SIGNATURE_TYPE_ED25519: {
      if (key.length !== 32) throw new NoteError('invalid_key', 'an Ed25519 key is 32 bytes');
      const publicKey = ed25519PublicKeyObject(key);
      return { name, keyId, type, verify: (text, signature) => ed25519Verify(publicKey, text, signature) };
    }
    case SIGNATURE_TYPE_COSIGNATURE_V1: {
      if (key.length !== 32) throw new NoteError('invalid_key', 'an Ed25519 cosigner key is 32 bytes');
      const publicKey = ed25519PublicKeyObject(key);
      return {
        name,
        keyId,
        type,
        verify: (text, signature) => {
          const timestamp = readCosignatureTimestamp(signature);
          if (timestamp === undefined || signature.length !== 8 + 64) return false;
          return ed25519Verify(publicKey, cosignatureMessage(timestamp, text), signature.subarray(8));
        },
      };
    }
    case SM2_SIGNATURE_TYPE[0]: {
      const id = SM2_SIGNATURE_TYPE.subarray(1);
      const hasId = key.length > id.length && id.every((byte, i) => key[i] === byte);
      if (!hasId) throw new NoteError('unknown_algorithm', 'an 0xff key type this verifier does not know');
      const point = key.subarray(id.length);
      if (!sm2PublicKeyValid(point))
        throw new NoteError('invalid_key', 'an SM2 key is a 65-byte point on the curve');
      return { name, keyId, type, verify: (text, signature) => sm2VerifyRaw(point, text, signature) };
    }
    default:
      throw new NoteError(
        'unknown_algorithm',
        `unknown signature type 0x${type.toString(16).padStart(2, '0')}`,
      );
  }
}

/**
 * What a cosignature/v1 signs (c2sp.org/tlog-cosignature): a header for domain separation, the time, then the
 * checkpoint's note text. Kept here beside the 0x04 verifier; cosignature.ts signs with it.
 */
export function cosignatureMessage(timestamp: number, text: Uint8Array): Uint8Array {
  return concatBytes(utf8.encode(`cosignature/v1\ntime ${timestamp}\n`), text);
}

/**
 * The timestamp leading a cosignature/v1 signature (8 bytes, big-endian), or undefined when it exceeds what a
 * JS number holds exactly (2^53 - 1 seconds, well inside the spec's 2^63 - 1; nobody signs in that future).
 */
export function readCosignatureTimestamp(signature: Uint8Array): number | undefined {
  if (signature.length < 8) return undefined;
  const value = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

/** Whether a text holds an ASCII control character (below U+0020), other than a newline when allowed. */
export function hasControlCharacter(text: string, newlineAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && !(newlineAllowed && code === 0x0a)) return true;
  }
  return false;
}

/** Signed notes are UTF-8 (no lone surrogate can be encoded) without control characters but newlines. */
function checkNoteCharacters(text: string): boolean {
  return !hasControlCharacter(text, true) && !LONE_SURROGATE.test(text);
}

/**
 * The note text is what every signature covers: it must end in a newline, carry no control characters but
 * newlines, and (our rule, stricter than Go's) no line that reads as a signature line, so a reader of the
 * raw note never mistakes text for a signature.
 */
function checkNoteText(text: string): void {
  if (!text.endsWith('\n') || !checkNoteCharacters(text)) {
    throw new NoteError('malformed', 'a note text ends in a newline and holds no control characters');
  }
  if (text.startsWith('— ') || text.includes('\n— ')) {
    throw new NoteError('malformed', 'a note text line may not start with "— "');
  }
}

function signatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, keyId);
  return `— ${name} ${encodeBase64(concatBytes(id, signature))}\n`;
}

/** The text, a blank line, and one signature line per signer, in the signers' order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkNoteText(text);
  if (signers.length === 0) throw new NoteError('malformed', 'a note needs at least one signature');
  const bytes = utf8.encode(text);
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new NoteError('invalid_key', 'invalid signer name');
    return signatureLine(signer.name, signer.keyId, signer.sign(bytes));
  });
  return `${text}\n${lines.join('')}`;
}

/** Signature lines (a witness's answer, say) appended to a signed note, after its own. */
export function appendSignatureLines(note: string, lines: readonly string[]): string {
  if (!note.endsWith('\n')) throw new NoteError('malformed', 'a signed note ends in a newline');
  return note + lines.join('');
}

function findVerifier(
  verifiers: readonly NoteVerifier[],
  name: string,
  keyId: number,
): NoteVerifier | 'ambiguous' | undefined {
  // As Go's VerifierList: a name and key ID listed twice is ambiguous, even for the same verifier.
  const matches = verifiers.filter((v) => v.name === name && v.keyId === keyId);
  return matches.length > 1 ? 'ambiguous' : matches[0];
}

/**
 * Opens a signed note as Go's note.Open does: signatures from unknown keys (by name and key ID) are kept
 * unverified and otherwise ignored; a known key's signature that fails is an error (the whole note is
 * refused); a note with no verified signature is an error carrying the note. Repeated lines count once.
 * Accepts bytes too, so invalid UTF-8 is refused as Go refuses it.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  let message: string;
  if (typeof note === 'string') {
    message = note;
  } else {
    try {
      message = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      throw new NoteError('malformed', 'a note is UTF-8');
    }
  }
  if (!checkNoteCharacters(message)) throw new NoteError('malformed', 'control characters in the note');
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed', 'no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n'))
    throw new NoteError('malformed', 'the signatures end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw new NoteError('malformed', 'too many signatures');
  const textBytes = utf8.encode(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith('— ')) throw new NoteError('malformed', 'a signature line starts with "— "');
    const rest = line.slice(2);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const base64 = space < 0 ? '' : rest.slice(space + 1);
    const raw = decodeBase64Strict(base64);
    if (!isValidKeyName(name) || base64 === '' || raw === undefined || raw.length < 5) {
      throw new NoteError('malformed', 'a signature line is "— <name> <base64>"');
    }
    const keyId = new DataView(raw.buffer, raw.byteOffset).getUint32(0);
    const verifier = findVerifier(verifiers, name, keyId);
    if (verifier === undefined) {
      if (!seenUnverified.has(rest)) {
        seenUnverified.add(rest);
        unverified.push({ name, keyId, base64 });
      }
      continue;
    }
    if (verifier === 'ambiguous')
      throw new NoteError('ambiguous_key', `ambiguous key ${name}+${hex8(keyId)}`);
    const key = `${name}+${hex8(keyId)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!verifier.verify(textBytes, raw.subarray(4))) {
      throw new NoteError('invalid_signature', `invalid signature for key ${key}`);
    }
    verified.push({ name, keyId, base64 });
  }
  if (verified.length === 0) {
    throw new NoteError('no_verified_signature', 'note has no verifiable signatures', {
      text,
      verified,
      unverified,
    });
  }
  return { text, verified, unverified };
}

/** The signature bytes of a signature line, without its key ID. */
export function signatureBytes(signature: NoteSignature): Uint8Array {
  const raw = decodeBase64Strict(signature.base64);
  if (raw === undefined || raw.length < 5) throw new NoteError('malformed', 'not a note signature');
  return raw.subarray(4);
}
