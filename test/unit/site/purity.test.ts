import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// shared/site renders the public site, records in, files out. It reads no clock, no environment
// and no randomness, and knows nothing of AWS or of our adapters: only the domain and itself.
const SITE = resolve(import.meta.dirname, '../../../shared/site');
const files = readdirSync(SITE).filter((f) => f.endsWith('.ts'));

describe('shared/site', () => {
  it.each(files)('%s is pure', (file) => {
    const source = readFileSync(join(SITE, file), 'utf8');
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)|process\.env|Math\.random\(/);
    const imports = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    expect(imports.filter((spec) => !/^\.\/[a-z-]+\.ts$|^\.\.\/domain\/[a-z-]+\.ts$/.test(spec))).toEqual([]);
  });
});
