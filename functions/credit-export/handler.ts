import { refreshCreditExports } from '../../shared/app/credit-export.ts';
import { scheduled } from '../lib/handler.ts';
import { logger } from '../lib/observability.ts';
import { agencies } from '../lib/ports/agencies.ts';
import { site } from '../lib/ports/site.ts';

/** Daily at 01:30 Asia/Shanghai: the 双公示 export of the current and previous month (ADR 0018). */
export const handler = scheduled('credit-export', async ({ now }) => {
  const result = await refreshCreditExports({ site, agencies }, now);
  logger.info('credit export refreshed', { time: now.toISOString(), ...result });
  return result;
});
