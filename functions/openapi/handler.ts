import { openApiDocument } from '../../shared/http/openapi.ts';
import { json } from '../../shared/http/request.ts';
import { anonymous } from '../lib/handler.ts';

export const handler = anonymous('openapi', async () =>
  json(200, openApiDocument(), {
    'cache-control': 'public, max-age=300',
    'access-control-allow-origin': '*',
  }),
);
