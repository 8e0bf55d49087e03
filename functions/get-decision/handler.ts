import { getDecision } from '../../shared/app/decisions.ts';
import { etagOf, json, pathId } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';

export const handler = authenticated('get-decision', async ({ event, actor }) => {
  const view = await getDecision(deps, { actor, id: pathId(event) });
  return json(200, view, { etag: etagOf(view.version) });
});
