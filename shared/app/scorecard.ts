/**
 * The scheduled refresh of the public scorecard (R12): for every agency on the site, the compliance
 * report (R12) of the last 12 months, regrouped by the month a decision was first published, written as
 * `scorecard.html` and `data/scorecard.json`. It runs daily rather than on every publish, so a publish keeps
 * writing exactly the objects it always wrote.
 */
import { addDays, type LocalDate, shanghaiDate } from '../domain/dates.ts';
import { type Actor, WITHDRAW_REASONS, type WithdrawReason } from '../domain/decision.ts';
import { MONTHS_KEY, type Month } from '../site/keys.ts';
import { parseMonthsState } from '../site/model.ts';
import {
  type AgencyScorecard,
  type ScorecardData,
  type ScorecardMonth,
  scorecardMonths,
  scorecardObjects,
} from '../site/scorecard.ts';
import type { PublisherDependencies } from './publish.ts';
import { type ComplianceReport, complianceReport, type ReportDependencies } from './reports.ts';

/** Reports are an operator's view across agencies; the schedule reads as one, and only reads. */
export const SCORECARD_ACTOR: Extract<Actor, { kind: 'user' }> = {
  kind: 'user',
  userId: 'system:scorecard',
  agencyId: 'platform',
  roles: ['operator'],
};

/**
 * Decisions decided this many days before the window and published inside it still count in their month of
 * publication; without this lead the first month of the chart would be short of nearly everything in it.
 */
const LEAD_DAYS = 92;

export type ScorecardDependencies = ReportDependencies & Pick<PublisherDependencies, 'site' | 'siteConfig'>;

export interface ScorecardResult {
  readonly agencies: number;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

export async function refreshScorecard(deps: ScorecardDependencies, now: Date): Promise<ScorecardResult> {
  const today = shanghaiDate(now);
  const months = scorecardMonths(now);
  const from = `${months[0]}-01` as LocalDate;
  const state = parseMonthsState(MONTHS_KEY, (await deps.site.read(MONTHS_KEY))?.body);
  const agencies: AgencyScorecard[] = [];
  // One agency at a time: each report already reads in parallel, and the schedule is in no hurry.
  for (const agency of state.agencies) {
    const report = (period: { from: LocalDate; to: LocalDate }) =>
      complianceReport(deps, { actor: SCORECARD_ACTOR, agencyId: agency.id, today, ...period });
    // Two bounded reads (the report allows at most 366 days): the window itself, and a short lead before it.
    const window = await report({ from, to: today });
    const lead = await report({ from: addDays(from, -LEAD_DAYS), to: addDays(from, -1) });
    agencies.push({
      id: agency.id,
      name: agency.name,
      months: monthly(months, [window, lead]),
      withdrawnByReason: Object.fromEntries(
        WITHDRAW_REASONS.map((reason) => [reason, window.withdrawn.byReason[reason].count]),
      ) as Record<WithdrawReason, number>,
      // R7: withdrawals filed after their takedownBy.
      withdrawnLate: window.withdrawnLate.count,
      // R8: corrections of published decisions, reviewed the working day they were submitted or not.
      corrections: {
        onTime: window.publishedCorrections.reviewedOnTime.count,
        late: window.publishedCorrections.reviewedLate.count,
        pendingPastDeadline: window.publishedCorrections.pendingPastDeadline.count,
      },
      // R14: major decisions and their 法制审核.
      majorDecisions: {
        count: window.majorDecisions.count,
        withLegalReview: window.majorDecisions.withLegalReview.count,
        refusedWithoutLegalReview: window.majorDecisions.refusedWithoutLegalReview,
      },
    });
  }
  const data: ScorecardData = { generatedAt: now.toISOString(), from, to: today, months, agencies };
  for (const object of scorecardObjects(data, deps.siteConfig)) await deps.site.put(object);
  return { agencies: agencies.length, from, to: today };
}

/** Published decisions by the Asia/Shanghai month of their first publication; months outside are dropped. */
function monthly(months: readonly Month[], reports: readonly ComplianceReport[]): ScorecardMonth[] {
  const onTime = reports.flatMap((r) => r.publishedOnTime.decisions);
  const late = reports.flatMap((r) => r.publishedLate.decisions);
  const inMonth = (month: Month) => (row: { publishedOn: string | null }) =>
    row.publishedOn?.slice(0, 7) === month;
  return months.map((month) => {
    const rows = [...onTime, ...late].filter(inMonth(month));
    return {
      month,
      publishedOnTime: onTime.filter(inMonth(month)).length,
      publishedLate: late.filter(inMonth(month)).length,
      medianWorkingDaysToPublish: median(
        rows.flatMap((row) => (row.workingDaysToPublish === null ? [] : [row.workingDaysToPublish])),
      ),
    };
  });
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}
