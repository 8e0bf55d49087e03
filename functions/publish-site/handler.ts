import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { AttachmentIntegrityError, handleCatalogChange } from '../../shared/app/catalog-publish.ts';
import { handleDecisionChange } from '../../shared/app/publish.ts';
import { streamChangeOf } from '../../shared/http/stream-change.ts';
import { catalogPublisherDeps } from '../lib/catalog-publisher.ts';
import { streamConsumer } from '../lib/handler.ts';
import { logger, metrics } from '../lib/observability.ts';
import { publisherDeps } from '../lib/publisher.ts';

/**
 * Records are handled in order; after a failure the rest of the batch is reported failed too, so a
 * retry never applies a later change of a record before an earlier one. R2: a catalogue item whose file is not
 * the one approved is not retried here (no retry mends it, and it would hold up every record behind it): it
 * stays `publishing`, counted in PublishFailures now and by each reconcile sweep after.
 */
export const handler = streamConsumer(
  'publish-site',
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failures: string[] = [];
    for (const record of event.Records) {
      const sequence = record.dynamodb?.SequenceNumber ?? '';
      if (failures.length > 0) {
        failures.push(sequence);
        continue;
      }
      const found = streamChangeOf(record);
      if (!found) continue;
      try {
        if (found.record === 'decision') {
          const outcome = await handleDecisionChange(publisherDeps, found.change);
          if (outcome === 'published') metrics.addMetric('DecisionsPublished', MetricUnit.Count, 1);
          if (outcome === 'withdrawn') metrics.addMetric('SiteWithdrawals', MetricUnit.Count, 1);
          if (outcome === 'refreshed') metrics.addMetric('CorrectionNotices', MetricUnit.Count, 1);
          if (outcome === 'approval_mismatch') {
            // R2: left in `publishing`, nothing written; the reconcile sweep tries again, the alarm calls someone.
            logger.error('not published: the projection differs from the one approved', {
              id: found.change.id,
            });
            metrics.addMetric('ApprovalMismatch', MetricUnit.Count, 1);
          }
          if (outcome === 'personal_data_blocked')
            metrics.addMetric('PersonalDataBlocked', MetricUnit.Count, 1);
        } else {
          const outcome = await handleCatalogChange(catalogPublisherDeps, found.change);
          if (outcome === 'published') metrics.addMetric('CatalogItemsPublished', MetricUnit.Count, 1);
        }
      } catch (error) {
        if (error instanceof AttachmentIntegrityError) {
          logger.error('catalogue item not published: a file is not the one approved', {
            id: error.itemId,
            attachment: error.n,
            code: error.code,
          });
          metrics.addMetric('PublishFailures', MetricUnit.Count, 1);
          continue;
        }
        logger.error('publishing failed; the record will be retried', {
          id: found.change.id,
          record: found.record,
          error: error as Error,
        });
        metrics.addMetric('PublishFailures', MetricUnit.Count, 1);
        failures.push(sequence);
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  },
);
