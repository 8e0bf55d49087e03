import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// ADR 0001: the domain is pure. It imports only itself, the calendar data package, node:crypto (hashes) and
// sm-crypto (the SM2 signature over SM3 of tlog/sm2.ts, pure computation Node's OpenSSL does not offer) and
// jsbn (the big integers sm-crypto takes its nonces in, which sm2.ts draws from node:crypto);
// never AWS, zod, middy, I/O, or anything else of ours.
const DOMAIN = resolve(import.meta.dirname, '../../../shared/domain');
const ALLOWED_PACKAGES = new Set([
  'chinese-days',
  'chinese-days/dist/chinese-days.json',
  'jsbn',
  'node:crypto',
  'sm-crypto',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function specifiers(source: string): string[] {
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1] as string));
}

describe('shared/domain', () => {
  const files = sourceFiles(DOMAIN);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [relative(DOMAIN, f), f]))(
    '%s imports nothing outside the domain',
    (_name, file) => {
      const outside = specifiers(readFileSync(file, 'utf8')).filter((spec) => {
        if (spec.startsWith('.')) return !resolve(dirname(file), spec).startsWith(`${DOMAIN}/`);
        return !ALLOWED_PACKAGES.has(spec);
      });
      expect(outside).toEqual([]);
    },
  );

  it('never reads the clock or the environment', () => {
    const offenders = files.filter((file) => {
      const source = readFileSync(file, 'utf8');
      return /Date\.now\(|new Date\(\)|process\.env|Math\.random\(/.test(source);
    });
    expect(offenders.map((f) => relative(DOMAIN, f))).toEqual([]);
  });
});
