/**
 * What the two commands need beyond npm, found and installed from Debian's packages by one check
 * (`npm run prerequisites`, run by `pretest` and `prestart`, and by `.ci/run`): Java 17 or newer for
 * DynamoDB Local, Debian's Chromium and a CJK font for the browser tests. The plan is a pure function of what
 * the probes found, so the path a machine without Chromium takes is tested without that machine.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Need = 'java' | 'chromium' | 'cjkFont';

/** What each command of the README needs: `npm start` runs DynamoDB Local; `npm test` also opens Chromium. */
export const NEEDS_OF: Readonly<Record<'start' | 'test', readonly Need[]>> = {
  start: ['java'],
  test: ['java', 'chromium', 'cjkFont'],
};

/** The Debian packages that supply each need, and why the project needs it (one line each, for the log). */
export const SUPPLIES: Readonly<
  Record<Need, { readonly packages: readonly string[]; readonly why: string }>
> = {
  // default-jre-headless is OpenJDK 17 on Debian 12 and 21 on Debian 13: DynamoDB Local runs on both.
  java: { packages: ['default-jre-headless'], why: 'Java 17+ runs DynamoDB Local' },
  chromium: { packages: ['chromium'], why: 'the browser tests open the site in Chromium' },
  // fontconfig brings fc-list, by which the check sees the font next time.
  cjkFont: {
    packages: ['fonts-wqy-zenhei', 'fontconfig'],
    why: 'without a CJK font Chinese renders as boxes',
  },
};

export const MIN_JAVA = 17;

/** What the probes found on this machine. */
export interface Found {
  /** The major version of `java` on PATH, or undefined when there is none. */
  readonly javaMajor: number | undefined;
  /** The Chromium executable the browser tests will launch, or undefined. */
  readonly chromium: string | undefined;
  readonly cjkFont: boolean;
}

/** How this machine can install Debian packages. */
export interface Installer {
  readonly apt: boolean;
  readonly root: boolean;
  /** `sudo -n` works without a password. */
  readonly sudo: boolean;
}

export type Plan =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'install';
      readonly missing: readonly Need[];
      readonly commands: readonly (readonly string[])[];
    }
  | { readonly kind: 'stop'; readonly missing: readonly Need[]; readonly message: string };

export function missingNeeds(found: Found, needs: readonly Need[]): Need[] {
  return needs.filter((need) => {
    if (need === 'java') return found.javaMajor === undefined || found.javaMajor < MIN_JAVA;
    if (need === 'chromium') return found.chromium === undefined;
    return !found.cjkFont;
  });
}

export function packagesFor(missing: readonly Need[]): string[] {
  return [...new Set(missing.flatMap((need) => SUPPLIES[need].packages))];
}

/** The exact command a person runs to supply what is missing. */
export function manualCommand(missing: readonly Need[]): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packagesFor(missing).join(' ')}`;
}

export function plan(found: Found, needs: readonly Need[], installer: Installer): Plan {
  const missing = missingNeeds(found, needs);
  if (missing.length === 0) return { kind: 'ready' };
  if (installer.apt && (installer.root || installer.sudo)) {
    const prefix = installer.root ? [] : ['sudo', '-n'];
    return {
      kind: 'install',
      missing,
      commands: [
        [...prefix, 'apt-get', 'update'],
        [...prefix, 'apt-get', 'install', '-y', '--no-install-recommends', ...packagesFor(missing)],
      ],
    };
  }
  const reasons = missing.map((need) => SUPPLIES[need].why).join('; ');
  const how = installer.apt
    ? `run:\n  ${manualCommand(missing)}`
    : `this machine has no apt-get: install them with its own package manager${
        missing.includes('chromium') ? ', and point CHROMIUM_PATH at Chromium or Chrome' : ''
      } (on Debian: ${manualCommand(missing)})`;
  return {
    kind: 'stop',
    missing,
    message: `gongshi: missing ${missing.join(', ')} (${reasons}); ${how}`,
  };
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable of these names on PATH. */
export function onPath(names: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The Chromium the browser tests launch: CHROMIUM_PATH when it is set (and only it: a path that is not an
 * executable means Chromium is absent, never a silent fallback), else Debian's `chromium` on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) return isExecutableFile(chosen) ? chosen : undefined;
  return onPath(['chromium', 'chromium-browser'], env);
}

/** `java -version` prints `openjdk version "17.0.15" …` (or `"1.8.0_392"` before Java 9) on stderr. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

export function findJavaMajor(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8', env });
  if (probe.error || probe.status !== 0) return undefined;
  return parseJavaMajor(`${probe.stderr}${probe.stdout}`);
}

export function hasCjkFont(env: NodeJS.ProcessEnv = process.env): boolean {
  const probe = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', env });
  return !probe.error && probe.status === 0 && probe.stdout.trim().length > 0;
}

export function probe(env: NodeJS.ProcessEnv = process.env): Found {
  return { javaMajor: findJavaMajor(env), chromium: findChromium(env), cjkFont: hasCjkFont(env) };
}

export function installerOf(env: NodeJS.ProcessEnv = process.env): Installer {
  const root = process.getuid?.() === 0;
  const apt = onPath(['apt-get'], env) !== undefined;
  const sudo =
    !root &&
    onPath(['sudo'], env) !== undefined &&
    spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env }).status === 0;
  return { apt, root, sudo };
}
