import { getAuditTrail } from '../../shared/app/decisions.ts';
import { json, pathId } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';

// R11: the chain and whether it verifies against the head the record keeps.
export const handler = authenticated('get-audit', async ({ event, actor }) => {
  return json(200, await getAuditTrail(deps, { actor, id: pathId(event) }));
});
