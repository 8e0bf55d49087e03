import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { inject } from 'vitest';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on them
  readonly body: any;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

/** One real HTTP call to the local platform's API. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${inject('apiUrl')}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/**
 * One real HTTP call from a client address of its own: a connection from another loopback address (127.x.y.z
 * all reach the local API), so the API sees a different `sourceIp`, as API Gateway would for another client.
 * For the per-client limits of public routes (R9). `form` posts application/x-www-form-urlencoded.
 */
export async function callFrom(
  sourceIp: string,
  method: string,
  path: string,
  options: CallOptions & { readonly form?: Record<string, string> } = {},
): Promise<Reply & { readonly text: string }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const url = new URL(`${inject('apiUrl')}${path}`);
  const { status, responseHeaders, text } = await new Promise<{
    status: number;
    responseHeaders: Headers;
    text: string;
  }>((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        localAddress: sourceIp,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const h = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) h.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({
            status: response.statusCode ?? 0,
            responseHeaders: h,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status, headers: responseHeaders, body: parsed, text };
}

const used = new Set<string>();
/** A loopback address of its own (random, so test files in other workers pick others too). */
export function freshClient(): string {
  for (;;) {
    const [a, b, c] = randomBytes(3);
    const ip = `127.${((a ?? 0) % 254) + 1}.${b ?? 0}.${((c ?? 0) % 253) + 1}`;
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
}

/**
 * The If-Match of a decision as a client sends it after reading the decision: its current version. Reviews,
 * withdrawals and corrections require it (R2, R8: 428 without, 412 when stale).
 */
export async function currentIfMatch(token: string, id: string): Promise<Record<string, string>> {
  const read = await call('GET', `/v1/decisions/${id}`, { token });
  if (read.status !== 200) throw new Error(`GET /v1/decisions/${id}: ${read.status}`);
  return { 'if-match': `"${read.body.version}"` };
}
