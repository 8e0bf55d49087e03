/**
 * Where the calendar's data comes from (R5: "the calendar must be updatable without a code change"):
 * chinese-days' yearly 放假安排 (2004–2026), in the compact copy infra/calendar-data.ts writes from the installed
 * library (library-years.json), replaced year by year by the operators' override file, which is how a new
 * State Council notice gets in before the library publishes it.
 */
import { addDays, isLocalDate, yearOf } from '../dates.ts';
import { CalendarError } from '../errors.ts';
import libraryData from './library-years.json' with { type: 'json' };
import shippedOverrides from './overrides.json' with { type: 'json' };
import type { CalendarYear, WorkCalendar } from './work-calendar.ts';
import { createWorkCalendar } from './work-calendar.ts';

export const LIBRARY_SOURCE = '国务院办公厅历年部分节假日安排（chinese-days 数据）';

export interface CalendarOverrides {
  readonly description?: string;
  /** One entry per overridden year, each replacing the built-in data for its whole year. */
  readonly years: readonly CalendarYear[];
}

/**
 * library-years.json: per year, festival → its days off, and festival → its 调休 working days, each a run of
 * days `MM-DD/MM-DD` (first and last, inclusive) or a single `MM-DD`.
 */
export interface LibraryYearsFile {
  readonly library: string;
  readonly years: Readonly<
    Record<
      string,
      {
        readonly holidays: Readonly<Record<string, readonly string[]>>;
        readonly workdays: Readonly<Record<string, readonly string[]>>;
      }
    >
  >;
}

let libraryYears: readonly CalendarYear[] | undefined;

function loadLibraryYears(): readonly CalendarYear[] {
  if (libraryYears) return libraryYears;
  const file: LibraryYearsFile = libraryData;
  const dated = (year: string, days: Readonly<Record<string, readonly string[]>>) => {
    const out: Record<string, string> = {};
    for (const [name, runs] of Object.entries(days)) {
      for (const run of runs) {
        const [first = '', last = first] = run.split('/').map((mmdd) => `${year}-${mmdd}`);
        if (!isLocalDate(first) || !isLocalDate(last)) {
          throw new CalendarError(`library-years.json: ${year} ${run} is not a day or a run of days`);
        }
        for (let date = first; date <= last; date = addDays(date, 1)) out[date] = name;
      }
    }
    return out;
  };
  libraryYears = Object.entries(file.years).map(([year, days]) => ({
    year: Number(year),
    holidays: dated(year, days.holidays),
    workdays: dated(year, days.workdays),
    source: LIBRARY_SOURCE,
  }));
  return libraryYears;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): never {
  throw new CalendarError(`calendar overrides: ${path} ${message}`, { field: path });
}

function checkKeys(value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (!allowed.includes(key)) fail(at, `is not a known field (expected ${allowed.join(', ')})`);
  }
}

function parseDays(value: unknown, year: number, path: string): Record<string, string> {
  if (!isRecord(value)) fail(path, 'must be an object of "YYYY-MM-DD": "festival name"');
  const days: Record<string, string> = {};
  for (const [date, name] of Object.entries(value)) {
    const at = `${path}["${date}"]`;
    if (!isLocalDate(date)) fail(at, 'is not a real date written YYYY-MM-DD');
    if (yearOf(date) !== year) fail(at, `is not a date in ${year}`);
    if (typeof name !== 'string' || name.trim() === '') fail(at, 'must name the festival (元旦, 春节 …)');
    days[date] = name.trim();
  }
  return days;
}

function parseYear(key: string, value: unknown): CalendarYear {
  const path = `years.${key}`;
  if (!/^\d{4}$/.test(key)) fail(path, 'is not a four-digit year');
  const year = Number(key);
  if (!isRecord(value)) fail(path, 'must be an object with notice, holidays and workdays');
  checkKeys(value, path, ['notice', 'holidays', 'workdays']);
  const notice = value.notice;
  if (typeof notice !== 'string' || notice.trim() === '') {
    fail(`${path}.notice`, 'must name the State Council notice (国办发明电〔YYYY〕N号)');
  }
  const holidays = parseDays(value.holidays, year, `${path}.holidays`);
  const workdays = parseDays(value.workdays, year, `${path}.workdays`);
  for (const date of Object.keys(workdays)) {
    if (date in holidays) fail(`${path}.workdays["${date}"]`, 'is also listed as a holiday');
  }
  return { year, holidays, workdays, source: notice.trim() };
}

/** Checks an override file (parsed JSON) and returns its years; a bad entry throws a CalendarError naming it. */
export function parseCalendarOverrides(json: unknown): CalendarOverrides {
  if (!isRecord(json)) fail('file', 'must be a JSON object with "years"');
  checkKeys(json, '', ['description', 'years']);
  const { description, years } = json;
  if (description !== undefined && typeof description !== 'string') fail('description', 'must be a string');
  if (!isRecord(years)) fail('years', 'must be an object keyed by year ("2027": {...})');
  const parsed = Object.entries(years).map(([key, value]) => parseYear(key, value));
  return description === undefined ? { years: parsed } : { description, years: parsed };
}

/**
 * The calendar the platform uses: the library's years, replaced by the shipped override file, replaced in turn
 * by `extraOverrides` (an override file an adapter loaded at run time). Both files are validated here.
 */
export function createDefaultCalendar(extraOverrides?: unknown): WorkCalendar {
  const extra = extraOverrides === undefined ? [] : parseCalendarOverrides(extraOverrides).years;
  return createCalendarWith(extra);
}

/**
 * The calendar with the years operators loaded at run time (notice.ts checked each) on top of the library and
 * the shipped override file: a loaded year replaces both for its whole year (ADR 0013).
 */
export function createCalendarWith(loaded: readonly CalendarYear[]): WorkCalendar {
  shippedYears ??= parseCalendarOverrides(shippedOverrides).years;
  return createWorkCalendar([...loadLibraryYears(), ...shippedYears, ...loaded]);
}

let shippedYears: readonly CalendarYear[] | undefined;
