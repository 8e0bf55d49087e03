import { getCorrectionRequestStatus } from '../../shared/app/correction-requests.ts';
import { htmlResponse, prefersHtml, statusProblemRenderer } from '../../shared/http/correction-html.ts';
import { json } from '../../shared/http/request.ts';
import { correctionStatusPage } from '../../shared/site/correction-pages.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { anonymous } from '../lib/handler.ts';
import { publicLinks } from '../lib/links.ts';

const links = publicLinks();

// R9: the requester follows the request: status, deadline and answer; a browser gets a page. Never the contact.
export const handler = anonymous(
  'get-correction-request',
  async ({ event }) => {
    const view = await getCorrectionRequestStatus(correctionDeps, event.pathParameters?.id ?? '');
    if (prefersHtml(event))
      return htmlResponse(200, correctionStatusPage(view, links), links, { vary: 'accept' });
    return json(200, view, { vary: 'accept' });
  },
  { renderProblem: statusProblemRenderer(links) },
);
