/**
 * R5: where a decision stands against its publication deadline on a day (overdue, workingDaysLeft), and where it
 * stands in the review queue (byAgencyStatus's sort key: the deadline in `pending_review`, creation elsewhere).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agencyStatusSortKey,
  listPlan,
  NO_DUE_DATE,
} from '../../../shared/adapters/dynamodb/decision-keys.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { addDays, type LocalDate } from '../../../shared/domain/dates.ts';
import { publicationStanding } from '../../../shared/domain/deadlines.ts';
import type { Decision } from '../../../shared/domain/decision.ts';
import type { StoredDecision } from '../../../shared/ports.ts';

const d = (s: string) => s as LocalDate;
const calendar = createDefaultCalendar();

describe('publicationStanding (R5)', () => {
  it('counts the working days after today up to and including the deadline, across National Day 2025', () => {
    // 2025-10-14 (Tuesday) is due; 10-01..10-08 are off, Saturday 10-11 is an adjusted working day.
    const due = d('2025-10-14');
    // 09-30, then 10-09, 10-10, 10-11, 10-13 and 10-14.
    expect(publicationStanding(due, d('2025-09-29'), calendar)).toEqual({
      overdue: false,
      workingDaysLeft: 6,
    });
    expect(publicationStanding(due, d('2025-10-08'), calendar)).toEqual({
      overdue: false,
      workingDaysLeft: 5,
    });
    expect(publicationStanding(due, d('2025-10-13'), calendar)).toEqual({
      overdue: false,
      workingDaysLeft: 1,
    });
    // The deadline's own day is the last one on time.
    expect(publicationStanding(due, due, calendar)).toEqual({ overdue: false, workingDaysLeft: 0 });
    expect(publicationStanding(due, d('2025-10-15'), calendar)).toEqual({
      overdue: true,
      workingDaysLeft: -1,
    });
    expect(publicationStanding(due, d('2025-10-20'), calendar)).toEqual({
      overdue: true,
      workingDaysLeft: -4,
    });
  });

  it('is overdue with 0 left on the days off right after a deadline on a Friday', () => {
    expect(publicationStanding(d('2025-10-17'), d('2025-10-18'), calendar)).toEqual({
      overdue: true,
      workingDaysLeft: 0,
    });
    expect(publicationStanding(d('2025-10-17'), d('2025-10-20'), calendar)).toEqual({
      overdue: true,
      workingDaysLeft: -1,
    });
  });

  it('has nothing to count without a deadline', () => {
    expect(publicationStanding(undefined, d('2025-10-14'), calendar)).toEqual({
      overdue: false,
      workingDaysLeft: null,
    });
  });

  it('is overdue exactly when today is after the deadline, and then has no working day left', () => {
    const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays(d('2025-01-01'), n));
    fc.assert(
      fc.property(day, day, (publishBy, today) => {
        const { overdue, workingDaysLeft } = publicationStanding(publishBy, today, calendar);
        expect(overdue).toBe(today > publishBy);
        if (overdue) expect(workingDaysLeft).toBeLessThanOrEqual(0);
        else expect(workingDaysLeft).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the review queue’s sort key (byAgencyStatus)', () => {
  const stored = (status: Decision['status'], due?: string): StoredDecision =>
    ({
      decision: { id: 'D1', agencyId: 'sp', status, createdAt: '2025-09-28T02:00:00.000Z' },
      deadlines: due === undefined ? {} : { publication: { due } },
    }) as unknown as StoredDecision;

  it('is the publication deadline and id while pending review, the creation instant and id otherwise', () => {
    expect(agencyStatusSortKey(stored('pending_review', '2025-10-14'))).toBe('2025-10-14#D1');
    expect(agencyStatusSortKey(stored('rejected', '2025-10-14'))).toBe('2025-09-28T02:00:00.000Z#D1');
    expect(agencyStatusSortKey(stored('publishing', '2025-10-14'))).toBe('2025-09-28T02:00:00.000Z#D1');
  });

  it('puts a pending decision without a deadline last rather than leaving it out', () => {
    expect(agencyStatusSortKey(stored('pending_review'))).toBe(`${NO_DUE_DATE}#D1`);
    expect(`${NO_DUE_DATE}#D1` > '2099-12-31#Z').toBe(true);
  });

  it('reads the queue ascending and every other list newest first', () => {
    expect(listPlan({ agencyId: 'sp', status: 'pending_review', limit: 5 }).ascending).toBe(true);
    expect(listPlan({ agencyId: 'sp', status: 'published', limit: 5 }).ascending).toBe(false);
    expect(listPlan({ agencyId: 'sp', limit: 5 }).ascending).toBe(false);
  });
});
