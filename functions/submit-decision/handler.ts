import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { submitDecision } from '../../shared/app/decisions.ts';
import { etagOf, idempotencyKeyOf, json, jsonBody, parseDecisionInput } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';
import { metrics } from '../lib/observability.ts';

export const handler = authenticated('submit-decision', async ({ event, actor }) => {
  const idempotencyKey = idempotencyKeyOf(event);
  const content = parseDecisionInput(jsonBody(event));
  const { view, replayed } = await submitDecision(deps, {
    actor,
    content,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  if (!replayed) metrics.addMetric('DecisionsSubmitted', MetricUnit.Count, 1);
  return json(replayed ? 200 : 201, view, {
    etag: etagOf(view.version),
    location: `/v1/decisions/${view.id}`,
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
});
