/**
 * The `calendar` port: the working-day calendar every use case reads synchronously, with the years operators
 * loaded at run time (ADR 0013) read again when a minute old, before every invocation (the wrappers of
 * functions/lib/handler.ts await the hook registered here), and the store of those years.
 */
import { DynamoCalendarStore } from '../../../shared/adapters/dynamodb/calendar-store.ts';
import { CALENDAR_CACHE_MS, refreshingCalendar } from '../../../shared/app/calendar.ts';
import type { CalendarStore } from '../../../shared/ports.ts';
import { beforeEveryInvocation } from '../handler.ts';
import { client, tableName } from './table.ts';

export const calendars: CalendarStore = new DynamoCalendarStore({ client, tableName });

const live = refreshingCalendar(calendars, { maxAgeMs: CALENDAR_CACHE_MS });
export const calendar = live.calendar;
export const calendarReady = (): Promise<void> => live.refresh();
beforeEveryInvocation(calendarReady);
