/**
 * The scheduled refresh of the public scorecard (R12): for every agency on the site, the compliance
 * report (R12) of the last 12 months, its activity (what happened when: first publications, withdrawals) and
 * correction requests grouped by the Asia/Shanghai month they happened in, written as `scorecard.html`,
 * `data/scorecard.json` and one page per agency and month listing the decisions behind its numbers
 * (`scorecard/<agency>/month-<YYYY-MM>.html`). It runs daily rather than on every publish, so a publish keeps writing
 * exactly the objects it always wrote.
 */
import { type LocalDate, shanghaiDate } from '../domain/dates.ts';
import { type Actor, WITHDRAW_REASONS, type WithdrawReason } from '../domain/decision.ts';
import { MONTHS_KEY, type Month } from '../site/keys.ts';
import { parseMonthsState } from '../site/model.ts';
import {
  type AgencyScorecard,
  type ScorecardData,
  type ScorecardList,
  type ScorecardListRow,
  type ScorecardMonth,
  scorecardListKey,
  scorecardMonths,
  scorecardObjects,
} from '../site/scorecard.ts';
import type { PublisherDependencies } from './publish.ts';
import {
  type ComplianceReport,
  complianceReport,
  median,
  type ReportDependencies,
  type ReportedDecision,
  type ReportedWithdrawal,
  type RequestTally,
} from './reports.ts';

/** Reports are an operator's view across agencies; the schedule reads as one, and only reads. */
export const SCORECARD_ACTOR: Extract<Actor, { kind: 'user' }> = {
  kind: 'user',
  userId: 'system:scorecard',
  agencyId: 'platform',
  roles: ['operator'],
};

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
  const lists: ScorecardList[] = [];
  // One agency at a time: each report already reads in parallel, and the schedule is in no hurry.
  for (const agency of state.agencies) {
    // One report of the whole window (at most 366 days), its activity and requests grouped by month: each
    // month's figures are those of a report of that month alone, and the months add up to the window's.
    const window = await complianceReport(deps, {
      actor: SCORECARD_ACTOR,
      agencyId: agency.id,
      from,
      to: today,
      today,
    });
    const agencyMonths = months.map((month) => {
      const figures = monthFigures(window, month);
      lists.push({ ...figures.list, agencyName: agency.name, key: scorecardListKey(agency.id, month) });
      return { ...figures.month, list: scorecardListKey(agency.id, month) };
    });
    const sum = (pick: (m: ScorecardMonth) => number | undefined) =>
      agencyMonths.reduce((total, m) => total + (pick(m) ?? 0), 0);
    agencies.push({
      id: agency.id,
      name: agency.name,
      months: agencyMonths,
      // R7: withdrawals filed in the window, by reason and after their takedownBy: the months' sums.
      withdrawnByReason: Object.fromEntries(
        WITHDRAW_REASONS.map((reason) => [reason, sum((m) => m.withdrawnByReason?.[reason])]),
      ) as Record<WithdrawReason, number>,
      withdrawnLate: sum((m) => m.withdrawnLate),
      ...(window.correctionRequestsFiled
        ? {
            correctionRequests: {
              answeredOnTime: sum((m) => m.correctionRequests?.answeredOnTime),
              answeredLate: sum((m) => m.correctionRequests?.answeredLate),
              openPastDeadline: sum((m) => m.correctionRequests?.openPastDeadline),
            },
          }
        : {}),
      // R8: corrections of published decisions, reviewed the working day they were submitted or not.
      corrections: {
        onTime: window.publishedCorrections.reviewedOnTime.count,
        late: window.publishedCorrections.reviewedLate.count,
        pendingPastDeadline: window.publishedCorrections.pendingPastDeadline.count,
      },
      // R12 (选择性公示): the case systems' inventories, counts only (ADR 0019).
      ...(window.inventory
        ? {
            inventory: {
              reporting: window.inventory.periods.length > 0,
              made: window.inventory.made,
              submitted: window.inventory.submitted,
              neverSubmitted: window.inventory.neverSubmitted,
              neverSubmittedPastDeadline: window.inventory.neverSubmittedPastDeadline,
            },
          }
        : {}),
      // R14: major decisions and their 法制审核.
      majorDecisions: {
        count: window.majorDecisions.count,
        withLegalReview: window.majorDecisions.withLegalReview.count,
        refusedWithoutLegalReview: window.majorDecisions.refusedWithoutLegalReview,
      },
    });
  }
  const data: ScorecardData = { generatedAt: now.toISOString(), from, to: today, months, agencies };
  for (const object of scorecardObjects(data, deps.siteConfig, lists)) await deps.site.put(object);
  return { agencies: agencies.length, from, to: today };
}

/**
 * R12: a month's figures from the window's report, each by the Asia/Shanghai date it happened on: first
 * publications, withdrawals, correction requests (by the date they were filed). The same rows, split by the
 * site's rule, make the month's list page: what the site no longer shows at all is counted, never listed.
 */
export function monthFigures(
  report: ComplianceReport,
  month: Month,
): { month: Omit<ScorecardMonth, 'list'>; list: Omit<ScorecardList, 'agencyName' | 'key'> } {
  const { activity } = report;
  const inMonth = (date: string | null) => date?.slice(0, 7) === month;
  const onTime = activity.publishedOnTime.decisions.filter((row) => inMonth(row.publishedOn));
  const late = activity.publishedLate.decisions.filter((row) => inMonth(row.publishedOn));
  const withdrawn = activity.withdrawn.withdrawals.filter((w) => inMonth(w.withdrawnOn));
  const offSite = new Set(activity.offSite);
  const shown = <T extends { id: string }>(rows: readonly T[]) => rows.filter((row) => !offSite.has(row.id));
  const hidden = (rows: readonly { id: string }[]) => rows.filter((row) => offSite.has(row.id)).length;
  const requests = (tally: RequestTally | null) =>
    tally?.requests.filter((r) => inMonth(r.filedOn)).length ?? 0;
  const correctionRequests = report.correctionRequestsFiled
    ? {
        answeredOnTime: requests(report.correctionRequestsAnsweredOnTime),
        answeredLate: requests(report.correctionRequestsAnsweredLate),
        openPastDeadline: requests(report.correctionRequestsOpenPastDeadline),
      }
    : null;
  const publication = (row: ReportedDecision): ScorecardListRow => ({
    id: row.id,
    caseNumber: row.caseNumber,
    decisionDate: row.decisionDate,
    on: row.publishedOn ?? '',
    due: row.due,
    late: row.publishedOn === null || row.publishedOn > row.due,
  });
  const withdrawal = (w: ReportedWithdrawal): ScorecardListRow => ({
    id: w.id,
    caseNumber: w.caseNumber,
    decisionDate: w.decisionDate,
    on: w.withdrawnOn,
    due: w.takedownBy,
    reason: w.reason,
    late: w.onTime === false,
  });
  const withdrawnLate = withdrawn.filter((w) => w.onTime === false);
  return {
    month: {
      month,
      publishedOnTime: onTime.length,
      publishedLate: late.length,
      medianWorkingDaysToPublish: median(
        [...onTime, ...late].flatMap((row) =>
          row.workingDaysToPublish === null ? [] : [row.workingDaysToPublish],
        ),
      ),
      withdrawn: withdrawn.length,
      withdrawnByReason: Object.fromEntries(
        WITHDRAW_REASONS.map((reason) => [reason, withdrawn.filter((w) => w.reason === reason).length]),
      ) as Record<WithdrawReason, number>,
      withdrawnLate: withdrawnLate.length,
      ...(correctionRequests ? { correctionRequests } : {}),
    },
    list: {
      month,
      publishedOnTime: shown(onTime).map(publication),
      publishedLate: shown(late).map(publication),
      withdrawn: shown(withdrawn).map(withdrawal),
      unlisted: {
        publishedOnTime: hidden(onTime),
        publishedLate: hidden(late),
        withdrawn: hidden(withdrawn),
        withdrawnLate: hidden(withdrawnLate),
      },
      correctionRequests,
    },
  };
}
