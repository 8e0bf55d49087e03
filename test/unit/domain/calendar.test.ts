import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import shippedOverrides from '../../../shared/domain/calendar/overrides.json' with { type: 'json' };
import { statutoryHolidays } from '../../../shared/domain/calendar/provisional.ts';
import { createDefaultCalendar, parseCalendarOverrides } from '../../../shared/domain/calendar/sources.ts';
import type { WorkCalendar } from '../../../shared/domain/calendar/work-calendar.ts';
import {
  addWorkingDays,
  createWorkCalendar,
  workingDaysBetween,
} from '../../../shared/domain/calendar/work-calendar.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { addDays, parseLocalDate, yearOf, ymd } from '../../../shared/domain/dates.ts';
import { CalendarError } from '../../../shared/domain/errors.ts';

const d = (value: string): LocalDate => parseLocalDate(value);
const calendar = createDefaultCalendar();

function dates(from: string, to: string): LocalDate[] {
  const out: LocalDate[] = [];
  for (let day = d(from); day <= d(to); day = addDays(day, 1)) out.push(day);
  return out;
}

/** Runs `fn` with the process in another time zone, as a server abroad or a developer's laptop would be. */
function inTimeZone<T>(zone: string, fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

// 2027 as the law's statutory days put it (元旦; 春节 = 除夕 2027-02-05 + 正月初一至初三 2027-02-06..08; 清明
// 2027-04-05; 劳动节; 端午 农历五月初五 = 2027-06-09; 中秋 农历八月十五 = 2027-09-15; 国庆节), from the almanac.
const STATUTORY_2027 = [
  { date: '2027-01-01', name: '元旦' },
  { date: '2027-02-05', name: '春节' },
  { date: '2027-02-06', name: '春节' },
  { date: '2027-02-07', name: '春节' },
  { date: '2027-02-08', name: '春节' },
  { date: '2027-04-05', name: '清明节' },
  { date: '2027-05-01', name: '劳动节' },
  { date: '2027-05-02', name: '劳动节' },
  { date: '2027-06-09', name: '端午节' },
  { date: '2027-09-15', name: '中秋节' },
  { date: '2027-10-01', name: '国庆节' },
  { date: '2027-10-02', name: '国庆节' },
  { date: '2027-10-03', name: '国庆节' },
];

describe('the official calendar', () => {
  it('covers 2004 to 2026 from the built-in data, and not 2027', () => {
    expect(calendar.coveredYears).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(calendar.isCovered(2026)).toBe(true);
    expect(calendar.isCovered(2027)).toBe(false);
    expect(calendar.yearSource(2025).provisional).toBe(false);
  });

  it('follows 国办发明电〔2024〕12号 for National Day and Mid-Autumn 2025: 10-01..08 off, 09-28 and 10-11 worked', () => {
    expect(calendar.day(d('2025-09-28'))).toEqual({
      date: '2025-09-28',
      working: true,
      kind: 'adjusted_workday',
      name: '国庆节',
      provisional: false,
    });
    for (const date of dates('2025-10-01', '2025-10-08')) {
      expect(calendar.day(date)).toMatchObject({ working: false, kind: 'holiday', provisional: false });
    }
    expect(calendar.day(d('2025-10-01')).name).toBe('国庆节');
    expect(calendar.day(d('2025-10-06')).name).toBe('中秋节');
    expect(calendar.day(d('2025-10-09'))).toMatchObject({ working: true, kind: 'workday' });
    expect(calendar.day(d('2025-10-11'))).toMatchObject({
      working: true,
      kind: 'adjusted_workday',
      name: '国庆节',
    });
    expect(calendar.day(d('2025-10-12'))).toMatchObject({ working: false, kind: 'weekend' });
  });

  it('follows 国办发明电〔2025〕7号 for Spring Festival 2026: 02-15..23 off, 02-14 and 02-28 (Saturdays) worked', () => {
    expect(calendar.day(d('2026-02-14'))).toMatchObject({
      working: true,
      kind: 'adjusted_workday',
      name: '春节',
    });
    for (const date of dates('2026-02-15', '2026-02-23')) {
      expect(calendar.day(date)).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    }
    expect(calendar.day(d('2026-02-24'))).toMatchObject({ working: true, kind: 'workday' });
    expect(calendar.day(d('2026-02-28'))).toMatchObject({
      working: true,
      kind: 'adjusted_workday',
      name: '春节',
    });
    expect(calendar.day(d('2026-03-01'))).toMatchObject({ working: false, kind: 'weekend' });
  });

  it('follows the 2026 New Year: 01-01..03 off, Sunday 01-04 worked', () => {
    for (const date of dates('2026-01-01', '2026-01-03')) {
      expect(calendar.day(date)).toMatchObject({ working: false, kind: 'holiday', name: '元旦' });
    }
    expect(calendar.day(d('2026-01-04'))).toMatchObject({
      working: true,
      kind: 'adjusted_workday',
      name: '元旦',
    });
  });
});

describe('addWorkingDays', () => {
  it('does not count the first day: 7 working days from 2025-09-28 end on 2025-10-14', () => {
    const result = addWorkingDays(calendar, d('2025-09-28'), 7);
    expect(result.due).toBe('2025-10-14');
    expect(result.provisional).toBe(false);
    expect(result.counted.map((x) => x.date)).toEqual([
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
      '2025-10-13',
      '2025-10-14',
    ]);
    expect(result.skipped.map((x) => x.date)).toEqual([...dates('2025-10-01', '2025-10-08'), '2025-10-12']);
  });

  it('counts the adjusted Sunday 2025-09-28 when the period starts on Friday 2025-09-26', () => {
    const result = addWorkingDays(calendar, d('2025-09-26'), 7);
    expect(result.due).toBe('2025-10-13');
    expect(result.counted[0]?.date).toBe('2025-09-28');
  });

  it('runs 2026-02-10 + 7 working days over the Spring Festival to 2026-02-26', () => {
    expect(addWorkingDays(calendar, d('2026-02-10'), 7).due).toBe('2026-02-26');
  });

  it('can end on an adjusted Saturday (2026-02-14)', () => {
    expect(addWorkingDays(calendar, d('2026-02-05'), 7).due).toBe('2026-02-14');
  });

  it('refuses a period that is not a positive whole number of days', () => {
    expect(() => addWorkingDays(calendar, d('2025-01-02'), 0)).toThrow(CalendarError);
    expect(() => addWorkingDays(calendar, d('2025-01-02'), 1.5)).toThrow(CalendarError);
  });

  it('runs from 2026-12-24 into 2027, which is provisional, skipping 元旦 2027-01-01 and the weekends', () => {
    const result = addWorkingDays(calendar, d('2026-12-24'), 7);
    expect(result.due).toBe('2027-01-05');
    expect(result.provisional).toBe(true);
    expect(result.skipped.map((x) => [x.date, x.kind, x.name, x.provisional])).toEqual([
      ['2026-12-26', 'weekend', undefined, false],
      ['2026-12-27', 'weekend', undefined, false],
      ['2027-01-01', 'holiday', '元旦', true],
      ['2027-01-02', 'weekend', undefined, true],
      ['2027-01-03', 'weekend', undefined, true],
    ]);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days in (from, to]', () => {
    expect(workingDaysBetween(calendar, d('2025-09-28'), d('2025-10-14'))).toBe(7);
    expect(workingDaysBetween(calendar, d('2025-09-30'), d('2025-10-08'))).toBe(0);
    expect(workingDaysBetween(calendar, d('2026-02-13'), d('2026-02-24'))).toBe(2);
    expect(workingDaysBetween(calendar, d('2026-02-13'), d('2026-02-13'))).toBe(0);
  });

  it('is negative when the end is before the start', () => {
    expect(workingDaysBetween(calendar, d('2025-10-14'), d('2025-09-28'))).toBe(-7);
  });
});

describe('years without an official arrangement', () => {
  it('estimates 2027 from the statutory holidays and weekends, marked provisional', () => {
    expect(statutoryHolidays(2027)).toEqual(STATUTORY_2027);
    expect(calendar.day(d('2027-02-05'))).toEqual({
      date: '2027-02-05',
      working: false,
      kind: 'holiday',
      name: '春节',
      provisional: true,
    });
    expect(calendar.day(d('2027-01-04'))).toMatchObject({
      working: true,
      kind: 'workday',
      provisional: true,
    });
    expect(calendar.day(d('2027-01-09'))).toMatchObject({
      working: false,
      kind: 'weekend',
      provisional: true,
    });
    expect(calendar.yearSource(2027)).toMatchObject({ provisional: true });
    expect(calendar.yearSource(2027).source).toContain('全国年节及纪念日放假办法');
  });

  it('never names a 2025 or 2026 statutory day that the official arrangement did not give off, under the same name', () => {
    for (const year of [2025, 2026]) {
      for (const { date, name } of statutoryHolidays(year)) {
        expect(calendar.day(date), date).toMatchObject({ working: false, kind: 'holiday', name });
      }
    }
  });

  it('finds 春节 正月初一 off in every official year since 2004, and 清明, 端午 and 中秋 since 2008', () => {
    for (let year = 2004; year <= 2026; year++) {
      const days = statutoryHolidays(year);
      const firstDay = days.filter((h) => h.name === '春节')[1];
      expect(firstDay && calendar.day(firstDay.date).kind, `${year} 正月初一`).toBe('holiday');
      if (year < 2008) continue; // 清明、端午、中秋 became holidays with the 2007 revision (in force 2008).
      for (const festival of ['清明节', '端午节', '中秋节']) {
        const day = days.find((h) => h.name.includes(festival));
        // Off, not necessarily listed: the data omits Saturday 2012-06-23 from the 端午 run 06-22..24.
        expect(day && calendar.day(day.date).working, `${year} ${festival}`).toBe(false);
      }
    }
  });

  it('gives both names to a day that carries two festivals (中秋 on 2028-10-03)', () => {
    expect(statutoryHolidays(2028).find((h) => h.date === '2028-10-03')?.name).toBe('中秋节、国庆节');
  });

  it('computes the same days whatever the host time zone', () => {
    for (const zone of ['America/New_York', 'Pacific/Kiritimati', 'Asia/Shanghai', 'UTC']) {
      const [holidays2027, due] = inTimeZone(zone, () => [
        statutoryHolidays(2027),
        addWorkingDays(createDefaultCalendar({ years: {} }), d('2027-02-03'), 3).due,
      ]);
      expect(holidays2027, zone).toEqual(STATUTORY_2027);
      // 02-04 Thu, then 02-05..08 春节 and the weekend are off: 02-09, 02-10.
      expect(due, zone).toBe('2027-02-10');
    }
  });

  it('refuses years it can neither look up nor estimate', () => {
    expect(() => calendar.day(d('2003-06-02'))).toThrow(CalendarError);
    expect(() => calendar.day(d('2100-01-04'))).toThrow(CalendarError);
  });
});

const override2027 = {
  description: 'test',
  years: {
    '2027': {
      notice: '国办发明电〔2026〕（测试用）',
      holidays: { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦', '2027-02-05': '春节' },
      workdays: { '2027-02-20': '春节' },
    },
  },
};

describe('override files', () => {
  it('turns a year official once its notice is supplied', () => {
    const withNotice = createDefaultCalendar(override2027);
    expect(withNotice.isCovered(2027)).toBe(true);
    expect(withNotice.coveredYears.at(-1)).toBe(2027);
    expect(withNotice.yearSource(2027)).toEqual({
      year: 2027,
      provisional: false,
      source: '国办发明电〔2026〕（测试用）',
    });
    expect(withNotice.day(d('2027-01-02'))).toMatchObject({
      kind: 'holiday',
      name: '元旦',
      provisional: false,
    });
    expect(withNotice.day(d('2027-02-20'))).toMatchObject({ working: true, kind: 'adjusted_workday' });
    const result = addWorkingDays(withNotice, d('2026-12-24'), 7);
    expect(result.due).toBe('2027-01-05');
    expect(result.provisional).toBe(false);
  });

  it('replaces the built-in data of a year completely', () => {
    const replaced = createDefaultCalendar({
      years: { '2026': { notice: '测试', holidays: { '2026-01-01': '元旦' }, workdays: {} } },
    });
    expect(replaced.day(d('2026-10-01'))).toMatchObject({ working: true, kind: 'workday' });
    expect(replaced.day(d('2026-02-14'))).toMatchObject({ working: false, kind: 'weekend' });
    expect(replaced.yearSource(2026).source).toBe('测试');
  });

  it('lets a later source for the same year win', () => {
    const first = { year: 2030, holidays: { '2030-01-01': '元旦' }, workdays: {}, source: 'first' };
    const second = { year: 2030, holidays: {}, workdays: {}, source: 'second' };
    const cal = createWorkCalendar([first, second]);
    expect(cal.day(d('2030-01-01'))).toMatchObject({ working: true, kind: 'workday' });
  });

  it('ships an override file with no years and a description of its format', () => {
    const parsed = parseCalendarOverrides(shippedOverrides);
    expect(parsed.years).toEqual([]);
    expect(parsed.description).toContain('国办发明电');
    expect(parsed.description).toContain('"holidays"');
    expect(parsed.description).toContain('"workdays"');
    expect(createDefaultCalendar().coveredYears.at(-1)).toBe(2026);
  });

  it('accepts a well-formed file', () => {
    const parsed = parseCalendarOverrides(override2027);
    expect(parsed.description).toBe('test');
    expect(parsed.years).toEqual([
      {
        year: 2027,
        holidays: override2027.years['2027'].holidays,
        workdays: { '2027-02-20': '春节' },
        source: '国办发明电〔2026〕（测试用）',
      },
    ]);
  });

  const year = (patch: Record<string, unknown>) => ({
    years: { '2027': { notice: 'N', holidays: {}, workdays: {}, ...patch } },
  });
  const bad: ReadonlyArray<readonly [string, unknown, string]> = [
    ['not an object', [], 'file'],
    ['an unknown top-level field', { years: {}, yaers: {} }, 'yaers'],
    ['no years', { description: 'x' }, 'years'],
    [
      'a year that is not four digits',
      { years: { '27': { notice: 'N', holidays: {}, workdays: {} } } },
      'years.27',
    ],
    ['an impossible date', year({ holidays: { '2027-02-30': '春节' } }), '2027-02-30'],
    ['a date in another year', year({ holidays: { '2028-01-01': '元旦' } }), '2028-01-01'],
    ['a date written otherwise', year({ workdays: { '2027/02/07': '春节' } }), '2027/02/07'],
    [
      'a day both off and worked',
      year({ holidays: { '2027-02-07': '春节' }, workdays: { '2027-02-07': '春节' } }),
      'workdays["2027-02-07"]',
    ],
    ['an empty notice', year({ notice: '  ' }), 'years.2027.notice'],
    ['a missing notice', { years: { '2027': { holidays: {}, workdays: {} } } }, 'years.2027.notice'],
    ['a festival without a name', year({ holidays: { '2027-01-01': '' } }), '2027-01-01'],
    ['holidays that are not an object', year({ holidays: ['2027-01-01'] }), 'years.2027.holidays'],
    ['an unknown field in a year', year({ holiday: {} }), 'years.2027.holiday'],
  ];
  it.each(bad)('rejects %s, naming the bad entry', (_, json, entry) => {
    expect(() => parseCalendarOverrides(json)).toThrow(CalendarError);
    expect(() => parseCalendarOverrides(json)).toThrow(entry);
    expect(() => createDefaultCalendar(json)).toThrow(CalendarError);
  });
});

describe('properties over 2004–2030', () => {
  const first = Date.UTC(2004, 0, 1);
  const last = Date.UTC(2030, 11, 1);
  const dateArb = fc
    .integer({ min: 0, max: Math.floor((last - first) / 86_400_000) })
    .map((i) => ymd(2004, 1, 1 + i));
  const nArb = fc.integer({ min: 1, max: 40 });
  const touchesUncovered = (cal: WorkCalendar, from: LocalDate, due: LocalDate) => {
    for (let y = yearOf(addDays(from, 1)); y <= yearOf(due); y++) if (!cal.isCovered(y)) return true;
    return false;
  };

  it('ends on a working day after the start, with exactly n working days in (from, due]', () => {
    fc.assert(
      fc.property(dateArb, nArb, (from, n) => {
        const { due, counted } = addWorkingDays(calendar, from, n);
        expect(due > from).toBe(true);
        expect(calendar.day(due).working).toBe(true);
        expect(counted).toHaveLength(n);
        expect(workingDaysBetween(calendar, from, due)).toBe(n);
        expect(workingDaysBetween(calendar, from, addDays(due, -1))).toBe(n - 1);
      }),
    );
  });

  it('gives a later day for one more working day', () => {
    fc.assert(
      fc.property(dateArb, nArb, (from, n) => {
        expect(addWorkingDays(calendar, from, n + 1).due > addWorkingDays(calendar, from, n).due).toBe(true);
      }),
    );
  });

  it('is provisional exactly when the period reaches a year without an official arrangement', () => {
    fc.assert(
      fc.property(dateArb, nArb, (from, n) => {
        const { due, provisional } = addWorkingDays(calendar, from, n);
        expect(provisional).toBe(touchesUncovered(calendar, from, due));
      }),
    );
  });
});
