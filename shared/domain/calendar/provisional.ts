/**
 * The statutory days off of a year whose 放假安排 the State Council has not published yet (or that no data
 * covers). Such a year must not count as weekdays-only: deadlines would then fall on 元旦 or 春节. Its days
 * off are the statutory holidays of 《全国年节及纪念日放假办法》 art. 2 (as revised by State Council Decree
 * 795, in force 2025-01-01) plus weekends. The make-up days (补假) and 调休 of the real notice cannot be
 * foreseen, so every date computed here is marked provisional until the notice is loaded as an override.
 */
import type { LocalDate } from '../dates.ts';
import { addDays, ymd } from '../dates.ts';
import { CalendarError } from '../errors.ts';
import { lunarToGregorian } from './lunar.ts';

/** Decree 795 took effect on 2025-01-01; before that other holidays applied, so no earlier year is guessed. */
export const PROVISIONAL_RULES_FROM_YEAR = 2025;
/** The 清明 formula below holds for 2000–2099, and so does the lunar table of lunar.ts. */
export const PROVISIONAL_RULES_UNTIL_YEAR = 2099;
const COMPUTABLE_FROM_YEAR = 2000;

export const PROVISIONAL_BASIS = '《全国年节及纪念日放假办法》（2024年国务院令第795号修订）第二条';

export interface StatutoryHoliday {
  readonly date: LocalDate;
  readonly name: string;
}

function assertComputable(year: number): void {
  if (!Number.isInteger(year) || year < COMPUTABLE_FROM_YEAR || year > PROVISIONAL_RULES_UNTIL_YEAR) {
    throw new CalendarError(
      `cannot compute the statutory holidays of ${year}: only ${COMPUTABLE_FROM_YEAR}–${PROVISIONAL_RULES_UNTIL_YEAR} are supported`,
      { details: { year } },
    );
  }
}

/** The 清明 solar-term day, by the standard 21st-century formula (C = 4.81). */
export function qingmingDate(year: number): LocalDate {
  assertComputable(year);
  const y = year % 100;
  return ymd(year, 4, Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4));
}

/** The Gregorian date of a lunar date (regular, not leap, month), the same in every host time zone. */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number): LocalDate {
  assertComputable(lunarYear);
  return lunarToGregorian(lunarYear, lunarMonth, lunarDay);
}

/**
 * The days every citizen has off in `year` under 《全国年节及纪念日放假办法》 art. 2, in date order. A day that
 * carries two festivals (中秋 on 10-01..03) gets both names.
 */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  assertComputable(year);
  const springFestival = lunarToSolar(year, 1, 1);
  const days: StatutoryHoliday[] = [
    { date: ymd(year, 1, 1), name: '元旦' },
    // 春节 4 days: 农历除夕 (the eve of 正月初一, whether 腊月 has 29 or 30 days) and 正月初一至初三.
    { date: addDays(springFestival, -1), name: '春节' },
    { date: springFestival, name: '春节' },
    { date: addDays(springFestival, 1), name: '春节' },
    { date: addDays(springFestival, 2), name: '春节' },
    { date: qingmingDate(year), name: '清明节' },
    { date: ymd(year, 5, 1), name: '劳动节' },
    { date: ymd(year, 5, 2), name: '劳动节' },
    { date: lunarToSolar(year, 5, 5), name: '端午节' },
    { date: lunarToSolar(year, 8, 15), name: '中秋节' },
    { date: ymd(year, 10, 1), name: '国庆节' },
    { date: ymd(year, 10, 2), name: '国庆节' },
    { date: ymd(year, 10, 3), name: '国庆节' },
  ];
  const byDate = new Map<LocalDate, string[]>();
  for (const { date, name } of days) {
    const names = byDate.get(date) ?? [];
    if (!names.includes(name)) names.push(name);
    byDate.set(date, names);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, names]) => ({ date, name: names.join('、') }));
}
