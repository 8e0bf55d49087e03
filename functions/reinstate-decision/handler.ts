import { reviewWithdrawal } from '../../shared/app/decisions.ts';
import { authenticated } from '../../shared/http/handler.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseWith, pathId } from '../../shared/http/request.ts';
import { WithdrawalReviewInputSchema } from '../../shared/http/schemas.ts';
import { deps } from '../lib/dependencies.ts';

// R8: four eyes on a withdrawal made by one person (a reviewer other than the withdrawer, If-Match required).
export const handler = authenticated('reinstate-decision', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const { comment } = parseWith(WithdrawalReviewInputSchema, jsonBody(event), 'body');
  const view = await reviewWithdrawal(deps, {
    actor,
    id,
    ifMatch,
    action: 'reinstate',
    comment: comment ?? '',
  });
  return json(200, view, { etag: etagOf(view.version) });
});
