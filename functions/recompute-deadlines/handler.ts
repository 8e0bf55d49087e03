import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { recomputeSweep } from '../../shared/app/calendar.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { scheduled } from '../lib/handler.ts';
import { logger, metrics } from '../lib/observability.ts';
import { calendars } from '../lib/ports/calendar.ts';
import { catalog } from '../lib/ports/catalog.ts';

/**
 * R5 (ADR 0013): hourly. The deadlines counted provisionally over a year whose notice was loaded are recomputed
 * and audited; DeadlinesRecomputed counts the deadlines that moved.
 */
export const handler = scheduled('recompute-deadlines', async ({ now, deadlineMs }) => {
  const result = await recomputeSweep({ ...correctionDeps, catalog, calendars }, now, { deadlineMs });
  metrics.addMetric('DeadlinesRecomputed', MetricUnit.Count, result.moved);
  if (!result.complete) logger.warn('recompute sweep did not finish; the next run continues', { ...result });
  logger.info('recompute sweep', { time: now.toISOString(), ...result });
  return result;
});
