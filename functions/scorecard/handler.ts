import { refreshScorecard, type ScorecardResult } from '../../shared/app/scorecard.ts';
import { logger } from '../../shared/http/observability.ts';
import { calendarReady, catalog } from '../lib/dependencies.ts';
import { publisherDeps } from '../lib/publisher.ts';
import { eventTime, type ScheduleEvent } from '../lib/schedule-event.ts';

/** Daily at 01:00 Asia/Shanghai: the public scorecard of the 12 months up to the event's time. */
export const handler = async (event: ScheduleEvent): Promise<ScorecardResult> => {
  const now = eventTime(event);
  await calendarReady();
  const result = await refreshScorecard({ ...publisherDeps, catalog }, now);
  logger.info('scorecard refreshed', { time: now.toISOString(), ...result });
  return result;
};
