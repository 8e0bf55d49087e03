/**
 * R2, bound approvals (docs/adr/0011-bound-approvals.md): a review or withdrawal names the version it acts on, an
 * approval records the hash of the projection the reviewer was shown, and the publisher writes nothing of a
 * projection that no longer hashes so, on the stream path and on the reconcile path alike.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import {
  getDecision,
  reviewDecision,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { reconcileSweep } from '../../../shared/app/sweeps.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import type { Actor, DecisionContent } from '../../../shared/domain/decision.ts';
import { toProblem } from '../../../shared/http/error-map.ts';
import type { Dependencies, StoredDecision } from '../../../shared/ports.ts';
import { sipingAgency } from '../../fixtures/agencies.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { legalEventFor } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
const AGENCY = sipingAgency('sp');

const content = companyPenaltyContent({ caseNumber: '四工信罚〔2025〕12号' });

/** The table as someone may leave it behind the API's back: what `get` returns passes through `tamper`. */
class TamperedStore extends MemoryDecisionStore {
  tamper: ((stored: StoredDecision) => StoredDecision) | undefined;
  override async get(id: string) {
    const stored = await super.get(id);
    return stored && this.tamper ? this.tamper(stored) : stored;
  }
}

async function setup() {
  let now = Date.parse('2025-09-29T02:00:00Z');
  const clock = {
    now: () => {
      now += 1000;
      return new Date(now);
    },
  };
  let n = 0;
  const store = new TamperedStore();
  const agencies = new MemoryAgencyDirectory();
  await agencies.putAgency(AGENCY);
  const site = new MemorySiteBucket();
  const log = new MemoryTransparencyLog();
  const deps: Dependencies & Parameters<typeof reconcileSweep>[0] = {
    store,
    agencies,
    calendar: createDefaultCalendar(),
    clock,
    ids: { next: () => `D${++n}` },
    site,
    log,
    siteConfig: { siteUrl: 'https://gongshi.example/', title: '公示', correctionFormUrl: 'correction.html' },
    catalog: new MemoryCatalogStore(),
    uploads: new MemoryUploadStore(),
  };
  const approved = async () => {
    const { view } = await submitDecision(deps, { actor: submitter, content });
    const shown = await getDecision(deps, { actor: reviewer, id: view.id });
    await reviewDecision(deps, {
      actor: reviewer,
      id: view.id,
      ifMatch: shown.version,
      outcome: 'approve',
      comment: '同意公开',
    });
    return { id: view.id, shown };
  };
  const publish = (id: string) =>
    handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
  /** The site's keys that are about this decision (the static assets go to every site first). */
  const keysOf = (id: string) =>
    [...site.objects.entries()].filter(([, o]) => o.body.includes(id)).map(([key]) => key);
  return {
    deps,
    store,
    agencies,
    site,
    log,
    approved,
    publish,
    keysOf,
    later: () => new Date(now + 3_600_000),
  };
}

describe('If-Match on review and withdraw (R2)', () => {
  it('refuses both without it (428) and with a stale one (412), changing nothing', async () => {
    const { deps } = await setup();
    const { view } = await submitDecision(deps, { actor: submitter, content });
    const review = (ifMatch: number | undefined) =>
      reviewDecision(deps, { actor: reviewer, id: view.id, ifMatch, outcome: 'approve', comment: '' });
    const withdraw = async (ifMatch: number | undefined) =>
      withdrawDecision(deps, {
        actor: submitter,
        id: view.id,
        ifMatch,
        reason: 'revoked',
        ...(await legalEventFor(deps.store, view.id, 'revoked')),
        explanation: '撤销',
      });
    for (const attempt of [review, withdraw]) {
      const missing = await attempt(undefined).catch((error: unknown) => error);
      expect(toProblem(missing)).toMatchObject({ status: 428, code: 'if_match_required', currentVersion: 1 });
      const stale = await attempt(7).catch((error: unknown) => error);
      expect(toProblem(stale)).toMatchObject({ status: 412, code: 'version_mismatch', currentVersion: 1 });
    }
    expect((await deps.store.get(view.id))?.decision).toMatchObject({ version: 1, status: 'pending_review' });
    expect(await deps.store.auditTrail(view.id)).toHaveLength(1);
  });
});

describe('the approval records the hash of the projection shown (R2)', () => {
  it('in the review and in its audit event, equal to the preview hash the reviewer read', async () => {
    const { deps, approved } = await setup();
    const { id, shown } = await approved();
    expect(shown.previewHash).toMatch(/^[0-9a-f]{64}$/);
    const stored = await deps.store.get(id);
    expect(stored?.decision.revisions[0]?.review).toMatchObject({
      outcome: 'approve',
      projectionHash: shown.previewHash,
    });
    const approval = (await deps.store.auditTrail(id)).find((e) => e.action === 'approve');
    expect(approval?.detail).toMatchObject({ revision: 1, projectionHash: shown.previewHash });
    const view = await getDecision(deps, { actor: submitter, id });
    expect(view.revisions[0]?.review?.projectionHash).toBe(shown.previewHash);
  });

  it('is absent when the approval confirms an exemption (R3): nothing will be published', async () => {
    const { deps } = await setup();
    const secret = { ...content, exemption: { reason: 'trade_secret' } } as DecisionContent;
    const { view } = await submitDecision(deps, { actor: submitter, content: secret });
    expect(view.previewHash).toBeNull();
    const reviewed = await reviewDecision(deps, {
      actor: reviewer,
      id: view.id,
      ifMatch: view.version,
      outcome: 'approve',
      comment: '',
    });
    expect(reviewed.status).toBe('exempt');
    expect(reviewed.revisions[0]?.review?.projectionHash).toBeUndefined();
  });
});

describe('the publisher publishes what was approved, or nothing (R2)', () => {
  it('publishes a projection that hashes as the approved one', async () => {
    const { deps, approved, publish } = await setup();
    const { id } = await approved();
    expect(await publish(id)).toBe('published');
    expect((await deps.store.get(id))?.decision.status).toBe('published');
  });

  it('writes nothing, logs nothing and leaves it publishing when the revision changed after the approval', async () => {
    const { deps, store, log, approved, publish, keysOf } = await setup();
    const { id } = await approved();
    store.tamper = (stored) => ({
      ...stored,
      decision: {
        ...stored.decision,
        revisions: stored.decision.revisions.map((r) => ({
          ...r,
          content: { ...r.content, result: '罚款人民币伍拾万元' },
        })),
      },
    });
    expect(await publish(id)).toBe('approval_mismatch');
    store.tamper = undefined;
    expect(keysOf(id)).toEqual([]);
    expect((await log.head()).size).toBe(0);
    expect((await deps.store.get(id))?.decision.status).toBe('publishing');
    expect((await deps.store.auditTrail(id)).map((e) => e.action)).toEqual(['submit', 'approve']);
  });

  it("refuses when the agency's name changed after the approval, on the reconcile path too, until it is restored", async () => {
    const { deps, agencies, approved, publish, keysOf, later } = await setup();
    const { id } = await approved();
    await agencies.putAgency({ ...AGENCY, name: '四平市工业和信息化局（已更名）' });
    expect(await publish(id)).toBe('approval_mismatch');
    const swept = await reconcileSweep(deps, later());
    expect(swept).toMatchObject({ stuck: 1, approvalMismatches: [id] });
    expect(keysOf(id)).toEqual([]);
    expect((await deps.store.get(id))?.decision.status).toBe('publishing');
    // Restored, the projection is again the one approved: the next run publishes it.
    await agencies.putAgency(AGENCY);
    expect(await reconcileSweep(deps, later())).toMatchObject({ retried: 1, approvalMismatches: [] });
    expect((await deps.store.get(id))?.decision.status).toBe('published');
  });

  it('publishes as before a decision approved before approvals recorded a hash', async () => {
    const { store, approved, publish } = await setup();
    const { id } = await approved();
    store.tamper = (stored) => ({
      ...stored,
      decision: {
        ...stored.decision,
        revisions: stored.decision.revisions.map(({ review, ...r }) => {
          if (!review) return r;
          const { projectionHash: _none, ...legacy } = review;
          return { ...r, review: legacy };
        }),
      },
    });
    expect(await publish(id)).toBe('published');
  });
});
