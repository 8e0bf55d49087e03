import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { reportInventory } from '../../shared/app/inventory.ts';
import { toProblem } from '../../shared/http/error-map.ts';
import { json, jsonBody, parseWith } from '../../shared/http/request.ts';
import { InventoryInputSchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';
import { metrics } from '../lib/observability.ts';
import { inventories } from '../lib/ports/inventory.ts';

// R12, R13: a case system reports what its agency decided, a period at a time; each period gets its own result
// (207 Multi-Status), as a batch of decisions does.
export const handler = authenticated('report-inventory', async ({ event, actor }) => {
  const body = parseWith(InventoryInputSchema, jsonBody(event), 'body');
  const results = [];
  for (const [index, inventory] of body.inventories.entries()) {
    try {
      const reported = await reportInventory(
        { ...deps, inventories },
        { actor, inventory, field: `inventories[${index}]` },
      );
      results.push({ index, ...reported });
    } catch (error) {
      const problem = toProblem(error);
      results.push({ index, period: inventory.period, status: problem.status, problem });
    }
  }
  const accepted = results.filter((r) => r.status < 300).length;
  metrics.addMetric('InventoriesReported', MetricUnit.Count, accepted);
  return json(207, { accepted, rejected: results.length - accepted, results });
});
