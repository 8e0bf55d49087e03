/**
 * The catalogue handlers' composition root (R10): the catalogue store and the agencies, calendar and clock, and no
 * decision store. Handlers that touch uploads add `uploads` (ports/uploads.ts or ports/signed-uploads.ts), so only
 * they need UPLOADS_BUCKET.
 */
import type { CatalogDependencies } from '../../shared/ports.ts';
import { agencies } from './ports/agencies.ts';
import { calendar } from './ports/calendar.ts';
import { catalog } from './ports/catalog.ts';
import { clock, ids } from './ports/clock.ts';

export const catalogDeps: Omit<CatalogDependencies, 'uploads'> = { catalog, agencies, calendar, clock, ids };
