import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import {
  LUNAR_FIRST_YEAR,
  LUNAR_LAST_YEAR,
  lunarToGregorian,
} from '../../../shared/domain/calendar/lunar.ts';

describe('lunar dates (provisional years, R5)', () => {
  it('puts 春节 where the State Council notices do', () => {
    expect(lunarToGregorian(2024, 1, 1)).toBe('2024-02-10');
    expect(lunarToGregorian(2025, 1, 1)).toBe('2025-01-29');
    expect(lunarToGregorian(2026, 1, 1)).toBe('2026-02-17');
    expect(lunarToGregorian(2025, 8, 15)).toBe('2025-10-06'); // 中秋, after the leap 6th month of 2025
  });

  it('agrees with chinese-days on every day 1–29 of every month of the century', () => {
    let differences = 0;
    for (let year = LUNAR_FIRST_YEAR; year <= LUNAR_LAST_YEAR; year += 1) {
      for (let month = 1; month <= 12; month += 1) {
        for (let day = 1; day <= 29; day += 1) {
          // chinese-days takes the lunar date as a local Date (read back in the same zone, so right in any),
          // which cannot say 2-29 in a year whose February has 28 days.
          const asked = new Date(year, month - 1, day);
          if (asked.getDate() !== day) continue;
          const { date } = chineseDays.getSolarDateFromLunar(asked);
          if (lunarToGregorian(year, month, day) !== date) differences += 1;
        }
      }
    }
    expect(differences).toBe(0);
  });

  it('refuses years outside its table', () => {
    expect(() => lunarToGregorian(1999, 1, 1)).toThrow(RangeError);
    expect(() => lunarToGregorian(2100, 1, 1)).toThrow(RangeError);
  });
});
