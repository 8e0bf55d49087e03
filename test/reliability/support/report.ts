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
  /** From the test file's start to its record. */
  readonly seconds?: number;
}

// Each test file imports this module afresh (vitest isolates files), so this is when the file started.
const FILE_STARTED = Date.now();

export const SECTION_ORDER = [
  'fuzz',
  'authz',
  'faults',
  'concurrency',
  'leaks',
  'flood',
  'durability',
] as const;
export type SectionName = (typeof SECTION_ORDER)[number];

/** Called by a test file once its figures are known (only when its assertions passed). */
export function recordSection(name: SectionName, section: Omit<Section, 'at'>): void {
  const dir = inject('figuresDir');
  mkdirSync(dir, { recursive: true });
  const full: Section = {
    ...section,
    at: new Date().toISOString(),
    seconds: Math.round((Date.now() - FILE_STARTED) / 1000),
  };
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

const num = (section: Section | undefined, key: string): number | undefined => {
  const value = section?.figures[key];
  return typeof value === 'number' ? value : undefined;
};
const show = (value: number | string | undefined) =>
  value === undefined ? 'not run' : typeof value === 'number' ? value.toLocaleString('en-US') : value;

/** The figures the issue asks for, one line each. */
function headline(sections: Partial<Record<SectionName, Section>>): string[] {
  const { fuzz, authz, faults, concurrency, leaks, flood, durability } = sections;
  const fiveHundreds = fuzz && (num(fuzz, 'phase A 5xx') ?? 0) + (num(fuzz, 'phase B 5xx') ?? 0);
  return [
    `- Requests fuzzed: **${show(num(fuzz, 'requests fuzzed'))}**, answered 5xx: **${show(fiveHundreds)}**`,
    `- Faults injected: **${show(num(faults, 'faults injected'))}**, invariants broken after the retries: **${show(num(faults, 'invariant violations'))}**`,
    `- Authorisation matrix: **${show(num(authz, 'cells'))}** cells, violations: **${show(num(authz, 'violations'))}**`,
    `- Site objects scanned for leaks: **${show(num(leaks, 'objects scanned'))}** (${show(num(leaks, 'bytes scanned'))} bytes), findings: **${show(num(leaks, 'findings'))}**`,
    `- Races run: **${show(num(concurrency, 'races'))}** (${show(num(concurrency, 'requests raced'))} requests), each with exactly one winner`,
    `- Floods of correction requests: **${show(num(flood, 'flooding requests'))}** requests from many addresses and contacts, genuine requesters refused: **${show(num(flood, 'genuine requesters refused'))}**; requests a flood needs to block one: **${show(flood?.figures['requests a flood needs to block a genuine requester'] as string | undefined)}**; ${show(num(flood, 'held out of them until answered'))} held out of the agency's figures until answered`,
    `- Durability (kill -9 right after ${show(num(durability, 'approvals acknowledged before the kill'))} acknowledged approvals, restart): **${show(durability?.figures.result as string | undefined)}**, acknowledged writes lost: **${show(num(durability, 'acknowledged writes lost'))}**, ${show(num(durability, 'left publishing by the kill, published by the sweep at start'))} of ${show(num(durability, 'decisions approved (committed)'))} approved left publishing and published at start, ${show(num(durability, 'stuck in publishing'))} stuck`,
    `- Time: ${SECTION_ORDER.map((name) => `${name} ${show(sections[name]?.seconds)} s`).join(', ')}; **${show(totalSeconds(sections))} s** in all (the files run one after another, after the other projects)`,
  ];
}

function totalSeconds(sections: Partial<Record<SectionName, Section>>): number | undefined {
  if (!SECTION_ORDER.every((name) => sections[name]?.seconds !== undefined)) return undefined;
  return SECTION_ORDER.reduce((sum, name) => sum + (sections[name]?.seconds ?? 0), 0);
}

/** Merges the run's sections into the report; returns the names written this run. */
export function writeReport(
  figuresDir: string,
  docPath: string,
  intro: string,
  previousFrom: string = docPath,
): SectionName[] {
  const sections = previousSections(previousFrom);
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
  const lines = [intro.trim(), '', ...headline(sections), '', '## Every figure', ''];
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
