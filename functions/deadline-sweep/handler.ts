import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type DeadlineSweepResult, deadlineSweep } from '../../shared/app/sweeps.ts';
import { logger, metrics } from '../../shared/http/observability.ts';
import { deps } from '../lib/dependencies.ts';
import { eventTime, type ScheduleEvent, type SweepContext, sweepDeadline } from '../lib/schedule-event.ts';

/**
 * R5, R7: hourly. Three metrics without a per-decision dimension, so the series stay three; the ids behind the
 * overdue count go to the log, where an operator looks after the alarm.
 */
export const handler = async (
  event: ScheduleEvent,
  context?: SweepContext,
): Promise<Omit<DeadlineSweepResult, 'overdueIds' | 'overdueTakedownIds'>> => {
  const now = eventTime(event);
  const deadlineMs = sweepDeadline(context);
  try {
    const { overdueIds, overdueTakedownIds, ...counts } = await deadlineSweep(deps, now, { deadlineMs });
    metrics.addMetric('OverdueDecisions', MetricUnit.Count, counts.overdue);
    metrics.addMetric('DecisionsDueSoon', MetricUnit.Count, counts.dueSoon);
    metrics.addMetric('OverdueTakedowns', MetricUnit.Count, counts.overdueTakedowns);
    // Out of time: the counts are lower bounds (an alarm on "at least one overdue" still fires correctly).
    if (!counts.complete) logger.warn('deadline sweep ran out of time; the counts are lower bounds', counts);
    if (overdueIds.length > 0) logger.warn('decisions past their publication deadline (R5)', { overdueIds });
    if (overdueTakedownIds.length > 0) {
      logger.warn('withdrawn decisions past their takedown deadline (R7)', { overdueTakedownIds });
    }
    logger.info('deadline sweep', { time: now.toISOString(), ...counts });
    return counts;
  } finally {
    metrics.publishStoredMetrics();
  }
};
