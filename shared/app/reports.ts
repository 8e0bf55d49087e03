/**
 * R12 supervision (四平 §五 选择性公示、更新维护不及时; 长治 §五(四)): per agency and period, how many decisions
 * were submitted, published on time or late, are overdue, exempt, withdrawn or left rejected, and which
 * decisions stand behind every number, so a supervisor can check each one.
 */
import { agencyScope } from '../domain/authority.ts';
import { type WorkCalendar, workingDaysBetween } from '../domain/calendar/work-calendar.ts';
import {
  type CatalogKind,
  catalogRevisionOf,
  isOverdue,
  kindDefinition,
  latestCatalogRevision,
  updateDueOf,
} from '../domain/catalog.ts';
import {
  type AnswerOutcome,
  answeredOnTime,
  CORRECTION_REQUEST_STATUSES,
  type CorrectionRequest,
  type CorrectionRequestStatus,
  heldFromCounts,
} from '../domain/correction-request.ts';
import { addDays, daysBetween, type LocalDate, shanghaiDate } from '../domain/dates.ts';
import { correctionReviewDeadline, publicationDeadline } from '../domain/deadlines.ts';
import {
  type Actor,
  type Decision,
  type DecisionStatus,
  EXEMPTION_REASONS,
  type ExemptionReason,
  latestRevision,
  WITHDRAW_REASONS,
  type Withdrawal,
  type WithdrawReason,
} from '../domain/decision.ts';
import { ValidationError } from '../domain/errors.ts';
import { neverPublishReason } from '../domain/exemptions.ts';
import type { AgencySettings } from '../domain/settings.ts';
import type {
  ActivityEntry,
  ActivityKind,
  CatalogStore,
  CorrectionRequestStore,
  Dependencies,
  InventoryStore,
} from '../ports.ts';
import { leavesNotice } from '../site/model.ts';
import { type InventoryFigures, inventoryFigures } from './inventory.ts';
import { mapLimited } from './pool.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;
/**
 * Only what a report reads, so the scorecard schedule can run one on the publisher's dependencies. Without
 * `requests` (the scorecard, which does not show them) the correction-request figures are null.
 */
export type ReportDependencies = Pick<Dependencies, 'store' | 'agencies' | 'calendar'> & {
  readonly catalog: Pick<CatalogStore, 'list'>;
  readonly requests?: Pick<CorrectionRequestStore, 'list'>;
  /** R12, R13: the case systems' inventories; without them `inventory` is null. */
  readonly inventories?: Pick<InventoryStore, 'list'>;
};

/** A year, leap day included: long enough for an annual report, short enough to read on a request. */
export const MAX_PERIOD_DAYS = 366;
const PAGE_SIZE = 100;
/** Full reads in flight at once: enough to be quick, few enough not to exhaust the table's capacity. */
const READ_CONCURRENCY = 8;

export interface ReportedDecision {
  readonly id: string;
  readonly caseNumber: string;
  readonly decisionDate: string;
  readonly status: DecisionStatus;
  /** R5: the publication deadline of the first revision. */
  readonly due: string;
  /** First publication, as a date in Asia/Shanghai. */
  readonly publishedOn: string | null;
  readonly workingDaysToPublish: number | null;
}

export interface Tally {
  readonly count: number;
  readonly decisions: readonly ReportedDecision[];
}

/** R9, R12: a correction request behind a count. No contact, no texts: the figures, and the ids to look up. */
export interface ReportedRequest {
  readonly id: string;
  readonly decisionId: string;
  readonly caseNumber: string;
  readonly status: CorrectionRequestStatus;
  readonly filedOn: string;
  /** The last day of the answer deadline. */
  readonly due: string;
  readonly answeredOn: string | null;
  readonly outcome: AnswerOutcome | null;
}

export interface RequestTally {
  readonly count: number;
  readonly requests: readonly ReportedRequest[];
}

/** R10: a catalogue item not updated within 20 working days of a law change (四平 §四(五), §五 更新维护不及时). */
export interface StaleCatalogueItem {
  readonly id: string;
  readonly kind: CatalogKind;
  readonly kindLabel: string;
  readonly title: string;
  /** The last day the update was on time (the earliest open law change's). */
  readonly due: string;
  readonly workingDaysOverdue: number;
  /** Every law change the item still owes an update for. */
  readonly lawChangeIds: readonly string[];
}

export interface StaleCatalogue {
  readonly count: number;
  readonly items: readonly StaleCatalogueItem[];
}

/** R14 (长治 §四): the period's major decisions, and whether each carries its 法制审核 record. */
export interface MajorDecisions extends Tally {
  readonly withLegalReview: Tally;
  /** Marked major without a legal review: only records kept from before R14 was enforced can be here. */
  readonly withoutLegalReview: Tally;
  /**
   * Submissions and corrections of a major decision refused for want of its legal review (422
   * legal_review_required) on the days of the period, Asia/Shanghai: attempts, not decisions (none was stored).
   */
  readonly refusedWithoutLegalReview: number;
}

/**
 * R14 (长治 §四(一): 法制审核人员不少于本单位执法人员总数的5%): the staff of the agency's catalogue item of
 * enforcement staff (as approved, or as submitted when no revision is approved yet), and how many of them are
 * marked `legalReviewer`, as of today, whatever the period.
 */
export interface LegalReviewers {
  readonly enforcementStaff: number;
  readonly legalReviewers: number;
  /** legalReviewers ÷ enforcementStaff, or null without staff listed. */
  readonly share: number | null;
  readonly minimumShare: number;
  readonly meetsMinimum: boolean | null;
}

/** R8 (立即): a correction of a published decision behind a count, and when its review was due and done. */
export interface ReportedCorrection {
  readonly decisionId: string;
  readonly caseNumber: string;
  readonly revision: number;
  /** What the public saw while it was reviewed: the published content with a note, or a notice. */
  readonly meanwhile: 'show' | 'withhold';
  readonly submittedOn: string;
  /** The working day it was submitted (the next one when submitted on a day off). */
  readonly due: string;
  readonly reviewedOn: string | null;
  readonly outcome: 'approve' | 'reject' | null;
}

export interface CorrectionTally {
  readonly count: number;
  readonly corrections: readonly ReportedCorrection[];
}

/** R8: corrections of published decisions: reviewed the day they were submitted, later, or still waiting past it. */
export interface PublishedCorrections {
  readonly submitted: CorrectionTally;
  readonly reviewedOnTime: CorrectionTally;
  readonly reviewedLate: CorrectionTally;
  readonly pendingPastDeadline: CorrectionTally;
}

/** R7, R12: a withdrawal behind a count, by when it was filed; its reason, and whether it met its deadline. */
export interface ReportedWithdrawal {
  readonly id: string;
  readonly caseNumber: string;
  readonly decisionDate: string;
  readonly reason: WithdrawReason;
  /** The Asia/Shanghai date it was filed. */
  readonly withdrawnOn: string;
  /** R7: its legal deadline (`withdrawal.takedownBy`); null on withdrawals recorded before it was kept. */
  readonly takedownBy: string | null;
  readonly onTime: boolean | null;
  /** R8: undone since (the decision was reinstated): it happened, and still counts. */
  readonly reinstated: boolean;
}

export interface WithdrawalTally {
  readonly count: number;
  readonly withdrawals: readonly ReportedWithdrawal[];
}

/**
 * R12: what happened in the period, whenever the decisions were decided: first publications by their date (on
 * time against the first revision's deadline, however late) and withdrawals by theirs, from the store's
 * activity records. The figures above are the other view: the decisions decided in the period, as they stand.
 */
export interface ReportActivity {
  readonly publishedOnTime: Tally;
  readonly publishedLate: Tally;
  readonly medianWorkingDaysToPublish: number | null;
  readonly withdrawn: WithdrawalTally & {
    readonly byReason: Readonly<Record<WithdrawReason, WithdrawalTally>>;
  };
  readonly withdrawnLate: WithdrawalTally;
  /** Of the decisions above, those the public site no longer shows at all (R6, R8): counted, never listed there. */
  readonly offSite: readonly string[];
}

export interface ComplianceReport {
  readonly agencyId: string;
  readonly from: string;
  readonly to: string;
  readonly today: string;
  readonly submitted: Tally;
  readonly publishedOnTime: Tally;
  readonly publishedLate: Tally;
  readonly pendingPastDeadline: Tally;
  readonly pendingWithinDeadline: Tally;
  readonly exempt: Tally & { readonly byReason: Readonly<Record<ExemptionReason, Tally>> };
  readonly withdrawn: Tally & { readonly byReason: Readonly<Record<WithdrawReason, Tally>> };
  /** R7: withdrawals filed after their takedown deadline (3 working days after the legal event). */
  readonly withdrawnLate: Tally;
  /** Decisions never published that their submitter discarded: not withdrawals, counted apart. */
  readonly discarded: Tally;
  /** R8 (长治 §二 立即): corrections of published decisions, by whether their review came the same working day. */
  readonly publishedCorrections: PublishedCorrections;
  readonly rejectedNotResubmitted: Tally;
  readonly medianWorkingDaysToPublish: number | null;
  /** 四平 §五 选择性公示: what the public never saw although it was owed. */
  readonly selectivePublication: {
    readonly pastDeadlineNeverPublished: Tally;
    readonly rejectedNotResubmitted: Tally;
  };
  /**
   * R9: correction requests filed in the period (Asia/Shanghai dates): answered no later than the last day of
   * their deadline, answered after it, and still open past it (today). Null only where a report is made
   * without the requests (the public scorecard).
   */
  readonly correctionRequestsAnsweredOnTime: RequestTally | null;
  readonly correctionRequestsAnsweredLate: RequestTally | null;
  readonly correctionRequestsOpenPastDeadline: RequestTally | null;
  /** Every request filed in the period, each once, but those held (below). */
  readonly correctionRequestsFiled: RequestTally | null;
  /**
   * ADR 0016: requests of the period filed without a solved challenge and not answered yet: in no other count
   * until the agency answers them (a flood of them would otherwise count against it), shown here so that
   * none is out of sight.
   */
  readonly correctionRequestsHeld: RequestTally | null;
  /** R10: the agency's catalogue items past their update deadline today, whatever the period. */
  readonly staleCatalogueItems: StaleCatalogue;
  readonly majorDecisions: MajorDecisions;
  readonly legalReviewers: LegalReviewers;
  /** R12: the period's publications and withdrawals by when they happened. */
  readonly activity: ReportActivity;
  /**
   * R12, R13 (四平 §五 选择性公示): what the agency's case systems say was decided in the period, against what was
   * submitted, published and exempt, and the decisions never submitted. Null where no inventories are read.
   */
  readonly inventory: InventoryFigures | null;
  readonly notes: readonly string[];
}

/** R14: 长治 §四(一) "原则上…法制审核人员不少于本单位执法人员总数的5%". */
export const MIN_LEGAL_REVIEWER_SHARE = 0.05;

export const REPORT_NOTES = [
  'correctionRequests*: correction requests filed in the period (Asia/Shanghai dates); on time means answered no later than the last day of the answer deadline (default 7 working days, R9); open past the deadline counts as of today; requests filed without a solved challenge (a form without JavaScript, or a flood) count only once answered, and until then in correctionRequestsHeld (ADR 0016)',
  'staleCatalogueItems: the catalogue items past their update deadline (20 working days after a law change) as of today, whatever the period',
  'Deadlines are those of each decision’s first revision (R5); publication dates are in Asia/Shanghai',
  'majorDecisions: decisions of the period whose latest revision is marked majorDecision, with and without their legal review (R14); refusedWithoutLegalReview counts the submissions and corrections refused for want of one on the days of the period (attempts: nothing of them is stored)',
  'legalReviewers: the staff listed in the agency’s catalogue item of enforcement staff (as approved, else as submitted) marked legalReviewer, against the 5 % of 长治 §四(一), as of today (R14)',
  'publishedCorrections: corrections of the period’s published decisions (R8: 立即), each reviewed on time when reviewed no later than the working day it was submitted (the next working day when submitted on a day off); pending past the deadline counts as of today',
  'activity: what happened in the period (Asia/Shanghai dates), whenever the decisions were decided: first publications by their date, on time or late against the first revision’s deadline, and every withdrawal by its date, with its reason and whether it met its takedownBy (a withdrawal undone by a reinstatement since still counts); the other figures are the decisions decided in the period, as they stand today',
  'inventory: the decisions the agency’s case systems reported (POST /v1/decisions/inventory) with a decision date in the period, matched to submitted decisions by case number as people read it (brackets, spaces and digit forms folded, as the uniqueness guard); a counted period (no case numbers) counts when it lies wholly in the period; never submitted past the deadline it would have had (R5) counts as of today',
  'withdrawnLate: withdrawals filed after their takedownBy (R7: 3 working days after the legal event the withdrawal states; R8: the same day for published_in_error and emergency); discarded: never-published decisions their submitter discarded, not withdrawals',
] as const;

export interface ComplianceInput {
  readonly actor: UserActor;
  readonly agencyId?: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly today: LocalDate;
}

export async function complianceReport(
  deps: ReportDependencies,
  input: ComplianceInput,
): Promise<ComplianceReport> {
  const { actor, from, to, today } = input;
  if (to < from) {
    throw new ValidationError('period_reversed', `the period cannot end (${to}) before it starts (${from})`, {
      field: 'to',
    });
  }
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) {
    throw new ValidationError(
      'period_too_long',
      `a report covers at most ${MAX_PERIOD_DAYS} days; ask for ${from}–${to} in parts`,
      { field: 'to' },
    );
  }
  const agencyId = agencyScope(actor, input.agencyId);
  const agency = await deps.agencies.get(agencyId);
  const decisions = await fullDecisions(deps, agencyId, from, to);
  const requests = deps.requests ? await requestsFiled(deps.requests, agencyId, from, to) : undefined;

  const entries = decisions.map((decision) => entryOf(decision, deps, agency.settings));
  const pick = (keep: (e: Entry) => boolean) => tally(entries.filter(keep));
  const published = (e: Entry) => e.row.publishedOn !== null;
  // R5: on time means published no later than the last day of the period, both as dates in Asia/Shanghai.
  const onTime = (e: Entry) => published(e) && (e.row.publishedOn as string) <= e.row.due;
  const owed = (e: Entry) =>
    !published(e) && !['exempt', 'withdrawn', 'discarded'].includes(e.decision.status);
  const pastDeadline = pick((e) => owed(e) && today > e.row.due);
  const rejected = pick((e) => e.decision.status === 'rejected');
  const exempt = entries.filter((e) => e.decision.status === 'exempt');
  // R14: counted on the latest revision, the decision as it stands.
  const major = entries.filter((e) => latestRevision(e.decision).content.majorDecision === true);
  const reviewed = (e: Entry) => latestRevision(e.decision).content.legalReview !== undefined;
  const withdrawn = entries.filter((e) => e.decision.status === 'withdrawn');
  return {
    agencyId,
    from,
    to,
    today,
    submitted: tally(entries),
    publishedOnTime: pick(onTime),
    publishedLate: pick((e) => published(e) && !onTime(e)),
    pendingPastDeadline: pastDeadline,
    pendingWithinDeadline: pick((e) => owed(e) && today <= e.row.due),
    exempt: {
      ...tally(exempt),
      byReason: byReason(EXEMPTION_REASONS, exempt, (e) => e.exemptionReason),
    },
    withdrawn: {
      ...tally(withdrawn),
      byReason: byReason(WITHDRAW_REASONS, withdrawn, (e) => e.decision.withdrawal?.reason),
    },
    // R7: the withdrawal says whether it was filed by its takedownBy.
    withdrawnLate: tally(withdrawn.filter((e) => e.decision.withdrawal?.onTime === false)),
    discarded: pick((e) => e.decision.status === 'discarded'),
    publishedCorrections: publishedCorrections(decisions, deps.calendar, today),
    rejectedNotResubmitted: rejected,
    medianWorkingDaysToPublish: median(
      entries.flatMap((e) => (e.row.workingDaysToPublish === null ? [] : [e.row.workingDaysToPublish])),
    ),
    selectivePublication: { pastDeadlineNeverPublished: pastDeadline, rejectedNotResubmitted: rejected },
    ...correctionFigures(requests, today),
    staleCatalogueItems: await staleCatalogue(deps, agencyId, today),
    majorDecisions: {
      ...tally(major),
      withLegalReview: tally(major.filter(reviewed)),
      withoutLegalReview: tally(major.filter((e) => !reviewed(e))),
      refusedWithoutLegalReview: await deps.store.refusals(agencyId, 'legal_review_required', from, to),
    },
    legalReviewers: await legalReviewers(deps, agencyId),
    activity: await activityOf(deps, agency.settings, agencyId, from, to),
    inventory: deps.inventories
      ? await inventoryFigures(
          { store: deps.store, calendar: deps.calendar, inventories: deps.inventories },
          { agencyId, settings: agency.settings, from, to, today },
        )
      : null,
    notes: REPORT_NOTES,
  };
}

/** R10: the agency's whole catalogue is a few dozen items, read a page at a time from its own list. */
async function staleCatalogue(
  deps: ReportDependencies,
  agencyId: string,
  today: LocalDate,
): Promise<StaleCatalogue> {
  const items: StaleCatalogueItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.catalog.list({ agencyId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    for (const { item } of page.items) {
      const due = updateDueOf(item);
      if (!due || !isOverdue(item, today)) continue;
      items.push({
        id: item.id,
        kind: item.kind,
        kindLabel: kindDefinition(item.kind).label,
        title: latestCatalogRevision(item).content.title,
        due: due.deadline.due,
        workingDaysOverdue: workingDaysBetween(deps.calendar, due.deadline.due, today),
        lawChangeIds: item.lawChanges.map((c) => c.lawChangeId),
      });
    }
    cursor = page.cursor;
  } while (cursor);
  items.sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
  return { count: items.length, items };
}

/** R14: the agency's enforcement staff from its catalogue, each person once (by certificate number). */
async function legalReviewers(deps: ReportDependencies, agencyId: string): Promise<LegalReviewers> {
  const staff = new Map<string, boolean>();
  let cursor: string | undefined;
  do {
    const page = await deps.catalog.list({ agencyId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    for (const { item } of page.items) {
      if (item.kind !== 'staff') continue;
      const revision = catalogRevisionOf(item, item.publicRevision) ?? latestCatalogRevision(item);
      for (const entry of revision.content.staff ?? []) {
        const key = entry.certificateNumber;
        staff.set(key, (staff.get(key) ?? false) || entry.legalReviewer === true);
      }
    }
    cursor = page.cursor;
  } while (cursor);
  const enforcementStaff = staff.size;
  const reviewers = [...staff.values()].filter(Boolean).length;
  const share = enforcementStaff === 0 ? null : reviewers / enforcementStaff;
  return {
    enforcementStaff,
    legalReviewers: reviewers,
    share,
    minimumShare: MIN_LEGAL_REVIEWER_SHARE,
    meetsMinimum: share === null ? null : share >= MIN_LEGAL_REVIEWER_SHARE,
  };
}

interface Entry {
  readonly decision: Decision;
  readonly row: ReportedDecision;
  readonly exemptionReason: ExemptionReason | undefined;
}

function entryOf(decision: Decision, deps: ReportDependencies, settings: AgencySettings): Entry {
  const first = decision.revisions[0] ?? latestRevision(decision);
  const latest = latestRevision(decision);
  // R5: the deadline the agency owed from the start; a later correction does not move what was late.
  const deadline = publicationDeadline({
    content: first.content,
    ...(first.basisDate > first.content.decisionDate ? { basisDate: first.basisDate } : {}),
    settings,
    calendar: deps.calendar,
  });
  const publishedOn = decision.publishedAt ? shanghaiDate(decision.publishedAt) : null;
  return {
    decision,
    exemptionReason: neverPublishReason(latest.content)?.reason,
    row: {
      id: decision.id,
      caseNumber: latest.content.caseNumber,
      decisionDate: latest.content.decisionDate,
      status: decision.status,
      due: deadline.due,
      publishedOn,
      workingDaysToPublish:
        publishedOn === null ? null : workingDaysBetween(deps.calendar, first.basisDate, publishedOn),
    },
  };
}

/**
 * Every decision of the agency decided in the period, with all its revisions: the listing carries only the
 * latest, and the first one holds the deadline, so each is read in full.
 */
async function fullDecisions(
  deps: ReportDependencies,
  agencyId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<Decision[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.list({
      agencyId,
      decidedFrom: from,
      decidedTo: to,
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.items.map((item) => item.decision.id));
    cursor = page.cursor;
  } while (cursor);
  const found = await mapLimited(ids, READ_CONCURRENCY, (id) => deps.store.get(id));
  // Oldest decision first: the order a supervisor reads a period in.
  return found
    .flatMap((stored) => (stored ? [stored.decision] : []))
    .sort(
      (a, b) =>
        latestRevision(a).content.decisionDate.localeCompare(latestRevision(b).content.decisionDate) ||
        a.id.localeCompare(b.id),
    );
}

/** R12: the ids of the agency's activity of one kind in the period, read page by page. */
async function activityIds(
  deps: ReportDependencies,
  agencyId: string,
  kind: ActivityKind,
  from: LocalDate,
  to: LocalDate,
): Promise<ActivityEntry[]> {
  const found: ActivityEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.activity(
      agencyId,
      kind,
      startOf(from),
      startOf(addDays(to, 1)),
      cursor,
      PAGE_SIZE,
    );
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return found;
}

async function activityOf(
  deps: ReportDependencies,
  settings: AgencySettings,
  agencyId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<ReportActivity> {
  const published = await activityIds(deps, agencyId, 'published', from, to);
  const withdrawn = await activityIds(deps, agencyId, 'withdrawn', from, to);
  // Each decision read once in full: its first revision holds the deadline, its withdrawals the reasons.
  const ids = [...new Set([...published, ...withdrawn].map((e) => e.id))];
  const read = await mapLimited(ids, READ_CONCURRENCY, (id) => deps.store.get(id));
  const byId = new Map(read.flatMap((stored) => (stored ? [[stored.decision.id, stored.decision]] : [])));
  const rows = published.flatMap((e) => {
    const decision = byId.get(e.id);
    return decision ? [entryOf(decision, deps, settings).row] : [];
  });
  const onTime = rows.filter((row) => row.publishedOn !== null && row.publishedOn <= row.due);
  const late = rows.filter((row) => !onTime.includes(row));
  const withdrawals = withdrawn.flatMap((e) => {
    const decision = byId.get(e.id);
    return decision ? withdrawalRow(decision, e.at) : [];
  });
  const of = (list: readonly ReportedWithdrawal[]) => ({ count: list.length, withdrawals: list });
  return {
    publishedOnTime: { count: onTime.length, decisions: onTime },
    publishedLate: { count: late.length, decisions: late },
    medianWorkingDaysToPublish: median(
      rows.flatMap((row) => (row.workingDaysToPublish === null ? [] : [row.workingDaysToPublish])),
    ),
    withdrawn: {
      ...of(withdrawals),
      byReason: Object.fromEntries(
        WITHDRAW_REASONS.map((reason) => [reason, of(withdrawals.filter((w) => w.reason === reason))]),
      ) as Record<WithdrawReason, WithdrawalTally>,
    },
    withdrawnLate: of(withdrawals.filter((w) => w.onTime === false)),
    offSite: [...byId.values()]
      .filter((d) => d.status === 'withdrawn' && d.withdrawal && !leavesNotice(d.withdrawal.reason))
      .map((d) => d.id),
  };
}

/** The withdrawal made at this instant: the current one, or one a reinstatement undid since. */
function withdrawalRow(decision: Decision, at: string): ReportedWithdrawal[] {
  const same = (w: Withdrawal | undefined) => w !== undefined && Date.parse(w.at) === Date.parse(at);
  const current = same(decision.withdrawal) ? decision.withdrawal : undefined;
  const withdrawal = current ?? decision.reinstatements?.find((r) => same(r.withdrawal))?.withdrawal;
  if (!withdrawal) return [];
  const latest = latestRevision(decision).content;
  return [
    {
      id: decision.id,
      caseNumber: latest.caseNumber,
      decisionDate: latest.decisionDate,
      reason: withdrawal.reason,
      withdrawnOn: shanghaiDate(withdrawal.at),
      takedownBy: withdrawal.takedownBy ?? null,
      onTime: withdrawal.onTime ?? null,
      reinstated: current === undefined,
    },
  ];
}

/** R8: every revision that corrected a published decision says what the public saw meanwhile (lifecycle.ts). */
function publishedCorrections(
  decisions: readonly Decision[],
  calendar: WorkCalendar,
  today: LocalDate,
): PublishedCorrections {
  const all: ReportedCorrection[] = decisions.flatMap((decision) =>
    decision.revisions.flatMap((revision) => {
      if (revision.meanwhile === undefined) return [];
      const submittedOn = shanghaiDate(revision.submittedAt);
      const outcome = revision.review?.outcome;
      return [
        {
          decisionId: decision.id,
          caseNumber: revision.content.caseNumber,
          revision: revision.number,
          meanwhile: revision.meanwhile,
          submittedOn,
          due: correctionReviewDeadline(submittedOn, calendar).due,
          reviewedOn: revision.review ? shanghaiDate(revision.review.at) : null,
          outcome: outcome === 'approve' || outcome === 'reject' ? outcome : null,
        },
      ];
    }),
  );
  const of = (corrections: readonly ReportedCorrection[]) => ({ count: corrections.length, corrections });
  return {
    submitted: of(all),
    reviewedOnTime: of(all.filter((c) => c.reviewedOn !== null && c.reviewedOn <= c.due)),
    reviewedLate: of(all.filter((c) => c.reviewedOn !== null && c.reviewedOn > c.due)),
    pendingPastDeadline: of(all.filter((c) => c.reviewedOn === null && today > c.due)),
  };
}

function tally(entries: readonly Entry[]): Tally {
  return { count: entries.length, decisions: entries.map((e) => e.row) };
}

function byReason<R extends string>(
  reasons: readonly R[],
  entries: readonly Entry[],
  reasonOf: (e: Entry) => R | undefined,
): Record<R, Tally> {
  return Object.fromEntries(
    reasons.map((reason) => [reason, tally(entries.filter((e) => reasonOf(e) === reason))]),
  ) as Record<R, Tally>;
}

/** The middle value, or the mean of the two middle ones; null without values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

// ---- R9: correction requests --------------------------------------------------------------------------------

const REQUEST_PAGE_SIZE = 100;

/** The instant a Shanghai date starts, as the ISO string the request index sorts by. */
function startOf(date: LocalDate): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/**
 * Every request of the agency filed in the period: one query per status on the agency's request lists, bounded
 * by the filing instant, so the cost follows the requests of the period, never the history.
 */
async function requestsFiled(
  store: Pick<CorrectionRequestStore, 'list'>,
  agencyId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<CorrectionRequest[]> {
  const found: CorrectionRequest[] = [];
  // The index sorts by `<filedAt>#<id>`: up to the last millisecond before the day after the period.
  const filedTo = new Date(Date.parse(startOf(addDays(to, 1))) - 1).toISOString();
  for (const status of CORRECTION_REQUEST_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await store.list({
        agencyId,
        status,
        filedFrom: startOf(from),
        filedTo,
        limit: REQUEST_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      found.push(...page.items.map((item) => item.request));
      cursor = page.cursor;
    } while (cursor);
  }
  return found.sort((a, b) => a.filedAt.localeCompare(b.filedAt) || a.id.localeCompare(b.id));
}

function requestRow(request: CorrectionRequest): ReportedRequest {
  return {
    id: request.id,
    decisionId: request.decisionId,
    caseNumber: request.caseNumber,
    status: request.status,
    filedOn: shanghaiDate(request.filedAt),
    due: request.deadline.due,
    answeredOn: request.answer ? shanghaiDate(request.answer.at) : null,
    outcome: request.answer?.outcome ?? null,
  };
}

function requestTally(requests: readonly CorrectionRequest[]): RequestTally {
  return { count: requests.length, requests: requests.map(requestRow) };
}

function correctionFigures(all: readonly CorrectionRequest[] | undefined, today: LocalDate) {
  if (!all) {
    return {
      correctionRequestsAnsweredOnTime: null,
      correctionRequestsAnsweredLate: null,
      correctionRequestsOpenPastDeadline: null,
      correctionRequestsFiled: null,
      correctionRequestsHeld: null,
    };
  }
  const held = all.filter(heldFromCounts);
  const requests = all.filter((r) => !heldFromCounts(r));
  return {
    correctionRequestsAnsweredOnTime: requestTally(requests.filter((r) => answeredOnTime(r) === true)),
    correctionRequestsAnsweredLate: requestTally(requests.filter((r) => answeredOnTime(r) === false)),
    // R9: open after the last day of the deadline.
    correctionRequestsOpenPastDeadline: requestTally(
      requests.filter((r) => r.status === 'open' && today > r.deadline.due),
    ),
    correctionRequestsFiled: requestTally(requests),
    correctionRequestsHeld: requestTally(held),
  };
}
