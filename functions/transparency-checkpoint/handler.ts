import { transparencyCheckpoint } from '../../shared/app/transparency.ts';
import { scheduled } from '../lib/handler.ts';
import { logger } from '../lib/observability.ts';
import { log } from '../lib/ports/log.ts';
import { signingKey } from '../lib/ports/signing-key.ts';
import { site, siteConfig } from '../lib/ports/site.ts';

/** Every 15 minutes (ADR 0007): the site's log caught up with the table's, and its head signed when it moved. */
export const handler = scheduled('transparency-checkpoint', async ({ now }) => {
  const result = await transparencyCheckpoint({ log, site, signingKey, siteConfig }, now);
  logger.info('transparency checkpoint', {
    time: now.toISOString(),
    size: result.size,
    created: result.created,
    written: result.written,
    tiles: result.tiled.tiles,
    proofs: result.tiled.proofs,
    witnesses: result.tiled.witnesses.map((w) => ({ url: w.url, result: w.result.kind })),
  });
  return result;
});
