/**
 * Every handler's module loads with exactly the environment its manifest row gives it on AWS (`environmentFor`),
 * in a fresh process: a handler that builds a port its row does not grant fails its cold start for want of a
 * variable, here rather than in Lambda. (The local platform sets the union of every row's, so it cannot show it.)
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { environmentFor, FUNCTION_NAMES, handlerEntry } from '../../../shared/manifest.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

const RESOURCES = {
  stage: 'test',
  tableName: 'gongshi-test',
  siteBucket: 'gongshi-test-site',
  siteUrl: 'https://site.example/',
  apiUrl: 'https://api.example/',
  uploadsBucket: 'gongshi-test-uploads',
  archiveBucket: 'gongshi-archive',
  transparencyKeySecretArn: 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:gongshi-key',
};

async function load(name: (typeof FUNCTION_NAMES)[number]): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...environmentFor(name, RESOURCES),
  };
  const script = `const m = await import(${JSON.stringify(join(ROOT, handlerEntry(name)))}); if (typeof m.handler !== 'function') throw new Error('no handler');`;
  const { stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env,
    timeout: 60_000,
  });
  return stderr;
}

describe('each handler loads with its own row’s environment only', () => {
  it('loads every handler in a process of its own (4 at a time)', async () => {
    const failures: string[] = [];
    const queue = [...FUNCTION_NAMES];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let name = queue.shift(); name; name = queue.shift()) {
          try {
            await load(name);
          } catch (error) {
            const text = String((error as { stderr?: string }).stderr ?? error);
            failures.push(
              `${name}: ${text.split('\n').find((l) => l.includes('Error')) ?? text.slice(0, 300)}`,
            );
          }
        }
      }),
    );
    expect(failures).toEqual([]);
  }, 240_000);
});
