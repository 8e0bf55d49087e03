/**
 * The rules a decision's content must satisfy before Gongshi keeps it. The HTTP boundary has already checked
 * the shape (zod); here are the rules of the content itself. Every problem is collected, so a case system
 * pushing a record learns all that is wrong with it in one answer.
 */
import { compareDates, isLocalDate, type LocalDate } from './dates.ts';
import {
  ACTION_TYPES,
  type DecisionContent,
  EXEMPTION_REASONS,
  type Exemption,
  type ExemptionReason,
  type LegalReview,
  type Party,
  PENALTY_TYPES,
  type Penalty,
  type RandomInspection,
  REDACTABLE_FIELDS,
  type RedactableField,
  type Redaction,
} from './decision.ts';
import { ValidationError } from './errors.ts';
import { checkParty, throwIfIssues, type ValidationIssue } from './identity.ts';
import { findCertain } from './personal-data.ts';

export type { ValidationIssue } from './identity.ts';

const MAX_CASE_NUMBER_LENGTH = 100;

/**
 * R4: the case number, the party's name and the legal representative are published as written (a legal
 * person's in full), so a mobile number or an ID number typed into one of them would reach the public side
 * unmasked. Such a field is refused; the free-text fields, where numbers are masked, are the place for it.
 * (Found by the reliability suite: a full-width mobile in a company's name was published whole.)
 */
function personalNumberIssues(
  value: string | undefined,
  field: string,
  label: string,
  keep: string | undefined,
): ValidationIssue[] {
  if (value === undefined || value === '') return [];
  const found = findCertain(value, {
    kinds: ['resident_id', 'mobile', 'bank_card', 'long_number', 'email'],
    ...(keep === undefined ? {} : { keep: [keep] }),
  });
  if (found.length === 0) return [];
  return [
    {
      code: 'personal_number',
      field,
      message: `${label} holds a number that reads as ${[...new Set(found.map((f) => f.kind))].join(', ')}, which would be published unmasked; write it in the content instead`,
    },
  ];
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

export const EARLIEST_DATE = '2004-01-01' as LocalDate;

function dateIssues(value: string, today: LocalDate, field: string, label: string): ValidationIssue[] {
  if (!isLocalDate(value)) {
    return [
      { code: 'invalid_date', field, message: `${label} must be a real calendar date written YYYY-MM-DD` },
    ];
  }
  // The working-day calendar starts in 2004 (R5); anything older expired from the public side long ago (R6).
  if (compareDates(value, EARLIEST_DATE) < 0) {
    return [{ code: 'date_out_of_range', field, message: `${label} ${value} is before ${EARLIEST_DATE}` }];
  }
  if (compareDates(value, today) > 0) {
    return [{ code: 'date_in_future', field, message: `${label} ${value} is after today (${today})` }];
  }
  return [];
}

function requiredText(value: string, field: string, issues: ValidationIssue[]): string {
  const trimmed = value.trim();
  if (trimmed === '') issues.push({ code: 'required', field, message: `${field} must not be empty` });
  return trimmed;
}

/** Yuan with at most fen precision: finite, not negative, at most two decimals. */
function isAmount(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && Number(value.toFixed(2)) === value;
}

function checkPenalty(
  penalty: Penalty,
  context: { readonly actionType: string; readonly decisionDate: string },
  issues: ValidationIssue[],
): Penalty {
  const { actionType } = context;
  if (actionType !== 'penalty') {
    issues.push({
      code: 'penalty_not_allowed',
      field: 'penalty',
      message: 'penalty details belong to a decision whose actionType is penalty (行政处罚)',
    });
  }
  if (penalty.types.length === 0) {
    issues.push({ code: 'required', field: 'penalty.types', message: 'a penalty names at least one kind' });
  }
  penalty.types.forEach((type, i) => {
    if (!isOneOf(PENALTY_TYPES, type)) {
      issues.push({
        code: 'invalid_penalty_type',
        field: `penalty.types[${i}]`,
        message: `unknown penalty ${type}`,
      });
    }
  });
  for (const key of ['fineYuan', 'confiscationYuan'] as const) {
    const amount = penalty[key];
    if (amount !== undefined && !isAmount(amount)) {
      issues.push({
        code: 'invalid_amount',
        field: `penalty.${key}`,
        message: `${key} must be a finite amount of yuan, not negative, with at most two decimals`,
      });
    }
  }
  // 处罚有效期 (双公示): a real date, and a penalty cannot end before it was decided.
  const { validUntil } = penalty;
  if (validUntil !== undefined && !isLocalDate(validUntil)) {
    issues.push({
      code: 'invalid_date',
      field: 'penalty.validUntil',
      message: 'the end of the penalty must be a real calendar date written YYYY-MM-DD',
    });
  } else if (
    validUntil !== undefined &&
    isLocalDate(context.decisionDate) &&
    compareDates(validUntil, context.decisionDate) < 0
  ) {
    issues.push({
      code: 'penalty_ends_before_decision',
      field: 'penalty.validUntil',
      message: `the penalty cannot end (${validUntil}) before it was decided (${context.decisionDate})`,
    });
  }
  return {
    types: [...penalty.types],
    ...(penalty.fineYuan !== undefined ? { fineYuan: penalty.fineYuan } : {}),
    ...(penalty.confiscationYuan !== undefined ? { confiscationYuan: penalty.confiscationYuan } : {}),
    ...(validUntil !== undefined ? { validUntil } : {}),
  };
}

function checkRandomInspection(
  inspection: RandomInspection,
  context: { readonly actionType: string; readonly decisionDate: string; readonly today: LocalDate },
  issues: ValidationIssue[],
): RandomInspection {
  // R5: only the result of an inspection (行政检查) can be a 双随机 result with its 20-working-day period.
  if (context.actionType !== 'inspection') {
    issues.push({
      code: 'random_inspection_not_allowed',
      field: 'randomInspection',
      message:
        'a random inspection (双随机抽查) belongs to a decision whose actionType is inspection (行政检查)',
    });
  }
  // R5: the end of a random inspection starts its own 20-working-day deadline, so it must be a real past day.
  const endIssues = dateIssues(
    inspection.endDate,
    context.today,
    'randomInspection.endDate',
    'the inspection end date',
  );
  issues.push(...endIssues);
  // R5: the result is formed when the inspection ends, so the inspection cannot end after its decision.
  if (
    endIssues.length === 0 &&
    isLocalDate(context.decisionDate) &&
    compareDates(inspection.endDate, context.decisionDate) > 0
  ) {
    issues.push({
      code: 'inspection_after_decision',
      field: 'randomInspection.endDate',
      message: `the inspection cannot end (${inspection.endDate}) after the decision on its result (${context.decisionDate})`,
    });
  }
  if (inspection.outcome !== 'normal' && inspection.outcome !== 'problem') {
    issues.push({
      code: 'invalid_inspection_outcome',
      field: 'randomInspection.outcome',
      message: 'the outcome of a random inspection is normal or problem',
    });
  }
  return { endDate: inspection.endDate, outcome: inspection.outcome };
}

/** R3: a note that names a ruling or a law and article is longer than this; shorter ones name nothing. */
export const MIN_EXEMPTION_NOTE_LENGTH = 8;
/** R3: an article of a law, regulation or rule: 第四十八条, 第48条. */
const ARTICLE = /第\s*[0-9０-９一二三四五六七八九十百千零〇两]+\s*条/u;
// R3: grounds that are someone else's decision, so the note must say whose (四平 §四(三)5, 6).
const NOTE_REQUIRED: Readonly<Partial<Record<ExemptionReason, string>>> = {
  higher_authority:
    'name the authority and its decision that publication is unsuitable (e.g. 省工信厅《关于…不予公开的复函》)',
  other_law: 'name the law, regulation or rule and its article (e.g. 《中华人民共和国保守国家秘密法》第九条)',
};

function checkExemption(
  exemption: Exemption,
  context: { readonly decisionDate: string; readonly today: LocalDate },
  issues: ValidationIssue[],
): Exemption {
  // R3: only the six grounds of 四平 §四(三) keep a decision off the public side.
  if (!isOneOf(EXEMPTION_REASONS, exemption.reason)) {
    issues.push({
      code: 'invalid_exemption_reason',
      field: 'exemption.reason',
      message: `the reason must be one of ${EXEMPTION_REASONS.join(', ')}`,
    });
  }
  const note = exemption.note?.trim() ?? '';
  // R3: an exemption on another's ruling or another law is auditable only if the note says which.
  const needed = isOneOf(EXEMPTION_REASONS, exemption.reason) ? NOTE_REQUIRED[exemption.reason] : undefined;
  if (needed !== undefined) {
    const tooShort = [...note].length < MIN_EXEMPTION_NOTE_LENGTH;
    const noArticle = exemption.reason === 'other_law' && !ARTICLE.test(note);
    if (tooShort || noArticle) {
      issues.push({
        code: 'exemption_note_required',
        field: 'exemption.note',
        message: `an exemption for ${exemption.reason} needs a note of at least ${MIN_EXEMPTION_NOTE_LENGTH} characters that can be checked: ${needed}`,
      });
    }
  }
  const reviewOn = exemption.reviewOn;
  if (reviewOn === undefined) {
    // R3 (四平 §四(三)4): hampering enforcement is a reason for a time, so the agency says when it looks again.
    if (exemption.reason === 'hampers_enforcement') {
      issues.push({
        code: 'review_date_required',
        field: 'exemption.reviewOn',
        message:
          'an exemption because publication may hamper enforcement carries reviewOn, the day it is looked at again',
      });
    }
  } else if (!isLocalDate(reviewOn)) {
    issues.push({
      code: 'invalid_date',
      field: 'exemption.reviewOn',
      message: 'the review date must be a real calendar date written YYYY-MM-DD',
    });
  } else if (isLocalDate(context.decisionDate) && compareDates(reviewOn, context.decisionDate) <= 0) {
    // R3: a review on or before the decision reviews nothing.
    issues.push({
      code: 'review_date_not_after_decision',
      field: 'exemption.reviewOn',
      message: `the review date (${reviewOn}) must be after the decision date (${context.decisionDate})`,
    });
  }
  return {
    reason: exemption.reason,
    ...(note !== '' ? { note } : {}),
    ...(reviewOn !== undefined ? { reviewOn } : {}),
  };
}

function checkLegalReview(
  content: DecisionContent,
  today: LocalDate,
  issues: ValidationIssue[],
): LegalReview | undefined {
  const review = content.legalReview;
  // R14 (长治 §四: 未经法制审核…不得作出决定): a major decision without its legal review is refused.
  if (content.majorDecision === true && review === undefined) {
    issues.push({
      code: 'legal_review_required',
      field: 'legalReview',
      message:
        'a major decision (majorDecision) carries its 法制审核 record: legalReview { opinionNumber, reviewedOn }',
    });
  }
  if (review === undefined) return undefined;
  const opinionNumber = review.opinionNumber.trim();
  if (opinionNumber === '') {
    issues.push({
      code: 'legal_review_required',
      field: 'legalReview.opinionNumber',
      message: 'the legal review names its opinion number (法制审核意见书文号)',
    });
  }
  issues.push(
    ...personalNumberIssues(opinionNumber, 'legalReview.opinionNumber', 'the opinion number', undefined),
  );
  const dateProblems = dateIssues(
    review.reviewedOn,
    today,
    'legalReview.reviewedOn',
    'the legal review date',
  );
  issues.push(...dateProblems);
  // R14: the review comes before the decision (不得作出决定 until it is done).
  if (
    dateProblems.length === 0 &&
    isLocalDate(content.decisionDate) &&
    compareDates(review.reviewedOn, content.decisionDate) > 0
  ) {
    issues.push({
      code: 'legal_review_after_decision',
      field: 'legalReview.reviewedOn',
      message: `the legal review (${review.reviewedOn}) cannot come after the decision (${content.decisionDate})`,
    });
  }
  return { opinionNumber, reviewedOn: review.reviewedOn };
}

function redactableText(
  field: RedactableField,
  content: Omit<DecisionContent, 'party'>,
  party: Party,
): string {
  switch (field) {
    case 'party.name':
      return party.name;
    case 'party.legalRepresentative':
      return party.legalRepresentative ?? '';
    default:
      return content[field] ?? '';
  }
}

function checkRedactions(
  redactions: readonly Redaction[],
  texts: Omit<DecisionContent, 'party'>,
  party: Party,
  issues: ValidationIssue[],
): Redaction[] {
  return redactions.map((redaction, i) => {
    // R4: a marked span must name a field it can mask and a text the field really holds, or nothing is masked.
    if (!isOneOf(REDACTABLE_FIELDS, redaction.field)) {
      issues.push({
        code: 'invalid_redaction_field',
        field: `redactions[${i}].field`,
        message: `spans can be marked in ${REDACTABLE_FIELDS.join(', ')}`,
      });
    } else if (redaction.text.trim() === '') {
      issues.push({
        code: 'required',
        field: `redactions[${i}].text`,
        message: 'a marked span must not be empty',
      });
    } else if (!redactableText(redaction.field, texts, party).includes(redaction.text)) {
      issues.push({
        code: 'redaction_not_found',
        field: `redactions[${i}].text`,
        message: `the marked text does not occur in ${redaction.field}`,
      });
    }
    return { field: redaction.field, text: redaction.text };
  });
}

/** R14: whether a refusal says that a major decision came without its legal review at all. */
export function lacksLegalReview(error: unknown): boolean {
  if (!(error instanceof ValidationError)) return false;
  const issues = error.details?.issues;
  return (
    Array.isArray(issues) &&
    issues.some(
      (issue: { code?: unknown; field?: unknown }) =>
        issue.code === 'legal_review_required' && issue.field === 'legalReview',
    )
  );
}

/**
 * The content normalised (trimmed text, normalised ID numbers, unknown members dropped), or one
 * ValidationError whose `code` and `field` are the first problem's and whose `details.issues` lists them all.
 */
export function validateDecisionContent(
  content: DecisionContent,
  options: { readonly today: LocalDate },
): DecisionContent {
  const { today } = options;
  const issues: ValidationIssue[] = [];

  const caseNumber = requiredText(content.caseNumber, 'caseNumber', issues);
  if ([...caseNumber].length > MAX_CASE_NUMBER_LENGTH) {
    issues.push({
      code: 'too_long',
      field: 'caseNumber',
      message: `the case number is longer than ${MAX_CASE_NUMBER_LENGTH} characters`,
      params: { max: MAX_CASE_NUMBER_LENGTH },
    });
  }
  // R1: only the seven kinds of decision whose results the regulations disclose.
  if (!isOneOf(ACTION_TYPES, content.actionType)) {
    issues.push({
      code: 'invalid_action_type',
      field: 'actionType',
      message: `the action type must be one of ${ACTION_TYPES.join(', ')}`,
    });
  }

  // R3 reads the party's age on this date and R6 counts from it, so it must be a real day that has come.
  const decisionDateIssues = dateIssues(content.decisionDate, today, 'decisionDate', 'the decision date');
  // A birth date is bounded by the decision date only when that date is itself usable.
  const birthBound = isLocalDate(content.decisionDate) ? content.decisionDate : today;
  const checkedParty = checkParty(content.party, birthBound);
  issues.push(...checkedParty.issues);
  const party = checkedParty.party;
  const ownCode = party.idType === 'uscc' ? party.idNumber : undefined;
  issues.push(
    ...personalNumberIssues(caseNumber, 'caseNumber', 'the case number', undefined),
    ...personalNumberIssues(party.name, 'party.name', 'the party name', ownCode),
    ...personalNumberIssues(
      party.legalRepresentative,
      'party.legalRepresentative',
      'the legal representative',
      ownCode,
    ),
  );

  const texts = {
    caseNumber,
    actionType: content.actionType,
    method: requiredText(content.method, 'method', issues),
    content: requiredText(content.content, 'content', issues),
    legalBasis: requiredText(content.legalBasis, 'legalBasis', issues),
    result: requiredText(content.result, 'result', issues),
    // 违法行为类型 (双公示): optional; a blank one is no type at all.
    ...(content.violationType?.trim() ? { violationType: content.violationType.trim() } : {}),
    decisionDate: content.decisionDate,
  };
  // Issues follow the order of the contract's members, so the first one is the first a reader would meet.
  const penalty = content.penalty && checkPenalty(content.penalty, content, issues);
  issues.push(...decisionDateIssues);
  const legalReview = checkLegalReview(content, today, issues);
  const dated = { actionType: content.actionType, decisionDate: content.decisionDate, today };
  const randomInspection =
    content.randomInspection && checkRandomInspection(content.randomInspection, dated, issues);
  const exemption = content.exemption && checkExemption(content.exemption, dated, issues);
  const redactions = content.redactions && checkRedactions(content.redactions, texts, party, issues);

  throwIfIssues(issues);
  return {
    ...texts,
    party,
    ...(penalty ? { penalty } : {}),
    ...(content.majorDecision === true ? { majorDecision: true } : {}),
    ...(legalReview ? { legalReview } : {}),
    ...(randomInspection ? { randomInspection } : {}),
    ...(exemption ? { exemption } : {}),
    ...(redactions ? { redactions } : {}),
  };
}
