/**
 * The composition root of every handler: environment parsed once at module load (a missing variable fails
 * the cold start loudly), one DynamoDB client, the adapters and the calendar, shared by all invocations.
 */

import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { DynamoCalendarStore } from '../../shared/adapters/dynamodb/calendar-store.ts';
import { DynamoCatalogStore } from '../../shared/adapters/dynamodb/catalog-store.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/ids.ts';
import { AGENCY_CACHE_MS, cachedAgencies } from '../../shared/app/agency-cache.ts';
import { CALENDAR_CACHE_MS, refreshingCalendar } from '../../shared/app/calendar.ts';
import type { CalendarStore, CatalogStore, Dependencies } from '../../shared/ports.ts';
import { optional, readEnv, required } from './env.ts';
import { beforeEveryInvocation } from './handler.ts';

export const env = readEnv({
  TABLE_NAME: required(),
  /** Set only by the local platform: DynamoDB Local's address. */
  GONGSHI_DYNAMODB_ENDPOINT: optional(),
});

/** The one DocumentClient of the process, shared by every DynamoDB adapter. */
export const client = createDocumentClient(
  env.GONGSHI_DYNAMODB_ENDPOINT ? { endpoint: env.GONGSHI_DYNAMODB_ENDPOINT } : {},
);

/** R5: the years operators loaded at run time (ADR 0013), on the same table and client. */
export const calendars: CalendarStore = new DynamoCalendarStore({ client, tableName: env.TABLE_NAME });

/**
 * R5: the calendar every use case reads synchronously, with the loaded years read again when a minute old
 * (ADR 0013): before every HTTP request (the wrapper awaits it), and by each scheduled and stream handler at
 * the start of its run: the wrappers of functions/lib/handler.ts await it (`beforeEveryInvocation`).
 */
const liveCalendar = refreshingCalendar(calendars, { maxAgeMs: CALENDAR_CACHE_MS });
export const calendarReady = (): Promise<void> => liveCalendar.refresh();
beforeEveryInvocation(calendarReady);

export const deps: Dependencies = {
  store: new DynamoDecisionStore({ client, tableName: env.TABLE_NAME }),
  // Kept for a minute by the warm function (ADR 0010): a submission is then one TransactWriteItems.
  agencies: cachedAgencies(new DynamoAgencyDirectory({ client, tableName: env.TABLE_NAME }), {
    maxAgeMs: AGENCY_CACHE_MS,
  }),
  calendar: liveCalendar.calendar,
  clock: systemClock,
  ids: ulidGenerator(systemClock),
};

/** R10: the catalogue's items and law changes, on the same table and client. */
export const catalog: CatalogStore = new DynamoCatalogStore({ client, tableName: env.TABLE_NAME });
