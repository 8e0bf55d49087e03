import { listDecisions } from '../../shared/app/decisions.ts';
import type { LocalDate } from '../../shared/domain/dates.ts';
import { json, parseWith, queryOf } from '../../shared/http/request.ts';
import { ListQuerySchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';

export const handler = authenticated('list-decisions', async ({ event, actor }) => {
  const q = parseWith(ListQuerySchema, queryOf(event), 'query');
  const page = await listDecisions(deps, {
    actor,
    query: {
      limit: q.limit ? Number(q.limit) : 20,
      ...(q.status ? { status: q.status } : {}),
      ...(q.actionType ? { actionType: q.actionType } : {}),
      ...(q.from ? { decidedFrom: q.from as LocalDate } : {}),
      ...(q.to ? { decidedTo: q.to as LocalDate } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.agency ? { agencyId: q.agency } : {}),
    },
  });
  return json(200, page);
});
