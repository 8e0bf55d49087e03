/** The catalogue publisher's composition root (R10): the site, the catalogue's store and its uploads. */
import type { CatalogPublisherDependencies } from '../../shared/app/catalog-publish.ts';
import { agencies } from './ports/agencies.ts';
import { catalog } from './ports/catalog.ts';
import { clock } from './ports/clock.ts';
import { site, siteConfig } from './ports/site.ts';
import { uploads } from './ports/uploads.ts';

export const catalogPublisherDeps: CatalogPublisherDependencies = {
  catalog,
  agencies,
  clock,
  site,
  siteConfig,
  uploads,
};
