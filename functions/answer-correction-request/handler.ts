import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { answerCorrectionRequest } from '../../shared/app/correction-requests.ts';
import type { DecisionContent } from '../../shared/domain/decision.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseWith } from '../../shared/http/request.ts';
import { AnswerInputSchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { publicLinks } from '../lib/links.ts';
import { metrics } from '../lib/observability.ts';
import { notifier } from '../lib/ports/notifier.ts';
import { uploads } from '../lib/ports/uploads.ts';

const links = publicLinks();
const notices = { notifier, statusUrl: (id: string) => `${links.apiUrl}v1/corrections/${id}` };

// R9: accept (the corrected decision, If-Match of its version: a correction reviewed again, R2/R8) or reject
// with reasons.
export const handler = authenticated('answer-correction-request', async ({ event, actor }) => {
  const id = event.pathParameters?.id ?? '';
  const body = parseWith(AnswerInputSchema, jsonBody(event), 'body');
  const answered = await answerCorrectionRequest(
    { ...correctionDeps, uploads, notices },
    body.outcome === 'accept'
      ? {
          actor,
          id,
          outcome: 'accept',
          reasons: body.reasons ?? '',
          content: body.decision as unknown as DecisionContent,
          ifMatch: ifMatchOf(event),
        }
      : { actor, id, outcome: 'reject', reasons: body.reasons },
  );
  metrics.addMetric('CorrectionRequestsAnswered', MetricUnit.Count, 1);
  const correction = answered.correction;
  return json(200, answered, correction ? { etag: etagOf(correction.version) } : {});
});
