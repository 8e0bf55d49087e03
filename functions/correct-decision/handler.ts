import { correctDecision } from '../../shared/app/decisions.ts';
import {
  etagOf,
  ifMatchOf,
  json,
  jsonBody,
  parseDecisionInput,
  parseWith,
  pathId,
  queryOf,
} from '../../shared/http/request.ts';
import { CorrectQuerySchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';

// R8: a correction is a new revision, reviewed again; If-Match makes a stale edit a 412, never a lost update.
// `?meanwhile=withhold` puts a notice in place of the published content until the correction is reviewed.
export const handler = authenticated('correct-decision', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const { meanwhile } = parseWith(CorrectQuerySchema, queryOf(event), 'query');
  const content = parseDecisionInput(jsonBody(event));
  const view = await correctDecision(deps, {
    actor,
    id,
    ifMatch,
    content,
    ...(meanwhile === undefined ? {} : { meanwhile }),
  });
  return json(200, view, { etag: etagOf(view.version) });
});
