/**
 * R12: the public scorecard and the compliance report tell the same story. One agency's year of publications
 * (on time, late, one 14 months after its decision), withdrawals (late, on time, one the site removed
 * entirely) and correction requests; the scorecard refreshed, and every figure of one month in
 * data/scorecard.json held against the compliance report of that month alone.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryChallengeStore } from '../../../shared/adapters/memory/challenge-store.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { MemoryRateLimiter } from '../../../shared/adapters/memory/rate-limiter.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import { answerCorrectionRequest, fileCorrectionRequest } from '../../../shared/app/correction-requests.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { type ComplianceReport, complianceReport } from '../../../shared/app/reports.ts';
import { refreshScorecard, SCORECARD_ACTOR } from '../../../shared/app/scorecard.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { type Actor, WITHDRAW_REASONS, type WithdrawReason } from '../../../shared/domain/decision.ts';
import { SCORECARD_DATA_KEY, SCORECARD_KEY } from '../../../shared/site/keys.ts';
import type { ScorecardData, ScorecardMonth } from '../../../shared/site/scorecard.ts';
import { solvedChallenge } from '../../fixtures/challenge.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };

/** 2026-12-15 10:00 in Shanghai: the window is January to December 2026. */
const NOW = new Date('2026-12-15T02:00:00Z');
const TODAY = '2026-12-15' as LocalDate;

function setup() {
  const base = memoryPlatform({ clock: testClock('2026-01-05T02:00:00Z'), ids: sequentialIds('A', 4) });
  const deps = {
    ...base,
    catalog: new MemoryCatalogStore(),
    requests: new MemoryCorrectionRequestStore(),
    limiter: new MemoryRateLimiter(),
    uploads: new MemoryUploadStore(),
    challenges: new MemoryChallengeStore(),
  };
  const at = base.clock.at;
  /** Submitted and approved at `approveAt`, published by the stream consumer at `publishAt`. */
  const published = async (decisionDate: string, approveAt: string, publishAt: string) => {
    at(approveAt);
    const content = companyPenaltyContent({ decisionDate });
    const { id } = (await submitDecision(deps, { actor: submitter, content })).view;
    await reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '',
    });
    at(publishAt);
    await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
    return { id, caseNumber: content.caseNumber };
  };
  const withdraw = async (id: string, reason: Exclude<WithdrawReason, 'expired'>, withdrawAt: string) => {
    at(withdrawAt);
    await withdrawDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason,
      ...(await legalEventFor(deps.store, id, reason)),
      explanation: '依法撤下',
    });
  };
  let ip = 0;
  const file = async (decisionId: string, fileAt: string) => {
    at(fileAt);
    const filed = await fileCorrectionRequest(deps, {
      decisionId,
      filing: {
        what: '公示的罚款金额有误。',
        evidence: '决定书第2页。',
        attachments: [],
        contact: {
          name: '刘建国',
          phone: `139${String(++ip).padStart(8, '0')}`,
          email: `r${ip}@example.com`,
        },
      },
      sourceIp: `10.0.0.${ip}`,
      challenge: await solvedChallenge(deps.challenges, base.clock.now()),
    });
    return filed.request.id;
  };
  const answer = async (id: string, answerAt: string) => {
    at(answerAt);
    await answerCorrectionRequest(deps, {
      actor: reviewer,
      id,
      outcome: 'reject',
      reasons: '经核对，公示内容准确。',
    });
  };
  const scorecard = async () => {
    at(NOW.toISOString());
    await refreshScorecard(deps, NOW);
    const data = JSON.parse((await deps.site.read(SCORECARD_DATA_KEY))?.body ?? '') as ScorecardData;
    const agency = data.agencies.find((a) => a.id === 'sp');
    if (!agency) throw new Error('the scorecard has no agency sp');
    const month = (m: string) => agency.months.find((x) => x.month === m) as ScorecardMonth;
    return { data, agency, month };
  };
  const report = (from: string, to: string) =>
    complianceReport(deps, {
      actor: SCORECARD_ACTOR,
      agencyId: 'sp',
      from: from as LocalDate,
      to: to as LocalDate,
      today: TODAY,
    });
  return { deps, published, withdraw, file, answer, scorecard, report };
}

/** Every figure a month of the scorecard shows, as the compliance report of that month has it. */
function figuresOf(report: ComplianceReport): Omit<ScorecardMonth, 'month' | 'list'> {
  const { activity } = report;
  return {
    publishedOnTime: activity.publishedOnTime.count,
    publishedLate: activity.publishedLate.count,
    medianWorkingDaysToPublish: activity.medianWorkingDaysToPublish,
    withdrawn: activity.withdrawn.count,
    withdrawnByReason: Object.fromEntries(
      WITHDRAW_REASONS.map((reason) => [reason, activity.withdrawn.byReason[reason].count]),
    ) as Record<WithdrawReason, number>,
    withdrawnLate: activity.withdrawnLate.count,
    correctionRequests: {
      answeredOnTime: report.correctionRequestsAnsweredOnTime?.count ?? -1,
      answeredLate: report.correctionRequestsAnsweredLate?.count ?? -1,
      openPastDeadline: report.correctionRequestsOpenPastDeadline?.count ?? -1,
    },
  };
}

describe('the scorecard agrees with the compliance report (R12)', () => {
  it('shows for a month exactly the activity figures of that month’s report, a publication 14 months late included', async () => {
    const { deps, published, withdraw, file, answer, scorecard, report } = setup();
    // On time, decided and published in November.
    const onTime = await published('2026-11-02', '2026-11-02T02:00:00Z', '2026-11-04T02:00:00Z');
    // 2025-09-28 (the 调休 Sunday of README's example), published 14 months later: late, and in November.
    const late = await published('2025-09-28', '2026-11-27T02:00:00Z', '2026-11-28T02:00:00Z');
    // Published in October, withdrawn in November, its legal event on its decision day: late (R7).
    const revoked = await published('2026-10-09', '2026-10-09T02:00:00Z', '2026-10-12T02:00:00Z');
    // A correction request filed in October, counted there.
    await file(revoked.id, '2026-10-20T02:00:00Z');
    await withdraw(revoked.id, 'revoked', '2026-11-10T02:00:00Z');
    // Published and withdrawn in November as published in error: counted, but gone from the site.
    const inError = await published('2026-11-03', '2026-11-03T02:00:00Z', '2026-11-05T02:00:00Z');
    await withdraw(inError.id, 'published_in_error', '2026-11-06T02:00:00Z');
    // Correction requests filed in November: answered on time, answered late, open past the deadline today.
    await answer(await file(onTime.id, '2026-11-05T02:00:00Z'), '2026-11-06T02:00:00Z');
    await answer(await file(onTime.id, '2026-11-06T02:00:00Z'), '2026-11-30T02:00:00Z');
    await file(late.id, '2026-11-29T02:00:00Z');

    const { data, agency, month } = await scorecard();
    const november = await report('2026-11-01', '2026-11-30');
    expect(month('2026-11')).toEqual({
      month: '2026-11',
      ...figuresOf(november),
      list: 'scorecard/sp/month-2026-11.html',
    });
    expect(month('2026-11')).toMatchObject({
      publishedOnTime: 2,
      publishedLate: 1,
      withdrawn: 2,
      withdrawnByReason: { revoked: 1, published_in_error: 1 },
      withdrawnLate: 1,
      correctionRequests: { answeredOnTime: 1, answeredLate: 1, openPastDeadline: 1 },
    });
    // Every month of the window, and the agency's totals, are the months' reports and their sums.
    for (const m of data.months) {
      const last = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0))
        .toISOString()
        .slice(0, 10);
      const to = last > TODAY ? TODAY : last;
      expect(month(m), m).toMatchObject(figuresOf(await report(`${m}-01`, to)));
    }
    const year = await report(data.from, data.to);
    const sum = (pick: (m: ScorecardMonth) => number) => agency.months.reduce((s, m) => s + pick(m), 0);
    expect(sum((m) => m.publishedOnTime)).toBe(year.activity.publishedOnTime.count);
    expect(sum((m) => m.publishedLate)).toBe(year.activity.publishedLate.count);
    expect(agency.withdrawnByReason.revoked).toBe(1);
    expect(agency.withdrawnLate).toBe(year.activity.withdrawnLate.count);
    expect(agency.correctionRequests).toEqual({ answeredOnTime: 1, answeredLate: 1, openPastDeadline: 2 });

    // Each number links to its list; the list names only what the site shows anyway.
    const page = (await deps.site.read(SCORECARD_KEY))?.body ?? '';
    expect(page).toContain('<a href="scorecard/sp/month-2026-11.html#published-late">1</a>');
    expect(page).toContain('<a href="scorecard/sp/month-2026-11.html#withdrawn-late">1</a>');
    const list = (await deps.site.read('scorecard/sp/month-2026-11.html'))?.body ?? '';
    const section = (id: string) => list.slice(list.indexOf(`<h2 id="${id}">`)).split('</section>')[0] ?? '';
    expect(section('published-late')).toContain(
      `<a href="../../decisions/${late.id}.html">${late.caseNumber}</a>`,
    );
    expect(section('published-late')).toContain('<td>2025-09-28</td><td>2026-11-28</td>');
    expect(section('published-on-time')).toContain(onTime.caseNumber);
    // The decision withdrawn as published in error is counted, never named.
    expect(list).not.toContain(inError.caseNumber);
    expect(list).not.toContain(inError.id);
    expect(section('published-on-time')).toContain('（2件）');
    expect(section('published-on-time')).toContain('另有1件');
    expect(section('withdrawn-late')).toContain(
      `<a href="../../decisions/${revoked.id}.html">${revoked.caseNumber}</a>`,
    );
    // Correction requests: counts only.
    expect(section('correction-requests')).toMatch(
      /<tr data-series="requests-open-late"><th scope="row">[^<]*(?:<wbr>[^<]*)*<\/th><td>1<\/td>/,
    );
    expect(section('correction-requests')).not.toMatch(/刘建国|139\d{8}/);
  });

  it('counts all 16 publications of a month, and one at 2026-03-31T17:30Z in April (Shanghai)', async () => {
    const { published, scorecard, report } = setup();
    for (let day = 1; day <= 16; day++) {
      const date = `2026-06-${String(day).padStart(2, '0')}`;
      await published(date, `${date}T02:00:00Z`, `${date}T03:00:00Z`);
    }
    await published('2026-03-30', '2026-03-30T02:00:00Z', '2026-03-31T17:30:00Z');
    const { month } = await scorecard();
    expect(month('2026-06').publishedOnTime + month('2026-06').publishedLate).toBe(16);
    expect(month('2026-06')).toMatchObject(figuresOf(await report('2026-06-01', '2026-06-30')));
    expect(month('2026-03')).toMatchObject({ publishedOnTime: 0, publishedLate: 0 });
    expect(month('2026-04')).toMatchObject({
      publishedOnTime: 1,
      publishedLate: 0,
      medianWorkingDaysToPublish: 2,
    });
  });
});
