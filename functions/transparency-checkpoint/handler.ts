import { transparencyCheckpoint } from '../../shared/app/transparency.ts';
import { scheduled } from '../lib/handler.ts';
import { logger } from '../lib/observability.ts';
import { log } from '../lib/ports/log.ts';
import { signingKey } from '../lib/ports/signing-key.ts';
import { site, siteConfig } from '../lib/ports/site.ts';
import { witnesses } from '../lib/ports/witnesses.ts';

/**
 * Every 15 minutes (ADR 0007): the site's log caught up with the table's, and its head signed when it moved,
 * then cosigned by the deployment's witnesses (`TLOG_WITNESSES`). A witness that is down or refuses is a log
 * line, never a failed run: the checkpoint is published with the cosignatures that came back.
 */
export const handler = scheduled('transparency-checkpoint', async ({ now }) => {
  const result = await transparencyCheckpoint({ log, site, signingKey, siteConfig, witnesses, fetch }, now);
  logger.info('transparency checkpoint', {
    time: now.toISOString(),
    size: result.size,
    created: result.created,
    written: result.written,
    tiles: result.tiled.tiles,
    proofs: result.tiled.proofs,
    witnesses: result.tiled.witnesses.map((w) => ({ url: w.url, result: w.result.kind })),
  });
  for (const { url, result: outcome, witnessSize } of result.tiled.witnesses) {
    const detail = 'detail' in outcome ? outcome.detail : undefined;
    const fields = { url, result: outcome.kind, size: result.size, witnessSize, detail };
    if (outcome.kind === 'cosigned') logger.info('witness cosigned the checkpoint', fields);
    else logger.warn('witness did not cosign the checkpoint', fields);
  }
  return result;
});
