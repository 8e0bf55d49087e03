import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { reconcileSweep } from '../../shared/app/sweeps.ts';
import { scheduled } from '../lib/handler.ts';
import { logger, metrics } from '../lib/observability.ts';
import { catalog } from '../lib/ports/catalog.ts';
import { uploads } from '../lib/ports/uploads.ts';
import { publisherDeps } from '../lib/publisher.ts';

/**
 * Every 5 minutes: decisions and catalogue items (R10) stuck in `publishing` are published again, unconfirmed
 * takedowns redone (R7).
 */
export const handler = scheduled('reconcile-sweep', async ({ now, deadlineMs }) => {
  const result = await reconcileSweep({ ...publisherDeps, catalog, uploads }, now, {
    deadlineMs,
    onRetryFailed: (id, error) =>
      logger.error('reconcile: the retry failed, the next run tries again', { id, error }),
  });
  metrics.addMetric('PublishRetries', MetricUnit.Count, result.retried);
  if (result.failed > 0) metrics.addMetric('PublishFailures', MetricUnit.Count, result.failed);
  const mismatched = result.approvalMismatches;
  if (mismatched.length > 0) {
    // R2: still not what was approved; they stay in `publishing` and the alarm stays on.
    logger.error('not published: the projection differs from the one approved', { ids: mismatched });
    metrics.addMetric('ApprovalMismatch', MetricUnit.Count, mismatched.length);
  }
  if (result.personalDataBlocked.length > 0) {
    // R4: the gate still finds personal data; each refusal was logged by id and kind by the publisher.
    metrics.addMetric('PersonalDataBlocked', MetricUnit.Count, result.personalDataBlocked.length);
  }
  logger.info('reconcile sweep', { time: now.toISOString(), ...result });
  return result;
});
