/**
 * The public projection: the one object that says what the public will see of a decision. The reviewer
 * approves this object and the publisher writes this object, so what was approved is what is published.
 * It is built field by field from R1's list, never by copying the input, so a field added to the content
 * later stays internal until someone adds it here on purpose.
 */
import type { LocalDate } from './dates.ts';
import {
  ACTION_TYPE_LABELS,
  type ActionType,
  type DecisionContent,
  type ExemptionReason,
  ID_TYPE_LABELS,
  type IdType,
  type MaskedFinding,
  PARTY_KIND_LABELS,
  type PartyKind,
  PENALTY_TYPE_LABELS,
  type PenaltyType,
  type RedactableField,
} from './decision.ts';
import { neverPublishReason } from './exemptions.ts';
import { maskCertain, residentIdsIn } from './personal-data.ts';
import {
  applyMarkedSpans,
  type FreeTextContext,
  maskFreeText,
  maskIdNumber,
  maskPersonName,
} from './redaction.ts';
import { skeletonOf } from './skeleton.ts';

export interface PublicParty {
  readonly kind: PartyKind;
  readonly kindLabel: string;
  readonly name: string;
  readonly idType: IdType;
  readonly idTypeLabel: string;
  readonly idNumber: string;
  /** Legal persons and organisations only. */
  readonly legalRepresentative?: string;
}

export interface PublicPenalty {
  readonly types: readonly PenaltyType[];
  /** The Chinese names of `types`, in the same order. */
  readonly typeLabels: readonly string[];
  readonly fineYuan?: number;
  readonly confiscationYuan?: number;
  /** 处罚有效期 (双公示). */
  readonly validUntil?: LocalDate;
}

/** R1: what is disclosed of a decision (四平 §四(三); 长治 §二). The publication date is the site's to add. */
export interface PublicDecisionDocument {
  readonly id: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly caseNumber: string;
  readonly actionType: ActionType;
  readonly actionTypeLabel: string;
  readonly party: PublicParty;
  readonly method: string;
  readonly content: string;
  readonly legalBasis: string;
  readonly result: string;
  /** 违法行为类型 (双公示), masked as the other free texts (R4); absent when the agency gave none. */
  readonly violationType?: string;
  readonly penalty?: PublicPenalty;
  readonly decisionDate: LocalDate;
  readonly randomInspection?: { readonly endDate: LocalDate; readonly outcome: 'normal' | 'problem' };
  /** R14: a major decision (重大执法决定); absent otherwise. */
  readonly majorDecision?: true;
  /** R14: it was legally reviewed (经法制审核) on this day. The opinion number stays internal. */
  readonly legalReview?: { readonly reviewedOn: LocalDate };
  readonly revision: number;
}

export type PublicProjection =
  | { readonly publishable: true; readonly document: PublicDecisionDocument }
  | {
      readonly publishable: false;
      readonly reason: ExemptionReason;
      readonly source: 'declared' | 'detected';
    };

export interface ProjectionInput {
  readonly id: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly revision: number;
  readonly content: DecisionContent;
  /** R4: the suspected findings the reviewer chose to mask (findings.ts maskedFindings), as written. */
  readonly masked?: readonly MaskedFinding[];
}

function spansIn(content: DecisionContent, field: RedactableField): readonly string[] {
  return (content.redactions ?? []).filter((r) => r.field === field).map((r) => r.text);
}

const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** A field published as written, without what hides characters from a reader or a mask. */
function plain(value: string): string {
  return value.replace(FORMAT_CHARACTERS, '');
}

/**
 * R4: a party's number as published. A number that holds a checksum-valid resident ID, however written and
 * whatever it was filed under, is a person's and keeps only its region; a natural person's other numbers keep
 * one character; an organisation's own code is public, with any mobile or ID in it masked all the same.
 */
function publicIdNumber(content: DecisionContent): string {
  const { party } = content;
  const idNumber = plain(party.idNumber);
  if (party.idType === 'resident_id' || residentIdsIn(idNumber).length > 0) {
    return maskIdNumber('resident_id', skeletonOf(idNumber).text);
  }
  if (party.kind === 'natural_person') return maskIdNumber(party.idType, idNumber);
  // A USCC is checked whole by validation; any other number may hold whatever a clerk pasted into it.
  const kinds = party.idType === 'uscc' ? (['resident_id'] as const) : NUMBER_KINDS;
  return maskCertain(idNumber, { kinds });
}

const NUMBER_KINDS = ['resident_id', 'mobile', 'landline', 'bank_card', 'email'] as const;

function publicParty(content: DecisionContent): PublicParty {
  const { party } = content;
  const name = applyMarkedSpans(plain(party.name), spansIn(content, 'party.name'));
  const labels = { kindLabel: PARTY_KIND_LABELS[party.kind], idTypeLabel: ID_TYPE_LABELS[party.idType] };
  const idNumber = publicIdNumber(content);
  if (party.kind === 'natural_person') {
    // R4: a natural person keeps the surname and the ID's region; a legal representative has no place here.
    return {
      kind: party.kind,
      kindLabel: labels.kindLabel,
      name: maskPersonName(name),
      idType: party.idType,
      idTypeLabel: labels.idTypeLabel,
      idNumber,
    };
  }
  const marked =
    party.legalRepresentative === undefined
      ? undefined
      : applyMarkedSpans(plain(party.legalRepresentative), spansIn(content, 'party.legalRepresentative'));
  // R4 (SPEC, individual_business): the trade name and its code are public, the operator is a natural person.
  const legalRepresentative =
    marked !== undefined && party.kind === 'individual_business' ? maskPersonName(marked) : marked;
  return {
    kind: party.kind,
    kindLabel: labels.kindLabel,
    // R4 (长治 §二): legal persons and organisations are published with full name, code and representative.
    name: maskCertain(name, CERTAIN_IN_NAMES),
    idType: party.idType,
    idTypeLabel: labels.idTypeLabel,
    idNumber,
    ...(legalRepresentative !== undefined
      ? { legalRepresentative: maskCertain(legalRepresentative, CERTAIN_IN_NAMES) }
      : {}),
  };
}

/** Validation refuses these in names (422 personal_number); the projection masks them all the same. */
const CERTAIN_IN_NAMES = { kinds: ['resident_id', 'mobile', 'bank_card', 'long_number', 'email'] } as const;

function freeTextContext(content: DecisionContent): Omit<FreeTextContext, 'spans'> {
  const { party } = content;
  if (party.kind === 'natural_person') {
    return { person: { name: party.name, idType: party.idType, idNumber: party.idNumber } };
  }
  const publicCode = party.idType === 'uscc' ? { publicCode: party.idNumber } : {};
  // R4: an individual business's operator is masked in the text as a natural person party is.
  if (party.kind === 'individual_business' && party.legalRepresentative !== undefined) {
    const operator = { name: party.legalRepresentative, idType: party.idType, idNumber: '' };
    return { person: operator, ...publicCode };
  }
  return publicCode;
}

function publicPenalty(content: DecisionContent): PublicPenalty | undefined {
  const { penalty } = content;
  if (!penalty) return undefined;
  return {
    types: [...penalty.types],
    typeLabels: penalty.types.map((type) => PENALTY_TYPE_LABELS[type]),
    ...(penalty.fineYuan !== undefined ? { fineYuan: penalty.fineYuan } : {}),
    ...(penalty.confiscationYuan !== undefined ? { confiscationYuan: penalty.confiscationYuan } : {}),
    ...(penalty.validUntil !== undefined ? { validUntil: penalty.validUntil } : {}),
  };
}

/**
 * R4, R7: a text staff write about a decision for the public (a withdrawal notice's explanation), masked as the
 * decision's own free text is: the party's name and ID number if a natural person, and anyone's IDs, phone
 * numbers and e-mail addresses. Staff write such texts in a hurry; the public side must never hold them raw.
 */
export function maskPublicNote(content: DecisionContent, text: string): string {
  return maskFreeText(text, freeTextContext(content));
}

/** Exactly what the public will see of this revision of a decision: a document, or nothing and why. */
export function projectPublic(input: ProjectionInput): PublicProjection {
  const { content } = input;
  const exempt = neverPublishReason(content);
  // R3: an exempt decision yields no document at all, so not one byte of it can reach the public side.
  if (exempt) return { publishable: false, reason: exempt.reason, source: exempt.source };

  const context = freeTextContext(content);
  const text = (field: 'method' | 'content' | 'legalBasis' | 'result' | 'violationType'): string => {
    // R4: a name the reviewer chose to mask keeps its surname, as a party's does; anything else goes whole.
    const chosen = (input.masked ?? []).filter((m) => m.field === field);
    let written = content[field] ?? '';
    for (const finding of chosen) {
      if (finding.kind === 'person_name')
        written = written.replaceAll(finding.text, maskPersonName(finding.text));
    }
    const spans = [
      ...spansIn(content, field),
      ...chosen.filter((f) => f.kind !== 'person_name').map((f) => f.text),
    ];
    return maskFreeText(written, { ...context, spans });
  };
  const penalty = publicPenalty(content);
  const inspection = content.randomInspection;

  // R1: the disclosed fields, one by one.
  const document: PublicDecisionDocument = {
    id: input.id,
    agency: { id: input.agency.id, name: input.agency.name },
    caseNumber: content.caseNumber,
    actionType: content.actionType,
    actionTypeLabel: ACTION_TYPE_LABELS[content.actionType],
    party: publicParty(content),
    method: text('method'),
    content: text('content'),
    legalBasis: text('legalBasis'),
    result: text('result'),
    ...(content.violationType !== undefined ? { violationType: text('violationType') } : {}),
    ...(penalty ? { penalty } : {}),
    decisionDate: content.decisionDate,
    ...(inspection ? { randomInspection: { endDate: inspection.endDate, outcome: inspection.outcome } } : {}),
    // R14: the public page says a major decision was legally reviewed, and when.
    ...(content.majorDecision === true ? { majorDecision: true as const } : {}),
    ...(content.legalReview ? { legalReview: { reviewedOn: content.legalReview.reviewedOn } } : {}),
    revision: input.revision,
  };
  return { publishable: true, document };
}
