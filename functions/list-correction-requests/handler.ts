import { type EvidenceDownloadLog, listCorrectionRequests } from '../../shared/app/correction-requests.ts';
import { json, parseWith, queryOf } from '../../shared/http/request.ts';
import { CorrectionListQuerySchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { logger } from '../lib/observability.ts';
import { uploads } from '../lib/ports/signed-uploads.ts';

// R9: every evidence download handed out, who, which file, when: kept with the function's logs.
const downloads: EvidenceDownloadLog = {
  issued: (entry) => logger.info('evidence download issued', { evidenceDownload: entry }),
};

// R9: the agency's requests (open by default), with deadlines, overdue flags and the evidence files checked, and
// for the answering agency's staff a 5-minute download of each.
export const handler = authenticated('list-correction-requests', async ({ event, actor }) => {
  const q = parseWith(CorrectionListQuerySchema, queryOf(event), 'query');
  const page = await listCorrectionRequests(
    { ...correctionDeps, uploads, downloads },
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
