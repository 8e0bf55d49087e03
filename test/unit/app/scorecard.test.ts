import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../../shared/app/decisions.ts';
import { ensureStaticAssets, handleDecisionChange } from '../../../shared/app/publish.ts';
import { refreshScorecard } from '../../../shared/app/scorecard.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import { SCORECARD_DATA_KEY, SCORECARD_KEY } from '../../../shared/site/keys.ts';
import type { ScorecardData } from '../../../shared/site/scorecard.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };

const content = (decisionDate: string) => companyPenaltyContent({ decisionDate });

function setup() {
  const deps = {
    ...memoryPlatform({ clock: testClock('2025-11-01T02:00:00Z'), ids: sequentialIds('D', 3) }),
    catalog: new MemoryCatalogStore(),
  };
  /** Submitted and approved the day it was decided, published by the stream consumer at `publishAt`. */
  const published = async (decisionDate: string, publishAt: string) => {
    deps.clock.at(`${decisionDate}T02:00:00Z`);
    const { id } = (await submitDecision(deps, { actor: submitter, content: content(decisionDate) })).view;
    await reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '',
    });
    deps.clock.at(publishAt);
    await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
    return id;
  };
  return { deps, published };
}

describe('refreshScorecard', () => {
  it('counts on time and late in the Shanghai month of first publication, over the last 12 months', async () => {
    const { deps, published } = setup();
    // Decided before the window, published in its first month: counted there.
    await published('2025-08-28', '2025-09-03T02:00:00Z');
    // 2025-09-28 (调休 Sunday): 7 working days run to 2025-10-14.
    await published('2025-09-28', '2025-10-14T15:30:00Z'); // 23:30 in Shanghai on the last day
    await published('2025-09-28', '2025-10-14T16:30:00Z'); // 00:30 on 10-15: late
    const revoked = await published('2025-09-28', '2025-10-10T02:00:00Z');
    await withdrawDecision(deps, {
      actor: reviewer,
      id: revoked,
      ifMatch: await versionOf(deps.store, revoked),
      reason: 'revoked',
      ...(await legalEventFor(deps.store, revoked, 'revoked')),
      explanation: '原决定被撤销',
    });
    // Published in the month before the window: outside it.
    await published('2024-08-01', '2024-08-05T02:00:00Z');

    const result = await refreshScorecard(deps, new Date('2026-08-19T17:00:00Z')); // 08-20 01:00 in Shanghai
    expect(result).toEqual({ agencies: 1, from: '2025-09-01', to: '2026-08-20' });

    const data = JSON.parse((await deps.site.read(SCORECARD_DATA_KEY))?.body ?? '') as ScorecardData;
    expect(data.months).toHaveLength(12);
    const [agency] = data.agencies;
    const month = (m: string) => agency?.months.find((x) => x.month === m);
    expect(month('2025-09')).toMatchObject({ publishedOnTime: 1, publishedLate: 0 });
    expect(month('2025-10')).toMatchObject({
      publishedOnTime: 2,
      publishedLate: 1,
      medianWorkingDaysToPublish: 7,
    });
    expect(month('2025-11')).toMatchObject({
      publishedOnTime: 0,
      publishedLate: 0,
      medianWorkingDaysToPublish: null,
    });
    const counted = agency?.months.reduce((s, m) => s + m.publishedOnTime + m.publishedLate, 0);
    expect(counted).toBe(4);
    expect(agency?.withdrawnByReason).toMatchObject({ revoked: 1, expired: 0 });
    // R7: revoked on its decision day 2025-09-28, due 2025-10-09, withdrawn on 10-10: late.
    expect(agency?.withdrawnLate).toBe(1);

    const page = (await deps.site.read(SCORECARD_KEY))?.body ?? '';
    expect(page).toContain('<h2 id="agency-1">sp</h2>');
    expect(page).toMatch(
      /<tr data-series="withdrawn-late"><th scope="row">(?:[^<]|<wbr>)+<\/th><td>1<\/td><\/tr>/,
    );
    // Each number links to the month's list of the decisions behind it.
    expect(page).toContain(
      '<tr data-month="2025-10"><th scope="row">2025年10月</th><td data-series="on-time"><a href="scorecard/sp/month-2025-10.html#published-on-time">2</a></td><td data-series="late"><a href="scorecard/sp/month-2025-10.html#published-late">1</a></td>',
    );
  });

  it('replaces the placeholder a new site starts with', async () => {
    const { deps } = setup();
    await ensureStaticAssets(deps);
    expect((await deps.site.read(SCORECARD_KEY))?.body).toContain('统计尚未生成');

    await refreshScorecard(deps, new Date('2026-08-19T17:00:00Z'));

    const page = (await deps.site.read(SCORECARD_KEY))?.body ?? '';
    // 01:00 on 20 August in Shanghai: the day shown is Shanghai's, not the UTC day (19 August).
    expect(page).toContain(
      '最近一次：<time datetime="2026-08-19T17:00:00.000Z">2026-08-20</time>（北京时间）',
    );
    expect(page).not.toContain('统计尚未生成');
  });

  it('writes an empty scorecard while nothing is published', async () => {
    const { deps } = setup();
    expect(await refreshScorecard(deps, new Date('2026-08-19T17:00:00Z'))).toMatchObject({ agencies: 0 });
    expect((await deps.site.read(SCORECARD_KEY))?.body).toContain('尚无公示的决定');
  });
});
