import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type DecisionChange, handleDecisionChange } from '../../shared/app/publish.ts';
import type { DecisionStatus } from '../../shared/domain/decision.ts';
import { logger, metrics } from '../../shared/http/observability.ts';
import { publisherDeps } from '../lib/publisher.ts';

/** A META item's status change, or undefined for every other item on the stream. */
function changeOf(record: DynamoDBRecord): DecisionChange | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  if (image?.sk?.S !== 'META' || typeof image.id?.S !== 'string') return undefined;
  return {
    id: image.id.S,
    oldStatus: record.dynamodb?.OldImage?.status?.S as DecisionStatus | undefined,
    newStatus: record.dynamodb?.NewImage?.status?.S as DecisionStatus | undefined,
  };
}

/**
 * Records are handled in order; after a failure the rest of the batch is reported failed too, so a
 * retry never applies a later change of a decision before an earlier one.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const failures: string[] = [];
  for (const record of event.Records) {
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    if (failures.length > 0) {
      failures.push(sequence);
      continue;
    }
    const change = changeOf(record);
    if (!change) continue;
    try {
      const outcome = await handleDecisionChange(publisherDeps, change);
      if (outcome === 'published') metrics.addMetric('DecisionsPublished', MetricUnit.Count, 1);
      if (outcome === 'withdrawn') metrics.addMetric('SiteWithdrawals', MetricUnit.Count, 1);
    } catch (error) {
      logger.error('publishing failed; the record will be retried', { id: change.id, error: error as Error });
      metrics.addMetric('PublishFailures', MetricUnit.Count, 1);
      failures.push(sequence);
    }
  }
  metrics.publishStoredMetrics();
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
};
