import { getCalendarYear } from '../../shared/app/calendar.ts';
import { noticeYear } from '../../shared/domain/calendar/notice.ts';
import { etagOf, json } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { calendars } from '../lib/ports/calendar.ts';

// R5: every day of the year as deadlines count it, official (a loaded notice or the data) or provisional.
export const handler = authenticated('get-calendar-year', async ({ event }) => {
  const view = await getCalendarYear({ calendars }, noticeYear(event.pathParameters?.year ?? ''));
  return json(200, view, view.version === undefined ? {} : { etag: etagOf(view.version) });
});
