/**
 * The benchmark suite as a smoke test: `npm run bench` at a small size, in a child process and into a
 * temporary folder (never over docs/benchmarks.md). It checks that the report has every row and no errors;
 * it never looks at a timing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REBUILD_END, REBUILD_START } from '../../bench/rebuild-memory.ts';
import { ROWS } from '../../bench/report.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

describe('npm run bench at a small size', () => {
  it('writes a report with every row of the summary table, both plots and no errors', {
    timeout: 900_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'gongshi-bench-smoke-'));
    try {
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--size', '200', '--quick', '--out', out],
        { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 880_000 },
      );
      const report = readFileSync(join(out, 'benchmarks.md'), 'utf8');
      for (const row of ROWS) expect(report).toContain(`| ${row}`);
      expect(report).toContain('No errors.');
      expect(report).not.toMatch(/\| error \|/);
      for (const plot of ['publish-time.svg', 'sweep-reads.svg']) {
        expect(existsSync(join(out, 'bench', plot))).toBe(true);
        expect(readFileSync(join(out, 'bench', plot), 'utf8')).toMatch(/^<svg /);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('--rebuild replaces its own section of an existing report and leaves the rest as it was', {
    timeout: 300_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'gongshi-bench-rebuild-'));
    try {
      const before = `# Benchmarks\n\nkept above\n\n${REBUILD_START}\nstale\n${REBUILD_END}\n\nkept below\n`;
      writeFileSync(join(out, 'benchmarks.md'), before);
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--rebuild', '--quick', '--out', out],
        { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 280_000 },
      );
      const report = readFileSync(join(out, 'benchmarks.md'), 'utf8');
      expect(report).toContain('kept above');
      expect(report).toContain('kept below');
      expect(report).not.toContain('stale');
      expect(report).toContain('## Full site rebuild over in-memory doubles');
      expect(report).toMatch(/\| 350 \(200 seeded, 200 copies, \d+ months\) \|/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
