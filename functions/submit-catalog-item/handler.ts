import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { submitCatalogItem } from '../../shared/app/catalog.ts';
import { parseCatalogInput } from '../../shared/http/catalog-schemas.ts';
import { etagOf, json, jsonBody } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { catalogDeps } from '../lib/catalog.ts';
import { metrics } from '../lib/observability.ts';
import { uploads } from '../lib/ports/signed-uploads.ts';

// R10: an item for the catalogue, reviewed like a decision (R2); its attachments go straight to the uploads bucket.
export const handler = authenticated('submit-catalog-item', async ({ event, actor }) => {
  const input = parseCatalogInput(jsonBody(event));
  const view = await submitCatalogItem({ ...catalogDeps, uploads }, { actor, input });
  metrics.addMetric('CatalogItemsSubmitted', MetricUnit.Count, 1);
  return json(201, view, { etag: etagOf(view.version), location: `/v1/catalog/items/${view.id}` });
});
