import { loadCalendarYear } from '../../shared/app/calendar.ts';
import { noticeYear } from '../../shared/domain/calendar/notice.ts';
import { etagOf, ifMatchOf, json, jsonBody } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { calendars } from '../lib/ports/calendar.ts';
import { clock } from '../lib/ports/clock.ts';

// R5 (ADR 0013): operators load a year's notice without a redeploy; each refusal is a 422 naming its field.
export const handler = authenticated('put-calendar-year', async ({ event, actor }) => {
  const year = noticeYear(event.pathParameters?.year ?? '');
  const ifMatch = ifMatchOf(event);
  const view = await loadCalendarYear({ calendars, clock }, { actor, year, body: jsonBody(event), ifMatch });
  return json(200, view, { etag: etagOf(view.version ?? 0) });
});
