/**
 * The shapes at the HTTP boundary, in zod/mini (classic zod adds ~450 KB to every bundle). The
 * handlers parse with them and the OpenAPI document is generated from them, so the two cannot differ.
 * Shapes only: the rules (check digits, real dates, today) are the domain's.
 *
 * Each top-level schema is marked pure (and `text` free of effects): `.check` and `.register` are method calls,
 * which the bundler would otherwise keep whether or not a handler parses with the schema, so every bundle would
 * carry every schema. Registering only matters to the OpenAPI document, whose handler imports them all.
 */
import * as z from 'zod/mini';
import {
  ANSWER_OUTCOMES,
  CORRECTION_REQUEST_STATUSES,
  EVIDENCE_CONTENT_TYPES,
  MAX_ATTACHMENTS,
  MAX_EVIDENCE_BYTES,
} from '../domain/correction-request.ts';
import {
  ACTION_TYPES,
  CORRECTION_MEANWHILE,
  DECISION_STATUSES,
  EXEMPTION_REASONS,
  ID_TYPES,
  PARTY_KINDS,
  PENALTY_TYPES,
  REDACTABLE_FIELDS,
  REVIEW_OUTCOMES,
  WITHDRAW_REASONS,
} from '../domain/decision.ts';

const text = /* @__NO_SIDE_EFFECTS__ */ (max: number, description?: string) =>
  z.string().check(z.maxLength(max), ...(description ? [z.describe(description)] : []));
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DateSchema = /* @__PURE__ */ z
  .string()
  .check(z.regex(DATE_PATTERN, 'a date written YYYY-MM-DD (Asia/Shanghai)'));
const amount = /* @__PURE__ */ z.number().check(z.gte(0), z.lte(1e13));

export const PartySchema = /* @__PURE__ */ z.strictObject({
  kind: z.enum(PARTY_KINDS),
  name: text(200, '行政相对人名称或姓名'),
  idType: z.enum(ID_TYPES),
  idNumber: text(64, '统一社会信用代码或证件号码'),
  legalRepresentative: z.optional(text(200, '法定代表人（负责人）; 个体工商户: 经营者')),
  // R3: a natural person without a mainland resident ID states the birth date (422 birth_date_required).
  birthDate: z.optional(DateSchema),
});

export const DecisionInputSchema = /* @__PURE__ */ z
  .strictObject({
    caseNumber: text(100, '决定书文号, unique per agency'),
    actionType: z.enum(ACTION_TYPES),
    party: PartySchema,
    method: text(2_000, '执法方式'),
    content: text(20_000, '执法内容'),
    legalBasis: text(5_000, '执法依据'),
    result: text(10_000, '执法决定（结果）'),
    penalty: z.optional(
      z.strictObject({
        types: z.array(z.enum(PENALTY_TYPES)).check(z.maxLength(PENALTY_TYPES.length)),
        fineYuan: z.optional(amount),
        confiscationYuan: z.optional(amount),
        validUntil: z.optional(DateSchema.check(z.describe('处罚有效期, not before decisionDate'))),
      }),
    ),
    violationType: z.optional(text(200, '违法行为类型 (双公示), published masked as the other free texts')),
    decisionDate: DateSchema,
    // R14: a major decision (重大执法决定) carries its 法制审核 record (422 legal_review_required).
    majorDecision: z.optional(z.boolean()),
    legalReview: z.optional(
      z.strictObject({
        opinionNumber: text(100, '法制审核意见书文号'),
        reviewedOn: DateSchema.check(z.describe('审核日期, not after decisionDate')),
      }),
    ),
    // R5: only on an inspection (行政检查), ending no later than decisionDate.
    randomInspection: z.optional(
      z.strictObject({ endDate: DateSchema, outcome: z.enum(['normal', 'problem']) }),
    ),
    exemption: z.optional(
      z.strictObject({
        reason: z.enum(EXEMPTION_REASONS),
        note: z.optional(
          text(
            2_000,
            'higher_authority, other_law: the ruling, or the law and article (422 exemption_note_required)',
          ),
        ),
        // R3: required for hampers_enforcement, after decisionDate; the deadline sweep reminds when it comes.
        reviewOn: z.optional(DateSchema),
      }),
    ),
    redactions: z.optional(
      z
        .array(z.strictObject({ field: z.enum(REDACTABLE_FIELDS), text: text(2_000) }))
        .check(z.maxLength(100)),
    ),
  })
  .register(z.globalRegistry, { id: 'DecisionInput', description: 'A decision as an agency submits it' });

export const BatchInputSchema = /* @__PURE__ */ z
  .strictObject({ items: z.array(z.unknown()).check(z.minLength(1), z.maxLength(100)) })
  .register(z.globalRegistry, { id: 'BatchInput', description: 'Up to 100 decisions (DecisionInput each)' });

/** R12, R13: what a case system says its agency decided in a period (inventory.ts). */
export const InventoryEntrySchema = /* @__PURE__ */ z.strictObject({
  caseNumber: text(100, '决定书文号, matched as people read it (brackets, spaces and digit forms folded)'),
  actionType: z.enum(ACTION_TYPES),
  decisionDate: z.optional(
    DateSchema.check(z.describe('required in a month’s inventory; a day’s defaults to the day')),
  ),
  randomInspection: z.optional(
    z.strictObject({ endDate: DateSchema, outcome: z.enum(['normal', 'problem']) }),
  ),
});

export const InventorySchema = /* @__PURE__ */ z.strictObject({
  period: z
    .string()
    .check(
      z.maxLength(10),
      z.describe(
        'a day (YYYY-MM-DD) or a month (YYYY-MM); a month and its days are reported one way, not both',
      ),
    ),
  decisions: z.optional(
    z
      .array(InventoryEntrySchema)
      .check(z.maxLength(2_000), z.describe('the decisions by case number (at most 2 000)')),
  ),
  counts: z.optional(
    z
      .partialRecord(z.enum(ACTION_TYPES), z.number().check(z.int(), z.minimum(0), z.maximum(100_000)))
      .check(z.describe('decisions by action type, where case numbers cannot leave the case system')),
  ),
});

export const InventoryInputSchema = /* @__PURE__ */ z
  .strictObject({ inventories: z.array(InventorySchema).check(z.minLength(1), z.maxLength(31)) })
  .register(z.globalRegistry, {
    id: 'InventoryInput',
    description:
      'Up to 31 periods of one agency; a period reported again replaces its inventory (the same body changes nothing)',
  });

export const ReviewInputSchema = /* @__PURE__ */ z
  .strictObject({
    outcome: z.enum(['approve', 'reject']),
    comment: z.optional(text(2_000)),
    // R4: the reviewer's answer to each suspected personal-data finding of GET's personalData.findings.
    resolutions: z.optional(
      z
        .record(
          z.string().check(z.regex(/^[A-Za-z.]+@\d{1,6}-\d{1,6}$/), z.maxLength(40)),
          z.enum(['mask', 'keep']),
        )
        .check(z.refine((r) => Object.keys(r).length <= 500, 'at most 500 resolutions')),
    ),
  })
  .register(z.globalRegistry, { id: 'ReviewInput' });

export const AGENCY_WITHDRAW_REASONS = WITHDRAW_REASONS.filter(
  (r): r is Exclude<(typeof WITHDRAW_REASONS)[number], 'expired'> => r !== 'expired',
);
export const WithdrawInputSchema = /* @__PURE__ */ z
  .strictObject({
    reason: z.enum(AGENCY_WITHDRAW_REASONS),
    explanation: z.optional(text(2_000)),
    // R7: required for revoked, confirmed_illegal, confirmed_invalid, redo_ordered and changed (422 without).
    legalEventDate: z.optional(
      DateSchema.check(
        z.describe(
          'R7: the day of the legal event (撤销, 确认违法, 确认无效, 要求重新作出, 变更), YYYY-MM-DD, not in the future, not before the decision; required for revoked, confirmed_illegal, confirmed_invalid, redo_ordered, changed; absent for published_in_error and emergency',
        ),
      ),
    ),
  })
  .register(z.globalRegistry, { id: 'WithdrawInput' });

// R8: a reviewer other than the withdrawer confirms a withdrawal, or reinstates the decision (a comment says why).
export const WithdrawalReviewInputSchema = /* @__PURE__ */ z
  .strictObject({ comment: z.optional(text(2_000)) })
  .register(z.globalRegistry, { id: 'WithdrawalReviewInput' });

export const DiscardInputSchema = /* @__PURE__ */ z
  .strictObject({ reason: text(2_000, 'why the never-published decision is dropped (required)') })
  .register(z.globalRegistry, { id: 'DiscardInput' });

// R8: a correction of a published decision says what the public sees while it is reviewed.
export const CorrectQuerySchema = /* @__PURE__ */ z
  .strictObject({
    meanwhile: z.optional(
      z.enum(CORRECTION_MEANWHILE).register(z.globalRegistry, {
        description:
          'R8, published decisions only: show (default) keeps the published content up with a note that a correction is under way; withhold puts a notice in its place until the correction is reviewed',
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'CorrectQuery' });

export const ListQuerySchema = /* @__PURE__ */ z.strictObject({
  // R5: pending_review is the review queue, earliest publishBy first (ties by id); every other status newest first.
  status: z.optional(
    z
      .enum(DECISION_STATUSES)
      .check(
        z.describe(
          'pending_review: the review queue, earliest publishBy first (ties by id); any other status: newest first',
        ),
      ),
  ),
  actionType: z.optional(z.enum(ACTION_TYPES)),
  from: z.optional(DateSchema),
  to: z.optional(DateSchema),
  limit: z.optional(z.string().check(z.regex(/^(100|[1-9]\d?)$/, 'a whole number from 1 to 100'))),
  cursor: z.optional(text(2_000)),
  agency: z.optional(text(100, 'operators only: another agency')),
});

const FieldProblemSchema = /* @__PURE__ */ z.object({
  field: z.string().check(z.describe('the path of the field in the input (party.name, redactions.0.text)')),
  code: z.string().check(z.describe('stable: branch on it')),
  message: z.string().check(z.describe('in Chinese, naming the field as 双公示 names it (当事人名称)')),
  messageEn: z.optional(
    z.string().check(z.describe('the same in English, where the check that failed wrote one')),
  ),
});
export const ProblemSchema = /* @__PURE__ */ z
  .looseObject({
    type: z.string().check(z.describe('urn:gongshi:problem:{code}')),
    title: z.string().check(z.describe('the HTTP reason phrase of the status (Bad Request), in English')),
    status: z.number(),
    code: z.string().check(z.describe('stable: clients branch on the code, never on the texts')),
    detail: z.optional(z.string().check(z.describe('what went wrong and what to do, in Chinese'))),
    detailEn: z.optional(
      z
        .string()
        .check(z.describe('the same in English (for logs and English-reading clients), where there is one')),
    ),
    errors: z.optional(z.array(FieldProblemSchema)),
  })
  .register(z.globalRegistry, {
    id: 'Problem',
    description:
      'RFC 9457 problem details with a stable code; detail and each field message in Chinese, the English as detailEn and messageEn',
  });

const DeadlineSchema = /* @__PURE__ */ z
  .looseObject({
    kind: z.string(),
    rule: z.string(),
    basis: z.string(),
    from: DateSchema,
    due: DateSchema,
    unit: z.enum(['working_days', 'years']),
    amount: z.number(),
    provisional: z.boolean(),
    explanation: z.string(),
  })
  .register(z.globalRegistry, {
    id: 'Deadline',
    description: 'A deadline with its legal basis and explanation',
  });

const summaryShape = {
  id: z.string(),
  agencyId: z.string(),
  version: z.number(),
  status: z.enum(DECISION_STATUSES),
  caseNumber: z.string(),
  actionType: z.enum(ACTION_TYPES),
  decisionDate: DateSchema,
  publishBy: z.nullable(DateSchema),
  publishByProvisional: z.boolean(),
  // R5: today (Asia/Shanghai) is after publishBy, its last day.
  overdue: z.boolean(),
  // R5: the working days after today up to and including publishBy (0 on its day, negative once past); null without it.
  workingDaysLeft: z.nullable(z.int()),
  underReview: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const DecisionSummarySchema = /* @__PURE__ */ z
  .looseObject({ ...summaryShape, partyName: z.string(), partyKind: z.enum(PARTY_KINDS) })
  .register(z.globalRegistry, { id: 'DecisionSummary' });

export const DecisionListSchema = /* @__PURE__ */ z
  .object({ items: z.array(DecisionSummarySchema), cursor: z.optional(z.string()) })
  .register(z.globalRegistry, { id: 'DecisionList' });

export const DecisionViewSchema = /* @__PURE__ */ z
  .looseObject({
    ...summaryShape,
    decision: DecisionInputSchema,
    pendingRevision: z.nullable(z.number()),
    publicRevision: z.nullable(z.number()),
    deadlines: z.object({
      publication: z.nullable(DeadlineSchema),
      expiry: z.nullable(DeadlineSchema),
      // R3: only on an exempt decision whose exemption names a review date.
      exemptionReview: z.optional(DeadlineSchema),
      confirmation: z.nullable(DeadlineSchema),
      // R8 (立即): while a correction of the published decision waits for review, due the day it was submitted.
      correctionReview: z.optional(DeadlineSchema),
    }),
    // R8: the correction of the published decision under review, and what the public sees meanwhile.
    correctionUnderWay: z.nullable(
      z.object({ revision: z.number(), since: z.string(), meanwhile: z.enum(CORRECTION_MEANWHILE) }),
    ),
    exemption: z.nullable(
      z.object({ reason: z.enum(EXEMPTION_REASONS), source: z.enum(['declared', 'detected']) }),
    ),
    preview: z.nullable(z.looseObject({ id: z.string(), caseNumber: z.string() })),
    // R2: the SHA-256 of the preview's canonical JSON, which an approval records (ADR 0011).
    previewHash: z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
    // R4: the latest revision's personal data; suspected findings are resolved in the review (ADR 0012).
    personalData: z.object({
      findings: z.array(
        z.object({
          id: z.string(),
          field: z.string(),
          kind: z.string(),
          certainty: z.enum(['certain', 'suspected']),
          text: z.string(),
          resolution: z.nullable(z.enum(['mask', 'keep'])),
        }),
      ),
    }),
    publishedAt: z.nullable(z.string()),
    lastPublishedAt: z.nullable(z.string()),
    withdrawal: z.nullable(
      z.object({
        reason: z.enum(WITHDRAW_REASONS),
        explanation: z.string(),
        at: z.string(),
        by: z.string(),
        // R7: the legal event the takedown runs from, its deadline (3 working days; R8: same day) and whether
        // the withdrawal was filed by it.
        legalEventDate: z.optional(DateSchema),
        takedownBy: z.optional(DateSchema),
        onTime: z.optional(z.boolean()),
        takedownExplanation: z.optional(z.string()),
        // R8: the second reviewer's confirmation.
        confirmation: z.optional(z.object({ by: z.string(), at: z.string(), comment: z.string() })),
      }),
    ),
    reinstatements: z.array(z.looseObject({ by: z.string(), at: z.string(), comment: z.string() })),
    discard: z.nullable(z.object({ by: z.string(), at: z.string(), reason: z.string() })),
    // What this caller could start now (their roles, agency and the four-eyes rules); `approve` beside `exempt`
    // means the review's outcome approve confirms the exemption (R3); `resubmit` and `correct` are PUT.
    allowedActions: z.array(z.string()),
    revisions: z.array(
      z.looseObject({ number: z.number(), submittedBy: z.string(), submittedAt: z.string() }),
    ),
  })
  .register(z.globalRegistry, { id: 'Decision', description: 'A decision with its revisions and deadlines' });

// R3: the review's answer says what the review did: `exempt` when an approval confirmed that the decision is never
// published (its reason in `exemption`), never "approve" for it.
export const ReviewAnswerSchema = /* @__PURE__ */ z
  .looseObject({
    ...DecisionViewSchema.def.shape,
    outcome: z.enum(REVIEW_OUTCOMES),
    outcomeLabel: z.string(),
  })
  .register(z.globalRegistry, {
    id: 'ReviewAnswer',
    description:
      'The decision as reviewed, with what the review did: approve (towards publication), reject, or exempt (an approval of a decision that is never published, R3)',
  });

export const BatchResultSchema = /* @__PURE__ */ z
  .object({
    accepted: z.number(),
    rejected: z.number(),
    results: z.array(
      z.object({
        index: z.number(),
        status: z.number(),
        id: z.optional(z.string()),
        version: z.optional(z.number()),
        publishBy: z.optional(z.nullable(DateSchema)),
        problem: z.optional(ProblemSchema),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'BatchResult' });

export const AuditTrailSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    head: z.object({ seq: z.number(), hash: z.string() }),
    verification: z.looseObject({ valid: z.boolean(), length: z.number() }),
    events: z.array(
      z.looseObject({
        seq: z.number(),
        action: z.string(),
        at: z.string(),
        hash: z.string(),
        prevHash: z.string(),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'AuditTrail' });

// R12: the supervision report's query; the handler also accepts `Accept: text/csv` for `format=csv`.
export const ComplianceQuerySchema = /* @__PURE__ */ z
  .strictObject({
    from: DateSchema.check(z.describe('first decision date of the period, YYYY-MM-DD (required)')),
    to: DateSchema.check(z.describe('last decision date of the period, at most 366 days in all (required)')),
    agency: z.optional(text(100, 'operators only: another agency')),
    format: z.optional(z.enum(['json', 'csv'])),
    table: z.optional(
      z
        .enum(['summary', 'decisions', 'requests', 'catalogue', 'inventory'])
        .check(
          z.describe(
            'CSV only, one table a file with Chinese headers: summary (default: 项目, 数量, 指标代码), decisions (决定明细), requests (更正申请明细), catalogue (逾期事前公开事项), inventory (办案系统报备决定)',
          ),
        ),
    ),
  })
  .register(z.globalRegistry, { id: 'ComplianceQuery' });

const ReportedDecisionSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    caseNumber: z.string(),
    decisionDate: DateSchema,
    status: z.enum(DECISION_STATUSES),
    due: DateSchema,
    publishedOn: z.nullable(DateSchema),
    workingDaysToPublish: z.nullable(z.number()),
  })
  .register(z.globalRegistry, { id: 'ReportedDecision', description: 'A decision behind a count' });

const TallySchema = /* @__PURE__ */ z
  .object({ count: z.number(), decisions: z.array(ReportedDecisionSchema) })
  .register(z.globalRegistry, { id: 'Tally', description: 'A count and the decisions behind it' });

// R9, R12: a correction request behind a count: ids, dates and outcome; never the contact.
const RequestTallySchema = /* @__PURE__ */ z
  .object({
    count: z.number(),
    requests: z.array(
      z.object({
        id: z.string(),
        decisionId: z.string(),
        caseNumber: z.string(),
        status: z.enum(CORRECTION_REQUEST_STATUSES),
        filedOn: DateSchema,
        due: DateSchema,
        answeredOn: z.nullable(DateSchema),
        outcome: z.nullable(z.enum(ANSWER_OUTCOMES)),
      }),
    ),
  })
  .register(z.globalRegistry, {
    id: 'RequestTally',
    description: 'R9: a count of correction requests and the requests behind it',
  });

// R8: a correction of a published decision behind a count: when its review was due (the day it was submitted).
const CorrectionTallySchema = /* @__PURE__ */ z
  .object({
    count: z.number(),
    corrections: z.array(
      z.object({
        decisionId: z.string(),
        caseNumber: z.string(),
        revision: z.number(),
        meanwhile: z.enum(CORRECTION_MEANWHILE),
        submittedOn: DateSchema,
        due: DateSchema,
        reviewedOn: z.nullable(DateSchema),
        outcome: z.nullable(z.enum(['approve', 'reject'])),
      }),
    ),
  })
  .register(z.globalRegistry, {
    id: 'CorrectionTally',
    description: 'R8: a count of corrections of published decisions and the corrections behind it',
  });

// R7, R12: a withdrawal behind a count, by the date it was filed, with its reason and deadline.
const WithdrawalTallySchema = /* @__PURE__ */ z
  .object({
    count: z.number(),
    withdrawals: z.array(
      z.object({
        id: z.string(),
        caseNumber: z.string(),
        decisionDate: DateSchema,
        reason: z.enum(WITHDRAW_REASONS),
        withdrawnOn: DateSchema,
        takedownBy: z.nullable(DateSchema),
        onTime: z.nullable(z.boolean()),
        reinstated: z.boolean(),
      }),
    ),
  })
  .register(z.globalRegistry, {
    id: 'WithdrawalTally',
    description: 'R7, R12: a count of withdrawals and the withdrawals behind it',
  });
const InventoriedDecisionSchema = /* @__PURE__ */ z.object({
  period: z.string(),
  caseNumber: z.string(),
  actionType: z.enum(ACTION_TYPES),
  decisionDate: DateSchema,
  due: DateSchema,
  decisionId: z.nullable(z.string()),
  status: z.nullable(z.enum(DECISION_STATUSES)),
  pastDeadline: z.boolean(),
});

export const InventoryFiguresSchema = /* @__PURE__ */ z
  .object({
    periods: z.array(z.object({ period: z.string(), reportedAt: z.string(), reportedBy: z.string() })),
    made: z.number(),
    submitted: z.number(),
    published: z.number(),
    exempt: z.number(),
    neverSubmitted: z.number(),
    neverSubmittedPastDeadline: z.number(),
    neverSubmittedDecisions: z.array(InventoriedDecisionSchema),
    decisions: z.array(InventoriedDecisionSchema),
    counts: z.array(
      z.object({
        period: z.string(),
        actionType: z.enum(ACTION_TYPES),
        made: z.number(),
        submitted: z.number(),
        published: z.number(),
        exempt: z.number(),
        neverSubmitted: z.number(),
        due: DateSchema,
        pastDeadline: z.boolean(),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'InventoryFigures' });

export const InventoryResultSchema = /* @__PURE__ */ z
  .object({
    accepted: z.number(),
    rejected: z.number(),
    results: z.array(
      z.object({
        index: z.number(),
        period: z.string(),
        status: z.number(),
        unchanged: z.optional(z.boolean()),
        version: z.optional(z.number()),
        decisions: z.optional(z.number()),
        counted: z.optional(z.number()),
        problem: z.optional(ProblemSchema),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'InventoryResult' });

export const ComplianceReportSchema = /* @__PURE__ */ z
  .object({
    agencyId: z.string(),
    from: DateSchema,
    to: DateSchema,
    today: DateSchema,
    submitted: TallySchema,
    publishedOnTime: TallySchema,
    publishedLate: TallySchema,
    pendingPastDeadline: TallySchema,
    pendingWithinDeadline: TallySchema,
    exempt: z.object({
      count: z.number(),
      decisions: z.array(ReportedDecisionSchema),
      byReason: z.record(z.enum(EXEMPTION_REASONS), TallySchema),
    }),
    withdrawn: z.object({
      count: z.number(),
      decisions: z.array(ReportedDecisionSchema),
      byReason: z.record(z.enum(WITHDRAW_REASONS), TallySchema),
    }),
    withdrawnLate: TallySchema,
    discarded: TallySchema,
    // R8 (立即): corrections of published decisions, reviewed the working day they were submitted or not.
    publishedCorrections: z.object({
      submitted: CorrectionTallySchema,
      reviewedOnTime: CorrectionTallySchema,
      reviewedLate: CorrectionTallySchema,
      pendingPastDeadline: CorrectionTallySchema,
    }),
    rejectedNotResubmitted: TallySchema,
    medianWorkingDaysToPublish: z.nullable(z.number()),
    selectivePublication: z.object({
      pastDeadlineNeverPublished: TallySchema,
      rejectedNotResubmitted: TallySchema,
    }),
    correctionRequestsAnsweredOnTime: z.nullable(RequestTallySchema),
    correctionRequestsAnsweredLate: z.nullable(RequestTallySchema),
    correctionRequestsOpenPastDeadline: z.nullable(RequestTallySchema),
    correctionRequestsFiled: z.nullable(RequestTallySchema),
    correctionRequestsHeld: z.nullable(RequestTallySchema),
    // R12, R13: the case systems' inventories against what was submitted (选择性公示); null without them.
    inventory: z.nullable(InventoryFiguresSchema),
    staleCatalogueItems: z.object({
      count: z.number(),
      items: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          kindLabel: z.string(),
          title: z.string(),
          due: DateSchema,
          workingDaysOverdue: z.number(),
          lawChangeIds: z.array(z.string()),
        }),
      ),
    }),
    // R14 (长治 §四): major decisions of the period, with and without their legal review.
    majorDecisions: z.object({
      count: z.number(),
      decisions: z.array(ReportedDecisionSchema),
      withLegalReview: TallySchema,
      withoutLegalReview: TallySchema,
      // R14: submissions and corrections refused for want of their 法制审核 in the period (attempts).
      refusedWithoutLegalReview: z.number(),
    }),
    // R14 (长治 §四(一)): legal reviewers among the catalogue's enforcement staff, against 5 %.
    legalReviewers: z.object({
      enforcementStaff: z.number(),
      legalReviewers: z.number(),
      share: z.nullable(z.number()),
      minimumShare: z.number(),
      meetsMinimum: z.nullable(z.boolean()),
    }),
    // R12: the period's first publications and withdrawals by when they happened, whenever decided.
    activity: z.object({
      publishedOnTime: TallySchema,
      publishedLate: TallySchema,
      medianWorkingDaysToPublish: z.nullable(z.number()),
      withdrawn: z.object({
        count: z.number(),
        withdrawals: WithdrawalTallySchema.shape.withdrawals,
        byReason: z.record(z.enum(WITHDRAW_REASONS), WithdrawalTallySchema),
      }),
      withdrawnLate: WithdrawalTallySchema,
      offSite: z.array(z.string()),
    }),
    notes: z.array(z.string()),
  })
  .register(z.globalRegistry, {
    id: 'ComplianceReport',
    description: 'R12 supervision: per agency and period, each count with the decisions behind it',
  });

// ---- R9 correction requests ------------------------------------------------------------------------------

const ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
const IdSchema = /* @__PURE__ */ z.string().check(z.regex(ID_PATTERN, 'an id of this platform'));

// Generous caps on the shape; the domain's limits (in characters, with Chinese messages) are tighter.
export const CorrectionFilingSchema = /* @__PURE__ */ z
  .strictObject({
    decisionId: IdSchema.check(z.describe('the decision’s id, as in decisions/{id}.html on the site')),
    what: text(4_000, '哪些信息不准确、应当如何更正 (≤ 2000 characters)'),
    evidence: text(10_000, '证据说明 (≤ 5000 characters)'),
    attachments: z.optional(
      z
        .array(
          z.strictObject({
            name: text(400, 'the file’s name, shown to the agency only'),
            contentType: text(100, `one of ${EVIDENCE_CONTENT_TYPES.join(', ')}`),
            size: z.number().check(z.gte(0), z.lte(1e12), z.describe(`bytes, at most ${MAX_EVIDENCE_BYTES}`)),
          }),
        )
        .check(
          z.maxLength(20),
          z.describe(`evidence files (at most ${MAX_ATTACHMENTS}), uploaded afterwards`),
        ),
    ),
    contact: z.strictObject({
      name: text(200, '联系人姓名'),
      phone: z.optional(text(60, '联系电话 (phone or email required)')),
      email: z.optional(text(500, '电子邮箱 (phone or email required)')),
    }),
    notify: z.optional(
      z
        .boolean()
        .check(
          z.describe(
            'tell the requester of the answer by e-mail, at contact.email (required then); never public, never in an audit event',
          ),
        ),
    ),
    challenge: z.optional(
      text(
        2_000,
        'the solved challenge of GET /v1/corrections/challenge (ALTCHA v1 payload, base64); optional: without one the request is taken at a lower rate per address and held out of the agency’s figures until answered',
      ),
    ),
  })
  .register(z.globalRegistry, {
    id: 'CorrectionFiling',
    description: 'R9: a correction request; the contact is seen by the answering agency only',
  });

/** ADR 0016: the correction form's proof of work, in ALTCHA's version-1 shape. */
export const FilingChallengeSchema = /* @__PURE__ */ z
  .object({
    algorithm: z.literal('SHA-256'),
    challenge: z.string().check(z.describe('hex SHA-256 of salt + number: find the number')),
    maxnumber: z.number().check(z.describe('the number lies in 0..maxnumber')),
    salt: z
      .string()
      .check(z.describe('random, with the expiry (`?expires=<epoch seconds>&`), hashed as it is')),
    signature: z.string().check(z.describe('HMAC of the challenge; send it back unchanged')),
  })
  .register(z.globalRegistry, {
    id: 'FilingChallenge',
    description:
      'Send back base64(JSON {algorithm, challenge, number, salt, signature}) as `challenge` with the filing, within 10 minutes, once',
  });

/**
 * The HTML form's flat fields (application/x-www-form-urlencoded). Its script declares evidence files as
 * `attachments.<i>.name`, `.contentType` and `.size` and asks for JSON (`Accept: application/json`).
 */
export const CorrectionFormSchema = /* @__PURE__ */ z
  .object({
    decisionId: z.string(),
    what: z.string(),
    evidence: z.string(),
    name: z.string(),
    phone: z.optional(z.string()),
    email: z.optional(z.string()),
    notify: z.optional(z.literal('yes').check(z.describe('tell me of the answer by e-mail'))),
    challenge: z.optional(z.string()),
  })
  .register(z.globalRegistry, {
    id: 'CorrectionForm',
    description:
      'The same filing as an HTML form posts it: without JavaScript answered 303 to the status page; from the site’s script, with evidence files declared as attachments.<i>.name|contentType|size and Accept: application/json, answered like the JSON filing (201 with the upload URLs, or problem+json), readable by the site’s origin',
  });

const AnswerSchema = /* @__PURE__ */ z.object({
  outcome: z.enum(ANSWER_OUTCOMES),
  outcomeLabel: z.string(),
  reasons: z.string(),
  at: z.string(),
  answeredOn: DateSchema,
});

export const PublicCorrectionRequestSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    decisionId: z.string(),
    caseNumber: z.string(),
    status: z.enum(CORRECTION_REQUEST_STATUSES),
    statusLabel: z.string(),
    filedAt: z.string(),
    filedOn: DateSchema,
    answerBy: DateSchema,
    answerByExplanation: z.string(),
    overdue: z.boolean(),
    attachments: z.number(),
    answer: z.nullable(AnswerSchema),
    correction: z.nullable(
      z
        .object({ publishedAt: z.string(), publishedOn: DateSchema })
        .check(z.describe('R8: an accepted request whose correction is public now, and since when')),
    ),
  })
  .register(z.globalRegistry, {
    id: 'PublicCorrectionRequest',
    description: 'What anyone with the id sees: status, deadline, answer; never the contact',
  });

export const FiledCorrectionRequestSchema = /* @__PURE__ */ z
  .object({
    request: PublicCorrectionRequestSchema,
    statusUrl: z.string(),
    uploads: z.array(
      z.object({
        name: z.string(),
        contentType: z.string(),
        size: z.number(),
        method: z.literal('PUT'),
        url: z.string(),
        headers: z.record(z.string(), z.string()),
        expiresAt: z.string(),
      }),
    ),
  })
  .register(z.globalRegistry, {
    id: 'FiledCorrectionRequest',
    description:
      'The ticket: its status URL, and a presigned PUT per declared evidence file (exact type and size)',
  });

export const AnswerInputSchema = /* @__PURE__ */ z
  .discriminatedUnion('outcome', [
    z.strictObject({
      outcome: z.literal('accept'),
      reasons: z.optional(text(4_000, '答复说明')),
      decision: DecisionInputSchema,
    }),
    z.strictObject({ outcome: z.literal('reject'), reasons: text(4_000, '不予更正的理由 (required)') }),
  ])
  .register(z.globalRegistry, {
    id: 'CorrectionAnswerInput',
    description:
      'accept: the corrected decision, with If-Match of the decision’s version (a correction, reviewed again); reject: the reasons',
  });

export const CorrectionListQuerySchema = /* @__PURE__ */ z
  .strictObject({
    status: z.optional(z.enum(CORRECTION_REQUEST_STATUSES)),
    limit: z.optional(z.string().check(z.regex(/^(100|[1-9]\d?)$/, 'a whole number from 1 to 100'))),
    cursor: z.optional(text(2_000)),
    agency: z.optional(text(100, 'operators only: another agency')),
  })
  .register(z.globalRegistry, { id: 'CorrectionListQuery' });

export const AgencyCorrectionRequestSchema = /* @__PURE__ */ z
  .looseObject({
    id: z.string(),
    version: z.number(),
    decisionId: z.string(),
    caseNumber: z.string(),
    agencyId: z.string(),
    status: z.enum(CORRECTION_REQUEST_STATUSES),
    filedAt: z.string(),
    answerBy: DateSchema,
    deadline: DeadlineSchema,
    overdue: z.boolean(),
    what: z.string(),
    evidence: z.string(),
    attachments: z.array(
      z.object({
        name: z.string(),
        contentType: z.string(),
        size: z.number(),
        stored: z.nullable(z.object({ size: z.number(), contentType: z.string() })),
        check: z.enum(['ok', 'missing', 'mismatch']),
        download: z
          .nullable(z.object({ url: z.string(), expiresAt: z.string() }))
          .check(
            z.describe(
              'R9: a presigned GET of the stored file, as an attachment, valid 5 minutes, for the staff of the agency that answers (each one issued is logged); null otherwise',
            ),
          ),
      }),
    ),
    contact: z
      .nullable(z.object({ name: z.string(), phone: z.optional(z.string()), email: z.optional(z.string()) }))
      .check(
        z.describe(
          "the requester's contact, for the staff of the agency that answers; null for platform operators",
        ),
      ),
    answer: z.nullable(
      z.looseObject({ outcome: z.enum(ANSWER_OUTCOMES), reasons: z.string(), at: z.string() }),
    ),
    allowedActions: z.array(z.string()),
    challenge: z
      .nullable(z.enum(['solved', 'none']))
      .check(
        z.describe(
          'ADR 0016: filed with the form’s proof of work (solved) or without (none: held out of the figures until answered); null before it existed',
        ),
      ),
  })
  .register(z.globalRegistry, {
    id: 'AgencyCorrectionRequest',
    description:
      'A correction request as its agency sees it, evidence files checked; the contact for the answering agency only',
  });

export const CorrectionRequestListSchema = /* @__PURE__ */ z
  .object({ items: z.array(AgencyCorrectionRequestSchema), cursor: z.optional(z.string()) })
  .register(z.globalRegistry, { id: 'CorrectionRequestList' });

export const AnsweredCorrectionRequestSchema = /* @__PURE__ */ z
  .object({ request: AgencyCorrectionRequestSchema, correction: z.nullable(DecisionViewSchema) })
  .register(z.globalRegistry, {
    id: 'AnsweredCorrectionRequest',
    description: 'The answered request and, on accept, the decision with its correction awaiting review',
  });

// R5 (ADR 0013): a year's State Council notice. Documented here for OpenAPI; the handler checks the body with
// parseCalendarNotice (shared/domain/calendar/notice.ts), so each refusal is a 422 naming its field.
const FestivalDays = /* @__PURE__ */ z
  .record(DateSchema, z.string())
  .check(z.describe('"YYYY-MM-DD": the festival (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节)'));
export const CalendarNoticeInputSchema = /* @__PURE__ */ z
  .strictObject({
    notice: z.string().check(z.describe('The notice: 国办发明电〔2026〕N号')),
    holidays: FestivalDays.check(
      z.describe(
        'Every day off of every run, weekend days inside a run included; every statutory day of Decree 795',
      ),
    ),
    workdays: z.optional(
      FestivalDays.check(
        z.describe('Every 调休 working day: a Saturday or Sunday, with the festival it makes up for'),
      ),
    ),
  })
  .register(z.globalRegistry, { id: 'CalendarNotice' });

export const CalendarYearSchema = /* @__PURE__ */ z
  .object({
    year: z.number(),
    source: z.string(),
    provisional: z.boolean(),
    workingDays: z.number(),
    version: z.optional(z.number()),
    loadedAt: z.optional(z.string()),
    loadedBy: z.optional(z.string()),
    days: z.array(
      z.object({
        date: DateSchema,
        kind: z.enum(['workday', 'weekend', 'holiday', 'adjusted_workday']),
        working: z.boolean(),
        festival: z.optional(z.string()),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'CalendarYear' });
