import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type RecomputeSweepResult, recomputeSweep } from '../../shared/app/calendar.ts';
import { logger, metrics } from '../../shared/http/observability.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { calendars, catalog } from '../lib/dependencies.ts';
import { eventTime, type ScheduleEvent, type SweepContext, sweepDeadline } from '../lib/schedule-event.ts';

/**
 * R5 (ADR 0013): hourly. The deadlines counted provisionally over a year whose notice was loaded are recomputed
 * and audited; DeadlinesRecomputed counts the deadlines that moved.
 */
export const handler = async (
  event: ScheduleEvent,
  context?: SweepContext,
): Promise<RecomputeSweepResult> => {
  const now = eventTime(event);
  const deadlineMs = sweepDeadline(context);
  try {
    const result = await recomputeSweep({ ...correctionDeps, catalog, calendars }, now, {
      deadlineMs,
    });
    metrics.addMetric('DeadlinesRecomputed', MetricUnit.Count, result.moved);
    if (!result.complete)
      logger.warn('recompute sweep did not finish; the next run continues', { ...result });
    logger.info('recompute sweep', { time: now.toISOString(), ...result });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
};
