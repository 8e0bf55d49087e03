/**
 * The log's side of the witness protocol (c2sp.org/tlog-witness): submits a new signed checkpoint with a
 * consistency proof to each witness and keeps the cosignatures that verify under the witness's key. A witness
 * that is down, slow or refuses is an outcome to report, never an exception: the checkpoint is published with
 * whatever cosignatures came back, and the next one tries again.
 */
import {
  type AddCheckpointResponse,
  formatAddCheckpointRequest,
  parseAddCheckpointResponse,
} from '../domain/tlog/cosignature.ts';
import {
  appendSignatureLines,
  NoteError,
  openNote,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
} from '../domain/tlog/note.ts';

/** A witness's answer, or why there was none. */
export type WitnessResult =
  | AddCheckpointResponse
  | { readonly kind: 'unreachable'; readonly detail: string }
  /** The request could not be formed (a bad proof, say): the caller's bug, reported rather than thrown. */
  | { readonly kind: 'invalid_request'; readonly detail: string };

export const DEFAULT_WITNESS_TIMEOUT_MS = 10_000;

export interface AddCheckpointOptions {
  /** The witness's submission prefix; `/add-checkpoint` is appended. */
  readonly url: string;
  /** The size of the checkpoint the witness last cosigned for this log, 0 if none (or unknown). */
  readonly oldSize: number;
  /** The consistency proof from `oldSize` to the note's size (empty from 0). */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint. */
  readonly note: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs?: number;
}

function submissionUrl(prefix: string): string {
  return `${prefix.replace(/\/+$/, '')}/add-checkpoint`;
}

/** One add-checkpoint call: POST `<url>/add-checkpoint`, read per the spec; never throws. */
export async function addCheckpoint(options: AddCheckpointOptions): Promise<WitnessResult> {
  const { url, oldSize, proof, note, timeoutMs = DEFAULT_WITNESS_TIMEOUT_MS } = options;
  let body: string;
  try {
    body = formatAddCheckpointRequest({ oldSize, consistencyProof: proof, checkpointNote: note });
  } catch (error) {
    return { kind: 'invalid_request', detail: (error as Error).message };
  }
  try {
    const response = await options.fetch(submissionUrl(url), {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return parseAddCheckpointResponse(response.status, response.headers.get('content-type'), text);
  } catch (error) {
    const cause = (error as Error).cause;
    const detail = cause instanceof Error ? `${(error as Error).message}: ${cause.message}` : String(error);
    return { kind: 'unreachable', detail };
  }
}

export interface WitnessConfig {
  readonly url: string;
  /** The witness's cosignature/v1 vkey (type 0x04). */
  readonly vkey: string;
  /** What the log last heard this witness cosign; 0 (the default) lets a 409 tell. */
  readonly oldSize?: number;
}

/**
 * The witnesses of a deployment (`TLOG_WITNESSES`, `-c tlogWitnesses`): a JSON array of `{"url", "vkey"}`, the
 * witness's submission prefix (http or https; `/add-checkpoint` is appended) and its cosignature/v1 verifier
 * key. An empty text or array is none. Throws naming every problem: a malformed list must fail the deployment
 * or the cold start, not leave the log unwitnessed without a word.
 */
export function parseWitnessList(text: string): WitnessConfig[] {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`the witness list is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new Error('the witness list is a JSON array of {"url", "vkey"}');
  const problems: string[] = [];
  const witnesses: WitnessConfig[] = [];
  value.forEach((item: unknown, i) => {
    const at = `witness ${i}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${at}: not an object {"url", "vkey"}`);
      return;
    }
    const { url, vkey, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) problems.push(`${at}: unknown ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
    let parsedUrl: URL | undefined;
    try {
      parsedUrl = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsedUrl = undefined;
    }
    if (
      parsedUrl === undefined ||
      !/^https?:$/.test(parsedUrl.protocol) ||
      parsedUrl.search ||
      parsedUrl.hash
    ) {
      problems.push(`${at}: "url" must be an http(s) URL without query or fragment`);
    }
    if (typeof vkey !== 'string') {
      problems.push(`${at}: "vkey" must be the witness's verifier key`);
    } else {
      try {
        if (parseVerifierKey(vkey).type !== SIGNATURE_TYPE_COSIGNATURE_V1)
          problems.push(`${at}: "vkey" must be a cosignature/v1 key (type 0x04)`);
      } catch (error) {
        problems.push(`${at}: "vkey": ${(error as Error).message}`);
      }
    }
    if (typeof url === 'string' && typeof vkey === 'string') witnesses.push({ url, vkey });
  });
  const urls = witnesses.map((w) => w.url.replace(/\/+$/, ''));
  const repeated = urls.filter((url, i) => urls.indexOf(url) !== i);
  if (repeated.length > 0) problems.push(`the same witness twice: ${[...new Set(repeated)].join(', ')}`);
  if (problems.length > 0) throw new Error(`the witness list is not valid: ${problems.join('; ')}`);
  return witnesses;
}

export interface WitnessOutcome {
  readonly url: string;
  readonly result: WitnessResult | { readonly kind: 'bad_cosignature'; readonly detail: string };
  /** The size the witness now holds for the log, when it told (a cosignature or a 409). */
  readonly witnessSize?: number;
}

export interface WitnessCosignaturesOptions {
  /** The log's signed checkpoint. */
  readonly note: string;
  /** Its tree size. */
  readonly size: number;
  readonly witnesses: readonly WitnessConfig[];
  /** A consistency proof from an older size to `size` (the Merkle library's); empty from 0 or from `size`. */
  readonly proofFrom: (oldSize: number) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>;
  readonly fetch: typeof fetch;
  readonly timeoutMs?: number;
}

/**
 * Asks every witness at once to cosign; a witness answering 409 is asked once more with a proof from the size
 * it holds. Returns the signature lines to append to the published checkpoint (only lines that verify under
 * each witness's vkey), and each witness's outcome for the log's records.
 */
export async function witnessCosignatures(
  options: WitnessCosignaturesOptions,
): Promise<{ readonly lines: readonly string[]; readonly outcomes: readonly WitnessOutcome[] }> {
  const outcomes = await Promise.all(options.witnesses.map((witness) => cosignOne(options, witness)));
  return { lines: outcomes.flatMap((o) => o.lines), outcomes: outcomes.map((o) => o.outcome) };
}

async function cosignOne(
  options: WitnessCosignaturesOptions,
  witness: WitnessConfig,
): Promise<{ lines: readonly string[]; outcome: WitnessOutcome }> {
  const { note, size, fetch, timeoutMs } = options;
  const ask = async (oldSize: number): Promise<WitnessResult> => {
    let proof: readonly Uint8Array[];
    try {
      proof = oldSize === 0 || oldSize === size ? [] : await options.proofFrom(oldSize);
    } catch (error) {
      return { kind: 'invalid_request', detail: `no proof from ${oldSize}: ${(error as Error).message}` };
    }
    return addCheckpoint({
      url: witness.url,
      oldSize,
      proof,
      note,
      fetch,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  };
  let result = await ask(witness.oldSize ?? 0);
  if (result.kind === 'conflict' && result.witnessSize <= size) result = await ask(result.witnessSize);
  if (result.kind === 'conflict')
    return { lines: [], outcome: { url: witness.url, result, witnessSize: result.witnessSize } };
  if (result.kind !== 'cosigned') return { lines: [], outcome: { url: witness.url, result } };
  try {
    const verifier = parseVerifierKey(witness.vkey);
    const opened = openNote(appendSignatureLines(note, result.signatureLines), [verifier]);
    const lines = opened.verified.map((sig) => `— ${sig.name} ${sig.base64}\n`);
    return { lines, outcome: { url: witness.url, result, witnessSize: size } };
  } catch (error) {
    const detail = error instanceof NoteError ? `${error.code}: ${error.message}` : String(error);
    return { lines: [], outcome: { url: witness.url, result: { kind: 'bad_cosignature', detail } } };
  }
}
