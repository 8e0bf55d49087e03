/** The catalogue publisher's composition root (R10): the publisher's site and the catalogue's store and uploads. */
import type { CatalogPublisherDependencies } from '../../shared/app/catalog-publish.ts';
import { catalog } from './dependencies.ts';
import { publisherDeps } from './publisher.ts';
import { uploads } from './uploads.ts';

export const catalogPublisherDeps: CatalogPublisherDependencies = {
  catalog,
  agencies: publisherDeps.agencies,
  clock: publisherDeps.clock,
  site: publisherDeps.site,
  siteConfig: publisherDeps.siteConfig,
  uploads,
};
