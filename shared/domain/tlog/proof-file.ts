/**
 * Transparency log proofs (c2sp.org/tlog-proof, `.tlog-proof` files): a checkpoint with its cosignatures, an
 * entry's index and its inclusion proof in one text, so a reader can check offline that an entry was logged
 * and witnessed. Parsing is strict; the checkpoint stays verbatim for `openNote`.
 */
import { decodeBase64Strict, encodeBase64, NoteError } from './note.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque application data; unauthenticated, never to be trusted on its own. */
  readonly extra?: Uint8Array;
  readonly index: number;
  /** The RFC 6962 inclusion proof, from the leaf's sibling up to the root's child; 32 bytes each. */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  readonly checkpoint: string;
}

const INDEX = /^index (0|[1-9][0-9]*)$/;

function malformed(why: string): never {
  throw new NoteError('malformed', `tlog-proof: ${why}`);
}

export function formatTlogProof(proof: TlogProof): string {
  const { extra, index, proof: hashes, checkpoint } = proof;
  if (!Number.isSafeInteger(index) || index < 0) malformed('the index is a non-negative integer');
  if (hashes.some((hash) => hash.length !== 32)) malformed('proof hashes are 32 bytes');
  if (!checkpoint.endsWith('\n') || !checkpoint.includes('\n\n'))
    malformed('the checkpoint is a signed note');
  const lines = [TLOG_PROOF_HEADER];
  if (extra !== undefined) lines.push(`extra ${encodeBase64(extra)}`);
  lines.push(`index ${index}`, ...hashes.map(encodeBase64), '');
  return `${lines.join('\n')}\n${checkpoint}`;
}

export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  let at = 0;
  const next = (): string => lines[at++] ?? malformed('truncated');
  if (next() !== TLOG_PROOF_HEADER) malformed(`the first line is ${TLOG_PROOF_HEADER}`);
  let line = next();
  let extra: Uint8Array | undefined;
  if (line.startsWith('extra ')) {
    // An empty payload encodes as "extra " and is accepted; stray spaces or bad base64 are not.
    extra = decodeBase64Strict(line.slice('extra '.length)) ?? malformed('extra is base64');
    line = next();
  }
  const index = INDEX.exec(line)?.[1] ?? malformed('an index line, decimal without leading zeros');
  const proof: Uint8Array[] = [];
  for (line = next(); line !== ''; line = next()) {
    const hash = decodeBase64Strict(line);
    if (hash?.length !== 32) malformed('proof lines are 32-byte hashes in base64');
    proof.push(hash);
    // A tree of at most 2^63 leaves has inclusion proofs of at most 63 hashes.
    if (proof.length > 63) malformed('at most 63 proof lines');
  }
  const checkpoint = lines.slice(at).join('\n');
  if (!checkpoint.endsWith('\n') || !checkpoint.includes('\n\n')) malformed('a signed checkpoint follows');
  const value = Number(index);
  if (!Number.isSafeInteger(value)) malformed('the index is beyond 2^53 - 1');
  return { ...(extra === undefined ? {} : { extra }), index: value, proof, checkpoint };
}
