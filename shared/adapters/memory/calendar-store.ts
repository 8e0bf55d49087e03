/** CalendarStore in memory, for use-case tests: the same version conditions and audit chain as the table's. */
import type { AuditEvent } from '../../domain/audit.ts';
import type { CalendarStore, CalendarYearWrite, StoredCalendarYear } from '../../ports.ts';
import { VersionConflictError } from '../../ports.ts';
import { calendarKeys, checkCalendarWrite } from '../dynamodb/calendar-keys.ts';
import { plainCopy } from '../dynamodb/table-keys.ts';

export class MemoryCalendarStore implements CalendarStore {
  readonly #years = new Map<number, { stored: StoredCalendarYear; audit: AuditEvent[] }>();

  async get(year: number): Promise<StoredCalendarYear | undefined> {
    calendarKeys.year(year);
    const entry = this.#years.get(year);
    return entry && plainCopy(entry.stored);
  }

  async list(): Promise<readonly StoredCalendarYear[]> {
    return [...this.#years.values()]
      .map((entry) => plainCopy(entry.stored))
      .sort((a, b) => a.calendar.year - b.calendar.year);
  }

  // No await between the check and the change: concurrent saves cannot interleave, like one transaction.
  async save(write: CalendarYearWrite): Promise<void> {
    checkCalendarWrite(write);
    const year = write.next.calendar.year;
    const entry = this.#years.get(year);
    if (entry?.stored.version !== write.previous?.version) {
      throw new VersionConflictError(`calendar ${year} changed since it was read`);
    }
    const audit = [...(entry?.audit ?? []), ...(write.audit ? [plainCopy(write.audit)] : [])];
    this.#years.set(year, { stored: plainCopy(write.next), audit });
  }

  async auditTrail(year: number): Promise<readonly AuditEvent[]> {
    return plainCopy(this.#years.get(year)?.audit ?? []);
  }
}
