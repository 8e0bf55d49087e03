import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type WithdrawalSweepResult, withdrawalSweep } from '../../shared/app/sweeps.ts';
import { logger, metrics } from '../../shared/http/observability.ts';
import { calendarReady, deps } from '../lib/dependencies.ts';
import { eventTime, type ScheduleEvent, type SweepContext, sweepDeadline } from '../lib/schedule-event.ts';

/** R6: daily, just after midnight Asia/Shanghai. */
export const handler = async (
  event: ScheduleEvent,
  context?: SweepContext,
): Promise<WithdrawalSweepResult> => {
  const now = eventTime(event);
  const deadlineMs = sweepDeadline(context);
  try {
    await calendarReady();
    const result = await withdrawalSweep(deps, now, { deadlineMs });
    logger.info('withdrawal sweep', { time: now.toISOString(), ...result });
    metrics.addMetric('ExpiredWithdrawals', MetricUnit.Count, result.withdrawn);
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
};
