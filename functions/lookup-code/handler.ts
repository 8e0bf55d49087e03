import { problem, problemResponse } from '../../shared/http/problem.ts';
import { queryOf } from '../../shared/http/request.ts';
import { absoluteUrl } from '../../shared/site/keys.ts';
import { lookupPath } from '../../shared/site/search.ts';
import { anonymous } from '../lib/handler.ts';
import { publicLinks } from '../lib/links.ts';

const links = publicLinks();

// ADR 0017: the front page's search form, without JavaScript, asks here; the answer is the page of the index
// bucket the code falls in. Nothing is read: the bucket is a hash of the code as the search reads it.
export const handler = anonymous('lookup-code', async ({ event }) => {
  const path = lookupPath(queryOf(event).q ?? '');
  if (!path)
    return problemResponse(
      problem(
        400,
        'invalid_query',
        'enter a unified social credit code, another licence number or a case number (at least 4 letters or digits)',
      ),
    );
  return {
    statusCode: 303,
    headers: { location: absoluteUrl(links, path), 'cache-control': 'public, max-age=86400' },
    body: '',
  };
});
