/**
 * Issue 20: every operator command behaves alike. `--help` prints its usage on stdout and exits 0 before doing
 * anything (no key printed, no file written, no emulator started); an argument it does not take is one line on
 * stderr and exit 2. The commands are read from package.json, so a new one is held to it too.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<
  string,
  string
>;
/** Every `tsx FILE` script but the pre-hooks (they run the same files with fixed arguments). */
const COMMANDS = Object.entries(scripts)
  .filter(([name, command]) => /^tsx \S+\.ts/.test(command) && !name.startsWith('pre'))
  .map(([name, command]) => ({ name, file: command.split(' ')[1] as string }));

function run(
  file: string,
  args: readonly string[],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [file, ...args], {
      cwd: ROOT,
      // A private data folder: a command that ran anyway would be seen writing into it, not into .data.
      env: { ...process.env, GONGSHI_DATA_DIR: join(ROOT, 'test-output/commands-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

describe('operator commands', () => {
  it('are all found in package.json', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'start',
        'token',
        'agencies',
        'sweep',
        'invoke',
        'cost',
        'bench',
        'transparency-key',
      ]),
    );
  });

  it('print their usage on stdout for --help and exit 0, doing nothing else', async () => {
    const results = await Promise.all(
      COMMANDS.map(async (c) => ({ ...c, ...(await run(c.file, ['--help'])) })),
    );
    for (const { name, code, out, err } of results) {
      expect({ name, code, err }).toEqual({ name, code: 0, err: '' });
      expect(out, name).toMatch(/^usage: /);
      expect(out, name).not.toContain('PRIVATE KEY');
      expect(out, name).not.toMatch(/^wrote /m);
    }
  }, 120_000);

  it('refuse an argument they do not take with one line on stderr and exit 2', async () => {
    const results = await Promise.all(
      COMMANDS.map(async (c) => ({ ...c, ...(await run(c.file, ['--bogus'])) })),
    );
    for (const { name, code, out, err } of results) {
      expect({ name, code, out }).toEqual({ name, code: 2, out: '' });
      expect(err.trimEnd().split('\n'), name).toEqual([
        `${name}: Unknown option '--bogus' (npm run ${name} -- --help)`,
      ]);
    }
  }, 120_000);
});
