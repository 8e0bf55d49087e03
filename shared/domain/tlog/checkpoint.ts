/**
 * Checkpoints (c2sp.org/tlog-checkpoint): the note text naming a log's origin, its size and its RFC 6962 root,
 * which the log signs and witnesses cosign. Parsing is strict, so two readers never disagree about what a
 * signed checkpoint says.
 */
import { decodeBase64Strict, encodeBase64, hasControlCharacter, NoteError } from './note.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  /** The RFC 6962 Merkle tree hash at `size`, 32 bytes. */
  readonly rootHash: Uint8Array;
  /** Opaque extension lines; the spec advises against them (monitors cannot audit them). */
  readonly extensions: readonly string[];
}

export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

const SIZE = /^(?:0|[1-9][0-9]*)$/;

function malformed(why: string): never {
  throw new NoteError('malformed', `checkpoint: ${why}`);
}

/** The note text of a checkpoint, ending in a newline; refuses what `parseCheckpoint` would refuse. */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (origin === '' || hasControlCharacter(origin, false)) malformed('the origin is one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) malformed('the size is a non-negative integer');
  if (rootHash.length !== 32) malformed('the root hash is 32 bytes');
  for (const line of extensions) {
    if (line === '' || hasControlCharacter(line, false))
      malformed('extension lines are non-empty single lines');
  }
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/**
 * Reads a checkpoint's note text (what `openNote` returns as `text`): at least three non-empty lines, the
 * size in decimal without leading zeros, the root hash 32 bytes of standard base64.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) malformed('the text ends in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) malformed('origin, size and root hash lines');
  if (lines.some((line) => line === '' || hasControlCharacter(line, false))) malformed('lines are non-empty');
  const [origin, sizeText, hashText, ...extensions] = lines as [string, string, string, ...string[]];
  if (!SIZE.test(sizeText)) malformed('the size is decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) malformed('the size is beyond 2^53 - 1');
  const rootHash = decodeBase64Strict(hashText);
  if (rootHash?.length !== 32) malformed('the root hash is 32 bytes in base64');
  return { origin, size, rootHash, extensions };
}
