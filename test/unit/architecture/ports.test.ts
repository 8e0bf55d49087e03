/**
 * A function gets exactly the ports its manifest row names (shared/manifest.ts): each port is built by one module
 * of functions/lib/ports/, so the ports a handler can use are the port modules its imports reach. A handler that
 * imports a port its row does not grant, or a row that grants a port its handler never builds, fails here: the
 * row is what the deployment grants (and the environment it is given), so a port outside it would fail its cold
 * start on AWS for want of a variable, or run with a grant nobody reviewed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, handlerEntry, MANIFEST, PORTS } from '../../../shared/manifest.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const PORTS_DIR = join(ROOT, 'functions/lib/ports');
const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm;

/** The port modules a file reaches through its relative imports inside functions/ (shared/ holds no ports). */
function portsReached(file: string, seen = new Set<string>()): Set<string> {
  const ports = new Set<string>();
  if (seen.has(file)) return ports;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = resolve(dirname(file), match[1] as string);
    if (!relative(join(ROOT, 'functions'), target).startsWith('..')) {
      if (dirname(target) === PORTS_DIR) {
        const port = relative(PORTS_DIR, target).replace(/\.ts$/, '');
        // The table's client is no port of its own: the ports built on the table import it.
        if (port !== 'table') ports.add(port);
      }
      for (const port of portsReached(target, seen)) ports.add(port);
    }
  }
  return ports;
}

describe('each handler builds exactly the ports its manifest row names', () => {
  it('has a module under functions/lib/ports for every port of the manifest', () => {
    for (const port of PORTS) expect(() => readFileSync(join(PORTS_DIR, `${port}.ts`)), port).not.toThrow();
  });

  it.each(FUNCTION_NAMES.map((name) => [name]))('%s', (name) => {
    const reached = [...portsReached(join(ROOT, handlerEntry(name)))].sort();
    expect(reached).toEqual([...MANIFEST[name].ports].sort());
  });

  it('fails for a handler that reaches a port outside its row (the check itself)', () => {
    // publish-site reaches the site bucket; a row without it would be refused.
    const reached = portsReached(join(ROOT, handlerEntry('publish-site')));
    expect(reached.has('site')).toBe(true);
    expect(reached.has('signing-key')).toBe(false);
  });
});
