import { reviseCatalogItem } from '../../shared/app/catalog.ts';
import { parseCatalogInput } from '../../shared/http/catalog-schemas.ts';
import { etagOf, ifMatchOf, json, jsonBody, pathId } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { catalogDeps } from '../lib/catalog.ts';
import { uploads } from '../lib/ports/signed-uploads.ts';

// R10: a new revision, reviewed again; the published one stays until it is approved. If-Match is required.
export const handler = authenticated('revise-catalog-item', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const input = parseCatalogInput(jsonBody(event));
  const view = await reviseCatalogItem({ ...catalogDeps, uploads }, { actor, id, ifMatch, input });
  return json(200, view, { etag: etagOf(view.version) });
});
