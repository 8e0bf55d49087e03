/**
 * A real, minimal tlog witness (c2sp.org/tlog-witness add-checkpoint) on 127.0.0.1 for tests: verifies the
 * log's signature with the configured vkeys, keeps the latest size and root per origin in memory, checks the
 * old size and the consistency proof (through the function it is given, the Merkle library's), and answers
 * with a cosignature/v1. Every status the spec defines is produced the way the spec says.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCheckpoint } from '../../shared/domain/tlog/checkpoint.ts';
import { cosignatureSigner, parseAddCheckpointRequest } from '../../shared/domain/tlog/cosignature.ts';
import {
  NoteError,
  type NoteVerifier,
  openNote,
  parseVerifierKey,
  signNote,
} from '../../shared/domain/tlog/note.ts';

export type CheckConsistency = (
  proof: readonly Uint8Array[],
  newSize: number,
  newRoot: Uint8Array,
  oldSize: number,
  oldRoot: Uint8Array,
) => boolean;

export interface TestWitnessOptions {
  /** The witness's key name. */
  readonly name: string;
  /** Its Ed25519 key, PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** The logs it witnesses: origin → the log's vkeys. */
  readonly logs: Readonly<Record<string, readonly string[]>>;
  readonly checkConsistency: CheckConsistency;
  /** Unix seconds; the clock by default. */
  readonly now?: () => number;
}

export interface TestWitness {
  /** The submission prefix (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** What it holds for an origin. */
  latest(origin: string): { readonly size: number; readonly rootHash: Uint8Array } | undefined;
  /** How many add-checkpoint requests it answered. */
  readonly requests: () => number;
  close(): Promise<void>;
}

const EMPTY_ROOT = createHash('sha256').digest();

export async function startTestWitness(options: TestWitnessOptions): Promise<TestWitness> {
  const verifiers = new Map<string, NoteVerifier[]>(
    Object.entries(options.logs).map(([origin, vkeys]) => [origin, vkeys.map(parseVerifierKey)]),
  );
  const signer = cosignatureSigner(
    options.name,
    options.privateKeyPem,
    options.now ?? (() => Math.floor(Date.now() / 1000)),
  );
  const state = new Map<string, { size: number; rootHash: Uint8Array }>();
  let requests = 0;

  // Reading the body is the only await: from the check of the old size to the update nothing yields, so two
  // requests cannot interleave there (the spec's rollback race).
  function addCheckpoint(body: string): { status: number; type?: string; text: string } {
    let request: ReturnType<typeof parseAddCheckpointRequest>;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (error) {
      return { status: 400, text: `${(error as Error).message}\n` };
    }
    const origin = request.checkpointNote.slice(0, request.checkpointNote.indexOf('\n'));
    const known = verifiers.get(origin);
    if (known === undefined) return { status: 404, text: 'unknown log\n' };
    let text: string;
    try {
      text = openNote(request.checkpointNote, known).text;
    } catch (error) {
      if (error instanceof NoteError && error.code !== 'malformed')
        return { status: 403, text: `${error.code}\n` };
      return { status: 400, text: `${(error as Error).message}\n` };
    }
    let checkpoint: ReturnType<typeof parseCheckpoint>;
    try {
      checkpoint = parseCheckpoint(text);
    } catch (error) {
      return { status: 400, text: `${(error as Error).message}\n` };
    }
    const { oldSize, consistencyProof } = request;
    if (oldSize > checkpoint.size) return { status: 400, text: 'old size beyond the checkpoint\n' };
    const held = state.get(origin) ?? { size: 0, rootHash: EMPTY_ROOT };
    if (oldSize !== held.size) return { status: 409, type: 'text/x.tlog.size', text: `${held.size}\n` };
    const sameRoot = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    if (checkpoint.size === 0 && !sameRoot(checkpoint.rootHash, EMPTY_ROOT)) {
      return { status: 422, text: 'the empty tree has the empty hash\n' };
    }
    if (oldSize === 0) {
      if (consistencyProof.length > 0) return { status: 422, text: 'no proof from the empty tree\n' };
    } else if (oldSize === checkpoint.size) {
      if (!sameRoot(held.rootHash, checkpoint.rootHash))
        return { status: 422, text: 'same size, other root\n' };
    } else if (
      !options.checkConsistency(
        consistencyProof,
        checkpoint.size,
        checkpoint.rootHash,
        oldSize,
        held.rootHash,
      )
    ) {
      return { status: 422, text: 'the consistency proof does not verify\n' };
    }
    state.set(origin, { size: checkpoint.size, rootHash: checkpoint.rootHash });
    const signed = signNote(text, [signer]);
    return { status: 200, text: signed.slice(text.length + 1) };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/add-checkpoint') {
        res.writeHead(req.url === '/add-checkpoint' ? 405 : 404).end();
        return;
      }
      requests++;
      let answer: { status: number; type?: string; text: string };
      try {
        answer = addCheckpoint(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        answer = { status: 500, text: `${(error as Error).message}\n` };
      }
      res
        .writeHead(answer.status, { 'content-type': answer.type ?? 'text/plain; charset=utf-8' })
        .end(answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    latest: (origin) => state.get(origin),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
