/**
 * The check `npm test` and `npm start` run first (infra/prerequisites.ts): the plan for every kind of machine,
 * then the real command on a machine that lacks everything. That machine is a PATH holding only stand-ins for
 * apt-get and sudo that put executables where Debian's packages would: the check cannot tell it from a fresh
 * Debian, and nothing is installed on the machine running the test.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Found,
  findChromium,
  type Installer,
  manualCommand,
  NEEDS_OF,
  parseJavaMajor,
  plan,
} from '../../../infra/local/prerequisites.ts';

const NOTHING: Found = { javaMajor: undefined, chromium: undefined, cjkFont: false };
const EVERYTHING: Found = { javaMajor: 17, chromium: '/usr/bin/chromium', cjkFont: true };
const ROOT_WITH_APT: Installer = { apt: true, root: true, sudo: false };

describe('the plan', () => {
  it('is ready when everything the command needs is there, and start does not need Chromium', () => {
    expect(plan(EVERYTHING, NEEDS_OF.test, ROOT_WITH_APT)).toEqual({ kind: 'ready' });
    expect(plan({ ...NOTHING, javaMajor: 21 }, NEEDS_OF.start, ROOT_WITH_APT)).toEqual({ kind: 'ready' });
  });

  it('installs only what is missing, apt-get update first; through sudo -n when not root', () => {
    const found = { ...EVERYTHING, chromium: undefined };
    expect(plan(found, NEEDS_OF.test, ROOT_WITH_APT)).toEqual({
      kind: 'install',
      missing: ['chromium'],
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'],
      ],
    });
    const viaSudo = plan(NOTHING, NEEDS_OF.test, { apt: true, root: false, sudo: true });
    expect(viaSudo.kind === 'install' && viaSudo.commands).toEqual([
      ['sudo', '-n', 'apt-get', 'update'],
      [
        'sudo',
        '-n',
        'apt-get',
        'install',
        '-y',
        '--no-install-recommends',
        'default-jre-headless',
        'chromium',
        'fonts-wqy-zenhei',
        'fontconfig',
      ],
    ]);
  });

  it('treats a Java older than 17 as missing', () => {
    const old = plan({ ...EVERYTHING, javaMajor: 11 }, NEEDS_OF.start, ROOT_WITH_APT);
    expect(old.kind === 'install' && old.missing).toEqual(['java']);
  });

  it('stops with the exact command when it cannot install', () => {
    const noSudo = plan(NOTHING, NEEDS_OF.test, { apt: true, root: false, sudo: false });
    expect(noSudo.kind).toBe('stop');
    expect(noSudo.kind === 'stop' && noSudo.message).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends default-jre-headless chromium fonts-wqy-zenhei fontconfig',
    );
    const noApt = plan({ ...EVERYTHING, chromium: undefined }, NEEDS_OF.test, {
      apt: false,
      root: true,
      sudo: false,
    });
    expect(noApt.kind === 'stop' && noApt.message).toMatch(/no apt-get.*CHROMIUM_PATH/);
  });

  it('reads the major version of every java -version form', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('no java here')).toBeUndefined();
  });
});

describe('finding Chromium', () => {
  it('takes CHROMIUM_PATH alone when it is set: a path that is not an executable means absent', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium', PATH: '/usr/bin:/bin' })).toBeUndefined();
    expect(findChromium({ CHROMIUM_PATH: '/bin/sh' })).toBe('/bin/sh');
    expect(findChromium({ PATH: '' })).toBeUndefined();
  });
});

// ── the real command on a machine that has none of it ──────────────────────────────────────────────────────

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

function executable(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/**
 * A bin folder standing for a fresh Debian: apt-get records its calls and, on install, puts `java`,
 * `fc-list` and Chromium where the packages would (Chromium at CHROMIUM_PATH); sudo -n runs its command.
 */
function freshMachine(options: { aptFails?: boolean; withApt?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'gongshi-prereq-'));
  dirs.push(root);
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const log = join(root, 'apt.log');
  const chromium = join(root, 'opt', 'chromium');
  if (options.withApt !== false) {
    executable(
      join(bin, 'apt-get'),
      `echo "$*" >> '${log}'
[ "$1" = install ] || exit 0
${options.aptFails ? "echo 'E: Unable to locate package chromium' >&2; exit 100" : ''}
for package in "$@"; do
  case "$package" in
    default-jre-headless) printf '#!/bin/sh\\necho "openjdk version \\\\"17.0.15\\\\" 2025-04-15" >&2\\n' > '${bin}/java'; /bin/chmod +x '${bin}/java' ;;
    fontconfig) printf '#!/bin/sh\\necho "WenQuanYi Zen Hei"\\n' > '${bin}/fc-list'; /bin/chmod +x '${bin}/fc-list' ;;
    chromium) /bin/mkdir -p '${join(root, 'opt')}'; printf '#!/bin/sh\\n' > '${chromium}'; /bin/chmod +x '${chromium}' ;;
  esac
done`,
    );
    executable(join(bin, 'sudo'), '[ "$1" = -n ] && shift\nexec "$@"');
  }
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [TSX_CLI, 'infra/prerequisites.ts', ...args], {
      encoding: 'utf8',
      env: { PATH: bin, CHROMIUM_PATH: chromium, HOME: root },
    });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { run, calls, chromium };
}

describe('npm run prerequisites on a machine without Java, Chromium or a CJK font', () => {
  it('installs all three with one apt-get, saying so in one line, and finds Chromium where it put it', () => {
    const machine = freshMachine();
    const first = machine.run('--for', 'test');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'gongshi: first run installs default-jre-headless chromium fonts-wqy-zenhei fontconfig with apt-get ' +
        '(Java 17+ runs DynamoDB Local; the browser tests open the site in Chromium; without a CJK font Chinese renders as boxes)',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^gongshi: prerequisites ready \\(java 17, chromium ${machine.chromium}, CJK font present\\) in \\d+ s$`,
      ),
    );
    expect(machine.calls()).toEqual([
      'update',
      'install -y --no-install-recommends default-jre-headless chromium fonts-wqy-zenhei fontconfig',
    ]);
    expect(findChromium({ CHROMIUM_PATH: machine.chromium })).toBe(machine.chromium);

    // Once: the second run finds everything and neither prints nor installs.
    const second = machine.run('--for', 'test');
    expect([second.status, second.stdout, second.stderr]).toEqual([0, '', '']);
    expect(machine.calls()).toHaveLength(2);
  });

  it('installs only Java for npm start', () => {
    const machine = freshMachine();
    expect(machine.run('--for', 'start').status).toBe(0);
    expect(machine.calls()).toEqual(['update', 'install -y --no-install-recommends default-jre-headless']);
    expect(existsSync(machine.chromium)).toBe(false);
  });

  it('stops with the exact command when the machine has no apt-get, installing nothing', () => {
    const machine = freshMachine({ withApt: false });
    const result = machine.run('--for', 'test');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('gongshi: missing java, chromium, cjkFont');
    expect(result.stderr).toContain(manualCommand(['java', 'chromium', 'cjkFont']));
  });

  it('stops with apt-get’s own words when the install fails', () => {
    const machine = freshMachine({ aptFails: true });
    const result = machine.run('--for', 'test');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /`(sudo -n )?apt-get install -y --no-install-recommends .*` failed \(100\)/,
    );
    expect(result.stderr).toContain('E: Unable to locate package chromium');
  });

  it('rejects an unknown command', () => {
    const result = freshMachine().run('--for', 'deploy');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--for is start or test');
  });
});
