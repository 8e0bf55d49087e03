import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type HeartbeatResult, siteHeartbeat } from '../../shared/app/sweeps.ts';
import { logger, metrics } from '../../shared/http/observability.ts';
import { publisherDeps } from '../lib/publisher.ts';
import { eventTime, type ScheduleEvent } from '../lib/schedule-event.ts';

/** Every 15 minutes: the heartbeat object and the site's age. */
export const handler = async (event: ScheduleEvent): Promise<HeartbeatResult> => {
  const now = eventTime(event);
  try {
    const result = await siteHeartbeat(publisherDeps, now);
    // An empty site has no age; no data point keeps the alarm in INSUFFICIENT_DATA rather than falsely green.
    if (result.siteAgeMinutes !== undefined) {
      metrics.addMetric('SiteAgeMinutes', MetricUnit.Count, result.siteAgeMinutes);
    }
    logger.info('site heartbeat', { time: now.toISOString(), ...result });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
};
