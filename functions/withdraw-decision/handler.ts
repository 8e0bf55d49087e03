import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { withdrawDecision } from '../../shared/app/decisions.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseWith, pathId } from '../../shared/http/request.ts';
import { WithdrawInputSchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';
import { metrics } from '../lib/observability.ts';

export const handler = authenticated('withdraw-decision', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const { reason, explanation, legalEventDate } = parseWith(WithdrawInputSchema, jsonBody(event), 'body');
  // R7: the legal event's day, which the 3 working days run from (the domain checks it, 422 naming the field).
  const view = await withdrawDecision(deps, {
    actor,
    id,
    reason,
    explanation: explanation ?? '',
    ifMatch,
    ...(legalEventDate === undefined ? {} : { legalEventDate }),
  });
  metrics.addDimension('reason', reason);
  metrics.addMetric('DecisionsWithdrawn', MetricUnit.Count, 1);
  // R8: an emergency takedown raises an alarm on this metric.
  if (reason === 'emergency') metrics.addMetric('EmergencyTakedowns', MetricUnit.Count, 1);
  return json(200, view, { etag: etagOf(view.version) });
});
