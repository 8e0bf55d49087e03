/**
 * DynamoDB Local (1.25) answers a TransactWriteItems before the write is committed: the request opens a
 * transaction on the emulator's one SQLite queue, runs its statements, hands COMMIT to that queue without
 * waiting for it and answers. A kill -9 in the few milliseconds before the queue runs the COMMIT loses a write
 * the caller was told had succeeded (measured: the last of 200 acknowledged writes, in every run;
 * test/reliability/support/emulator-kill.ts). No flag of the emulator changes this, and SQLite's settings are
 * beside the point: the COMMIT has not been issued yet.
 *
 * This proxy sits between the platform and the emulator on disk. It holds the answer to every write until a
 * ListTables has been through the same queue: the queue runs its jobs one at a time in order, so once that
 * read is answered the COMMIT before it has run, and what SQLite has committed survives the process's death
 * (it is in the operating system's hands). A read, not a wait: the answer goes out as soon as it is true.
 */
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** The operations that change items; the barrier follows each one that succeeded. */
const WRITES = /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/;

export interface CommitBarrier {
  readonly endpoint: string;
  /** Writes answered, and barriers that failed (the write's answer went out all the same). */
  readonly counts: { writes: number; barrierFailures: number };
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function collect(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

export async function startCommitBarrier(emulatorPort: number): Promise<CommitBarrier> {
  const agent = new Agent({ keepAlive: true });
  const forward = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<Reply>((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port: emulatorPort, method, path, headers, agent },
        (incoming) => {
          collect(incoming).then(
            (data) => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: data }),
            reject,
          );
        },
      );
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  const counts = { writes: 0, barrierFailures: 0 };

  // The emulator names its database file after the caller's access key and region (no -sharedDb): the
  // barrier goes with the write's own credentials, so it passes through the same file's queue.
  const barrier = async (headers: IncomingHttpHeaders) => {
    const body = Buffer.from('{"Limit":1}');
    const reply = await forward(
      'POST',
      '/',
      {
        ...(headers.authorization ? { authorization: headers.authorization } : {}),
        ...(headers['x-amz-date'] ? { 'x-amz-date': headers['x-amz-date'] } : {}),
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-length': String(body.length),
      },
      body,
    );
    if (reply.status !== 200) throw new Error(`ListTables answered ${reply.status}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await collect(req);
      const reply = await forward(req.method ?? 'POST', req.url ?? '/', req.headers, body);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (reply.status === 200 && WRITES.test(target)) {
        counts.writes += 1;
        await barrier(req.headers).catch(() => {
          counts.barrierFailures += 1;
        });
      }
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    } catch {
      // The emulator is gone or refused the connection: the SDK retries a 5xx as it would DynamoDB's.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        '{"__type":"com.amazonaws.dynamodb#InternalServerError","message":"DynamoDB Local unreachable"}',
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
