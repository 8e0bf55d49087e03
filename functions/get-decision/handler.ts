import { getDecision } from '../../shared/app/decisions.ts';
import { etagOf, json, pathId } from '../../shared/http/request.ts';
import { deps } from '../lib/dependencies.ts';
import { authenticated } from '../lib/handler.ts';

export const handler = authenticated('get-decision', async ({ event, actor }) => {
  const view = await getDecision(deps, { actor, id: pathId(event) });
  return json(200, view, { etag: etagOf(view.version) });
});
