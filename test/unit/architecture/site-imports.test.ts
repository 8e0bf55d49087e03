import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// shared/site is layered: its shared types (types.ts) at the bottom, the plan at the top. A cycle, even of
// type-only imports, means two modules cannot be understood or changed one without the other.
const SITE = resolve(import.meta.dirname, '../../../shared/site');
const files = readdirSync(SITE).filter((f) => f.endsWith('.ts'));

/** The modules of shared/site a source imports or re-exports: `from './x.ts'`, `import './x.ts'`, `import('./x.ts')`. */
function siblingImports(source: string): string[] {
  const patterns = [
    /\bfrom\s+['"]\.\/([^'"/]+\.ts)['"]/g,
    /\bimport\s+['"]\.\/([^'"/]+\.ts)['"]/g,
    /\bimport\(\s*['"]\.\/([^'"/]+\.ts)['"]/g,
  ];
  return [...new Set(patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1] as string)))];
}

/**
 * The cycles a depth-first walk closes, each as the path from a module back to itself: none exactly when the
 * graph has no cycle (every cycle closes at least one of them).
 */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const done = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string, path: readonly string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      found.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node, []);
  return found;
}

describe('shared/site imports', () => {
  const graph = new Map(files.map((f) => [f, siblingImports(readFileSync(resolve(SITE, f), 'utf8'))]));

  it('reads the imports of every module', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(graph.get('plan.ts')).toContain('model.ts');
    expect(graph.get('model.ts')).toContain('types.ts');
  });

  it('finds a cycle when there is one', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps the shared types free of the other modules', () => {
    expect(graph.get('types.ts')).toEqual([]);
  });
});
