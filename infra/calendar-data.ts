/**
 * `npm run calendar-data`: writes shared/domain/calendar/library-years.json, the yearly 放假安排 of the installed
 * chinese-days in the compact form the calendar reads (sources.ts): per year, each festival's days off and its
 * 调休 working days as the notices write them, runs of days `MM-DD/MM-DD` (first and last, inclusive) or `MM-DD`. The library's own JSON (English names, in-lieu days, one key per date) was
 * ~44 KB of every handler's bundle. Run it after upgrading chinese-days; test/unit/domain/calendar-data.test.ts
 * fails until the file matches the installed library.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { LibraryYearsFile } from '../shared/domain/calendar/sources.ts';
import { parseCommandLine } from './cli.ts';

export const LIBRARY_YEARS_PATH = resolve(
  import.meta.dirname,
  '../shared/domain/calendar/library-years.json',
);

// The data set abbreviates three festivals; the calendar uses their names in the 放假办法.
const FESTIVAL_NAMES: Readonly<Record<string, string>> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** `"Spring Festival,春节,4"` → `春节`. */
function festivalName(entry: string): string {
  const zh = entry.split(',')[1]?.trim() || entry;
  return FESTIVAL_NAMES[zh] ?? zh;
}

type Days = Record<string, string[]>;

/** The compact file, from the library's `{ holidays, workdays }` (date → "English,中文,n"). */
export function libraryYearsFile(library: {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}): LibraryYearsFile {
  const years: Record<string, { holidays: Days; workdays: Days }> = {};
  const add = (list: 'holidays' | 'workdays', entries: Readonly<Record<string, string>>) => {
    for (const date of Object.keys(entries).sort()) {
      const year = date.slice(0, 4);
      const days = years[year] ?? { holidays: {}, workdays: {} };
      years[year] = days;
      const name = festivalName(entries[date] ?? '');
      days[list][name] = [...(days[list][name] ?? []), date.slice(5)];
    }
  };
  add('holidays', library.holidays);
  add('workdays', library.workdays);
  const compact = (days: Days) =>
    Object.fromEntries(Object.entries(days).map(([name, dates]) => [name, runsOf(dates)]));
  const sorted = Object.entries(years)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([year, days]) => [year, { holidays: compact(days.holidays), workdays: compact(days.workdays) }]);
  return { library: 'chinese-days', years: Object.fromEntries(sorted) };
}

/** Sorted `MM-DD` of one year → its runs of consecutive days: `01-22/01-28`, or `01-01` alone. */
function runsOf(dates: readonly string[]): string[] {
  const runs: string[][] = [];
  for (const mmdd of dates) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && nextDay(last) === mmdd) run.push(mmdd);
    else runs.push([mmdd]);
  }
  return runs.map((run) => (run.length === 1 ? (run[0] ?? '') : `${run[0]}/${run.at(-1)}`));
}

/** The next `MM-DD` in a leap year (a run never crosses 02-29 of another year: such a date is not listed). */
function nextDay(mmdd: string): string {
  const next = new Date(Date.UTC(2000, Number(mmdd.slice(0, 2)) - 1, Number(mmdd.slice(3)) + 1));
  return next.toISOString().slice(5, 10);
}

export function renderLibraryYears(): string {
  return `${JSON.stringify(libraryYearsFile(data))}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  parseCommandLine(
    'calendar-data',
    `usage: npm run calendar-data
Writes shared/domain/calendar/library-years.json from the installed chinese-days (run it after upgrading it).`,
    {},
  );
  writeFileSync(LIBRARY_YEARS_PATH, renderLibraryYears());
  console.log(`wrote ${LIBRARY_YEARS_PATH}`);
}
