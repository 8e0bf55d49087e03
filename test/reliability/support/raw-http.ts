/**
 * Raw HTTP for the fuzzer: any method, path, header value (latin-1, as HTTP carries them) and body bytes,
 * over kept-alive connections, with an optional client address of its own (127.x.y.z) for R9's per-client
 * limits. `fetch` would refuse or rewrite much of what the fuzzer sends.
 */
import { Agent, request } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Path and query, sent as written (it may hold what a URL parser would reject). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly sourceIp?: string;
}

export interface RawReply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export function send(base: string, req: RawRequest): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: {
          ...req.headers,
          ...(req.body === undefined ? {} : { 'content-length': String(req.body.length) }),
        },
        // A client address of its own cannot share pooled sockets.
        ...(req.sourceIp ? { localAddress: req.sourceIp } : { agent }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(60_000, () => outgoing.destroy(new Error(`timeout: ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Runs the work over the items with at most `limit` at once, in order of the items. */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
