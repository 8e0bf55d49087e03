import { listCatalogItems } from '../../shared/app/catalog.ts';
import type { CatalogKind } from '../../shared/domain/catalog.ts';
import { CatalogListQuerySchema } from '../../shared/http/catalog-schemas.ts';
import { json, parseWith, queryOf } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { catalogDeps } from '../lib/catalog.ts';

// R10: the agency's items in the order of 四平 §四(四), each with its update deadline and whether it is overdue.
export const handler = authenticated('list-catalog-items', async ({ event, actor }) => {
  const q = parseWith(CatalogListQuerySchema, queryOf(event), 'query');
  const page = await listCatalogItems(catalogDeps, {
    actor,
    query: {
      limit: q.limit ? Number(q.limit) : 50,
      ...(q.kind ? { kind: q.kind as CatalogKind } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.agency ? { agencyId: q.agency } : {}),
    },
  });
  return json(200, page);
});
