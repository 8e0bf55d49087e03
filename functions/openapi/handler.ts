import { openApiDocumentFor } from '../../shared/http/openapi.ts';
import { json } from '../../shared/http/request.ts';
import { anonymous } from '../lib/handler.ts';

/**
 * On AWS this route is on the public REST API stage (ADR 0016): the public paths are served where the
 * document was fetched, `https://<domain>/<stage>`. The HTTP API's and the local platform's `$default`
 * stage adds nothing to the path, and the document stays as it is.
 */
export const handler = anonymous('openapi', async ({ event }) => {
  const { domainName, stage } = event.requestContext;
  const publicBase =
    stage && stage !== '$default' && domainName ? `https://${domainName}/${stage}` : undefined;
  return json(200, openApiDocumentFor(publicBase), {
    'cache-control': 'public, max-age=300',
    'access-control-allow-origin': '*',
  });
});
