/**
 * What DynamoDB Local keeps of acknowledged writes when its JVM is killed with kill -9: N items written one
 * acknowledged request at a time (PutItem and TransactWriteItems, half each) to an emulator on a temporary
 * -dbPath, kill -9 the moment the last one is acknowledged, the emulator started again on the same folder, and
 * the items counted. Usage: tsx test/reliability/support/emulator-kill.ts [N] [RUNS] [-- extra emulator args]
 * Prints one JSON line per run and a total; exits 1 when an acknowledged write was lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { localDynamoConfig } from '../../../infra/local/aws-config.ts';
import { startCommitBarrier } from '../../../infra/local/commit-barrier.ts';
import { freePort, waitForPort } from '../../../infra/local/ports.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const separator = process.argv.indexOf('--');
const positional = process.argv.slice(2, separator === -1 ? undefined : separator);
const extra = separator === -1 ? [] : process.argv.slice(separator + 1);
const N = Number(positional[0] ?? 200);
const RUNS = Number(positional[1] ?? 5);
const TABLE = 'kill';
/** KILL_DELAY_MS: how long after the last acknowledgement the kill comes (0: at once), to find the window. */
const DELAY = Number(process.env.KILL_DELAY_MS ?? 0);
/** IN_FLIGHT: writes under way at once (the API approves several decisions at a time). */
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 1);
/** BARRIER=1: the writes go through the platform's commit barrier (infra/local/commit-barrier.ts). */
const BARRIER = process.env.BARRIER === '1';

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

async function start(dbPath: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const port = await freePort();
  const dir = emulatorDir();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-Xmx1g',
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-disableTelemetry',
      '-dbPath',
      dbPath,
      ...extra,
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 30_000);
  if (!BARRIER) return { child, endpoint: `http://127.0.0.1:${port}` };
  const barrier = await startCommitBarrier(port);
  child.once('exit', () => void barrier.close());
  return { child, endpoint: barrier.endpoint };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

async function count(client: DynamoDBClient): Promise<Set<string>> {
  const seen = new Set<string>();
  let start: Record<string, { S: string }> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) if (item.pk?.S) seen.add(item.pk.S);
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return seen;
}

async function run(index: number): Promise<number> {
  const dbPath = mkdtempSync(join(tmpdir(), 'gongshi-ddb-kill-'));
  try {
    const first = await start(dbPath);
    const client = new DynamoDBClient({ ...localDynamoConfig(first.endpoint), maxAttempts: 1 });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: TABLE });
    const acknowledged: string[] = [];
    const write = async (i: number) => {
      const pk = `item-${i}`;
      if (i % 2 === 0) {
        await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk } } }));
      } else {
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: TABLE, Item: { pk: { S: pk } } } },
              { Put: { TableName: TABLE, Item: { pk: { S: `${pk}#audit` } } } },
            ],
          }),
        );
      }
      acknowledged.push(pk);
    };
    let next = 0;
    const writing = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < N) await write(next++);
      }),
    );
    const writeMs = Date.now() - writing;
    // The moment it hurts most: the last acknowledgement has just arrived.
    if (DELAY > 0) await new Promise((r) => setTimeout(r, DELAY));
    await kill9(first.child);
    client.destroy();
    const second = await start(dbPath);
    const reader = new DynamoDBClient(localDynamoConfig(second.endpoint));
    try {
      const seen = await count(reader);
      const lost = acknowledged.filter((pk) => !seen.has(pk));
      console.log(
        JSON.stringify({
          run: index,
          acknowledged: acknowledged.length,
          lost: lost.length,
          writeMs,
          sample: lost.slice(0, 5),
        }),
      );
      return lost.length;
    } finally {
      reader.destroy();
      await kill9(second.child);
    }
  } finally {
    rmSync(dbPath, { recursive: true, force: true });
  }
}

let lost = 0;
for (let i = 1; i <= RUNS; i++) lost += await run(i);
console.log(
  JSON.stringify({
    runs: RUNS,
    itemsPerRun: N,
    inFlight: IN_FLIGHT,
    barrier: BARRIER,
    killDelayMs: DELAY,
    flags: extra,
    acknowledgedLost: lost,
  }),
);
process.exit(lost > 0 ? 1 : 0);
