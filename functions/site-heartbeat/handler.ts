import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { siteHeartbeat } from '../../shared/app/sweeps.ts';
import { scheduled } from '../lib/handler.ts';
import { logger, metrics } from '../lib/observability.ts';
import { site } from '../lib/ports/site.ts';

/** Every 15 minutes: the heartbeat object and the site's age. */
export const handler = scheduled('site-heartbeat', async ({ now }) => {
  const result = await siteHeartbeat({ site }, now);
  // An empty site has no age; no data point keeps the alarm in INSUFFICIENT_DATA rather than falsely green.
  if (result.siteAgeMinutes !== undefined) {
    metrics.addMetric('SiteAgeMinutes', MetricUnit.Count, result.siteAgeMinutes);
  }
  logger.info('site heartbeat', { time: now.toISOString(), ...result });
  return result;
});
