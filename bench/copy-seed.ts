/**
 * The 100 000 of the in-memory rebuild row without an hour of seeding: decisions seeded through the production code
 * paths (bench/seed.ts) are copied, each copy a decision of its own (a new id and case number, the same content,
 * dates and status), written through the memory store's `save` with the first event of the original's audit chain
 * re-addressed to it (its hash is not recomputed: nothing the rebuild reads checks it), and recorded in the
 * transparency log through `ensureLogged` as the rebuild would, before the rebuild is timed. Every copy lands in
 * the month of its original, so the months fill as a full seeding would fill them.
 */
import { ulidGenerator } from '../shared/adapters/ids.ts';
import type { MemoryDecisionStore } from '../shared/adapters/memory/decision-store.ts';
import type { PublisherDependencies } from '../shared/app/publish.ts';
import { currentSiteEvent } from '../shared/app/site-events.ts';
import { ensureLogged } from '../shared/app/transparency.ts';
import type { StoredDecision } from '../shared/ports.ts';

export async function copyDecisions(
  deps: PublisherDependencies & { readonly store: MemoryDecisionStore },
  sourceIds: readonly string[],
  count: number,
  onProgress: (copied: number) => void,
): Promise<number> {
  let copied = 0;
  for (let round = 1; copied < count; round++) {
    for (const sourceId of sourceIds) {
      if (copied >= count) break;
      const stored = await deps.store.get(sourceId);
      const [first] = await deps.store.auditTrail(sourceId);
      if (!stored || !first) throw new Error(`copying: decision ${sourceId} is not stored`);
      const at = new Date(stored.decision.publishedAt ?? stored.decision.createdAt).getTime();
      const id = ulidGenerator({ now: () => new Date(at) }).next();
      const revisions = stored.decision.revisions.map((revision) => ({
        ...revision,
        content: { ...revision.content, caseNumber: `${revision.content.caseNumber}-${round}` },
      }));
      const audit = { ...first, subject: id, seq: 1 };
      const next: StoredDecision = {
        ...stored,
        decision: { ...stored.decision, id, revisions },
        auditHead: { seq: 1, hash: audit.hash },
      };
      await deps.store.save({ next, audit });
      await ensureLogged(deps, await currentSiteEvent(deps.agencies, next.decision));
      copied++;
      if (copied % 1000 === 0) onProgress(copied);
    }
  }
  return copied;
}
