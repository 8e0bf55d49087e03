/**
 * Lunar (农历) to Gregorian dates for 2000–2099, the years provisional.ts can estimate. The month lengths are
 * the table every Chinese calendar library carries (here chinese-days' LUNAR_INFO, MIT, 2000–2099 slice); the
 * library itself is not imported: one function of it cost every handler ~25 KB and the build of all its
 * tables at cold start. test/unit/domain/lunar.test.ts checks every date of the century against it.
 */
import type { LocalDate } from '../dates.ts';
import { addDays } from '../dates.ts';

export const LUNAR_FIRST_YEAR = 2000;
export const LUNAR_LAST_YEAR = 2099;

/** 正月初一 of 2000. */
const FIRST_NEW_YEAR: LocalDate = '2000-02-05' as LocalDate;

/**
 * One entry per lunar year: bits 15..4 say whether months 1..12 have 30 days (else 29), bits 3..0 name the
 * leap month (0: none), bit 16 whether that leap month has 30 days.
 */
// biome-ignore format: ten years a line
const LUNAR_INFO: readonly number[] = [
  0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000
  0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010
  0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020
  0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030
  0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040
  0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, // 2050
  0x0a2e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060
  0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070
  0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080
  0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, // 2090
];

function infoOf(year: number): number {
  const info = LUNAR_INFO[year - LUNAR_FIRST_YEAR];
  if (info === undefined) {
    throw new RangeError(`no lunar table for ${year} (${LUNAR_FIRST_YEAR}–${LUNAR_LAST_YEAR} only)`);
  }
  return info;
}

/** Days of regular month `month` (1–12) of lunar `year`. */
function monthDays(year: number, month: number): number {
  return infoOf(year) & (0x10000 >> month) ? 30 : 29;
}

function leapMonth(year: number): number {
  return infoOf(year) & 0xf;
}

function leapMonthDays(year: number): number {
  if (leapMonth(year) === 0) return 0;
  return infoOf(year) & 0x10000 ? 30 : 29;
}

function yearDays(year: number): number {
  let days = leapMonthDays(year);
  for (let month = 1; month <= 12; month += 1) days += monthDays(year, month);
  return days;
}

/** The Gregorian date of day `day` of regular (not leap) month `month` of lunar `year`. */
export function lunarToGregorian(year: number, month: number, day: number): LocalDate {
  infoOf(year);
  let offset = 0;
  for (let y = LUNAR_FIRST_YEAR; y < year; y += 1) offset += yearDays(y);
  const leap = leapMonth(year);
  for (let m = 1; m < month; m += 1) {
    offset += monthDays(year, m);
    // The leap month follows the regular month of the same number.
    if (m === leap) offset += leapMonthDays(year);
  }
  return addDays(FIRST_NEW_YEAR, offset + day - 1);
}
