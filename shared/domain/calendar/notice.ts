/**
 * A year's 放假安排 as operators load it at run time (R5: "the calendar must be updatable without a code
 * change"): the State Council notice, every day off and every 调休 working day. Checked here before anything is
 * stored, each refusal a ValidationError naming the field, and turned into the classification of every day of
 * the year that `GET /v1/calendar/{year}` answers. ADR 0013.
 */
import type { LocalDate } from '../dates.ts';
import { addDays, dayOfWeek, isLocalDate, yearOf, ymd } from '../dates.ts';
import { ValidationError } from '../errors.ts';
import { PROVISIONAL_RULES_FROM_YEAR, statutoryHolidays } from './provisional.ts';
import type { CalendarYear, DayKind, WorkCalendar } from './work-calendar.ts';

/** The years the calendar can hold: the library's first, and the lunar table's last (lunar.ts). */
export const NOTICE_FIRST_YEAR = 2004;
export const NOTICE_LAST_YEAR = 2099;

/** The notice's short festival names, as operators may write them, and the names of the 放假办法. */
const FESTIVAL_ALIASES: Readonly<Record<string, string>> = {
  清明: '清明节',
  端午: '端午节',
  中秋: '中秋节',
  劳动: '劳动节',
  五一: '劳动节',
  国庆: '国庆节',
};

function invalid(code: string, field: string, message: string): never {
  throw new ValidationError(code, message, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `国庆、中秋` → `国庆节、中秋节`: each festival of a day by its name in the 放假办法. */
function festivalNames(name: string): string {
  return name
    .split(/[、,，]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => FESTIVAL_ALIASES[part] ?? part)
    .join('、');
}

/** A year in the URL or the body: four digits, within what the calendar can hold. */
export function noticeYear(value: string): number {
  if (!/^\d{4}$/.test(value)) invalid('invalid_year', 'year', 'the year must be four digits (2027)');
  const year = Number(value);
  if (year < NOTICE_FIRST_YEAR || year > NOTICE_LAST_YEAR) {
    invalid(
      'year_out_of_range',
      'year',
      `the calendar holds the years ${NOTICE_FIRST_YEAR}–${NOTICE_LAST_YEAR}, not ${year}`,
    );
  }
  return year;
}

function parseDays(value: unknown, year: number, field: 'holidays' | 'workdays'): Record<string, string> {
  if (!isRecord(value)) {
    invalid('invalid_value', field, `${field} must be an object of "YYYY-MM-DD": "festival" (春节)`);
  }
  const days: Record<string, string> = {};
  for (const [date, name] of Object.entries(value)) {
    const at = `${field}.${date}`;
    if (!isLocalDate(date)) invalid('invalid_date', at, `${date} is not a real date written YYYY-MM-DD`);
    if (yearOf(date) !== year) invalid('date_outside_year', at, `${date} is not a day of ${year}`);
    if (typeof name !== 'string' || name.trim() === '') {
      invalid('festival_required', at, `${date} must name its festival (元旦, 春节 …)`);
    }
    days[date] = festivalNames(name);
  }
  return days;
}

/**
 * R5: checks a notice for `year` and returns it as a calendar year. Refused, each naming its field: a year
 * outside 2004–2099; a notice not named; a date that is not real or not in the year; a day without its
 * festival; a 调休 working day that is not a Saturday or Sunday; a day both off and working; and, from 2025
 * (Decree 795 in force), a statutory holiday of 《全国年节及纪念日放假办法》 art. 2 missing from the days off,
 * so that each festival has at least its statutory days (元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3).
 */
export function parseCalendarNotice(year: number, body: unknown): CalendarYear {
  if (!isRecord(body)) invalid('invalid_value', '', 'the body must be { notice, holidays, workdays }');
  for (const key of Object.keys(body)) {
    if (!['notice', 'holidays', 'workdays'].includes(key)) {
      invalid('unknown_field', key, `${key} is not a field of a notice (notice, holidays, workdays)`);
    }
  }
  const { notice } = body;
  if (typeof notice !== 'string' || notice.trim() === '') {
    invalid('notice_required', 'notice', 'notice must name the State Council notice (国办发明电〔YYYY〕N号)');
  }
  const holidays = parseDays(body.holidays, year, 'holidays');
  const workdays = parseDays(body.workdays ?? {}, year, 'workdays');
  for (const date of Object.keys(workdays)) {
    if (date in holidays) {
      invalid(
        'holiday_and_workday',
        `workdays.${date}`,
        `${date} cannot be both a day off and a working day`,
      );
    }
    const weekday = dayOfWeek(date as LocalDate);
    if (weekday !== 0 && weekday !== 6) {
      invalid(
        'workday_not_weekend',
        `workdays.${date}`,
        `${date} is a weekday: a 调休 working day is a Saturday or Sunday made a working day`,
      );
    }
  }
  if (year >= PROVISIONAL_RULES_FROM_YEAR) {
    for (const statutory of statutoryHolidays(year)) {
      const listed = holidays[statutory.date];
      const missing = statutory.name
        .split('、')
        .filter((festival) => !listed?.split('、').includes(festival));
      if (missing.length > 0) {
        invalid(
          'statutory_holiday_missing',
          `holidays.${statutory.date}`,
          `${statutory.date} is a statutory holiday of ${missing.join('、')} (《全国年节及纪念日放假办法》第二条) and must be a day off named ${missing.join('、')}`,
        );
      }
    }
  }
  return { year, holidays, workdays, source: notice.trim() };
}

export interface ClassifiedDay {
  readonly date: LocalDate;
  readonly kind: DayKind;
  readonly working: boolean;
  /** The festival of a holiday, or the one a 调休 working day makes up for. */
  readonly festival?: string;
}

export interface CalendarYearView {
  readonly year: number;
  /** The notice (or the data set, or the statutory rules of a provisional year) the days come from. */
  readonly source: string;
  readonly provisional: boolean;
  readonly workingDays: number;
  readonly days: readonly ClassifiedDay[];
}

/** R5: every day of `year` as the calendar classifies it: workday, weekend, holiday or 调休 workday. */
export function calendarYearView(calendar: WorkCalendar, year: number): CalendarYearView {
  const { provisional, source } = calendar.yearSource(year);
  const days: ClassifiedDay[] = [];
  for (let date = ymd(year, 1, 1); yearOf(date) === year; date = addDays(date, 1)) {
    const info = calendar.day(date);
    days.push({
      date,
      kind: info.kind,
      working: info.working,
      ...(info.name === undefined ? {} : { festival: info.name }),
    });
  }
  return { year, source, provisional, workingDays: days.filter((d) => d.working).length, days };
}
