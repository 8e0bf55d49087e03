import { exportAuditDays } from '../../shared/app/audit-anchors.ts';
import { scheduled } from '../lib/handler.ts';
import { logger } from '../lib/observability.ts';
import { archive } from '../lib/ports/archive.ts';
import { auditDays } from '../lib/ports/audit-days.ts';
import { log } from '../lib/ports/log.ts';

/** Daily at 00:20 Asia/Shanghai (ADR 0022): the days since the last anchored, archived and anchored in the log. */
export const handler = scheduled('audit-export', async ({ now }) => {
  const days = await exportAuditDays({ log, archive, audit: auditDays }, now);
  logger.info('audit export', { time: now.toISOString(), days });
  return { days };
});
