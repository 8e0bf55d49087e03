/**
 * How the years operators load at run time (R5, ADR 0013) lie in the single table: one partition `CALENDAR`,
 * an item per year (`YEAR#2027`) and the events of each year's audit chain (`AUDIT#2027#00000001`), so a cold
 * start lists every loaded year with one Query and no index. It imports no AWS SDK: the memory adapter reuses it.
 */
import type { AuditEvent } from '../../domain/audit.ts';
import type { CalendarYearWrite, StoredCalendarYear } from '../../ports.ts';
import { VersionConflictError } from '../../ports.ts';
import {
  AUDIT_PREFIX,
  auditDayAttributes,
  CorruptItemError,
  type Item,
  type Key,
  pad,
} from './table-keys.ts';

export const CALENDAR_PARTITION = 'CALENDAR';
export const CALENDAR_YEAR_PREFIX = 'YEAR#';
export const CALENDAR_AUDIT_PREFIX = AUDIT_PREFIX;

export const calendarKeys = {
  year: (year: number): Key => ({
    pk: CALENDAR_PARTITION,
    sk: `${CALENDAR_YEAR_PREFIX}${pad(year, 4, 'calendar year')}`,
  }),
  audit: (year: number, seq: number): Key => ({
    pk: CALENDAR_PARTITION,
    sk: `${CALENDAR_AUDIT_PREFIX}${pad(year, 4, 'calendar year')}#${pad(seq, 8, 'audit seq')}`,
  }),
  /** Every audit event of a year: `begins_with(sk, …)`. */
  auditPrefix: (year: number): string => `${CALENDAR_AUDIT_PREFIX}${pad(year, 4, 'calendar year')}#`,
} as const;

/** The audit chain of a calendar year is named by this subject (its events' `subject`). */
export const calendarSubject = (year: number): string => `calendar-${year}`;

export function calendarYearItem(stored: StoredCalendarYear): Item {
  return {
    ...calendarKeys.year(stored.calendar.year),
    type: 'calendar_year',
    year: stored.calendar.year,
    version: stored.version,
    stored,
  };
}

export function calendarAuditItem(year: number, event: AuditEvent): Item {
  return { ...calendarKeys.audit(year, event.seq), type: 'audit', event, ...auditDayAttributes(event) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function storedCalendarYearFromItem(item: Item): StoredCalendarYear {
  const stored = item.stored;
  const fail = (problem: string): never => {
    throw new CorruptItemError(`${String(item.pk)} / ${String(item.sk)}`, problem);
  };
  if (item.type !== 'calendar_year' || !isRecord(stored)) fail('not a calendar year');
  const { calendar, version } = stored as Record<string, unknown>;
  if (!isRecord(calendar) || calendar.year !== item.year) fail('the year disagrees with its key');
  if (version !== item.version || typeof version !== 'number') fail('the version disagrees with the item');
  if (!isRecord((calendar as Record<string, unknown>).holidays)) fail('no holidays');
  return stored as unknown as StoredCalendarYear;
}

/** A load moves the version by one; the sweep's mark keeps it. Either way the year and audit chain must agree. */
export function checkCalendarWrite(write: CalendarYearWrite): void {
  const { previous, next, audit } = write;
  if (previous && previous.calendar.year !== next.calendar.year) {
    throw new Error('a calendar write cannot change the year');
  }
  const expected = audit ? (previous?.version ?? 0) + 1 : previous?.version;
  if (next.version !== expected) {
    throw new VersionConflictError(`calendar ${next.calendar.year}: unexpected version`);
  }
}
