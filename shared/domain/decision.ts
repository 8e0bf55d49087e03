/**
 * The enforcement decision as an agency submits it and as Gongshi keeps it. Field names follow the national
 * 双公示 data items and the SPEC contract; every type here is plain readonly data.
 */
import type { LocalDate } from './dates.ts';

// R1: the kinds of enforcement decisions whose results are disclosed (四平 §四(三); 长治 §二).
export const ACTION_TYPES = [
  'license',
  'penalty',
  'inspection',
  'coercion',
  'levy',
  'fee',
  'requisition',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const ACTION_TYPE_LABELS: Readonly<Record<ActionType, string>> = {
  license: '行政许可',
  penalty: '行政处罚',
  inspection: '行政检查',
  coercion: '行政强制',
  levy: '行政征收',
  fee: '行政收费',
  requisition: '行政征用',
};

export const PARTY_KINDS = ['legal_person', 'natural_person', 'other_org', 'individual_business'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_KIND_LABELS: Readonly<Record<PartyKind, string>> = {
  legal_person: '法人',
  natural_person: '自然人',
  other_org: '非法人组织',
  individual_business: '个体工商户',
};

export const ID_TYPES = ['uscc', 'resident_id', 'passport', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_LABELS: Readonly<Record<IdType, string>> = {
  uscc: '统一社会信用代码',
  resident_id: '居民身份证',
  passport: '护照',
  other: '其他证件',
};

/** 行政相对人. */
export interface Party {
  readonly kind: PartyKind;
  readonly name: string;
  readonly idType: IdType;
  readonly idNumber: string;
  /** 法定代表人 (负责人) of a legal person or organisation; the operator (经营者) of an individual business. */
  readonly legalRepresentative?: string;
  /** R3: a natural person without a mainland resident ID states the birth date, so a minor is recognised. */
  readonly birthDate?: LocalDate;
}

/**
 * R4, R6: the parties that are persons in law: a natural person, and an individual business (个体工商户),
 * which 民法典 ch. 2 places with natural persons: its operator is masked, its 2-year period applies.
 */
export function isPersonParty(kind: PartyKind): boolean {
  return kind === 'natural_person' || kind === 'individual_business';
}

/** What the party's `legalRepresentative` is called: an individual business has an operator (经营者). */
export function representativeLabel(kind: PartyKind): string {
  return kind === 'individual_business' ? '经营者' : '法定代表人（负责人）';
}

// The kinds of administrative penalty, 行政处罚法 (2021) art. 9.
export const PENALTY_TYPES = [
  'warning',
  'public_criticism',
  'fine',
  'confiscation_of_illegal_gains',
  'confiscation_of_illegal_property',
  'licence_suspension',
  'qualification_downgrade',
  'licence_revocation',
  'business_restriction',
  'production_suspension',
  'closure',
  'employment_restriction',
  'detention',
  'other',
] as const;
export type PenaltyType = (typeof PENALTY_TYPES)[number];
export const PENALTY_TYPE_LABELS: Readonly<Record<PenaltyType, string>> = {
  warning: '警告',
  public_criticism: '通报批评',
  fine: '罚款',
  confiscation_of_illegal_gains: '没收违法所得',
  confiscation_of_illegal_property: '没收非法财物',
  licence_suspension: '暂扣许可证件',
  qualification_downgrade: '降低资质等级',
  licence_revocation: '吊销许可证件',
  business_restriction: '限制开展生产经营活动',
  production_suspension: '责令停产停业',
  closure: '责令关闭',
  employment_restriction: '限制从业',
  detention: '行政拘留',
  other: '其他行政处罚',
};

export interface Penalty {
  readonly types: readonly PenaltyType[];
  readonly fineYuan?: number;
  readonly confiscationYuan?: number;
  /** 处罚有效期 (双公示): the last day the penalty has effect, when it has one (a suspension, a bar); not before decisionDate. */
  readonly validUntil?: LocalDate;
}

/** 双随机 random inspection: normal results have their own, longer deadline (R5). */
export interface RandomInspection {
  readonly endDate: LocalDate;
  readonly outcome: 'normal' | 'problem';
}

// R3: the six grounds of 四平 §四(三) on which a decision is never published.
export const EXEMPTION_REASONS = [
  'minor', // 1. 行政相对人是未成年人
  'state_secret', // 2. 国家秘密
  'trade_secret', // 2. 商业秘密
  'personal_privacy', // 2. 个人隐私
  'security_stability', // 3. 危及国家安全、公共安全、经济安全和社会稳定
  'hampers_enforcement', // 4. 可能妨害正常执法活动
  'higher_authority', // 5. 上级认为不适宜公开
  'other_law', // 6. 法律、法规、规章另有规定
] as const;
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];
export const EXEMPTION_REASON_LABELS: Readonly<Record<ExemptionReason, string>> = {
  minor: '行政相对人是未成年人',
  state_secret: '案件主要事实涉及国家秘密',
  trade_secret: '案件主要事实涉及商业秘密',
  personal_privacy: '案件主要事实涉及个人隐私',
  security_stability: '公开后可能危及国家安全、公共安全、经济安全和社会稳定',
  hampers_enforcement: '可能妨害正常执法活动',
  higher_authority: '国家、省人民政府及其主管部门、市政府认为不适宜公开',
  other_law: '法律、法规、规章对公开另有规定',
};

export interface Exemption {
  readonly reason: ExemptionReason;
  /** R3: internal, for the audit; for `higher_authority` and `other_law` it names the ruling or the law and article. */
  readonly note?: string;
  /**
   * R3 (四平 §四(三)4): the day the agency looks again at whether publication still hampers enforcement; required
   * for `hampers_enforcement` (an investigation ends), after the decision date. The deadline sweep reminds.
   */
  readonly reviewOn?: LocalDate;
}

/** R14 (长治 §四): the 法制审核 record of a major decision: the review opinion's number and the day it was given. */
export interface LegalReview {
  readonly opinionNumber: string;
  readonly reviewedOn: LocalDate;
}

// R4: the free-text fields a submitter or reviewer may mark spans in.
export const REDACTABLE_FIELDS = [
  'party.name',
  'party.legalRepresentative',
  'method',
  'content',
  'legalBasis',
  'result',
  'violationType',
] as const;
export type RedactableField = (typeof REDACTABLE_FIELDS)[number];

export interface Redaction {
  readonly field: RedactableField;
  readonly text: string;
}

/** A decision as submitted (the SPEC contract), already shape-checked at the boundary. */
export interface DecisionContent {
  readonly caseNumber: string;
  readonly actionType: ActionType;
  readonly party: Party;
  readonly method: string;
  readonly content: string;
  readonly legalBasis: string;
  readonly result: string;
  /** 违法行为类型 (双公示): optional free text, published masked as the other free texts are (R4). */
  readonly violationType?: string;
  readonly penalty?: Penalty;
  readonly decisionDate: LocalDate;
  /** R14: a major decision (重大执法决定), which must carry its `legalReview`. */
  readonly majorDecision?: boolean;
  readonly legalReview?: LegalReview;
  readonly randomInspection?: RandomInspection;
  readonly exemption?: Exemption;
  readonly redactions?: readonly Redaction[];
}

export const DECISION_STATUSES = [
  'pending_review',
  'rejected',
  'publishing',
  'published',
  'exempt',
  'withdrawn',
  // A decision never published that its submitter closed: not a withdrawal, counted apart (R12).
  'discarded',
] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

// R7, R8, R6: why a decision leaves the public side. `expired` is the withdrawal sweep's alone.
export const WITHDRAW_REASONS = [
  'revoked',
  'confirmed_illegal',
  'confirmed_invalid',
  'redo_ordered',
  'changed',
  'published_in_error',
  'emergency',
  'expired',
] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];

/**
 * R7 (行政处罚法 art. 48): the reasons that follow a legal event (撤销, 确认违法, 确认无效, 要求重新作出, 变更); a
 * withdrawal for one of them states the day of that event, from which its 3 working days run.
 */
export const LEGAL_EVENT_REASONS = [
  'revoked',
  'confirmed_illegal',
  'confirmed_invalid',
  'redo_ordered',
  'changed',
] as const satisfies readonly WithdrawReason[];
export type LegalEventReason = (typeof LEGAL_EVENT_REASONS)[number];

export function isLegalEventReason(reason: WithdrawReason): reason is LegalEventReason {
  return (LEGAL_EVENT_REASONS as readonly WithdrawReason[]).includes(reason);
}
export const WITHDRAW_REASON_LABELS: Readonly<Record<WithdrawReason, string>> = {
  revoked: '原决定被依法撤销',
  confirmed_illegal: '原决定被确认违法',
  confirmed_invalid: '原决定被确认无效',
  redo_ordered: '原决定被要求重新作出',
  changed: '原决定被依法变更',
  published_in_error: '不应当公开而公开，已撤销',
  emergency: '紧急处置',
  expired: '公开期限届满',
};

export const ROLES = ['submitter', 'reviewer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: a signed-in user of an agency, or the platform itself (publisher, sweeps). */
export type Actor =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly agencyId: string;
      readonly roles: readonly Role[];
      /** R13: an agency's case system (a machine credential), a submitter only; absent for people. */
      readonly via?: 'case_system';
    }
  | { readonly kind: 'system'; readonly userId: string };

export const REVIEW_OUTCOMES = ['approve', 'reject', 'exempt'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/**
 * What a review did, in the words the record and the answer use. R3: a reviewer's approval of a never-publish
 * revision confirms its exemption; it is never recorded as an approval to publish.
 */
export const REVIEW_OUTCOME_LABELS: Readonly<Record<ReviewOutcome, string>> = {
  approve: '同意公开',
  reject: '退回修改',
  exempt: '同意，不予公开（豁免）',
};

export interface Review {
  readonly reviewerId: string;
  readonly at: string;
  readonly outcome: ReviewOutcome;
  readonly comment: string;
  /**
   * R2: an approval's SHA-256 of the public projection the reviewer was shown (approval.ts). Absent on
   * rejections, exemptions, and approvals recorded before approvals were bound (ADR 0011).
   */
  readonly projectionHash?: string;
  /**
   * R4: how the reviewer resolved each suspected personal-data finding of the revision (findings.ts): `mask`
   * ones are masked in the projection the hash covers, `keep` ones stay as written, with the comment saying why.
   */
  readonly resolutions?: Readonly<Record<string, 'mask' | 'keep'>>;
  /**
   * R4: what the `mask` resolutions name, as written in the revision: the projection masks these, so the
   * publisher applies the review without running the detectors again.
   */
  readonly masked?: readonly MaskedFinding[];
}

/** A suspected finding a reviewer chose to mask: its field, kind and text as written (findings.ts). */
export interface MaskedFinding {
  readonly field: RedactableField;
  readonly kind: string;
  readonly text: string;
}

/** One version of the content. Revisions are never edited; a correction adds one. */
export interface Revision {
  readonly number: number;
  readonly content: DecisionContent;
  readonly submittedBy: string;
  readonly submittedAt: string;
  /** The day the information was formed (first revision) or changed (a correction): R5 counts from it. */
  readonly basisDate: LocalDate;
  readonly review?: Review;
  /**
   * R8: a correction of a published decision says what the public sees while it is reviewed: the published
   * content with a note that a correction is under way (`show`, the default), or a notice in its place
   * (`withhold`: the submitter says the published content must not stay up meanwhile).
   */
  readonly meanwhile?: CorrectionMeanwhile;
}

export const CORRECTION_MEANWHILE = ['show', 'withhold'] as const;
export type CorrectionMeanwhile = (typeof CORRECTION_MEANWHILE)[number];

/** R8: a correction of a published decision under review: which revision, since when, what the public sees. */
export interface CorrectionUnderWay {
  readonly revision: number;
  readonly since: string;
  readonly meanwhile: CorrectionMeanwhile;
}

/**
 * R8: the correction of a published decision that is under review, if any: a revision pending while another is
 * public. A decision under review before its first publication has none.
 */
export function correctionUnderWay(decision: Decision): CorrectionUnderWay | undefined {
  if (decision.status !== 'published' || decision.publicRevision === undefined) return undefined;
  const pending = revisionOf(decision, decision.pendingRevision);
  if (!pending) return undefined;
  return { revision: pending.number, since: pending.submittedAt, meanwhile: pending.meanwhile ?? 'show' };
}

/**
 * R8: a withheld correction the reviewer sent back: the published revision is shown again in place of the
 * notice. The last revision, rejected, withheld, while nothing else is pending.
 */
export function rejectedWithheldCorrection(decision: Decision): Revision | undefined {
  if (decision.status !== 'published' || decision.pendingRevision !== undefined) return undefined;
  const last = decision.revisions.at(-1);
  return last?.meanwhile === 'withhold' && last.review?.outcome === 'reject' ? last : undefined;
}

export interface Withdrawal {
  readonly reason: WithdrawReason;
  readonly explanation: string;
  readonly at: string;
  readonly by: string;
  /** R7: the day of the legal event (revocation, confirmation, order, change) the takedown runs from. */
  readonly legalEventDate?: LocalDate;
  /**
   * R7, R8: the last day the withdrawal was on time: 3 working days after the legal event, the same day for
   * published_in_error and emergency. Absent on withdrawals recorded before it was kept.
   */
  readonly takedownBy?: LocalDate;
  /** R7: filed (Asia/Shanghai date of `at`) no later than `takedownBy`. */
  readonly onTime?: boolean;
  /** R7: the deadline's explanation, naming the day it runs from. */
  readonly takedownExplanation?: string;
  /** R8: the reviewer's confirmation of a withdrawal made by one person (four eyes). */
  readonly confirmation?: { readonly by: string; readonly at: string; readonly comment: string };
}

/** R8: a reinstatement of a decision withdrawn by mistake; the withdrawal it undid is kept with it. */
export interface Reinstatement {
  readonly by: string;
  readonly at: string;
  readonly comment: string;
  readonly withdrawal: Withdrawal;
}

/** A decision never published that its submitter discarded, with the reason (not a withdrawal). */
export interface Discard {
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

export interface Decision {
  readonly id: string;
  readonly agencyId: string;
  readonly status: DecisionStatus;
  /** Optimistic-concurrency counter: +1 on every event. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revisions: readonly Revision[];
  /** The revision awaiting review, if any (a first submission, a resubmission or a correction). */
  readonly pendingRevision?: number;
  /** The revision the public side shows, or is being written with while `publishing`. */
  readonly publicRevision?: number;
  /** First publication, and the latest one (a correction republishes). */
  readonly publishedAt?: string;
  readonly lastPublishedAt?: string;
  readonly withdrawal?: Withdrawal;
  /** R8: earlier withdrawals undone by a reviewer, oldest first. */
  readonly reinstatements?: readonly Reinstatement[];
  readonly discard?: Discard;
  /** R7: when the publisher confirmed that the public site no longer shows the withdrawn decision. */
  readonly takedownConfirmedAt?: string;
}

export function revisionOf(decision: Decision, number: number | undefined): Revision | undefined {
  return number === undefined ? undefined : decision.revisions.find((r) => r.number === number);
}

export function latestRevision(decision: Decision): Revision {
  const last = decision.revisions.at(-1);
  if (!last) throw new Error(`decision ${decision.id} has no revision`);
  return last;
}
