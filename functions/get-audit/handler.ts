import { getAuditTrail } from '../../shared/app/decisions.ts';
import { verificationZh } from '../../shared/http/messages-zh.ts';
import { json, pathId } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { deps } from '../lib/dependencies.ts';
import { archive } from '../lib/ports/archive.ts';
import { log } from '../lib/ports/log.ts';

// R11: the chain, and whether it verifies against the head the record keeps and (ADR 0022) the heads anchored
// outside the table: the transparency log's entries and the archived daily exports.
export const handler = authenticated('get-audit', async ({ event, actor }) => {
  const trail = await getAuditTrail({ ...deps, anchors: { log, archive } }, { actor, id: pathId(event) });
  return json(200, { ...trail, verification: verificationZh(trail.verification, trail.events) });
});
