/**
 * R9 (四平 §四(七)): a correction request. Anyone with evidence that a published decision is inaccurate asks the
 * agency to correct it; the agency answers within its deadline (correctionAnswerDeadline), by accepting (which
 * opens a correction of the decision, reviewed like any correction: R2, R8) or by rejecting with reasons. The
 * requester follows the request's status by its id.
 *
 * Like the decision's lifecycle, ONE transition table decides every change and returns the audit entry (R11).
 * The requester's contact lives on the request only: the public projection below is built field by field
 * and never carries it, nor does any audit entry.
 */
import type { AuditActor, AuditEntry } from './audit.ts';
import { digestOf } from './audit.ts';
import type { LocalDate } from './dates.ts';
import { shanghaiDate } from './dates.ts';
import type { Deadline } from './deadlines.ts';
import { type Actor, type Decision, type Role, revisionOf } from './decision.ts';
import { AgencyMismatchError, ForbiddenError, IllegalTransitionError, ValidationError } from './errors.ts';
import { throwIfIssues, type ValidationIssue } from './identity.ts';
import { maskFreeText } from './redaction.ts';

export const CORRECTION_REQUEST_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type CorrectionRequestStatus = (typeof CORRECTION_REQUEST_STATUSES)[number];
export const CORRECTION_REQUEST_STATUS_LABELS: Readonly<Record<CorrectionRequestStatus, string>> = {
  open: '待答复',
  accepted: '已受理，正在更正',
  rejected: '不予更正',
};

export const ANSWER_OUTCOMES = ['accept', 'reject'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];
export const ANSWER_OUTCOME_LABELS: Readonly<Record<AnswerOutcome, string>> = {
  accept: '予以更正',
  reject: '不予更正',
};

// Evidence files: pictures and PDFs only (nothing a browser or office suite would run), 10 MB each, 5 at most.
export const EVIDENCE_CONTENT_TYPES = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

/** Lengths in characters (code points), as a person counts them. */
export const CORRECTION_LIMITS = {
  what: 2_000,
  evidence: 5_000,
  reasons: 2_000,
  name: 50,
  phone: 30,
  email: 254,
  attachmentName: 200,
} as const;

/** The public's requests are not staff: their actor is the public, identified by nothing. */
export type RequestActor = Actor | { readonly kind: 'public' };
export const PUBLIC_REQUESTER: AuditActor = { userId: 'public' };

export interface EvidenceAttachment {
  readonly name: string;
  readonly contentType: EvidenceContentType;
  /** Declared size in bytes; the presigned upload is signed for exactly this size and type. */
  readonly size: number;
  /** Where the file lies in the private uploads bucket (never on the public site). */
  readonly key: string;
}

export interface RequesterContact {
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
}

export interface CorrectionAnswer {
  readonly outcome: AnswerOutcome;
  /** Why (required for a rejection); for an acceptance, what the agency will correct. */
  readonly reasons: string;
  readonly at: string;
  readonly by: string;
  /** Accept: the decision's version after the correction was submitted, and the revision under review. */
  readonly correctionVersion?: number;
  readonly correctionRevision?: number;
}

export interface CorrectionRequest {
  readonly id: string;
  readonly decisionId: string;
  readonly agencyId: string;
  /** The decision's case number when the request was filed (it is public), for people to recognise it by. */
  readonly caseNumber: string;
  readonly status: CorrectionRequestStatus;
  /** Optimistic-concurrency counter: +1 on every event. */
  readonly version: number;
  readonly filedAt: string;
  readonly updatedAt: string;
  /** R9: the answer deadline, counted from the day the request was received. */
  readonly deadline: Deadline;
  /** What is wrong (哪些信息不准确、应当如何更正). */
  readonly what: string;
  /** The evidence, in words; files in `attachments`. */
  readonly evidence: string;
  readonly attachments: readonly EvidenceAttachment[];
  /** Only the agency ever sees this. */
  readonly contact: RequesterContact;
  readonly answer?: CorrectionAnswer;
  /**
   * ADR 0016: whether the filing came with a solved proof of work (`solved`) or without one (`none`: a form
   * without JavaScript, or a client that did not ask for one). `none` is held out of R12's counts until the
   * agency answers it. Absent on requests filed before the challenge existed: counted as before.
   */
  readonly challenge?: ChallengeOutcome;
  /**
   * R9: the requester asked to be told of the answer by e-mail, at the contact's address (which the request keeps
   * anyway, for the agency's answer). Absent: not asked.
   */
  readonly notify?: true;
}

/** ADR 0016: what the filing's proof of work said. */
export type ChallengeOutcome = 'solved' | 'none';

/**
 * R12, ADR 0016: a request filed without a solved challenge and not answered yet is not counted against the
 * agency (a flood of them would be); once answered it counts like any other, on time or late.
 */
export function heldFromCounts(request: CorrectionRequest): boolean {
  return request.challenge === 'none' && request.status === 'open';
}

/** A filing as the requester sends it, after the shape check at the boundary. */
export interface CorrectionFilingInput {
  readonly what: string;
  readonly evidence: string;
  readonly attachments?: readonly {
    readonly name: string;
    readonly contentType: string;
    readonly size: number;
  }[];
  readonly contact: { readonly name: string; readonly phone?: string; readonly email?: string };
  /** Tell the requester by e-mail (the contact's) of the answer. */
  readonly notify?: boolean;
}

/** A filing whose every rule holds: trimmed texts, a usable contact, declared files within the limits. */
export interface CorrectionFiling {
  readonly what: string;
  readonly evidence: string;
  readonly attachments: readonly Omit<EvidenceAttachment, 'key'>[];
  readonly contact: RequesterContact;
  readonly notify: boolean;
}

function length(text: string): number {
  return [...text].length;
}

/** C0 controls but tab and newlines, and DEL: nothing a person types; they would only corrupt pages and logs. */
function hasControl(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

// A mainland mobile (optionally +86), or a landline with area code and optional extension.
const PHONE = /^(?:(?:\+?86[- ]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;
// Deliberately plain: one @, no spaces, a dot in the domain. The agency writes back; it need not be RFC 5322.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Names of files as people give them, shown to the agency only; no path separators, no controls.
const FILE_NAME = /^[^/\\]+$/;

function text(
  value: string,
  field: string,
  label: string,
  max: number,
  issues: ValidationIssue[],
  required = true,
): string {
  const trimmed = value.replace(/\r\n?/g, '\n').trim();
  if (required && trimmed === '') {
    issues.push({ code: 'required', field, message: `请填写${label}` });
  } else if (length(trimmed) > max) {
    issues.push({ code: 'too_long', field, message: `${label}最多${max}个字，现有${length(trimmed)}个字` });
  } else if (hasControl(trimmed)) {
    issues.push({ code: 'invalid_characters', field, message: `${label}含有不可见的控制字符` });
  }
  return trimmed;
}

/**
 * R9: the rules of a filing, every problem at once (a person fixes the whole form in one go). Messages are in
 * Chinese: they are shown to the public next to the form.
 */
export function validateCorrectionFiling(input: CorrectionFilingInput): CorrectionFiling {
  const issues: ValidationIssue[] = [];
  const what = text(input.what, 'what', '不准确的信息及更正意见', CORRECTION_LIMITS.what, issues);
  const evidence = text(input.evidence, 'evidence', '证据说明', CORRECTION_LIMITS.evidence, issues);
  const name = text(input.contact.name, 'contact.name', '联系人姓名', CORRECTION_LIMITS.name, issues);
  const phone = text(
    input.contact.phone ?? '',
    'contact.phone',
    '联系电话',
    CORRECTION_LIMITS.phone,
    issues,
    false,
  );
  const email = text(
    input.contact.email ?? '',
    'contact.email',
    '电子邮箱',
    CORRECTION_LIMITS.email,
    issues,
    false,
  );
  if (phone !== '' && !PHONE.test(phone.replace(/[\s()]/g, ''))) {
    issues.push({
      code: 'invalid_phone',
      field: 'contact.phone',
      message: '联系电话应为手机号码（如13812345678）或带区号的固定电话（如0434-3212345）',
    });
  }
  if (email !== '' && !EMAIL.test(email)) {
    issues.push({
      code: 'invalid_email',
      field: 'contact.email',
      message: '电子邮箱格式不正确（如name@example.com）',
    });
  }
  if (input.notify === true && email === '') {
    issues.push({
      code: 'email_required',
      field: 'contact.email',
      message: '选择邮件通知的，请填写电子邮箱',
    });
  }
  if (phone === '' && email === '') {
    issues.push({
      code: 'contact_required',
      field: 'contact',
      message: '请至少填写联系电话或电子邮箱中的一项，以便执法机关答复',
    });
  }
  const declared = input.attachments ?? [];
  if (declared.length > MAX_ATTACHMENTS) {
    issues.push({
      code: 'too_many_attachments',
      field: 'attachments',
      message: `证据文件最多${MAX_ATTACHMENTS}个，现有${declared.length}个`,
    });
  }
  const attachments = declared.slice(0, MAX_ATTACHMENTS).map((file, i) => {
    const field = `attachments.${i}`;
    const fileName = text(file.name, `${field}.name`, '文件名', CORRECTION_LIMITS.attachmentName, issues);
    if (fileName !== '' && !FILE_NAME.test(fileName)) {
      issues.push({ code: 'invalid_file_name', field: `${field}.name`, message: '文件名不能包含“/”或“\\”' });
    }
    const contentType = EVIDENCE_CONTENT_TYPES.find((t) => t === file.contentType.toLowerCase());
    if (!contentType) {
      issues.push({
        code: 'unsupported_type',
        field: `${field}.contentType`,
        message: `证据文件只接受 PNG、JPEG 图片或 PDF 文件（${EVIDENCE_CONTENT_TYPES.join('、')}）`,
      });
    }
    if (!Number.isInteger(file.size) || file.size < 1 || file.size > MAX_EVIDENCE_BYTES) {
      issues.push({
        code: 'invalid_size',
        field: `${field}.size`,
        message: `每个证据文件须为1字节至${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`,
      });
    }
    return { name: fileName, contentType: contentType ?? 'application/pdf', size: file.size };
  });
  throwIfIssues(issues);
  return {
    what,
    evidence,
    attachments,
    contact: {
      name,
      ...(phone === '' ? {} : { phone }),
      ...(email === '' ? {} : { email }),
    },
    notify: input.notify === true,
  };
}

/** Where an evidence file is uploaded: under the request's own prefix, never a name the requester chose. */
export function evidenceKey(requestId: string, index: number): string {
  return `quarantine/correction-requests/${requestId}/${index + 1}`;
}

// ---- the transition table -------------------------------------------------------------------------------

export type CorrectionRequestEvent =
  | {
      readonly type: 'file';
      readonly id: string;
      readonly decisionId: string;
      readonly agencyId: string;
      readonly caseNumber: string;
      readonly filing: CorrectionFiling;
      readonly deadline: Deadline;
      readonly challenge: ChallengeOutcome;
    }
  | {
      readonly type: 'accept';
      readonly reasons: string;
      readonly correctionVersion: number;
      readonly correctionRevision: number;
    }
  | { readonly type: 'reject'; readonly reasons: string };

export type CorrectionRequestEventType = CorrectionRequestEvent['type'];

export interface RequestTransition {
  readonly event: CorrectionRequestEventType;
  readonly from: CorrectionRequestStatus | 'none';
  readonly to: CorrectionRequestStatus;
  readonly by: readonly (Role | 'public')[];
}

export const REQUEST_TRANSITIONS: readonly RequestTransition[] = [
  // R9: anyone may file, without an account.
  { event: 'file', from: 'none', to: 'open', by: ['public'] },
  // R9, R8: accepting submits a correction of the decision, which only a submitter authors; a reviewer then
  // approves it (R2: never the same person).
  { event: 'accept', from: 'open', to: 'accepted', by: ['submitter'] },
  { event: 'reject', from: 'open', to: 'rejected', by: ['submitter', 'reviewer'] },
];

export interface RequestTransitionResult {
  readonly request: CorrectionRequest;
  readonly audit: AuditEntry;
}

export function allowedRequestEvents(request: CorrectionRequest | undefined): CorrectionRequestEventType[] {
  const status = request?.status ?? 'none';
  return REQUEST_TRANSITIONS.filter((t) => t.from === status).map((t) => t.event);
}

export function decideRequest(
  current: CorrectionRequest | undefined,
  event: CorrectionRequestEvent,
  ctx: { readonly actor: RequestActor; readonly at: string },
): RequestTransitionResult {
  const status = current?.status ?? 'none';
  const rule = REQUEST_TRANSITIONS.find((t) => t.event === event.type && t.from === status);
  if (!rule) {
    throw new IllegalTransitionError(
      current
        ? `cannot ${event.type} a correction request that is ${status}`
        : `cannot ${event.type} a correction request that does not exist`,
      { details: { event: event.type, status, allowed: allowedRequestEvents(current) } },
    );
  }
  authorise(current, rule, ctx.actor);
  const request = apply(current, event, rule, ctx);
  return { request, audit: auditEntry(current, request, event, ctx) };
}

function authorise(current: CorrectionRequest | undefined, rule: RequestTransition, actor: RequestActor) {
  const allowed = rule.by.some((role) =>
    role === 'public' ? actor.kind === 'public' : actor.kind === 'user' && actor.roles.includes(role),
  );
  if (!allowed) {
    throw new ForbiddenError('role_required', `${rule.event} needs the role ${rule.by.join(' or ')}`);
  }
  // R9: a request is answered by the agency whose decision it concerns, and no other.
  if (current && actor.kind === 'user' && actor.agencyId !== current.agencyId) {
    throw new AgencyMismatchError('a correction request is answered by its own agency');
  }
}

function apply(
  current: CorrectionRequest | undefined,
  event: CorrectionRequestEvent,
  rule: RequestTransition,
  ctx: { readonly actor: RequestActor; readonly at: string },
): CorrectionRequest {
  if (event.type === 'file') {
    const { filing } = event;
    return {
      id: event.id,
      decisionId: event.decisionId,
      agencyId: event.agencyId,
      caseNumber: event.caseNumber,
      status: rule.to,
      version: 1,
      filedAt: ctx.at,
      updatedAt: ctx.at,
      deadline: event.deadline,
      what: filing.what,
      evidence: filing.evidence,
      attachments: filing.attachments.map((file, i) => ({ ...file, key: evidenceKey(event.id, i) })),
      contact: filing.contact,
      challenge: event.challenge,
      ...(filing.notify && filing.contact.email ? { notify: true as const } : {}),
    };
  }
  const request = current as CorrectionRequest;
  const by = ctx.actor.kind === 'user' ? ctx.actor.userId : 'public';
  const issues: ValidationIssue[] = [];
  const reasons = text(
    event.reasons,
    'reasons',
    event.type === 'reject' ? '不予更正的理由' : '答复说明',
    CORRECTION_LIMITS.reasons,
    issues,
    // R9: a refusal says why, so the requester can seek other remedies.
    event.type === 'reject',
  );
  if (issues.some((i) => i.code === 'required')) {
    throw new ValidationError('reasons_required', 'a rejection says why the information is not corrected', {
      field: 'reasons',
    });
  }
  throwIfIssues(issues);
  const answer: CorrectionAnswer =
    event.type === 'accept'
      ? {
          outcome: 'accept',
          reasons,
          at: ctx.at,
          by,
          correctionVersion: event.correctionVersion,
          correctionRevision: event.correctionRevision,
        }
      : { outcome: 'reject', reasons, at: ctx.at, by };
  return { ...request, status: rule.to, version: request.version + 1, updatedAt: ctx.at, answer };
}

function auditEntry(
  before: CorrectionRequest | undefined,
  after: CorrectionRequest,
  event: CorrectionRequestEvent,
  ctx: { readonly actor: RequestActor; readonly at: string },
): AuditEntry {
  const actor: AuditActor =
    ctx.actor.kind === 'user'
      ? { userId: ctx.actor.userId, agencyId: ctx.actor.agencyId }
      : ctx.actor.kind === 'system'
        ? { userId: ctx.actor.userId }
        : PUBLIC_REQUESTER;
  // Never the contact: the chain is read by staff and auditors, the contact only by the answering agency.
  const detail =
    event.type === 'file'
      ? {
          decisionId: after.decisionId,
          answerBy: after.deadline.due,
          attachments: after.attachments.length,
          contentDigest: digestOf({ what: after.what, evidence: after.evidence }),
        }
      : event.type === 'accept'
        ? {
            reasons: after.answer?.reasons,
            correctionVersion: event.correctionVersion,
            correctionRevision: event.correctionRevision,
          }
        : { reasons: after.answer?.reasons };
  return {
    subject: after.id,
    action: event.type,
    actor,
    at: ctx.at,
    ...(before ? { before: { status: before.status, version: before.version } } : {}),
    after: { status: after.status, version: after.version },
    detail,
  };
}

// ---- deadlines ------------------------------------------------------------------------------------------

/** R9: open past the last day of its answer deadline. */
export function isOverdue(request: CorrectionRequest, today: LocalDate): boolean {
  return request.status === 'open' && today > request.deadline.due;
}

/** R9, R12: whether an answer came no later than the deadline's last day (both as Asia/Shanghai dates). */
export function answeredOnTime(request: CorrectionRequest): boolean | undefined {
  return request.answer ? shanghaiDate(request.answer.at) <= request.deadline.due : undefined;
}

// ---- what the public sees ---------------------------------------------------------------------------------

/**
 * The request as anyone holding its id sees it: its status, deadline and the agency's answer. Built field by
 * field from an allow-list, so nothing added to the request later (the contact least of all) leaks by default.
 * The requester's own texts stay out too: they may hold personal details the requester did not mean to publish.
 */
export interface PublicCorrectionRequest {
  readonly id: string;
  readonly decisionId: string;
  readonly caseNumber: string;
  readonly status: CorrectionRequestStatus;
  readonly statusLabel: string;
  readonly filedAt: string;
  readonly filedOn: LocalDate;
  readonly answerBy: LocalDate;
  readonly answerByExplanation: string;
  readonly overdue: boolean;
  readonly attachments: number;
  readonly answer: {
    readonly outcome: AnswerOutcome;
    readonly outcomeLabel: string;
    readonly reasons: string;
    readonly at: string;
    readonly answeredOn: LocalDate;
  } | null;
  /** R8, R9: an accepted request whose correction the public side shows now: when it was published. */
  readonly correction: CorrectionPublication | null;
}

export interface CorrectionPublication {
  readonly publishedAt: string;
  readonly publishedOn: LocalDate;
}

/** The status an accepted request shows once its correction is public. */
export const CORRECTION_PUBLISHED_LABEL = '已更正并公开';

/**
 * R8, R9: whether the correction an accepted request opened is on the public side, read from the decision as it
 * is now (nothing is written when it is published): its revision was approved, and the decision is published
 * with that revision or a later one. The date is when the site took it (the decision's latest publication while
 * that revision is the public one), else its approval, the day the decision page gives as 更正于.
 */
export function correctionPublication(
  request: CorrectionRequest,
  decision: Decision | undefined,
): CorrectionPublication | undefined {
  const revision = request.answer?.correctionRevision;
  if (request.status !== 'accepted' || !revision || !decision || decision.id !== request.decisionId)
    return undefined;
  const approved = revisionOf(decision, revision)?.review;
  const shown = decision.publicRevision ?? 0;
  if (approved?.outcome !== 'approve' || decision.status !== 'published' || shown < revision)
    return undefined;
  const at = (shown === revision ? decision.lastPublishedAt : undefined) ?? approved.at;
  return { publishedAt: at, publishedOn: shanghaiDate(at) };
}

/**
 * R4, R9: the agency's answer is written for the requester but shown to anyone holding the request's id; an
 * answer that quotes the requester ("已电话联系赵先生13812345678") must not give their contact away. Masked as a
 * decision's free text is, with the requester as the person (a one-character name would mask every such
 * character, so only longer names are).
 */
function publicReasons(request: CorrectionRequest, reasons: string): string {
  const name = request.contact.name.trim();
  return maskFreeText(
    reasons,
    [...name].length >= 2 ? { person: { name, idType: 'other', idNumber: '' } } : {},
  );
}

export function publicCorrectionRequest(
  request: CorrectionRequest,
  today: LocalDate,
  publication?: CorrectionPublication,
): PublicCorrectionRequest {
  const { answer } = request;
  return {
    id: request.id,
    decisionId: request.decisionId,
    caseNumber: request.caseNumber,
    status: request.status,
    statusLabel: publication ? CORRECTION_PUBLISHED_LABEL : CORRECTION_REQUEST_STATUS_LABELS[request.status],
    filedAt: request.filedAt,
    filedOn: shanghaiDate(request.filedAt),
    answerBy: request.deadline.due,
    answerByExplanation: request.deadline.explanation,
    overdue: isOverdue(request, today),
    attachments: request.attachments.length,
    answer: answer
      ? {
          outcome: answer.outcome,
          outcomeLabel: ANSWER_OUTCOME_LABELS[answer.outcome],
          reasons: publicReasons(request, answer.reasons),
          at: answer.at,
          answeredOn: shanghaiDate(answer.at),
        }
      : null,
    correction: publication
      ? { publishedAt: publication.publishedAt, publishedOn: publication.publishedOn }
      : null,
  };
}

// ---- telling the requester ----------------------------------------------------------------------------------

/** R9: an e-mail to the requester who asked for one. Only the request's id, status and answer: no decision text. */
export interface RequesterNotice {
  readonly to: string;
  readonly requestId: string;
  readonly subject: string;
  readonly text: string;
}

/** R9: the notice of the agency's answer, when the requester asked for one (and left an e-mail address). */
export function answerNotice(request: CorrectionRequest, statusUrl: string): RequesterNotice | undefined {
  const to = request.contact.email;
  const { answer } = request;
  if (!request.notify || !to || !answer) return undefined;
  const outcome = ANSWER_OUTCOME_LABELS[answer.outcome];
  return {
    to,
    requestId: request.id,
    subject: `更正申请 ${request.id} 已答复：${outcome}`,
    text: [
      `您就 ${request.caseNumber || request.decisionId} 提出的更正申请（编号 ${request.id}）已于 ${shanghaiDate(answer.at)} 答复：${outcome}。`,
      answer.outcome === 'accept' ? '更正内容经审核后在决定页面公开。' : '执法机关的理由见办理进度页面。',
      `办理进度：${statusUrl}`,
      '本邮件由系统发送，请勿回复。',
    ].join('\n'),
  };
}
