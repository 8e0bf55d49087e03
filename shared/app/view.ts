/**
 * What the API answers about a decision: the contract's `id`, `version`, `status` and `publishBy`, the
 * deadlines with their explanations, and the preview of exactly what the public will see (the projection
 * the reviewer approves).
 */
import { projectionHash, projectRevision } from '../domain/approval.ts';
import type { WorkCalendar } from '../domain/calendar/work-calendar.ts';
import type { LocalDate } from '../domain/dates.ts';
import { type Deadline, publicationStanding } from '../domain/deadlines.ts';
import {
  type Actor,
  type CorrectionMeanwhile,
  type CorrectionUnderWay,
  correctionUnderWay,
  type Decision,
  type DecisionContent,
  type Discard,
  type ExemptionReason,
  latestRevision,
  REVIEW_OUTCOME_LABELS,
  type Reinstatement,
  type Review,
  type ReviewOutcome,
  type Withdrawal,
} from '../domain/decision.ts';
import { neverPublishReason } from '../domain/exemptions.ts';
import { personalDataFindings } from '../domain/findings.ts';
import { allowedEventsFor, type DecisionEventType } from '../domain/lifecycle.ts';
import type { PublicDecisionDocument } from '../domain/projection.ts';
import type { Agency, StoredDecision } from '../ports.ts';

export interface FindingView {
  readonly id: string;
  readonly field: string;
  readonly kind: string;
  readonly certainty: 'certain' | 'suspected';
  readonly text: string;
  readonly resolution: 'mask' | 'keep' | null;
}

export interface RevisionView {
  readonly number: number;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly basisDate: string;
  /** R8: a correction of a published decision: what the public saw while it was reviewed. */
  readonly meanwhile?: CorrectionMeanwhile;
  readonly review: Review | null;
  readonly content: DecisionContent;
}

export interface DecisionSummary {
  readonly id: string;
  readonly agencyId: string;
  readonly version: number;
  readonly status: Decision['status'];
  readonly caseNumber: string;
  readonly actionType: DecisionContent['actionType'];
  readonly partyName: string;
  /** The party's kind, so a queue can tell a natural person's decision (R4: most findings) at a glance. */
  readonly partyKind: DecisionContent['party']['kind'];
  readonly decisionDate: string;
  readonly publishBy: string | null;
  readonly publishByProvisional: boolean;
  /** R5: today (Asia/Shanghai, from the clock) is after `publishBy`. */
  readonly overdue: boolean;
  /** R5: working days after today up to and including `publishBy`; ≤ 0 once overdue; null without it (deadlines.ts). */
  readonly workingDaysLeft: number | null;
  readonly underReview: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DecisionView extends Omit<DecisionSummary, 'partyName' | 'partyKind'> {
  readonly decision: DecisionContent;
  readonly pendingRevision: number | null;
  readonly publicRevision: number | null;
  readonly deadlines: {
    readonly publication: Deadline | null;
    readonly expiry: Deadline | null;
    /** R3: an exempt decision's review date (`exemption.reviewOn`), the day the deadline sweep starts reminding. */
    readonly exemptionReview?: Deadline;
    /** R8: while a withdrawal made by one person waits for another reviewer's confirmation. */
    readonly confirmation: Deadline | null;
    /** R8 (立即): while a correction of the published decision waits for review: the day it was submitted. */
    readonly correctionReview?: Deadline;
  };
  /** R8: a correction of the published decision under review, and what the public sees meanwhile. */
  readonly correctionUnderWay: CorrectionUnderWay | null;
  readonly exemption: { readonly reason: ExemptionReason; readonly source: 'declared' | 'detected' } | null;
  /** R4: exactly what the public will see of the latest revision (null when it is never published). */
  readonly preview: PublicDecisionDocument | null;
  /**
   * R2: the SHA-256 of `preview` (its canonical JSON): what an approval records and the publisher checks before it
   * publishes (ADR 0011). Null with the preview.
   */
  readonly previewHash: string | null;
  /**
   * R4: the personal data of the latest revision (SPEC: `personalData.findings`): certain findings, masked
   * automatically, and suspected ones, which a reviewer resolves (`mask` / `keep`) before approving.
   */
  readonly personalData: { readonly findings: readonly FindingView[] };
  readonly publishedAt: string | null;
  readonly lastPublishedAt: string | null;
  /** R7, R8: with `takedownBy` (the legal deadline), `onTime`, `legalEventDate` and the confirmation. */
  readonly withdrawal: Withdrawal | null;
  /** R8: withdrawals a reviewer undid, oldest first. */
  readonly reinstatements: readonly Reinstatement[];
  /** A never-published decision its submitter discarded. */
  readonly discard: Discard | null;
  readonly allowedActions: readonly DecisionEventType[];
  readonly revisions: readonly RevisionView[];
}

/** The day a view is shown on (Asia/Shanghai, from the clock port) and the calendar its working days follow. */
export interface ViewDay {
  readonly today: LocalDate;
  readonly calendar: WorkCalendar;
}

/** Who a view is shown to: its `allowedActions` are that caller's. */
export interface ViewCaller extends ViewDay {
  readonly actor: Actor;
}

export function summaryOf(stored: StoredDecision, day: ViewDay): DecisionSummary {
  const { decision, deadlines } = stored;
  const latest = latestRevision(decision).content;
  const standing = publicationStanding(deadlines.publication?.due, day.today, day.calendar);
  return {
    id: decision.id,
    agencyId: decision.agencyId,
    version: decision.version,
    status: decision.status,
    caseNumber: latest.caseNumber,
    actionType: latest.actionType,
    partyName: latest.party.name,
    partyKind: latest.party.kind,
    decisionDate: latest.decisionDate,
    publishBy: deadlines.publication?.due ?? null,
    publishByProvisional: deadlines.publication?.provisional ?? false,
    overdue: standing.overdue,
    workingDaysLeft: standing.workingDaysLeft,
    underReview: decision.pendingRevision !== undefined,
    createdAt: decision.createdAt,
    updatedAt: decision.updatedAt,
  };
}

export function viewOf(stored: StoredDecision, agency: Agency, caller: ViewCaller): DecisionView {
  const { decision, deadlines } = stored;
  const latest = latestRevision(decision);
  const { partyName: _internal, partyKind: _inDecision, ...summary } = summaryOf(stored, caller);
  const exemption = neverPublishReason(latest.content);
  const projection = projectRevision(decision, latest, agency);
  return {
    ...summary,
    decision: latest.content,
    pendingRevision: decision.pendingRevision ?? null,
    publicRevision: decision.publicRevision ?? null,
    deadlines: {
      publication: deadlines.publication ?? null,
      expiry: deadlines.expiry ?? null,
      ...(deadlines.exemptionReview ? { exemptionReview: deadlines.exemptionReview } : {}),
      confirmation: deadlines.confirmation ?? null,
      ...(deadlines.correctionReview ? { correctionReview: deadlines.correctionReview } : {}),
    },
    correctionUnderWay: correctionUnderWay(decision) ?? null,
    exemption: exemption ? { reason: exemption.reason, source: exemption.source } : null,
    preview: projection.publishable ? projection.document : null,
    previewHash: projection.publishable ? projectionHash(projection.document) : null,
    // R3: a never-published decision has nothing to redact; R4: the latest revision's findings, as resolved.
    personalData: {
      findings: exemption
        ? []
        : personalDataFindings(latest.content, latest.review?.resolutions).map((f) => ({
            id: f.id,
            field: f.field,
            kind: f.kind,
            certainty: f.certainty,
            text: f.text,
            resolution: f.resolution,
          })),
    },
    publishedAt: decision.publishedAt ?? null,
    lastPublishedAt: decision.lastPublishedAt ?? null,
    withdrawal: decision.withdrawal ?? null,
    reinstatements: decision.reinstatements ?? [],
    discard: decision.discard ?? null,
    // What this caller could start now (lifecycle.ts allowedEventsFor): the platform's own steps (publish,
    // confirm_takedown) are never a person's. R3: a never-publish revision's approval confirms its exemption, so
    // `exempt` stands beside `approve` (the review's outcome that starts it), never `approve` alone.
    allowedActions: apiActions(allowedEventsFor(decision, caller.actor)),
    revisions: decision.revisions.map((r) => ({
      number: r.number,
      submittedBy: r.submittedBy,
      submittedAt: r.submittedAt,
      basisDate: r.basisDate,
      ...(r.meanwhile ? { meanwhile: r.meanwhile } : {}),
      review: r.review ?? null,
      content: r.content,
    })),
  };
}

/** The events as the API offers them: an `exempt` is asked for as the review's outcome `approve`. */
function apiActions(events: readonly DecisionEventType[]): readonly DecisionEventType[] {
  return events.includes('exempt') && !events.includes('approve') ? [...events, 'approve'] : events;
}

/**
 * What a review answer adds to the decision: what the review did (R3: a reviewer's approval of a never-publish
 * revision is an exemption, said so, with its reason in `exemption`), in the record's words.
 */
export interface ReviewAnswer extends DecisionView {
  readonly outcome: ReviewOutcome;
  readonly outcomeLabel: string;
}

export function reviewAnswerOf(view: DecisionView, outcome: ReviewOutcome): ReviewAnswer {
  return { ...view, outcome, outcomeLabel: REVIEW_OUTCOME_LABELS[outcome] };
}
