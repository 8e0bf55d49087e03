import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryChallengeStore } from '../../../shared/adapters/memory/challenge-store.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { MemoryRateLimiter } from '../../../shared/adapters/memory/rate-limiter.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import { annualReport } from '../../../shared/app/annual-report.ts';
import {
  getCatalogItem,
  recordLawChange,
  reviewCatalogItem,
  reviseCatalogItem,
  submitCatalogItem,
} from '../../../shared/app/catalog.ts';
import { handleCatalogChange } from '../../../shared/app/catalog-publish.ts';
import { answerCorrectionRequest, fileCorrectionRequest } from '../../../shared/app/correction-requests.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import {
  ANNUAL_STYLE_HASH,
  annualHtmlAnswer,
  annualReportPage,
  annualReportRows,
  annualReportTitle,
} from '../../../shared/http/annual-report.ts';
import { sipingAgency } from '../../fixtures/agencies.ts';
import { dutiesInput, HAZCHEM_REGULATION, licenceInput } from '../../fixtures/catalog.ts';
import { solvedChallenge } from '../../fixtures/challenge.ts';
import { companyPenaltyContent as content } from '../../fixtures/decisions.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
const otherReviewer: User = { kind: 'user', userId: 'zhou.min', agencyId: 'cz', roles: ['reviewer'] };
const operator: User = { kind: 'user', userId: 'ops.sun', agencyId: 'platform', roles: ['operator'] };
const START = '2025-09-29T02:00:00Z';
const FILING = {
  what: '公示的罚款金额为伍万元，决定书原文为叁万元。',
  evidence: '行政处罚决定书第2页。',
  attachments: [],
  contact: { name: '刘建国', phone: '13812345678' },
};

/**
 * 2025 at 四平市工业和信息化局: five decisions of 28 September (the Sunday worked before National Day), two
 * correction requests, and a law change the catalogue had to follow, one item updated in time and one never.
 */
async function year2025() {
  const platform = memoryPlatform({ clock: testClock(START), ids: sequentialIds('ID', 4) });
  const deps = {
    ...platform,
    catalog: new MemoryCatalogStore(),
    requests: new MemoryCorrectionRequestStore(),
    limiter: new MemoryRateLimiter(),
    challenges: new MemoryChallengeStore(),
    uploads: new MemoryUploadStore(),
    downloads: { issued: () => undefined },
  };
  await deps.agencies.putAgency(sipingAgency('sp'));
  const at = deps.clock.at;
  const submit = async (body = content()) =>
    (await submitDecision(deps, { actor: submitter, content: body })).view.id;
  const approve = async (id: string) =>
    reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '',
    });
  const publishedAt = async (instant: string) => {
    at(START);
    const id = await submit();
    await approve(id);
    at(instant);
    expect(
      await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
    return id;
  };
  // R5: due 14 October (7 working days); published that day (7), the next (8), and on 10 October (4).
  const onTime = await publishedAt('2025-10-14T02:00:00Z');
  const late = await publishedAt('2025-10-15T02:00:00Z');
  const revoked = await publishedAt('2025-10-10T02:00:00Z');
  at(START);
  const secret = await submit(content({ exemption: { reason: 'trade_secret' } }));
  await approve(secret);
  const forgotten = await submit();
  // R7: revoked on Monday 13 October, due Thursday 16th, taken down on Monday 20th: late.
  at('2025-10-20T02:00:00Z');
  await withdrawDecision(deps, {
    actor: reviewer,
    id: revoked,
    ifMatch: await versionOf(deps.store, revoked),
    reason: 'revoked',
    legalEventDate: '2025-10-13',
    explanation: '原决定被复议机关撤销',
  });

  // R9: two requests on 16 October (due 27 October): one rejected on the 20th, one never answered.
  at('2025-10-16T02:00:00Z');
  const file = async (decisionId: string, ip: string) =>
    fileCorrectionRequest(deps, {
      decisionId,
      filing: FILING,
      sourceIp: ip,
      challenge: await solvedChallenge(deps.challenges, deps.clock.now()),
    });
  const answered = await file(onTime, '10.0.0.1');
  await file(late, '10.0.0.2');
  at('2025-10-20T03:00:00Z');
  await answerCorrectionRequest(deps, {
    actor: reviewer,
    id: answered.request.id,
    outcome: 'reject',
    reasons: '经核对，公示内容与决定书一致。',
  });

  // R10: two items citing the regulation; it changes on 16 October (update due 13 November).
  at(START);
  const publishItem = async (id: string) =>
    expect(
      await handleCatalogChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
  const item = async (input: ReturnType<typeof dutiesInput>) => {
    const view = await submitCatalogItem(deps, { actor: submitter, input });
    await reviewCatalogItem(deps, { actor: reviewer, id: view.id, outcome: 'approve', comment: '同意公开' });
    await publishItem(view.id);
    return view.id;
  };
  const duties = await item(dutiesInput());
  const licence = await item(licenceInput());
  at('2025-10-16T04:00:00Z');
  const change = await recordLawChange(deps, {
    actor: submitter,
    input: {
      title: `${HAZCHEM_REGULATION}修订<script>alert(1)</script>`,
      kind: 'regulation',
      effectiveDate: '2025-10-16',
      legalBasisContains: HAZCHEM_REGULATION,
    },
  });
  at('2025-10-21T02:00:00Z');
  const current = await getCatalogItem(deps, { actor: submitter, id: duties });
  await reviseCatalogItem(deps, {
    actor: submitter,
    id: duties,
    ifMatch: current.version,
    input: dutiesInput({ body: '依据修订后的条例更新。' }),
  });
  at('2025-10-22T02:00:00Z');
  await reviewCatalogItem(deps, { actor: reviewer, id: duties, outcome: 'approve', comment: '同意' });
  await publishItem(duties);
  // Recorded in 2026: not a law change of 2025.
  at('2026-01-05T02:00:00Z');
  const next = await recordLawChange(deps, {
    actor: submitter,
    input: { title: '机构职能调整', kind: 'reorganisation', effectiveDate: '2026-01-05', itemIds: [licence] },
  });
  return { deps, ids: { onTime, late, revoked, secret, forgotten, duties, licence }, change, next };
}

const TODAY = '2026-01-20' as LocalDate;

describe('the annual report (政府信息公开条例 art. 49, 50)', () => {
  it('gives the figures of a finished year, each as the rules count it', async () => {
    const { deps, ids, change } = await year2025();
    const report = await annualReport(deps, { actor: reviewer, year: 2025, today: TODAY });
    expect(report).toMatchObject({
      agencyId: 'sp',
      agencyName: '四平市工业和信息化局',
      year: 2025,
      from: '2025-01-01',
      to: '2025-12-31',
      today: TODAY,
      complete: true,
    });
    expect(report.decisions).toEqual({
      submitted: 5,
      published: 3,
      publishedOnTime: 2,
      publishedLate: 1,
      medianWorkingDaysToPublish: 7,
      pendingPastDeadline: 1,
      pendingWithinDeadline: 0,
      rejectedNotResubmitted: 0,
      discarded: 0,
      exempt: 1,
      exemptByReason: expect.objectContaining({ trade_secret: 1, minor: 0 }),
      major: 0,
      majorWithLegalReview: 0,
      majorWithoutLegalReview: 0,
      refusedWithoutLegalReview: 0,
    });
    expect(Object.values(report.decisions.exemptByReason).reduce((a, b) => a + b)).toBe(1);
    expect(report.withdrawals).toEqual({
      count: 1,
      late: 1,
      byReason: expect.objectContaining({ revoked: 1, published_in_error: 0, expired: 0 }),
    });
    expect(report.correctionRequests).toEqual({
      filed: 2,
      answeredOnTime: 1,
      answeredLate: 0,
      openPastDeadline: 1,
      openWithinDeadline: 0,
      byOutcome: { accept: 0, reject: 1 },
      held: 0,
    });
    expect(report.catalogue).toMatchObject({
      lawChangesRecorded: 1,
      itemUpdatesOwed: 2,
      updatedOnTime: 1,
      updatedLate: 0,
      overdue: 1,
      pending: 0,
      // The licence item owes 2025's update still (and 2026's, not yet due).
      staleToday: 1,
    });
    expect(report.catalogue.lawChanges).toEqual([
      {
        id: change.lawChange.id,
        title: change.lawChange.title,
        kind: 'regulation',
        effectiveDate: '2025-10-16',
        recordedOn: '2025-10-16',
        due: '2025-11-13',
        items: 2,
        updatedOnTime: 1,
        updatedLate: 0,
        overdue: 1,
        pending: 0,
      },
    ]);
    expect(report.catalogue.updates).toEqual([
      {
        itemId: ids.duties,
        kind: 'duties',
        lawChangeId: change.lawChange.id,
        due: '2025-11-13',
        updatedOn: '2025-10-22',
        status: 'on_time',
      },
      {
        itemId: ids.licence,
        kind: 'licence',
        lawChangeId: change.lawChange.id,
        due: '2025-11-13',
        updatedOn: null,
        status: 'overdue',
      },
    ]);
  });

  it('reports a year not yet over up to today, and says so', async () => {
    const { deps, next } = await year2025();
    const report = await annualReport(deps, { actor: reviewer, year: 2026, today: TODAY });
    expect(report).toMatchObject({ from: '2026-01-01', to: TODAY, complete: false });
    expect(report.decisions.submitted).toBe(0);
    expect(report.catalogue).toMatchObject({
      lawChangesRecorded: 1,
      itemUpdatesOwed: 1,
      pending: 1,
      overdue: 0,
    });
    expect(report.catalogue.lawChanges.map((c) => c.id)).toEqual([next.lawChange.id]);
    expect(annualReportPage(report)).toContain('本年度尚未结束，数据截至2026年1月20日');
  });

  it('refuses a year not begun or before the 条例, another agency for its staff, and an unknown agency', async () => {
    const { deps } = await year2025();
    await expect(annualReport(deps, { actor: reviewer, year: 2027, today: TODAY })).rejects.toMatchObject({
      code: 'year_in_future',
      field: 'year',
    });
    await expect(annualReport(deps, { actor: reviewer, year: 2007, today: TODAY })).rejects.toMatchObject({
      code: 'year_too_early',
    });
    await expect(
      annualReport(deps, { actor: otherReviewer, agencyId: 'sp', year: 2025, today: TODAY }),
    ).rejects.toMatchObject({ code: 'agency_mismatch' });
    await expect(
      annualReport(deps, { actor: operator, agencyId: 'nowhere', year: 2025, today: TODAY }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const operated = await annualReport(deps, { actor: operator, agencyId: 'sp', year: 2025, today: TODAY });
    expect(operated.decisions.submitted).toBe(5);
  });

  it('prints the figures in Chinese, escaping what agencies typed', async () => {
    const { deps } = await year2025();
    const report = await annualReport(deps, { actor: reviewer, year: 2025, today: TODAY });
    expect(annualReportTitle(report)).toBe(
      '四平市工业和信息化局 2025年度政府信息公开工作年度报告（行政执法信息公开部分）',
    );
    const page = annualReportPage(report);
    expect(page).toContain(`<title>${annualReportTitle(report)}</title>`);
    expect(page).toContain('统计期间：2025年1月1日至2025年12月31日');
    expect(page).toContain('<td>按期公开</td><td class="n">2</td>');
    expect(page).toContain('修订&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script');
    expect(page).not.toMatch(/\b(?:src|href)=/);
    // The CSP names the hash of the one inline style: the page's style must be exactly those bytes.
    const style = /<style>([^<]*)<\/style>/.exec(page)?.[1] ?? '';
    expect(`'sha256-${createHash('sha256').update(style).digest('base64')}'`).toBe(ANNUAL_STYLE_HASH);
    expect(annualHtmlAnswer(report).headers?.['content-security-policy']).toContain(
      `default-src 'none'; style-src ${ANNUAL_STYLE_HASH};`,
    );
    const rows = annualReportRows(report);
    expect(rows.find((r) => r.metric === 'withdrawals.late')).toMatchObject({ label: '逾期撤下', value: 1 });
    expect(rows.find((r) => r.metric === 'catalogue.overdue')?.value).toBe(1);
    expect(new Set(rows.map((r) => r.metric)).size).toBe(rows.length);
  });
});
