import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { fileCorrectionRequest } from '../../shared/app/correction-requests.ts';
import type { CorrectionFilingInput } from '../../shared/domain/correction-request.ts';
import {
  attachmentsFromForm,
  checkFormOrigin,
  filingFromForm,
  filingProblemRenderer,
  formFields,
  formValues,
  htmlResponse,
  isFormPost,
  isScriptedForm,
  siteCorsHeaders,
} from '../../shared/http/correction-html.ts';
import { json, jsonBody, parseWith } from '../../shared/http/request.ts';
import { CorrectionFilingSchema } from '../../shared/http/schemas.ts';
import { correctionFiledPage } from '../../shared/site/correction-pages.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { anonymous } from '../lib/handler.ts';
import { publicLinks } from '../lib/links.ts';
import { metrics } from '../lib/observability.ts';
import { uploads } from '../lib/ports/signed-uploads.ts';

const links = publicLinks();

// R9: anyone files, as JSON or from the site's form (no JavaScript: a 303 to the status page; its script, with
// evidence files: JSON with their upload URLs). The contact is
// in the body only: never in a log line, a metric or an answer.
export const handler = anonymous(
  'file-correction-request',
  async ({ event }) => {
    const form = isFormPost(event);
    if (form) checkFormOrigin(event, links.siteUrl);
    const fields = form ? formFields(event) : {};
    const body = form
      ? filingFromForm(formValues(fields), fields.challenge, attachmentsFromForm(fields))
      : jsonBody(event);
    const { decisionId, challenge, ...filing } = parseWith(CorrectionFilingSchema, body, 'body');
    const filed = await fileCorrectionRequest(
      { ...correctionDeps, uploads },
      {
        decisionId,
        filing: filing as CorrectionFilingInput,
        sourceIp: event.requestContext.http.sourceIp,
        ...(challenge ? { challenge } : {}),
      },
    );
    metrics.addMetric('CorrectionRequestsFiled', MetricUnit.Count, 1);
    const statusUrl = `${links.apiUrl}v1/corrections/${filed.request.id}`;
    if (!form) return json(201, { ...filed, statusUrl }, { location: statusUrl });
    // The form's script, with evidence to upload to the URLs in the answer (R9).
    if (isScriptedForm(event)) {
      return json(201, { ...filed, statusUrl }, { location: statusUrl, ...siteCorsHeaders(links.siteUrl) });
    }
    return htmlResponse(303, correctionFiledPage(statusUrl), links, { location: statusUrl });
  },
  { renderProblem: filingProblemRenderer(links) },
);
