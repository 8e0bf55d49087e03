import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import { submitCatalogItem } from '../../../shared/app/catalog.ts';
import {
  correctDecision,
  discardDecision,
  reviewDecision,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { complianceReport } from '../../../shared/app/reports.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor, DecisionContent } from '../../../shared/domain/decision.ts';
import { staffInput } from '../../fixtures/catalog.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
const otherReviewer: User = { kind: 'user', userId: 'zhou.min', agencyId: 'cz', roles: ['reviewer'] };
const operator: User = { kind: 'user', userId: 'ops.sun', agencyId: 'platform', roles: ['operator'] };

const content = companyPenaltyContent;

function setup() {
  const deps = {
    ...memoryPlatform({ clock: testClock('2025-09-29T02:00:00Z'), ids: sequentialIds('D', 3) }),
    catalog: new MemoryCatalogStore(),
  };
  const at = deps.clock.at;
  const submit = async (body = content(), actor = submitter) =>
    (await submitDecision(deps, { actor, content: body })).view.id;
  const review = async (id: string, outcome: 'approve' | 'reject', actor = reviewer) =>
    reviewDecision(deps, {
      actor,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome,
      comment: outcome === 'reject' ? '请补充证据' : '',
    });
  /** Approved now, published by the stream consumer at `publishAt`. */
  const publishedAt = async (publishAt: string, body = content()) => {
    const id = await submit(body);
    await review(id, 'approve');
    at(publishAt);
    expect(
      await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
    at('2025-09-29T02:00:00Z');
    return id;
  };
  return { deps, at, submit, review, publishedAt };
}

const PERIOD = { from: '2025-09-01' as LocalDate, to: '2025-10-31' as LocalDate };
const ids = (t: { decisions: readonly { id: string }[] }) => t.decisions.map((d) => d.id);

describe('the compliance report (R12)', () => {
  it('tells on time from late by the Shanghai date around the 2025 National Day', async () => {
    const { deps, publishedAt } = setup();
    // 2025-10-14 23:30 in Shanghai is still the last day; 00:30 the next morning is not.
    const onTime = await publishedAt('2025-10-14T02:00:00Z');
    const lastMinute = await publishedAt('2025-10-14T15:30:00Z');
    const late = await publishedAt('2025-10-15T02:00:00Z');
    const afterMidnight = await publishedAt('2025-10-14T16:30:00Z');
    const report = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-10-20' as LocalDate,
    });
    expect(report.submitted.count).toBe(4);
    expect(ids(report.publishedOnTime)).toEqual([onTime, lastMinute]);
    expect(ids(report.publishedLate)).toEqual([late, afterMidnight]);
    expect(report.publishedOnTime.decisions[0]).toMatchObject({
      due: '2025-10-14',
      publishedOn: '2025-10-14',
      workingDaysToPublish: 7,
      caseNumber: expect.stringContaining('四工信罚'),
    });
    expect(report.publishedLate.decisions[0]).toMatchObject({
      publishedOn: '2025-10-15',
      workingDaysToPublish: 8,
    });
    expect(report.medianWorkingDaysToPublish).toBe(7.5);
    expect(report.pendingPastDeadline.count).toBe(0);
  });

  it('lists what is owed: pending past deadline, rejected never resubmitted, and what is still in time', async () => {
    const { deps, at, submit, review } = setup();
    const pending = await submit();
    const rejected = await submit();
    await review(rejected, 'reject');
    const resubmitted = await submit();
    await review(resubmitted, 'reject');
    const stored = await deps.store.get(resubmitted);
    await correctDecision(deps, {
      actor: submitter,
      id: resubmitted,
      ifMatch: stored?.decision.version,
      content: { ...content(), caseNumber: 'resubmitted' } as DecisionContent,
    });
    at('2025-10-17T02:00:00Z');
    const inTime = await submit(content({ decisionDate: '2025-10-17' }));
    const report = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-10-20' as LocalDate,
    });
    expect(report.submitted.count).toBe(4);
    expect(ids(report.pendingPastDeadline)).toEqual([pending, rejected, resubmitted]);
    expect(ids(report.rejectedNotResubmitted)).toEqual([rejected]);
    expect(ids(report.pendingWithinDeadline)).toEqual([inTime]);
    expect(ids(report.selectivePublication.pastDeadlineNeverPublished)).toEqual([
      pending,
      rejected,
      resubmitted,
    ]);
    expect(ids(report.selectivePublication.rejectedNotResubmitted)).toEqual([rejected]);
    expect(report.medianWorkingDaysToPublish).toBeNull();
    // On the deadline itself nothing is overdue yet.
    const onDue = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-10-14' as LocalDate,
    });
    expect(onDue.pendingPastDeadline.count).toBe(0);
  });

  it('counts exempt decisions by reason, withdrawals by reason and late, discards apart, none of them as overdue', async () => {
    const { deps, at, submit, review, publishedAt } = setup();
    const secret = await submit(content({ exemption: { reason: 'trade_secret' } }));
    await review(secret, 'approve');
    // Never published: discarded by its submitter, not withdrawn.
    const annulled = await submit();
    await discardDecision(deps, {
      actor: submitter,
      id: annulled,
      ifMatch: await versionOf(deps.store, annulled),
      reason: '原决定已被撤销，尚未公开',
    });
    // R7: revoked on Monday 2025-10-13, due Thursday 10-16, withdrawn on Monday 10-20: late.
    const revokedLate = await publishedAt('2025-10-10T02:00:00Z');
    at('2025-10-20T02:00:00Z');
    await withdrawDecision(deps, {
      actor: reviewer,
      id: revokedLate,
      ifMatch: await versionOf(deps.store, revokedLate),
      reason: 'revoked',
      legalEventDate: '2025-10-13',
      explanation: '原决定被撤销',
    });
    at('2025-09-29T02:00:00Z');
    const inError = await publishedAt('2025-10-10T02:00:00Z');
    await withdrawDecision(deps, {
      actor: reviewer,
      id: inError,
      ifMatch: await versionOf(deps.store, inError),
      reason: 'published_in_error',
      ...(await legalEventFor(deps.store, inError, 'published_in_error')),
      explanation: '不应公开而公开',
    });
    const report = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-10-20' as LocalDate,
    });
    expect(report.submitted.count).toBe(4);
    expect(ids(report.exempt)).toEqual([secret]);
    expect(ids(report.exempt.byReason.trade_secret)).toEqual([secret]);
    expect(report.exempt.byReason.minor.count).toBe(0);
    expect(ids(report.withdrawn)).toEqual([revokedLate, inError]);
    expect(ids(report.withdrawn.byReason.revoked)).toEqual([revokedLate]);
    expect(ids(report.withdrawn.byReason.published_in_error)).toEqual([inError]);
    // R7: the revocation came down after its takedownBy; published_in_error is due the day it is made (R8).
    expect(ids(report.withdrawnLate)).toEqual([revokedLate]);
    expect(ids(report.discarded)).toEqual([annulled]);
    expect(report.selectivePublication.pastDeadlineNeverPublished.count).toBe(0);
    // They were public, and on time, before they came down.
    expect(ids(report.publishedOnTime)).toEqual([revokedLate, inError]);
    expect(report.pendingPastDeadline.count).toBe(0);
    expect(report.correctionRequestsAnsweredOnTime).toBeNull();
    expect(report.staleCatalogueItems).toEqual({ count: 0, items: [] });
    expect(report.notes.join(' ')).toContain('correction requests');
  });

  it('counts major decisions with their legal review, and the legal reviewers against 5 % of enforcement staff (R14)', async () => {
    const { deps, submit } = setup();
    const review = { opinionNumber: '四工信法审〔2025〕7号', reviewedOn: '2025-09-26' as LocalDate };
    const major = await submit(content({ majorDecision: true, legalReview: review }));
    await submit(content());
    const empty = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-09-29' as LocalDate,
    });
    expect(ids(empty.majorDecisions)).toEqual([major]);
    expect(ids(empty.majorDecisions.withLegalReview)).toEqual([major]);
    expect(empty.majorDecisions.withoutLegalReview.count).toBe(0);
    // No staff listed yet: no share to judge.
    expect(empty.legalReviewers).toEqual({
      enforcementStaff: 0,
      legalReviewers: 0,
      share: null,
      minimumShare: 0.05,
      meetsMinimum: null,
    });

    const catalogDeps = { ...deps, uploads: new MemoryUploadStore() };
    const staff = Array.from({ length: 20 }, (_, i) => ({
      name: `执法员${i}`,
      certificateNumber: `吉A220300${String(i).padStart(2, '0')}`,
      area: '四平市',
      ...(i === 0 ? { legalReviewer: true } : {}),
    }));
    await submitCatalogItem(catalogDeps, { actor: submitter, input: staffInput({ staff }) });
    const one = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-09-29' as LocalDate,
    });
    expect(one.legalReviewers).toEqual({
      enforcementStaff: 20,
      legalReviewers: 1,
      share: 0.05,
      minimumShare: 0.05,
      meetsMinimum: true,
    });
    // Another agency's staff item is not this agency's.
    await submitCatalogItem(catalogDeps, {
      actor: { ...submitter, agencyId: 'cz' },
      input: staffInput(),
    });
    expect(
      (await complianceReport(deps, { actor: reviewer, ...PERIOD, today: '2025-09-29' as LocalDate }))
        .legalReviewers.enforcementStaff,
    ).toBe(20);
  });

  it('falls short of 5 % with one legal reviewer among 21 staff (R14)', async () => {
    const { deps } = setup();
    const staff = Array.from({ length: 21 }, (_, i) => ({
      name: `执法员${i}`,
      certificateNumber: `吉A220300${String(i).padStart(2, '0')}`,
      area: '四平市',
      ...(i === 3 ? { legalReviewer: true } : {}),
    }));
    await submitCatalogItem(
      { ...deps, uploads: new MemoryUploadStore() },
      { actor: submitter, input: staffInput({ staff }) },
    );
    const report = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-09-29' as LocalDate,
    });
    expect(report.legalReviewers).toMatchObject({
      enforcementStaff: 21,
      legalReviewers: 1,
      meetsMinimum: false,
    });
  });

  it('reports on the period and agency asked for, pages through everything, and refuses a period over 366 days', async () => {
    const { deps, at, submit } = setup();
    for (let i = 0; i < 130; i++) await submit();
    at('2025-11-03T02:00:00Z');
    await submit(content({ decisionDate: '2025-11-03' }));
    await submit(content(), { ...submitter, agencyId: 'cz' });
    const report = await complianceReport(deps, {
      actor: reviewer,
      ...PERIOD,
      today: '2025-11-03' as LocalDate,
    });
    expect(report.agencyId).toBe('sp');
    expect(report.submitted.count).toBe(130);
    expect(report.pendingPastDeadline.count).toBe(130);
    const other = await complianceReport(deps, {
      actor: otherReviewer,
      agencyId: 'sp',
      ...PERIOD,
      today: '2025-11-03' as LocalDate,
    });
    expect(other).toMatchObject({ agencyId: 'cz', submitted: { count: 1 } });
    const asOperator = await complianceReport(deps, {
      actor: operator,
      agencyId: 'sp',
      from: '2025-11-01' as LocalDate,
      to: '2025-11-30' as LocalDate,
      today: '2025-11-03' as LocalDate,
    });
    expect(asOperator).toMatchObject({ agencyId: 'sp', submitted: { count: 1 } });
    await expect(
      complianceReport(deps, {
        actor: reviewer,
        from: '2024-01-01' as LocalDate,
        to: '2025-01-01' as LocalDate,
        today: '2025-11-03' as LocalDate,
      }),
    ).rejects.toMatchObject({ code: 'period_too_long' });
    // A leap year's 366 days are one report.
    await expect(
      complianceReport(deps, {
        actor: reviewer,
        from: '2024-01-01' as LocalDate,
        to: '2024-12-31' as LocalDate,
        today: '2025-11-03' as LocalDate,
      }),
    ).resolves.toMatchObject({ submitted: { count: 0 } });
  });
});
