import { describe, expect, it } from 'vitest';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import { backfillActivity } from '../../../shared/app/backfill-activity.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
const ALL = ['2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z'] as const;

describe('backfillActivity (R12)', () => {
  it('writes the activity of records kept from before it was written with each change, idempotently', async () => {
    const deps = memoryPlatform({ clock: testClock('2025-10-09T02:00:00Z'), ids: sequentialIds('B', 3) });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = (await submitDecision(deps, { actor: submitter, content: companyPenaltyContent() }))
        .view;
      await reviewDecision(deps, {
        actor: reviewer,
        id,
        ifMatch: await versionOf(deps.store, id),
        outcome: 'approve',
        comment: '',
      });
      await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
      ids.push(id);
    }
    const revoked = ids[0] as string;
    await withdrawDecision(deps, {
      actor: reviewer,
      id: revoked,
      ifMatch: await versionOf(deps.store, revoked),
      reason: 'revoked',
      ...(await legalEventFor(deps.store, revoked, 'revoked')),
      explanation: '原决定被撤销',
    });
    // An empty activity store beside the records: a table from before the activity was written.
    const fresh = new MemoryDecisionStore();
    const kept = { scanner: deps.store, store: deps.store, activity: fresh };
    expect(await backfillActivity(kept)).toEqual({ decisions: 3, items: 4 });
    expect(await backfillActivity(kept)).toEqual({ decisions: 3, items: 4 });
    expect((await fresh.activity('sp', 'published', ...ALL)).items.map((e) => e.id)).toEqual(ids);
    expect((await fresh.activity('sp', 'withdrawn', ...ALL)).items.map((e) => e.id)).toEqual([revoked]);
    // The store the change went through wrote the same items itself.
    expect((await fresh.activity('sp', 'published', ...ALL)).items).toEqual(
      (await deps.store.activity('sp', 'published', ...ALL)).items,
    );
  });
});
