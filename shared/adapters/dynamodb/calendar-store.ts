/** The years operators load at run time (R5, ADR 0013), in the single table: see calendar-keys.ts. */
import type { AuditEvent } from '../../domain/audit.ts';
import type { CalendarStore, CalendarYearWrite, StoredCalendarYear } from '../../ports.ts';
import { VersionConflictError } from '../../ports.ts';
import {
  CALENDAR_PARTITION,
  CALENDAR_YEAR_PREFIX,
  calendarAuditItem,
  calendarKeys,
  calendarYearItem,
  checkCalendarWrite,
  storedCalendarYearFromItem,
} from './calendar-keys.ts';
import { type DynamoTableOptions, TableClient } from './table-client.ts';
import { eventFromItem } from './table-keys.ts';

export class DynamoCalendarStore implements CalendarStore {
  readonly #table: TableClient;

  constructor(options: DynamoTableOptions) {
    this.#table = new TableClient(options);
  }

  async get(year: number): Promise<StoredCalendarYear | undefined> {
    const item = await this.#table.get(calendarKeys.year(year));
    return item ? storedCalendarYearFromItem(item) : undefined;
  }

  async list(): Promise<readonly StoredCalendarYear[]> {
    const items = await this.#table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
      ExpressionAttributeValues: { ':pk': CALENDAR_PARTITION, ':year': CALENDAR_YEAR_PREFIX },
      ConsistentRead: true,
    });
    return items.map(storedCalendarYearFromItem);
  }

  /** The year and its audit event in one transaction, conditional on the version read (new: not there yet). */
  async save(write: CalendarYearWrite): Promise<void> {
    checkCalendarWrite(write);
    const year = write.next.calendar.year;
    await this.#table.transact(
      [
        this.#table.putVersioned(calendarYearItem(write.next), write.previous?.version),
        ...(write.audit ? [this.#table.putNew(calendarAuditItem(year, write.audit))] : []),
      ],
      () => new VersionConflictError(`calendar ${year} changed since it was read`),
    );
  }

  async auditTrail(year: number): Promise<readonly AuditEvent[]> {
    const items = await this.#table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': CALENDAR_PARTITION, ':audit': calendarKeys.auditPrefix(year) },
      ConsistentRead: true,
    });
    return items.map(eventFromItem);
  }
}
