import { getCatalogItem } from '../../shared/app/catalog.ts';
import { etagOf, json, pathId } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { catalogDeps } from '../lib/catalog.ts';
import { uploads } from '../lib/ports/signed-uploads.ts';

// R10, R11: the item, its revisions, its update deadline, the audit chain; fresh upload URLs for its submitter;
// R2: for its agency's reviewers and submitters, a short-lived download link to each file, with its SHA-256.
export const handler = authenticated('get-catalog-item', async ({ event, actor }) => {
  const view = await getCatalogItem({ ...catalogDeps, uploads }, { actor, id: pathId(event) });
  return json(200, view, { etag: etagOf(view.version) });
});
