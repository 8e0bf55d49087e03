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
  type Party,
  PENALTY_TYPES,
  type Penalty,
  type RandomInspection,
  REDACTABLE_FIELDS,
  type RedactableField,
  type Redaction,
} from './decision.ts';
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

function checkPenalty(penalty: Penalty, actionType: string, issues: ValidationIssue[]): Penalty {
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
  return {
    types: [...penalty.types],
    ...(penalty.fineYuan !== undefined ? { fineYuan: penalty.fineYuan } : {}),
    ...(penalty.confiscationYuan !== undefined ? { confiscationYuan: penalty.confiscationYuan } : {}),
  };
}

function checkRandomInspection(
  inspection: RandomInspection,
  today: LocalDate,
  issues: ValidationIssue[],
): RandomInspection {
  // R5: the end of a random inspection starts its own 20-working-day deadline, so it must be a real past day.
  issues.push(
    ...dateIssues(inspection.endDate, today, 'randomInspection.endDate', 'the inspection end date'),
  );
  if (inspection.outcome !== 'normal' && inspection.outcome !== 'problem') {
    issues.push({
      code: 'invalid_inspection_outcome',
      field: 'randomInspection.outcome',
      message: 'the outcome of a random inspection is normal or problem',
    });
  }
  return { endDate: inspection.endDate, outcome: inspection.outcome };
}

function checkExemption(exemption: Exemption, issues: ValidationIssue[]): Exemption {
  // R3: only the six grounds of 四平 §四(三) keep a decision off the public side.
  if (!isOneOf(EXEMPTION_REASONS, exemption.reason)) {
    issues.push({
      code: 'invalid_exemption_reason',
      field: 'exemption.reason',
      message: `the reason must be one of ${EXEMPTION_REASONS.join(', ')}`,
    });
  }
  const note = exemption.note?.trim() ?? '';
  return { reason: exemption.reason, ...(note !== '' ? { note } : {}) };
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
      return content[field];
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
    decisionDate: content.decisionDate,
  };
  // Issues follow the order of the contract's members, so the first one is the first a reader would meet.
  const penalty = content.penalty && checkPenalty(content.penalty, content.actionType, issues);
  issues.push(...decisionDateIssues);
  const randomInspection =
    content.randomInspection && checkRandomInspection(content.randomInspection, today, issues);
  const exemption = content.exemption && checkExemption(content.exemption, issues);
  const redactions = content.redactions && checkRedactions(content.redactions, texts, party, issues);

  throwIfIssues(issues);
  return {
    ...texts,
    party,
    ...(penalty ? { penalty } : {}),
    ...(randomInspection ? { randomInspection } : {}),
    ...(exemption ? { exemption } : {}),
    ...(redactions ? { redactions } : {}),
  };
}
