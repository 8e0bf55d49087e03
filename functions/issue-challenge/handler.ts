import { issueFilingChallenge } from '../../shared/app/filing-challenge.ts';
import { json } from '../../shared/http/request.ts';
import { anonymous } from '../lib/handler.ts';
import { clock } from '../lib/ports/clock.ts';
import { challenges } from '../lib/ports/requests.ts';

// ADR 0016: the correction form's page asks for one when the person starts on the form; never cached, each is
// used once. Readable from the site's pages (another origin): a challenge is no secret, anyone may ask for one.
export const handler = anonymous('issue-challenge', async () =>
  json(200, await issueFilingChallenge({ challenges, clock }), {
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  }),
);
