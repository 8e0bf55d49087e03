/**
 * `npm run prerequisites [-- --for start|test] [--verbose]`: finds what the two commands need beyond npm
 * (infra/local/prerequisites.ts) and installs what is missing with Debian's packages, once; when it cannot
 * (not root, no passwordless sudo, no apt-get), it stops with the exact command to run. `pretest`,
 * `prestart` and `.ci/run` all call it. Silent when everything is there, unless --verbose.
 */

import { spawnSync } from 'node:child_process';
import { parseCommandLine } from './cli.ts';
import {
  type Found,
  installerOf,
  missingNeeds,
  NEEDS_OF,
  type Need,
  plan,
  probe,
  SUPPLIES,
} from './local/prerequisites.ts';

function describe(found: Found, needs: readonly Need[]): string {
  const parts: string[] = [];
  if (needs.includes('java')) parts.push(`java ${found.javaMajor ?? 'absent'}`);
  if (needs.includes('chromium')) parts.push(`chromium ${found.chromium ?? 'absent'}`);
  if (needs.includes('cjkFont')) parts.push(`CJK font ${found.cjkFont ? 'present' : 'absent'}`);
  return `gongshi: prerequisites ready (${parts.join(', ')})`;
}

function main(): number {
  const { values } = parseCommandLine(
    'prerequisites',
    `usage: npm run prerequisites [-- --for start|test] [--verbose]
Installs what npm start or npm test needs beyond npm (Java, Chromium, a CJK font) from Debian's packages, or
prints the one command to run. Silent when everything is there, unless --verbose.`,
    { options: { for: { type: 'string', default: 'test' }, verbose: { type: 'boolean', default: false } } },
  );
  const command = values.for;
  if (command !== 'start' && command !== 'test') {
    console.error(`gongshi: --for is start or test, not ${command}`);
    return 2;
  }
  const needs = NEEDS_OF[command];
  const first = plan(probe(), needs, installerOf());
  if (first.kind === 'ready') {
    if (values.verbose) console.log(describe(probe(), needs));
    return 0;
  }
  if (first.kind === 'stop') {
    console.error(first.message);
    return 1;
  }
  const install = first.commands.at(-1) ?? [];
  const packages = install.slice(install.indexOf('--no-install-recommends') + 1);
  console.log(
    `gongshi: first run installs ${packages.join(' ')} with apt-get (${first.missing
      .map((need) => SUPPLIES[need].why)
      .join('; ')})`,
  );
  const started = Date.now();
  for (const [program, ...args] of first.commands) {
    if (!program) continue;
    const run = spawnSync(program, args, {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error || run.status !== 0) {
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
      console.error(
        `gongshi: \`${[program, ...args].join(' ')}\` failed (${run.error?.message ?? run.status})`,
      );
      if (output) console.error(output);
      return 1;
    }
  }
  // Installed is what the probes now find, not what apt-get said: CHROMIUM_PATH may still point elsewhere.
  const after = probe();
  const still = missingNeeds(after, needs);
  if (still.length > 0) {
    const hint =
      still.includes('chromium') && process.env.CHROMIUM_PATH
        ? ` (CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable: unset it or correct it)`
        : '';
    console.error(`gongshi: installed ${packages.join(' ')}, but ${still.join(', ')} still missing${hint}`);
    return 1;
  }
  console.log(`${describe(after, needs)} in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

process.exitCode = main();
