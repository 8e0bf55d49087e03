import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type DeadlineSweepResult, deadlineSweep } from '../../shared/app/sweeps.ts';
import { logger, metrics } from '../../shared/http/observability.ts';
import { deps } from '../lib/dependencies.ts';
import { eventTime, type ScheduleEvent } from '../lib/schedule-event.ts';

/**
 * R5: hourly. Two metrics without a per-decision dimension, so the series stay two; the ids behind the
 * overdue count go to the log, where an operator looks after the alarm.
 */
export const handler = async (event: ScheduleEvent): Promise<Omit<DeadlineSweepResult, 'overdueIds'>> => {
  const now = eventTime(event);
  try {
    const { overdueIds, ...counts } = await deadlineSweep(deps, now);
    metrics.addMetric('OverdueDecisions', MetricUnit.Count, counts.overdue);
    metrics.addMetric('DecisionsDueSoon', MetricUnit.Count, counts.dueSoon);
    if (overdueIds.length > 0) logger.warn('decisions past their publication deadline (R5)', { overdueIds });
    logger.info('deadline sweep', { time: now.toISOString(), ...counts });
    return counts;
  } finally {
    metrics.publishStoredMetrics();
  }
};
