import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { reviewDecision } from '../../shared/app/decisions.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseWith, pathId } from '../../shared/http/request.ts';
import { ReviewInputSchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';
import { metrics } from '../lib/observability.ts';

export const handler = authenticated('review-decision', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const { outcome, comment, resolutions } = parseWith(ReviewInputSchema, jsonBody(event), 'body');
  // R2: the approval is bound to the version the reviewer read (If-Match, required) and its projection.
  const view = await reviewDecision(deps, {
    actor,
    id,
    outcome,
    comment: comment ?? '',
    ifMatch,
    ...(resolutions ? { resolutions } : {}),
  });
  metrics.addMetric(outcome === 'approve' ? 'ReviewsApproved' : 'ReviewsRejected', MetricUnit.Count, 1);
  return json(200, view, { etag: etagOf(view.version) });
});
