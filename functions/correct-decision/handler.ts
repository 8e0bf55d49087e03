import { correctDecision } from '../../shared/app/decisions.ts';
import { authenticated } from '../../shared/http/handler.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseDecisionInput, pathId } from '../../shared/http/request.ts';
import { deps } from '../lib/dependencies.ts';

// R8: a correction is a new revision, reviewed again; If-Match makes a stale edit a 412, never a lost update.
export const handler = authenticated('correct-decision', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const content = parseDecisionInput(jsonBody(event));
  const view = await correctDecision(deps, { actor, id, ifMatch, content });
  return json(200, view, { etag: etagOf(view.version) });
});
