import { refreshScorecard } from '../../shared/app/scorecard.ts';
import { deps } from '../lib/dependencies.ts';
import { scheduled } from '../lib/handler.ts';
import { logger } from '../lib/observability.ts';
import { catalog } from '../lib/ports/catalog.ts';
import { inventories } from '../lib/ports/inventory.ts';
import { requests } from '../lib/ports/requests.ts';
import { site, siteConfig } from '../lib/ports/site.ts';

/** Daily at 01:00 Asia/Shanghai: the public scorecard of the 12 months up to the event's time. */
export const handler = scheduled('scorecard', async ({ now }) => {
  const result = await refreshScorecard({ ...deps, catalog, requests, inventories, site, siteConfig }, now);
  logger.info('scorecard refreshed', { time: now.toISOString(), ...result });
  return result;
});
