import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { submitBatch } from '../../shared/app/decisions.ts';
import { toProblem } from '../../shared/http/error-map.ts';
import { json, jsonBody, parseDecisionInput, parseWith } from '../../shared/http/request.ts';
import { BatchInputSchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';
import { metrics } from '../lib/observability.ts';

// R13: case systems push records in batches; each item gets its own result (207 Multi-Status).
export const handler = authenticated('submit-batch', async ({ event, actor }) => {
  const { items } = parseWith(BatchInputSchema, jsonBody(event), 'body');
  const parsed = items.map((item) => {
    try {
      return parseDecisionInput(item);
    } catch (error) {
      return error as Error;
    }
  });
  const outcomes = await submitBatch(deps, { actor, items: parsed });
  const results = outcomes.map((outcome, index) => {
    if (outcome.ok) {
      const { view } = outcome.submitted;
      return { index, status: 201, id: view.id, version: view.version, publishBy: view.publishBy };
    }
    const problem = toProblem(outcome.error);
    return { index, status: problem.status, problem };
  });
  const accepted = results.filter((r) => r.status === 201).length;
  metrics.addMetric('DecisionsSubmitted', MetricUnit.Count, accepted);
  return json(207, { accepted, rejected: results.length - accepted, results });
});
