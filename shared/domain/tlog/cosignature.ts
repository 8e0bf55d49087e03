/**
 * Witness cosignatures (c2sp.org/tlog-cosignature, cosignature/v1 with Ed25519, signature type 0x04) and the
 * texts of the witness protocol's add-checkpoint call (c2sp.org/tlog-witness). A witness cosigns a checkpoint
 * only once it has checked that it is consistent with every earlier one it saw, so a reader who finds enough
 * cosignatures knows the log did not show it a private fork. Pure: the HTTP client is in
 * shared/transparency/witness.ts.
 */

import { sign } from 'node:crypto';
import {
  concatBytes,
  cosignatureMessage,
  decodeBase64Strict,
  ed25519PrivateKey,
  ed25519RawPublicKey,
  encodeBase64,
  formatVerifierKey,
  isValidKeyName,
  NoteError,
  type NoteSignature,
  type NoteSigner,
  noteKeyId,
  readCosignatureTimestamp,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signatureBytes,
} from './note.ts';

/** The most consistency proof lines a client may send (tlog-witness). */
export const MAX_CONSISTENCY_PROOF_LINES = 63;

/**
 * A cosigner: signs `cosignature/v1\ntime <t>\n` + the checkpoint text and prefixes the 8-byte big-endian
 * timestamp, `now()` being the Unix time in seconds (injected, so tests and the clock agree).
 */
export function cosignatureSigner(name: string, privateKeyPem: string, now: () => number): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError('invalid_key', `invalid key name ${JSON.stringify(name)}`);
  const key = ed25519PrivateKey(privateKeyPem);
  const keyId = noteKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, ed25519RawPublicKey(privateKeyPem));
  return {
    name,
    keyId,
    sign: (text) => {
      const timestamp = now();
      // The spec forbids a zero timestamp in add-checkpoint answers, and a fraction cannot be encoded.
      if (!Number.isSafeInteger(timestamp) || timestamp <= 0) {
        throw new NoteError('malformed', 'a cosignature timestamp is a positive whole number of seconds');
      }
      const stamp = new Uint8Array(8);
      new DataView(stamp.buffer).setBigUint64(0, BigInt(timestamp));
      return concatBytes(stamp, new Uint8Array(sign(null, cosignatureMessage(timestamp, text), key)));
    },
  };
}

/** The vkey (type 0x04) of a cosigner's Ed25519 key, private PKCS#8 or public SPKI PEM. */
export function cosignatureVerifierKey(name: string, publicKeyPem: string): string {
  return formatVerifierKey(
    name,
    concatBytes(Uint8Array.of(SIGNATURE_TYPE_COSIGNATURE_V1), ed25519RawPublicKey(publicKeyPem)),
  );
}

/**
 * When a cosigner signed: the timestamp of a cosignature/v1 signature line, meaningful once `openNote` has
 * verified it with the cosigner's 0x04 vkey.
 */
export function cosignatureTimestamp(signature: NoteSignature): number {
  const bytes = signatureBytes(signature);
  const timestamp = bytes.length === 8 + 64 ? readCosignatureTimestamp(bytes) : undefined;
  if (timestamp === undefined) throw new NoteError('malformed', 'not a cosignature/v1 signature');
  return timestamp;
}

// ---- add-checkpoint (c2sp.org/tlog-witness) ---------------------------------------------------------------

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly consistencyProof: readonly Uint8Array[];
  /** The signed checkpoint, verbatim. */
  readonly checkpointNote: string;
}

const OLD = /^old (0|[1-9][0-9]*)$/;
const SIZE_LINE = /^(0|[1-9][0-9]*)\n$/;

function malformed(why: string): never {
  throw new NoteError('malformed', `add-checkpoint: ${why}`);
}

/** `old <size>`, the proof's hashes one a line, an empty line, then the signed checkpoint. */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  const { oldSize, consistencyProof, checkpointNote } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) malformed('the old size is a non-negative integer');
  if (consistencyProof.length > MAX_CONSISTENCY_PROOF_LINES) malformed('at most 63 proof lines');
  if (consistencyProof.some((hash) => hash.length !== 32)) malformed('proof hashes are 32 bytes');
  if (oldSize === 0 && consistencyProof.length > 0) malformed('no proof from the empty tree');
  if (!checkpointNote.endsWith('\n')) malformed('the checkpoint is a signed note');
  const proof = consistencyProof.map((hash) => `${encodeBase64(hash)}\n`).join('');
  return `old ${oldSize}\n${proof}\n${checkpointNote}`;
}

/** What a witness reads from a request body; the checkpoint still has to be opened with the log's vkey. */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  const lines = body.split('\n');
  const oldText = OLD.exec(lines[0] ?? '')?.[1] ?? malformed('the first line is "old <size>"');
  const consistencyProof: Uint8Array[] = [];
  let at = 1;
  for (; at < lines.length && lines[at] !== ''; at++) {
    const hash = decodeBase64Strict(lines[at] as string);
    if (hash?.length !== 32) malformed('proof lines are 32-byte hashes in base64');
    consistencyProof.push(hash);
  }
  if (at >= lines.length) malformed('an empty line before the checkpoint');
  if (consistencyProof.length > MAX_CONSISTENCY_PROOF_LINES) malformed('at most 63 proof lines');
  const oldSize = Number(oldText);
  if (!Number.isSafeInteger(oldSize)) malformed('the old size is beyond 2^53 - 1');
  const checkpointNote = lines.slice(at + 1).join('\n');
  if (!checkpointNote.endsWith('\n')) malformed('the checkpoint is a signed note ending in a newline');
  return { oldSize, consistencyProof, checkpointNote };
}

/** What a witness's answer means to the log (tlog-witness, add-checkpoint). */
export type AddCheckpointResponse =
  /** 200: the witness's signature lines, each `— <name> <base64>\n`, to add to the checkpoint. */
  | { readonly kind: 'cosigned'; readonly signatureLines: readonly string[] }
  /** 409 (text/x.tlog.size): the witness last cosigned this size; send a proof from it. */
  | { readonly kind: 'conflict'; readonly witnessSize: number }
  /** 404: the witness does not know the origin. */
  | { readonly kind: 'unknown_log' }
  /** 403: no signature from a key the witness trusts for the origin verified. */
  | { readonly kind: 'forbidden' }
  /** 422: the checkpoint is not consistent with what the witness saw (a root or proof failed). */
  | { readonly kind: 'inconsistent' }
  /** 400: the old size exceeds the checkpoint's, or the request is malformed. */
  | { readonly kind: 'bad_request' }
  /** Any other answer, or a 200/409 whose body breaks the protocol. */
  | { readonly kind: 'unexpected'; readonly status: number; readonly detail: string };

const SIGNATURE_LINE = /^— [^\s+]+ [A-Za-z0-9+/]+={0,2}$/u;

/** Reads a witness's answer to add-checkpoint from its status, Content-Type and body. */
export function parseAddCheckpointResponse(
  status: number,
  contentType: string | null | undefined,
  body: string,
): AddCheckpointResponse {
  switch (status) {
    case 200: {
      const lines = body.endsWith('\n') ? body.slice(0, -1).split('\n') : undefined;
      if (lines === undefined || lines.length === 0 || !lines.every((line) => SIGNATURE_LINE.test(line))) {
        return { kind: 'unexpected', status, detail: 'a 200 body is one or more note signature lines' };
      }
      return { kind: 'cosigned', signatureLines: lines.map((line) => `${line}\n`) };
    }
    case 409: {
      const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
      const size = SIZE_LINE.exec(body)?.[1];
      if (mediaType !== 'text/x.tlog.size' || size === undefined || !Number.isSafeInteger(Number(size))) {
        return { kind: 'unexpected', status, detail: 'a 409 answers text/x.tlog.size with a size' };
      }
      return { kind: 'conflict', witnessSize: Number(size) };
    }
    case 404:
      return { kind: 'unknown_log' };
    case 403:
      return { kind: 'forbidden' };
    case 422:
      return { kind: 'inconsistent' };
    case 400:
      return { kind: 'bad_request' };
    default:
      return { kind: 'unexpected', status, detail: body.slice(0, 200) };
  }
}
