import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { withdrawalSweep } from '../../shared/app/sweeps.ts';
import { deps } from '../lib/dependencies.ts';
import { scheduled } from '../lib/handler.ts';
import { logger, metrics } from '../lib/observability.ts';

/** R6: daily, just after midnight Asia/Shanghai. */
export const handler = scheduled('withdrawal-sweep', async ({ now, deadlineMs }) => {
  const result = await withdrawalSweep(deps, now, { deadlineMs });
  logger.info('withdrawal sweep', { time: now.toISOString(), ...result });
  metrics.addMetric('ExpiredWithdrawals', MetricUnit.Count, result.withdrawn);
  return result;
});
