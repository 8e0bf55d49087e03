/**
 * R8: the two answers a reviewer gives a withdrawal made by one person (confirm it, or reinstate the decision),
 * each its own function with its own route and grants, one body: If-Match required, an optional comment.
 */
import { reviewWithdrawal } from '../../shared/app/decisions.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseWith, pathId } from '../../shared/http/request.ts';
import { WithdrawalReviewInputSchema } from '../../shared/http/schemas.ts';
import { authenticated } from './authenticated.ts';
import { deps } from './dependencies.ts';

export function withdrawalReviewHandler(
  name: Parameters<typeof authenticated>[0],
  action: 'confirm' | 'reinstate',
) {
  return authenticated(name, async ({ event, actor }) => {
    const id = pathId(event);
    const ifMatch = ifMatchOf(event);
    const { comment } = parseWith(WithdrawalReviewInputSchema, jsonBody(event), 'body');
    const view = await reviewWithdrawal(deps, { actor, id, ifMatch, action, comment: comment ?? '' });
    return json(200, view, { etag: etagOf(view.version) });
  });
}
