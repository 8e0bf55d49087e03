import { readFileSync } from 'node:fs';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { LIBRARY_YEARS_PATH, libraryYearsFile } from '../../../infra/calendar-data.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { addDays, type LocalDate } from '../../../shared/domain/dates.ts';

describe('the calendar data (R5)', () => {
  it('is the installed chinese-days arrangement (after an upgrade: npm run calendar-data)', () => {
    expect(JSON.parse(readFileSync(LIBRARY_YEARS_PATH, 'utf8'))).toEqual(libraryYearsFile(data));
  });

  it('gives every date of the library the day off or the working day the library gives it', () => {
    const calendar = createDefaultCalendar();
    let differences = 0;
    for (let date = '2004-01-01' as LocalDate; date <= '2026-12-31'; date = addDays(date, 1)) {
      const day = calendar.day(date);
      const holiday = (data.holidays as Record<string, string>)[date];
      const workday = (data.workdays as Record<string, string>)[date];
      if (holiday && (day.kind !== 'holiday' || day.working)) differences += 1;
      if (workday && (day.kind !== 'adjusted_workday' || !day.working)) differences += 1;
      if (!holiday && !workday && (day.kind === 'holiday' || day.kind === 'adjusted_workday'))
        differences += 1;
    }
    expect(differences).toBe(0);
  });
});
