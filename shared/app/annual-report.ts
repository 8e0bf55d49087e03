/**
 * 政府信息公开条例 (2019) art. 49, 50: by 31 January each agency publishes its annual report on government
 * information disclosure for the previous year. This is its enforcement section for one agency and one calendar
 * year (Asia/Shanghai): the figures of the compliance report for that year (R12; R5, R7, R9, R14), and the
 * year's law changes with the catalogue updates they called for (R10), read from the items' audit chains (R11).
 */
import { canRead } from '../domain/authority.ts';
import type { CatalogKind, LawChangeKind } from '../domain/catalog.ts';
import { ANSWER_OUTCOMES, type AnswerOutcome } from '../domain/correction-request.ts';
import { type LocalDate, shanghaiDate, ymd } from '../domain/dates.ts';
import {
  type Actor,
  EXEMPTION_REASONS,
  type ExemptionReason,
  WITHDRAW_REASONS,
  type WithdrawReason,
} from '../domain/decision.ts';
import { AgencyMismatchError, ValidationError } from '../domain/errors.ts';
import type { CatalogStore, CorrectionRequestStore } from '../ports.ts';
import { NotFoundError } from './errors.ts';
import { complianceReport, type ReportDependencies, type Tally } from './reports.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/** The compliance report's reads, the correction requests always, and the catalogue's audit chains and law changes. */
export type AnnualReportDependencies = Omit<ReportDependencies, 'catalog' | 'requests'> & {
  readonly catalog: Pick<CatalogStore, 'list' | 'auditTrail' | 'getLawChange'>;
  readonly requests: Pick<CorrectionRequestStore, 'list'>;
};

/** The 条例 of 2007 took effect on 1 May 2008: no annual report is owed for an earlier year. */
export const FIRST_REPORT_YEAR = 2008;
const PAGE_SIZE = 100;

export interface AnnualInput {
  readonly actor: UserActor;
  readonly agencyId?: string;
  readonly year: number;
  readonly today: LocalDate;
}

/** R10: a law change recorded in the year against the agency's catalogue, and how its items were updated. */
export interface AnnualLawChange {
  readonly id: string;
  readonly title: string;
  readonly kind: LawChangeKind;
  readonly effectiveDate: string;
  readonly recordedOn: string;
  /** The last day the items' update was on time (20 working days after the effective date). */
  readonly due: string;
  readonly items: number;
  readonly updatedOnTime: number;
  readonly updatedLate: number;
  readonly overdue: number;
  readonly pending: number;
}

/** One catalogue item's update owed for one law change of the year. */
export interface AnnualItemUpdate {
  readonly itemId: string;
  readonly kind: CatalogKind;
  readonly lawChangeId: string;
  readonly due: string;
  /** The day the updating revision was approved, Asia/Shanghai. */
  readonly updatedOn: string | null;
  readonly status: 'on_time' | 'late' | 'overdue' | 'pending';
}

export interface AnnualReport {
  readonly agencyId: string;
  readonly agencyName: string;
  readonly year: number;
  readonly from: string;
  /** 31 December, or today while the year is not over. */
  readonly to: string;
  readonly today: string;
  /** False while the year is not over: the figures run to today. */
  readonly complete: boolean;
  readonly decisions: {
    /** Decisions made in the year and submitted to the platform (R12: 报送). */
    readonly submitted: number;
    readonly published: number;
    readonly publishedOnTime: number;
    readonly publishedLate: number;
    readonly medianWorkingDaysToPublish: number | null;
    /** Owed, never published, past the R5 deadline as of today. */
    readonly pendingPastDeadline: number;
    readonly pendingWithinDeadline: number;
    readonly rejectedNotResubmitted: number;
    readonly discarded: number;
    readonly exempt: number;
    readonly exemptByReason: Readonly<Record<ExemptionReason, number>>;
    /** R14 (长治 §四). */
    readonly major: number;
    readonly majorWithLegalReview: number;
    readonly majorWithoutLegalReview: number;
    readonly refusedWithoutLegalReview: number;
  };
  /** R6–R8: the year's decisions withdrawn, by reason, and those withdrawn after their takedown deadline. */
  readonly withdrawals: {
    readonly count: number;
    readonly late: number;
    readonly byReason: Readonly<Record<WithdrawReason, number>>;
  };
  /** R9: requests filed in the year. */
  readonly correctionRequests: {
    readonly filed: number;
    readonly answeredOnTime: number;
    readonly answeredLate: number;
    readonly openPastDeadline: number;
    readonly openWithinDeadline: number;
    readonly byOutcome: Readonly<Record<AnswerOutcome, number>>;
    /** ADR 0016: filed without a solved challenge and not answered yet; in no other count. */
    readonly held: number;
  };
  /** R10: law changes recorded in the year and the catalogue updates they called for. */
  readonly catalogue: {
    readonly lawChangesRecorded: number;
    readonly itemUpdatesOwed: number;
    readonly updatedOnTime: number;
    readonly updatedLate: number;
    /** Not updated, past the deadline, as of today. */
    readonly overdue: number;
    readonly pending: number;
    /** Every item past its update deadline today, whatever year its law change. */
    readonly staleToday: number;
    readonly lawChanges: readonly AnnualLawChange[];
    readonly updates: readonly AnnualItemUpdate[];
  };
  readonly notes: readonly string[];
}

export const ANNUAL_REPORT_NOTES = [
  'decisions, withdrawals: the decisions made (decision date) in the year, as the compliance report for the same period counts them (GET /v1/reports/compliance lists the decisions behind each count); pending past the deadline as of today',
  'correctionRequests: requests filed in the year; on time means answered no later than the last day of the answer deadline (R9); open counts as of today; held requests (ADR 0016) count only once answered',
  'catalogue: law changes recorded in the year against the agency’s catalogue items; an update is on time when the revision that answers it was approved no later than 20 working days after the effective date (R10); overdue as of today',
] as const;

function invalidYear(code: string, message: string): ValidationError {
  return new ValidationError(code, message, { field: 'year' });
}

export async function annualReport(
  deps: AnnualReportDependencies,
  input: AnnualInput,
): Promise<AnnualReport> {
  const { actor, year, today } = input;
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR) {
    throw invalidYear('year_too_early', `annual reports start with ${FIRST_REPORT_YEAR}`);
  }
  if (year > thisYear) {
    throw invalidYear('year_in_future', `${year} has not begun (today is ${today} in Asia/Shanghai)`);
  }
  // Agency staff report on their own agency; another agency's does not exist for them (as its records do not).
  if (input.agencyId !== undefined && !canRead(actor, input.agencyId)) {
    throw new AgencyMismatchError('another agency’s report');
  }
  const agencyId = input.agencyId ?? actor.agencyId;
  const agency = await deps.agencies.get(agencyId);
  if (agency.registered === false) throw new NotFoundError(`the agency ${agencyId}`);
  const from = ymd(year, 1, 1);
  const complete = year < thisYear;
  const to = complete ? ymd(year, 12, 31) : today;
  const report = await complianceReport(deps, { actor, agencyId, from, to, today });
  const requests = report.correctionRequestsFiled?.requests ?? [];
  const count = (t: Tally) => t.count;
  const updates = await catalogueUpdates(deps.catalog, agencyId, from, to, today);
  const lawChanges = await lawChangesOf(deps.catalog, updates);
  const statusCount = (status: AnnualItemUpdate['status']) =>
    updates.filter((u) => u.status === status).length;
  return {
    agencyId,
    agencyName: agency.name,
    year,
    from,
    to,
    today,
    complete,
    decisions: {
      submitted: count(report.submitted),
      published: count(report.publishedOnTime) + count(report.publishedLate),
      publishedOnTime: count(report.publishedOnTime),
      publishedLate: count(report.publishedLate),
      medianWorkingDaysToPublish: report.medianWorkingDaysToPublish,
      pendingPastDeadline: count(report.pendingPastDeadline),
      pendingWithinDeadline: count(report.pendingWithinDeadline),
      rejectedNotResubmitted: count(report.rejectedNotResubmitted),
      discarded: count(report.discarded),
      exempt: count(report.exempt),
      exemptByReason: countsBy(EXEMPTION_REASONS, (r) => report.exempt.byReason[r].count),
      major: count(report.majorDecisions),
      majorWithLegalReview: count(report.majorDecisions.withLegalReview),
      majorWithoutLegalReview: count(report.majorDecisions.withoutLegalReview),
      refusedWithoutLegalReview: report.majorDecisions.refusedWithoutLegalReview,
    },
    withdrawals: {
      count: count(report.withdrawn),
      late: count(report.withdrawnLate),
      byReason: countsBy(WITHDRAW_REASONS, (r) => report.withdrawn.byReason[r].count),
    },
    correctionRequests: {
      filed: requests.length,
      answeredOnTime: report.correctionRequestsAnsweredOnTime?.count ?? 0,
      answeredLate: report.correctionRequestsAnsweredLate?.count ?? 0,
      openPastDeadline: report.correctionRequestsOpenPastDeadline?.count ?? 0,
      openWithinDeadline: requests.filter((r) => r.status === 'open' && today <= r.due).length,
      byOutcome: countsBy(ANSWER_OUTCOMES, (o) => requests.filter((r) => r.outcome === o).length),
      held: report.correctionRequestsHeld?.count ?? 0,
    },
    catalogue: {
      lawChangesRecorded: lawChanges.length,
      itemUpdatesOwed: updates.length,
      updatedOnTime: statusCount('on_time'),
      updatedLate: statusCount('late'),
      overdue: statusCount('overdue'),
      pending: statusCount('pending'),
      staleToday: report.staleCatalogueItems.count,
      lawChanges,
      updates,
    },
    notes: ANNUAL_REPORT_NOTES,
  };
}

function countsBy<K extends string>(keys: readonly K[], countOf: (key: K) => number): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, countOf(key)])) as Record<K, number>;
}

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * R10, R11: each item's chain says when a law change was recorded on it (`law_change`, with its deadline) and
 * which approval answered it (`lawChangesAnswered`); the item itself keeps only the changes still open. The
 * agency's catalogue is a few dozen items, one chain each.
 */
async function catalogueUpdates(
  catalog: AnnualReportDependencies['catalog'],
  agencyId: string,
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
): Promise<AnnualItemUpdate[]> {
  const updates: AnnualItemUpdate[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.list({ agencyId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    for (const { item } of page.items) {
      const trail = await catalog.auditTrail(item.id);
      const answeredOn = new Map<string, string>();
      for (const event of trail) {
        const answered = event.action === 'approve' ? event.detail?.lawChangesAnswered : undefined;
        if (!Array.isArray(answered)) continue;
        for (const id of answered) if (typeof id === 'string') answeredOn.set(id, shanghaiDate(event.at));
      }
      for (const event of trail) {
        const lawChangeId = stringOf(event.detail?.lawChangeId);
        const due = stringOf(event.detail?.due);
        const recordedOn = shanghaiDate(event.at);
        if (event.action !== 'law_change' || !lawChangeId || !due) continue;
        if (recordedOn < from || recordedOn > to) continue;
        const updatedOn = answeredOn.get(lawChangeId) ?? null;
        const status =
          updatedOn !== null ? (updatedOn <= due ? 'on_time' : 'late') : today > due ? 'overdue' : 'pending';
        updates.push({ itemId: item.id, kind: item.kind, lawChangeId, due, updatedOn, status });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return updates.sort(
    (a, b) =>
      a.due.localeCompare(b.due) ||
      a.lawChangeId.localeCompare(b.lawChangeId) ||
      a.itemId.localeCompare(b.itemId),
  );
}

async function lawChangesOf(
  catalog: AnnualReportDependencies['catalog'],
  updates: readonly AnnualItemUpdate[],
): Promise<AnnualLawChange[]> {
  const ids = [...new Set(updates.map((u) => u.lawChangeId))];
  const changes: AnnualLawChange[] = [];
  for (const id of ids) {
    const stored = await catalog.getLawChange(id);
    if (!stored) continue;
    const { lawChange } = stored;
    const of = updates.filter((u) => u.lawChangeId === id);
    const n = (status: AnnualItemUpdate['status']) => of.filter((u) => u.status === status).length;
    changes.push({
      id,
      title: lawChange.title,
      kind: lawChange.kind,
      effectiveDate: lawChange.effectiveDate,
      recordedOn: shanghaiDate(lawChange.recordedAt),
      due: lawChange.deadline.due,
      items: of.length,
      updatedOnTime: n('on_time'),
      updatedLate: n('late'),
      overdue: n('overdue'),
      pending: n('pending'),
    });
  }
  return changes.sort((a, b) => a.recordedOn.localeCompare(b.recordedOn) || a.id.localeCompare(b.id));
}
