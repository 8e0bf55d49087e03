/**
 * Which deadlines a decision runs against in its current state. Recomputed after every change, stored with
 * the decision, and indexed by due date, so the sweeps find what is due without reading anything else.
 */
import type { WorkCalendar } from '../domain/calendar/work-calendar.ts';
import { shanghaiDate } from '../domain/dates.ts';
import {
  correctionReviewDeadline,
  emergencyTakedownDeadline,
  exemptionReviewDeadline,
  expiryWithdrawal,
  publicationDeadline,
  revocationTakedownDeadline,
  withdrawalConfirmationDeadline,
} from '../domain/deadlines.ts';
import {
  correctionUnderWay,
  type Decision,
  isLegalEventReason,
  latestRevision,
  revisionOf,
} from '../domain/decision.ts';
import { needsConfirmation } from '../domain/lifecycle.ts';
import type { AgencySettings } from '../domain/settings.ts';
import type { DecisionDeadlines } from '../ports.ts';

export function deadlinesFor(
  decision: Decision,
  settings: AgencySettings,
  calendar: WorkCalendar,
): DecisionDeadlines {
  const waiting = revisionWaitingForPublication(decision);
  const publication = waiting
    ? publicationDeadline({
        content: waiting.content,
        // R5: counted from the day the information was formed, or changed by a correction.
        ...(waiting.basisDate !== waiting.content.decisionDate ? { basisDate: waiting.basisDate } : {}),
        settings,
        calendar,
      })
    : undefined;
  // R6: a published decision comes down on its expiry date unless the agency keeps its records up.
  const public_ =
    decision.status === 'published' && decision.publishedAt && settings.expiry === 'auto_withdraw';
  const expiry = public_
    ? expiryWithdrawal({
        publishedAt: decision.publishedAt as string,
        partyKind: partyKindOfPublic(decision),
      })
    : undefined;
  const takedown = takedownDeadline(decision, calendar);
  const exemptionReview = exemptionReviewOf(decision);
  // R8: a withdrawal made by one person waits for a reviewer's confirmation, 1 working day.
  const confirmation =
    needsConfirmation(decision) && decision.withdrawal
      ? withdrawalConfirmationDeadline(shanghaiDate(decision.withdrawal.at), calendar)
      : undefined;
  // R8: the correction of a published decision is reviewed the working day it is submitted.
  const underWay = correctionUnderWay(decision);
  const correctionReview = underWay
    ? correctionReviewDeadline(shanghaiDate(underWay.since), calendar)
    : undefined;
  return {
    ...(publication ? { publication } : {}),
    ...(correctionReview ? { correctionReview } : {}),
    ...(expiry ? { expiry } : {}),
    ...(takedown ? { takedown } : {}),
    ...(exemptionReview ? { exemptionReview } : {}),
    ...(confirmation ? { confirmation } : {}),
  };
}

/** R3 (四平 §四(三)4): a confirmed exemption with a review date is due for review on that date. */
function exemptionReviewOf(decision: Decision) {
  if (decision.status !== 'exempt') return undefined;
  const { content } = latestRevision(decision);
  const reviewOn = content.exemption?.reviewOn;
  return reviewOn === undefined ? undefined : exemptionReviewDeadline(content.decisionDate, reviewOn);
}

/**
 * R7 (行政处罚法 art. 48/85), R8: a withdrawn decision that had been public runs against the takedown deadline
 * until the publisher confirms that the site no longer shows it. R7 counts from the legal event the withdrawal
 * states (a withdrawal recorded before it was stated counts from its own day).
 */
function takedownDeadline(decision: Decision, calendar: WorkCalendar) {
  const { withdrawal } = decision;
  if (decision.status !== 'withdrawn' || !withdrawal || decision.takedownConfirmedAt !== undefined) {
    return undefined;
  }
  const hadBeenPublic = decision.publishedAt !== undefined || decision.publicRevision !== undefined;
  if (!hadBeenPublic) return undefined;
  const filedOn = shanghaiDate(withdrawal.at);
  if (isLegalEventReason(withdrawal.reason)) {
    return revocationTakedownDeadline(withdrawal.legalEventDate ?? filedOn, calendar, withdrawal.reason);
  }
  if (withdrawal.reason === 'emergency' || withdrawal.reason === 'published_in_error') {
    return emergencyTakedownDeadline(filedOn, withdrawal.reason);
  }
  return revocationTakedownDeadline(filedOn, calendar);
}

/** The revision the public is owed: not yet published, or a correction not yet published. */
function revisionWaitingForPublication(decision: Decision) {
  switch (decision.status) {
    case 'pending_review':
    case 'rejected':
      return revisionOf(decision, decision.pendingRevision) ?? latestRevision(decision);
    case 'publishing':
      return revisionOf(decision, decision.publicRevision);
    case 'published':
      return revisionOf(decision, decision.pendingRevision);
    default:
      return undefined;
  }
}

function partyKindOfPublic(decision: Decision) {
  return (revisionOf(decision, decision.publicRevision) ?? latestRevision(decision)).content.party.kind;
}
