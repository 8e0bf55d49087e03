/**
 * AWS's own DynamoDB Local (the jar shipped by the amplify-dynamodb-simulator dev dependency; Java 17), started as a child
 * process: in memory for tests, on disk under the data folder for `npm start`. On disk it is reached through the
 * commit barrier (commit-barrier.ts), so that a write it acknowledged survives a kill -9.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startCommitBarrier } from './commit-barrier.ts';
import { freePort, waitForPort } from './ports.ts';

export interface RunningService {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer: install it with `apt-get install -y openjdk-17-jre-headless`.',
    );
  }
}

export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<RunningService> {
  assertJava();
  const port = options.port || (await freePort());
  const dir = emulatorDir();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-Xmx1g',
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-disableTelemetry',
      ...storage,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}): ${stderr.trim()}`)));
  });
  await Promise.race([waitForPort(port, 30_000), exited]);
  exited.catch(() => {});
  // In memory nothing outlives the process anyway: the barrier's extra read per write would buy nothing.
  if (!options.dbPath) {
    return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
  }
  const barrier = await startCommitBarrier(port).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
  return {
    endpoint: barrier.endpoint,
    port,
    stop: async () => {
      await barrier.close();
      await stopChild(child);
    },
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
