/**
 * The shapes at the HTTP boundary, in zod/mini (STACK.md: classic zod adds ~450 KB to every bundle). The
 * handlers parse with them and the OpenAPI document is generated from them, so the two cannot differ.
 * Shapes only: the rules (check digits, real dates, today) are the domain's.
 */
import * as z from 'zod/mini';
import {
  ACTION_TYPES,
  DECISION_STATUSES,
  EXEMPTION_REASONS,
  ID_TYPES,
  PARTY_KINDS,
  PENALTY_TYPES,
  REDACTABLE_FIELDS,
  WITHDRAW_REASONS,
} from '../domain/decision.ts';

const text = (max: number, description?: string) =>
  z.string().check(z.maxLength(max), ...(description ? [z.describe(description)] : []));
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DateSchema = z
  .string()
  .check(z.regex(DATE_PATTERN, 'a date written YYYY-MM-DD (Asia/Shanghai)'));
const amount = z.number().check(z.gte(0), z.lte(1e13));

export const PartySchema = z.strictObject({
  kind: z.enum(PARTY_KINDS),
  name: text(200, '行政相对人名称或姓名'),
  idType: z.enum(ID_TYPES),
  idNumber: text(64, '统一社会信用代码或证件号码'),
  legalRepresentative: z.optional(text(200, '法定代表人（负责人）')),
});

export const DecisionInputSchema = z
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
      }),
    ),
    decisionDate: DateSchema,
    randomInspection: z.optional(
      z.strictObject({ endDate: DateSchema, outcome: z.enum(['normal', 'problem']) }),
    ),
    exemption: z.optional(
      z.strictObject({ reason: z.enum(EXEMPTION_REASONS), note: z.optional(text(2_000)) }),
    ),
    redactions: z.optional(
      z
        .array(z.strictObject({ field: z.enum(REDACTABLE_FIELDS), text: text(2_000) }))
        .check(z.maxLength(100)),
    ),
  })
  .register(z.globalRegistry, { id: 'DecisionInput', description: 'A decision as an agency submits it' });

export const BatchInputSchema = z
  .strictObject({ items: z.array(z.unknown()).check(z.minLength(1), z.maxLength(100)) })
  .register(z.globalRegistry, { id: 'BatchInput', description: 'Up to 100 decisions (DecisionInput each)' });

export const ReviewInputSchema = z
  .strictObject({ outcome: z.enum(['approve', 'reject']), comment: z.optional(text(2_000)) })
  .register(z.globalRegistry, { id: 'ReviewInput' });

export const AGENCY_WITHDRAW_REASONS = WITHDRAW_REASONS.filter(
  (r): r is Exclude<(typeof WITHDRAW_REASONS)[number], 'expired'> => r !== 'expired',
);
export const WithdrawInputSchema = z
  .strictObject({ reason: z.enum(AGENCY_WITHDRAW_REASONS), explanation: z.optional(text(2_000)) })
  .register(z.globalRegistry, { id: 'WithdrawInput' });

export const ListQuerySchema = z.strictObject({
  status: z.optional(z.enum(DECISION_STATUSES)),
  actionType: z.optional(z.enum(ACTION_TYPES)),
  from: z.optional(DateSchema),
  to: z.optional(DateSchema),
  limit: z.optional(z.string().check(z.regex(/^(100|[1-9]\d?)$/, 'a whole number from 1 to 100'))),
  cursor: z.optional(text(2_000)),
  agency: z.optional(text(100, 'operators only: another agency')),
});

const FieldProblemSchema = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const ProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    detail: z.optional(z.string()),
    errors: z.optional(z.array(FieldProblemSchema)),
  })
  .register(z.globalRegistry, { id: 'Problem', description: 'RFC 9457 problem details with a stable code' });

const DeadlineSchema = z
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
  underReview: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const DecisionSummarySchema = z
  .looseObject({ ...summaryShape, partyName: z.string() })
  .register(z.globalRegistry, { id: 'DecisionSummary' });

export const DecisionListSchema = z
  .object({ items: z.array(DecisionSummarySchema), cursor: z.optional(z.string()) })
  .register(z.globalRegistry, { id: 'DecisionList' });

export const DecisionViewSchema = z
  .looseObject({
    ...summaryShape,
    decision: DecisionInputSchema,
    pendingRevision: z.nullable(z.number()),
    publicRevision: z.nullable(z.number()),
    deadlines: z.object({ publication: z.nullable(DeadlineSchema), expiry: z.nullable(DeadlineSchema) }),
    exemption: z.nullable(
      z.object({ reason: z.enum(EXEMPTION_REASONS), source: z.enum(['declared', 'detected']) }),
    ),
    preview: z.nullable(z.looseObject({ id: z.string(), caseNumber: z.string() })),
    publishedAt: z.nullable(z.string()),
    lastPublishedAt: z.nullable(z.string()),
    withdrawal: z.nullable(
      z.object({ reason: z.enum(WITHDRAW_REASONS), explanation: z.string(), at: z.string(), by: z.string() }),
    ),
    allowedActions: z.array(z.string()),
    revisions: z.array(
      z.looseObject({ number: z.number(), submittedBy: z.string(), submittedAt: z.string() }),
    ),
  })
  .register(z.globalRegistry, { id: 'Decision', description: 'A decision with its revisions and deadlines' });

export const BatchResultSchema = z
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

export const AuditTrailSchema = z
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
export const ComplianceQuerySchema = z
  .strictObject({
    from: DateSchema.check(z.describe('first decision date of the period, YYYY-MM-DD (required)')),
    to: DateSchema.check(z.describe('last decision date of the period, at most 366 days in all (required)')),
    agency: z.optional(text(100, 'operators only: another agency')),
    format: z.optional(z.enum(['json', 'csv'])),
  })
  .register(z.globalRegistry, { id: 'ComplianceQuery' });

const ReportedDecisionSchema = z
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

const TallySchema = z
  .object({ count: z.number(), decisions: z.array(ReportedDecisionSchema) })
  .register(z.globalRegistry, { id: 'Tally', description: 'A count and the decisions behind it' });

export const ComplianceReportSchema = z
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
    rejectedNotResubmitted: TallySchema,
    medianWorkingDaysToPublish: z.nullable(z.number()),
    selectivePublication: z.object({
      pastDeadlineNeverPublished: TallySchema,
      rejectedNotResubmitted: TallySchema,
    }),
    correctionRequestsAnsweredOnTime: z.null(),
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
    notes: z.array(z.string()),
  })
  .register(z.globalRegistry, {
    id: 'ComplianceReport',
    description: 'R12 supervision: per agency and period, each count with the decisions behind it',
  });
