import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { reviewCatalogItem } from '../../shared/app/catalog.ts';
import { CatalogReviewInputSchema } from '../../shared/http/catalog-schemas.ts';
import { etagOf, ifMatchOf, json, jsonBody, parseWith, pathId } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { catalogDeps } from '../lib/catalog.ts';
import { metrics } from '../lib/observability.ts';
import { uploads } from '../lib/ports/uploads.ts';

// R2: a reviewer of the same agency who did not write the revision; an approval needs its attachments uploaded.
export const handler = authenticated('review-catalog-item', async ({ event, actor }) => {
  const id = pathId(event);
  const ifMatch = ifMatchOf(event);
  const { outcome, comment } = parseWith(CatalogReviewInputSchema, jsonBody(event), 'body');
  const view = await reviewCatalogItem(
    { ...catalogDeps, uploads },
    { actor, id, outcome, comment: comment ?? '', ...(ifMatch === undefined ? {} : { ifMatch }) },
  );
  metrics.addMetric(outcome === 'approve' ? 'ReviewsApproved' : 'ReviewsRejected', MetricUnit.Count, 1);
  return json(200, view, { etag: etagOf(view.version) });
});
