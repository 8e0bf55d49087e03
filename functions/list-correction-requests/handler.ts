import { listCorrectionRequests } from '../../shared/app/correction-requests.ts';
import { json, parseWith, queryOf } from '../../shared/http/request.ts';
import { CorrectionListQuerySchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { uploads } from '../lib/ports/uploads.ts';

// R9: the agency's requests (open by default), with deadlines, overdue flags and the evidence files checked.
export const handler = authenticated('list-correction-requests', async ({ event, actor }) => {
  const q = parseWith(CorrectionListQuerySchema, queryOf(event), 'query');
  const page = await listCorrectionRequests(
    { ...correctionDeps, uploads },
    {
      actor,
      limit: q.limit ? Number(q.limit) : 20,
      ...(q.status ? { status: q.status } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.agency ? { agencyId: q.agency } : {}),
    },
  );
  return json(200, page);
});
