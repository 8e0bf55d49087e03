import { discardDecision } from '../../shared/app/decisions.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseWith, pathId } from '../../shared/http/request.ts';
import { DiscardInputSchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';

// A never-published decision is discarded by its submitter with a reason; it is not a withdrawal (R12).
export const handler = authenticated('discard-decision', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const { reason } = parseWith(DiscardInputSchema, jsonBody(event), 'body');
  const view = await discardDecision(deps, { actor, id, ifMatch, reason });
  return json(200, view, { etag: etagOf(view.version) });
});
