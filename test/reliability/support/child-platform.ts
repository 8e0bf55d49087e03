/**
 * Starting a platform in a child process. Two platforms in one process share the handlers' composition roots
 * (vitest.config.ts), so the reliability project runs its platform beside the integration project's, not in
 * the same vitest main process. Each child is its own process group: a kill -9 of the group takes its DynamoDB
 * Local JVM with it, as a machine that dies would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface PlatformAddresses {
  readonly pid: number;
  readonly apiUrl: string;
  readonly siteUrl: string;
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  readonly tableName: string;
  readonly siteBucket: string;
  readonly uploadsBucket?: string;
}

export interface ChildPlatform extends PlatformAddresses {
  readonly child: ChildProcess;
  /** SIGTERM, and the whole group killed if it has not gone in 10 s. */
  stop(): Promise<void>;
  /** kill -9 of the process group: the platform and its emulators die mid-whatever. */
  kill9(): Promise<void>;
}

function tsxNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid) reaper(child);
  return child;
}

/**
 * The group outlives this process if it dies unannounced (a test runner killed, a worker crashing): a small
 * process of ours, on a pipe from this one, kills the group when the pipe closes. It is ended first when the
 * platform stops in good order.
 */
function reaper(child: ChildProcess): void {
  const watcher = spawn(
    process.execPath,
    [
      '-e',
      `process.stdin.on('end', () => { try { process.kill(-${child.pid}, 'SIGKILL'); } catch {} process.exit(0); }); process.stdin.resume();`,
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  child.once('exit', () => watcher.kill());
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

function controls(child: ChildProcess) {
  const kill9 = async () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
    await exited(child);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => void kill9(), 10_000);
    child.stdin?.end();
    child.kill('SIGTERM');
    await exited(child);
    clearTimeout(timer);
  };
  return { stop, kill9 };
}

/** The in-memory platform of support/platform-process.ts. */
export async function startChildPlatform(dataDir: string, timeoutMs = 90_000): Promise<ChildPlatform> {
  const child = tsxNode(join(PROJECT_ROOT, 'test/reliability/support/platform-process.ts'), [dataDir], {});
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const addresses = await new Promise<PlatformAddresses>((resolveLine, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the platform did not start: ${stderr}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) {
        clearTimeout(timer);
        resolveLine(JSON.parse(line) as PlatformAddresses);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited (${code}): ${stderr}`));
    });
  });
  // From here on its output is only drained, so a full pipe never blocks it.
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  return { ...addresses, child, ...controls(child) };
}

/**
 * `npm start` itself (infra/local/start.ts) on a data folder of its own: on disk, the scheduler on, as a person
 * runs it. Ready when it has written `<dataDir>/platform.json` with its own pid.
 */
export async function startNpmStart(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<ChildPlatform & { readonly output: () => string }> {
  const child = tsxNode(join(PROJECT_ROOT, 'infra/local/start.ts'), [], {
    GONGSHI_DATA_DIR: dataDir,
    API_PORT: '0',
    SITE_PORT: '0',
    LOG_LEVEL: 'ERROR',
    ...env,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 50_000) output = output.slice(-25_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const file = join(dataDir, 'platform.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}): ${output}`);
    if (existsSync(file)) {
      try {
        const info = JSON.parse(readFileSync(file, 'utf8')) as PlatformAddresses & { apiUrl: string };
        if (info.pid === child.pid) {
          return {
            ...info,
            apiUrl: info.apiUrl.replace(/\/$/, ''),
            child,
            ...controls(child),
            output: () => output,
          };
        }
      } catch {
        // half written: read again
      }
    }
    if (Date.now() > deadline) throw new Error(`npm start did not come up in ${timeoutMs} ms: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
