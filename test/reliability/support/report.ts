/**
 * The figures of a reliability run. Each test file records its section into the run's figures folder
 * (`inject('figuresDir')`); the global setup's teardown merges them into docs/reliability.md, keeping the
 * sections this run did not produce (a single file run updates its own section only).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

export type Figure = number | string | boolean;

export interface Section {
  readonly title: string;
  /** When the figures were taken (ISO). */
  readonly at: string;
  readonly figures: Readonly<Record<string, Figure>>;
  /** One line on what was done, for the reader of the report. */
  readonly method: string;
}

export const SECTION_ORDER = ['fuzz', 'authz', 'faults', 'concurrency', 'leaks', 'durability'] as const;
export type SectionName = (typeof SECTION_ORDER)[number];

/** Called by a test file once its figures are known (only when its assertions passed). */
export function recordSection(name: SectionName, section: Omit<Section, 'at'>): void {
  const dir = inject('figuresDir');
  mkdirSync(dir, { recursive: true });
  const full: Section = { ...section, at: new Date().toISOString() };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(full, null, 2)}\n`);
}

const MARKER = /<!-- figures ([\s\S]*?) -->/;

function previousSections(docPath: string): Partial<Record<SectionName, Section>> {
  if (!existsSync(docPath)) return {};
  const match = MARKER.exec(readFileSync(docPath, 'utf8'));
  if (!match?.[1]) return {};
  try {
    return JSON.parse(match[1]) as Partial<Record<SectionName, Section>>;
  } catch {
    return {};
  }
}

/** Merges the run's sections into the report; returns the names written this run. */
export function writeReport(figuresDir: string, docPath: string, intro: string): SectionName[] {
  const sections = previousSections(docPath);
  const fresh: SectionName[] = [];
  if (existsSync(figuresDir)) {
    for (const file of readdirSync(figuresDir)) {
      const name = file.replace(/\.json$/, '') as SectionName;
      if (!SECTION_ORDER.includes(name)) continue;
      sections[name] = JSON.parse(readFileSync(join(figuresDir, file), 'utf8')) as Section;
      fresh.push(name);
    }
  }
  if (fresh.length === 0) return fresh;
  const lines = [intro.trim(), ''];
  lines.push('| part | figures | last run |', '|---|---|---|');
  for (const name of SECTION_ORDER) {
    const section = sections[name];
    if (!section) {
      lines.push(`| ${name} | not run yet | |`);
      continue;
    }
    const figures = Object.entries(section.figures)
      .map(([k, v]) => `${k}: **${typeof v === 'number' ? v.toLocaleString('en-US') : String(v)}**`)
      .join(', ');
    lines.push(`| ${section.title} | ${figures} | ${section.at.slice(0, 19).replace('T', ' ')} UTC |`);
  }
  lines.push('', '## How each figure is taken', '');
  for (const name of SECTION_ORDER) {
    const section = sections[name];
    if (section)
      lines.push(`- **${section.title}** (\`test/reliability/${name}*.test.ts\`): ${section.method}`);
  }
  lines.push('', `<!-- figures ${JSON.stringify(sections)} -->`, '');
  writeFileSync(docPath, lines.join('\n'));
  return fresh;
}
