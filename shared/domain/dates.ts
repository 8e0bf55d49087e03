/**
 * Calendar dates without a time zone, as `YYYY-MM-DD` strings. All arithmetic runs on UTC midnights so the
 * host's time zone can never shift a day (a `Date` read in local time is a classic off-by-one).
 * The one place where an instant becomes a date is `shanghaiDate`: the regulations count days in China.
 */
import { ValidationError } from './errors.ts';

export type LocalDate = string & { readonly __brand: 'LocalDate' };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
export const TIME_ZONE = 'Asia/Shanghai';

export function isLocalDate(value: string): value is LocalDate {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parseLocalDate(value: string, field = 'date'): LocalDate {
  if (!isLocalDate(value)) {
    throw new ValidationError('invalid_date', `${field} must be a real calendar date written YYYY-MM-DD`, {
      field,
    });
  }
  return value;
}

export function toUtcMs(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10) as LocalDate;
}

export function ymd(year: number, month: number, day: number): LocalDate {
  return fromUtcMs(Date.UTC(year, month - 1, day));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/**
 * The same month and day `years` later; a date with no counterpart (29 February in a common year) falls on
 * the last day of that month, as 民法典 art. 202 counts periods in years ("没有对应日的，月末日为期间的最后一日").
 */
export function addYears(date: LocalDate, years: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  return ymd(year, m, Math.min(d, daysInMonth(year, m)));
}

/** The date in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991) at an instant. */
export function shanghaiDate(instant: Date | string): LocalDate {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms))
    throw new ValidationError('invalid_time', 'not an ISO 8601 instant', { field: 'time' });
  return fromUtcMs(ms + 8 * 3_600_000);
}

export const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
