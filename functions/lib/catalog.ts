/**
 * The catalogue handlers' composition root (R10): the shared dependencies and the catalogue store. Handlers that
 * touch uploads add `uploads` (functions/lib/uploads.ts), so only they need UPLOADS_BUCKET.
 */
import type { CatalogDependencies } from '../../shared/ports.ts';
import { catalog, deps } from './dependencies.ts';

export const catalogDeps: Omit<CatalogDependencies, 'uploads'> = {
  catalog,
  agencies: deps.agencies,
  calendar: deps.calendar,
  clock: deps.clock,
  ids: deps.ids,
};
