/**
 * The Chinese working-day calendar (R5): which days count as 工作日 under the State Council's yearly 放假安排,
 * including the weekend days that become working days by 调休. Built from per-year data (see sources.ts);
 * a year without data falls back to the provisional statutory holidays (see provisional.ts) and says so.
 */
import type { LocalDate } from '../dates.ts';
import { addDays, dayOfWeek, yearOf } from '../dates.ts';
import { CalendarError } from '../errors.ts';
import {
  PROVISIONAL_BASIS,
  PROVISIONAL_RULES_FROM_YEAR,
  PROVISIONAL_RULES_UNTIL_YEAR,
  statutoryHolidays,
} from './provisional.ts';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** The festival a holiday belongs to, or the one an adjusted working day (调休上班) makes up for: 国庆节. */
  readonly name?: string;
  /** The year's 放假安排 is not known yet: the day follows the statutory holidays and may still change. */
  readonly provisional: boolean;
}

/** One year's official arrangement: every day off and every 调休 working day, as the State Council notice lists them. */
export interface CalendarYear {
  readonly year: number;
  /** Days off, weekend days inside a holiday run included: date → festival (元旦, 春节 …). */
  readonly holidays: Readonly<Record<string, string>>;
  /** Adjusted working days (调休上班), usually a Saturday or Sunday: date → the festival they make up for. */
  readonly workdays: Readonly<Record<string, string>>;
  /** Where the arrangement comes from: the notice (国办发明电〔2024〕12号) or the data set. */
  readonly source: string;
}

export interface YearSource {
  readonly year: number;
  readonly provisional: boolean;
  readonly source: string;
}

export interface WorkCalendar {
  day(date: LocalDate): DayInfo;
  /** Whether the year's official arrangement is known (otherwise its days are provisional). */
  isCovered(year: number): boolean;
  readonly coveredYears: readonly number[];
  yearSource(year: number): YearSource;
}

interface YearTable {
  readonly holidays: ReadonlyMap<string, string>;
  readonly workdays: ReadonlyMap<string, string>;
  readonly provisional: boolean;
  readonly source: string;
}

function officialTable(year: CalendarYear): YearTable {
  return {
    holidays: new Map(Object.entries(year.holidays)),
    workdays: new Map(Object.entries(year.workdays)),
    provisional: false,
    source: year.source,
  };
}

function provisionalTable(year: number): YearTable {
  // R5: an unpublished year is never weekdays-only; its statutory holidays are off, marked provisional.
  if (year < PROVISIONAL_RULES_FROM_YEAR || year > PROVISIONAL_RULES_UNTIL_YEAR) {
    throw new CalendarError(
      `the working-day calendar has no data for ${year} and can only estimate the years ${PROVISIONAL_RULES_FROM_YEAR}–${PROVISIONAL_RULES_UNTIL_YEAR}`,
      { details: { year } },
    );
  }
  return {
    holidays: new Map(statutoryHolidays(year).map((h) => [h.date, h.name])),
    workdays: new Map(),
    provisional: true,
    source: PROVISIONAL_BASIS,
  };
}

/**
 * A calendar over the given official years; a later entry for the same year replaces an earlier one whole,
 * which is how overrides take precedence over the built-in data. Year tables are built on first use and kept.
 */
export function createWorkCalendar(years: Iterable<CalendarYear>): WorkCalendar {
  const official = new Map<number, CalendarYear>();
  for (const year of years) official.set(year.year, year);
  const coveredYears = Object.freeze([...official.keys()].sort((a, b) => a - b));
  const tables = new Map<number, YearTable>();

  const tableFor = (year: number): YearTable => {
    let table = tables.get(year);
    if (!table) {
      const data = official.get(year);
      table = data ? officialTable(data) : provisionalTable(year);
      tables.set(year, table);
    }
    return table;
  };

  return {
    coveredYears,
    isCovered: (year) => official.has(year),
    yearSource: (year) => {
      const table = tableFor(year);
      return { year, provisional: table.provisional, source: table.source };
    },
    day: (date) => {
      const table = tableFor(yearOf(date));
      const provisional = table.provisional;
      const holiday = table.holidays.get(date);
      if (holiday !== undefined) return { date, working: false, kind: 'holiday', name: holiday, provisional };
      const adjusted = table.workdays.get(date);
      if (adjusted !== undefined)
        return { date, working: true, kind: 'adjusted_workday', name: adjusted, provisional };
      const weekday = dayOfWeek(date);
      if (weekday === 0 || weekday === 6) return { date, working: false, kind: 'weekend', provisional };
      return { date, working: true, kind: 'workday', provisional };
    },
  };
}

export interface WorkingDaysResult {
  /** The n-th working day after `from`: the last day of the period. */
  readonly due: LocalDate;
  /** Some day in (from, due] lies in a year whose arrangement is not published yet. */
  readonly provisional: boolean;
  /** The n working days, in order. */
  readonly counted: readonly DayInfo[];
  /** The days off between `from` and `due`, in order. */
  readonly skipped: readonly DayInfo[];
}

/**
 * The n-th working day after `from`. R5: the first day is not counted (四平 §四(六) "自该信息形成或者变更之日起
 * 7个工作日内"; 民法典 art. 201 "开始的当日不计入"), so counting starts on the next day.
 */
export function addWorkingDays(calendar: WorkCalendar, from: LocalDate, n: number): WorkingDaysResult {
  if (!Number.isInteger(n) || n < 1) {
    throw new CalendarError(`a period needs a whole number of working days of at least 1, not ${n}`, {
      details: { n },
    });
  }
  const counted: DayInfo[] = [];
  const skipped: DayInfo[] = [];
  let provisional = false;
  let date = from;
  while (counted.length < n) {
    date = addDays(date, 1);
    const info = calendar.day(date);
    if (info.provisional) provisional = true;
    (info.working ? counted : skipped).push(info);
  }
  return { due: date, provisional, counted, skipped };
}

/**
 * The working days in (from, to]: how many working days a step took (a decision formed on `from` and
 * published on `to`). Negative when `to` is before `from`, so that spans add up.
 */
export function workingDaysBetween(calendar: WorkCalendar, from: LocalDate, to: LocalDate): number {
  if (to < from) return -workingDaysBetween(calendar, to, from);
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (calendar.day(date).working) count += 1;
  }
  return count;
}
