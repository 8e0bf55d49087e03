/**
 * R8: four eyes on a withdrawal made by one person. It takes effect at once; another reviewer of the agency
 * confirms it within 1 working day (the deadline sweep counts those left unconfirmed), or reinstates the
 * decision, which the publisher puts up again and the audit chain and transparency log record as such.
 * And a decision never published is discarded, not withdrawn.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuditArchive } from '../../../shared/adapters/memory/audit-archive.ts';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import {
  discardDecision,
  getAuditTrail,
  getDecision,
  reviewDecision,
  reviewWithdrawal,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { deadlineSweep } from '../../../shared/app/sweeps.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import { toProblem } from '../../../shared/http/error-map.ts';
import { parseLogChunk } from '../../../shared/site/transparency.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { memoryPlatform, testClock } from '../../fixtures/memory.ts';
import { versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
const second: User = { kind: 'user', userId: 'zhao.lei', agencyId: 'sp', roles: ['reviewer'] };

function setup() {
  const deps = memoryPlatform({ clock: testClock('2025-10-09T02:00:00Z', 1000) });
  const { site } = deps;
  const at = deps.clock.at;
  const published = async () => {
    const { view } = await submitDecision(deps, { actor: submitter, content: companyPenaltyContent() });
    await reviewDecision(deps, {
      actor: reviewer,
      id: view.id,
      ifMatch: view.version,
      outcome: 'approve',
      comment: '',
    });
    expect(
      await handleDecisionChange(deps, { id: view.id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
    return view.id;
  };
  const logged = () =>
    parseLogChunk('log', site.objects.get('transparency/log/000000.ndjson')?.body ?? '').map((e) => [
      e.action,
      e.reason ?? null,
      e.reinstatement ?? null,
    ]);
  const sweep = (iso: string) =>
    deadlineSweep(
      { ...deps, requests: new MemoryCorrectionRequestStore(), catalog: new MemoryCatalogStore() },
      new Date(iso),
    );
  return { deps, site, at, published, logged, sweep };
}

describe('four eyes on a withdrawal (R8)', () => {
  it('counts a withdrawal unconfirmed after 1 working day, and stops counting once another reviewer confirms it', async () => {
    const { deps, published, sweep } = setup();
    const id = await published();
    // Thursday 2025-10-09: the confirmation is due Friday 10-10.
    const view = await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'published_in_error',
      explanation: '不应公开而公开',
    });
    expect(view.withdrawal).toMatchObject({ takedownBy: '2025-10-09', onTime: true });
    expect(view.deadlines.confirmation).toMatchObject({ rule: 'R8', due: '2025-10-10' });
    // The withdrawer is offered neither; a reviewer of the agency both.
    expect(view.allowedActions).toEqual([]);
    const shown = await getDecision(deps, { actor: reviewer, id });
    expect(shown.allowedActions).toEqual(['confirm_withdrawal', 'reinstate']);
    expect((await sweep('2025-10-10T09:00:00Z')).unconfirmedWithdrawals).toBe(0);
    // Saturday 10-11 is an adjusted working day, but the deadline was Friday: late from 10-11 on.
    const late = await sweep('2025-10-11T02:00:00Z');
    expect(late).toMatchObject({ unconfirmedWithdrawals: 1, unconfirmedWithdrawalIds: [id] });
    // The withdrawer cannot confirm it; another reviewer can.
    const own = await reviewWithdrawal(deps, {
      actor: { ...submitter, roles: ['submitter', 'reviewer'] },
      id,
      ifMatch: await versionOf(deps.store, id),
      action: 'confirm',
      comment: '',
    }).catch((e: unknown) => e);
    expect(toProblem(own)).toMatchObject({ status: 403, code: 'self_confirmation' });
    const confirmed = await reviewWithdrawal(deps, {
      actor: second,
      id,
      ifMatch: await versionOf(deps.store, id),
      action: 'confirm',
      comment: '核实无误',
    });
    expect(confirmed.withdrawal?.confirmation).toMatchObject({ by: 'zhao.lei' });
    expect(confirmed.deadlines.confirmation).toBeNull();
    expect((await sweep('2025-10-13T02:00:00Z')).unconfirmedWithdrawals).toBe(0);
  });

  it('reinstates a decision withdrawn by mistake: published again, logged as a reinstatement in both chains', async () => {
    const { deps, site, published, logged } = setup();
    const id = await published();
    const page = site.objects.get(`decisions/${id}.json`)?.body;
    await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'revoked',
      legalEventDate: '2025-10-09',
      explanation: '原决定已被撤销',
    });
    await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' });
    expect(site.objects.get(`decisions/${id}.json`)?.body).not.toBe(page);
    const back = await reviewWithdrawal(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      action: 'reinstate',
      comment: '误撤：撤销的是另一案',
    });
    expect(back).toMatchObject({ status: 'publishing', publicRevision: 1, withdrawal: null });
    expect(back.reinstatements).toEqual([
      expect.objectContaining({ by: 'wang.fang', comment: '误撤：撤销的是另一案' }),
    ]);
    // The stream path: a decision entering `publishing` is published by the publisher.
    expect(await handleDecisionChange(deps, { id, oldStatus: 'withdrawn', newStatus: 'publishing' })).toBe(
      'published',
    );
    expect((await deps.store.get(id))?.decision.status).toBe('published');
    expect(site.objects.get(`decisions/${id}.json`)?.body).toBe(page);
    expect(logged()).toEqual([
      ['publish', null, null],
      ['withdraw', 'revoked', null],
      ['reinstate', null, 1],
    ]);
    // Withdrawn again later: a second withdrawal, logged apart from the first.
    await withdrawDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'emergency',
      explanation: '紧急撤下',
    });
    await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' });
    expect(logged().at(-1)).toEqual(['withdraw', 'emergency', 1]);
    const trail = await getAuditTrail(
      { ...deps, anchors: { log: deps.log, archive: new MemoryAuditArchive() } },
      { actor: reviewer, id },
    );
    expect(trail.verification.valid).toBe(true);
    expect(trail.events.map((e) => e.action)).toEqual([
      'submit',
      'approve',
      'publish',
      'withdraw',
      'confirm_takedown',
      'reinstate',
      'publish',
      'withdraw',
      'confirm_takedown',
    ]);
  });
});

describe('discarding a decision never published', () => {
  it('is the submitter’s, with a reason; revoked is refused on it with a code that says to discard', async () => {
    const { deps } = setup();
    const { view } = await submitDecision(deps, { actor: submitter, content: companyPenaltyContent() });
    const revoked = await withdrawDecision(deps, {
      actor: submitter,
      id: view.id,
      ifMatch: view.version,
      reason: 'revoked',
      legalEventDate: '2025-10-09',
      explanation: '已撤销',
    }).catch((e: unknown) => e);
    expect(toProblem(revoked)).toMatchObject({ status: 409, code: 'never_published_use_discard' });
    const empty = await discardDecision(deps, {
      actor: submitter,
      id: view.id,
      ifMatch: view.version,
      reason: ' ',
    }).catch((e: unknown) => e);
    expect(toProblem(empty)).toMatchObject({ status: 422, code: 'discard_reason_required' });
    expect((await deps.store.get(view.id))?.decision.version).toBe(view.version);
    const dropped = await discardDecision(deps, {
      actor: submitter,
      id: view.id,
      ifMatch: view.version,
      reason: '重复录入',
    });
    expect(dropped).toMatchObject({
      status: 'discarded',
      discard: { by: 'li.na', reason: '重复录入' },
      withdrawal: null,
    });
    expect(dropped.publishBy).toBeNull();
  });
});
