/**
 * R9 correction requests: filed by anyone (no account), followed by their id, answered by the agency whose
 * decision they concern. Accepting submits a correction of the decision through the decision's own correction
 * use case, so it is reviewed like any correction (R2, R8) before the site changes.
 */

import { createHash } from 'node:crypto';
import { agencyScope } from '../domain/authority.ts';
import {
  type AnswerOutcome,
  allowedRequestEvents,
  answerNotice,
  type ChallengeOutcome,
  type CorrectionAnswer,
  type CorrectionFilingInput,
  type CorrectionRequest,
  type CorrectionRequestEvent,
  type CorrectionRequestEventType,
  type CorrectionRequestStatus,
  correctionPublication,
  decideRequest,
  type EvidenceAttachment,
  isOverdue,
  type PublicCorrectionRequest,
  publicCorrectionRequest,
  type RequestActor,
  type RequesterContact,
  validateCorrectionFiling,
} from '../domain/correction-request.ts';
import { type LocalDate, shanghaiDate } from '../domain/dates.ts';
import { correctionAnswerDeadline, type Deadline } from '../domain/deadlines.ts';
import { type Actor, type Decision, type DecisionContent, revisionOf } from '../domain/decision.ts';
import { RuleViolationError } from '../domain/errors.ts';
import {
  type ChallengeStore,
  type CorrectionRequestStore,
  type Dependencies,
  isVersionConflict,
  type OpenRequestLimits,
  type Page,
  type RateLimiter,
  type RequesterNotifier,
  type StoredCorrectionRequest,
  type UploadStore,
} from '../ports.ts';
import { correctDecision } from './decisions.ts';
import { NotFoundError, RateLimitedError } from './errors.ts';
import { checkFilingChallenge } from './filing-challenge.ts';
import { mapLimited } from './pool.ts';
import { transitionRequest } from './transitions.ts';
import type { DecisionView } from './view.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/**
 * R9 flood protection: filings per client address in a fixed window (fewer without a solved challenge: a form
 * without JavaScript, ADR 0016) …
 */
export const FILINGS_PER_CLIENT = 5;
export const UNCHALLENGED_FILINGS_PER_CLIENT = 2;
export const FILING_WINDOW_SECONDS = 10 * 60;
/**
 * … and open requests per requester (each phone and e-mail of the contact): a few on one decision (a person may
 * spot two errors), more across decisions (a company with many published decisions). Never per decision for
 * everyone: that ceiling let 50 requests from a handful of addresses block every genuine requester for an hour.
 */
export const OPEN_LIMITS: OpenRequestLimits = { perDecision: 3, overall: 20 };
/** How long a presigned evidence upload stays valid. */
export const UPLOAD_URL_SECONDS = 15 * 60;
// The ids of this platform (ULIDs); anything else names no decision and must not reach a key builder.
const ID = /^[0-9A-Za-z_-]{1,64}$/;

export type FilingDependencies = Pick<Dependencies, 'store' | 'agencies' | 'calendar' | 'clock' | 'ids'> & {
  readonly requests: CorrectionRequestStore;
  readonly limiter: RateLimiter;
  readonly uploads: Pick<UploadStore, 'presignPut'>;
  readonly challenges: ChallengeStore;
};

export interface UploadInstruction {
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly method: 'PUT';
  readonly url: string;
  /** Send exactly these headers (the signature covers them) and a body of exactly `size` bytes. */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface Filed {
  readonly request: PublicCorrectionRequest;
  readonly uploads: readonly UploadInstruction[];
}

/**
 * The client as the limiter knows it: a digest of its address, never the address (a counter lives minutes, but
 * the table is no place for the public's addresses at all).
 */
export function clientKey(sourceIp: string): string {
  return `file-${createHash('sha256').update(`gongshi:correction-filing:${sourceIp}`).digest('hex').slice(0, 32)}`;
}

/**
 * R9: files a request on a published decision. Checks, in order of cost: the filing's own rules, the decision
 * (it must be public: an unknown or unpublished one does not exist for the public, a withdrawn one cannot be
 * corrected), the client's rate, then one transaction that also caps the decision's open requests. Nothing is
 * stored when any of them refuses.
 */
export async function fileCorrectionRequest(
  deps: FilingDependencies,
  input: {
    readonly decisionId: string;
    readonly filing: CorrectionFilingInput;
    readonly sourceIp: string;
    /** The form page's solved challenge (ADR 0016), when it sent one. */
    readonly challenge?: string;
  },
): Promise<Filed> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const filing = validateCorrectionFiling(input.filing);
  const decision = await publicDecision(deps, input.decisionId);
  const challenge = await checkFilingChallenge(deps, input.challenge);

  const perClient = challenge === 'solved' ? FILINGS_PER_CLIENT : UNCHALLENGED_FILINGS_PER_CLIENT;
  const rate = await deps.limiter.take(clientKey(input.sourceIp), perClient, FILING_WINDOW_SECONDS, now);
  if (!rate.allowed) {
    throw new RateLimitedError(
      `at most ${perClient} correction requests per ${FILING_WINDOW_SECONDS / 60} minutes from one address${challenge === 'solved' ? '' : ' without a solved challenge'}; try again in ${rate.retryAfterSeconds} seconds`,
      rate.retryAfterSeconds,
    );
  }

  const agency = await deps.agencies.get(decision.agencyId);
  const deadline = correctionAnswerDeadline(today, agency.settings, deps.calendar);
  const caseNumber = revisionOf(decision, decision.publicRevision)?.content.caseNumber ?? '';
  const event: CorrectionRequestEvent = {
    type: 'file',
    id: deps.ids.next(),
    decisionId: decision.id,
    agencyId: decision.agencyId,
    caseNumber,
    filing,
    deadline,
    challenge,
  };
  // Over the ceiling, the store refuses with OpenRequestsLimitError (429).
  const filed = await transitionRequest(deps, undefined, event, {
    actor: { kind: 'public' },
    at: now.toISOString(),
    openLimits: OPEN_LIMITS,
  });
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
  const uploads = await Promise.all(
    filed.request.attachments.map(async (file) => {
      const signed = await deps.uploads.presignPut({
        key: file.key,
        contentType: file.contentType,
        size: file.size,
        expiresInSeconds: UPLOAD_URL_SECONDS,
      });
      return {
        ...describe(file),
        method: 'PUT' as const,
        url: signed.url,
        headers: signed.headers,
        expiresAt,
      };
    }),
  );
  return { request: publicCorrectionRequest(filed.request, today), uploads };
}

function describe(file: EvidenceAttachment) {
  return { name: file.name, contentType: file.contentType, size: file.size };
}

/** The decision a request may be filed on: public now (published, or being republished after a correction). */
async function publicDecision(deps: Pick<Dependencies, 'store'>, id: string): Promise<Decision> {
  const stored = ID.test(id) ? await deps.store.get(id) : undefined;
  const decision = stored?.decision;
  const wasPublic = decision?.publishedAt !== undefined;
  if (decision?.status === 'withdrawn' && wasPublic) {
    // R7: what was withdrawn is no longer published information; there is nothing left to correct.
    throw new RuleViolationError(
      'decision_withdrawn',
      'this decision has been withdrawn from the public side; a withdrawn decision cannot be corrected',
      { field: 'decisionId' },
    );
  }
  const isPublic = decision?.status === 'published' || (decision?.status === 'publishing' && wasPublic);
  // R2, R3: a decision the public never saw does not exist for the public.
  if (!decision || !isPublic) throw new NotFoundError(`published decision ${id}`);
  return decision;
}

/**
 * R9: what anyone holding the id sees: status, deadline, answer. Never the contact. An accepted request reads its
 * decision too: once the correction is public the status says so, with the day (R8), computed here rather than
 * written to the request when the publisher runs.
 */
export async function getCorrectionRequestStatus(
  deps: {
    readonly requests: Pick<CorrectionRequestStore, 'get'>;
    readonly store: Pick<Dependencies['store'], 'get'>;
    readonly clock: Dependencies['clock'];
  },
  id: string,
): Promise<PublicCorrectionRequest> {
  const stored = ID.test(id) ? await deps.requests.get(id) : undefined;
  if (!stored) throw new NotFoundError(`correction request ${id}`);
  const { request } = stored;
  const decision =
    request.status === 'accepted' ? (await deps.store.get(request.decisionId))?.decision : undefined;
  const publication = correctionPublication(request, decision);
  return publicCorrectionRequest(request, shanghaiDate(deps.clock.now()), publication);
}

// ---- the agency's side -------------------------------------------------------------------------------------

export type AttachmentCheck = 'ok' | 'missing' | 'mismatch';

export interface AttachmentView {
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  /** What the uploads bucket holds under the key, if anything. */
  readonly stored: { readonly size: number; readonly contentType: string } | null;
  /**
   * `missing`: not uploaded (yet); `mismatch`: another size or type than declared. S3 refuses both through the
   * signed URL; a local emulator, or a bucket written otherwise, might not.
   */
  readonly check: AttachmentCheck;
  /**
   * R9: the file for the staff of the answering agency: a presigned GET, offered as a download under its name,
   * valid DOWNLOAD_URL_SECONDS; each one issued is logged (EvidenceDownloadLog). Null for anyone else, on the
   * answer's own view, and while nothing is stored under the key.
   */
  readonly download: { readonly url: string; readonly expiresAt: string } | null;
}

/** How long an evidence download URL stays valid: long enough to click, too short to pass around. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

/** R9: one evidence download URL handed out: who, which file of which request, when, until when. */
export interface EvidenceDownloadIssued {
  readonly requestId: string;
  readonly decisionId: string;
  readonly agencyId: string;
  /** Its place among the request's files, from 1, and the name the requester gave it. */
  readonly file: number;
  readonly name: string;
  readonly by: string;
  readonly at: string;
  readonly expiresAt: string;
}

/**
 * Where issued downloads are recorded: a structured log line (who, what, when) kept with the function's logs.
 * Not the request's audit chain: that chain moves with the request's version, and a read that wrote to it would
 * race the answer, which is refused on a version conflict.
 */
export interface EvidenceDownloadLog {
  issued(entry: EvidenceDownloadIssued): void;
}

/**
 * A request as its agency sees it: everything, with the deadline and its explanation. The contact only for the
 * staff of the agency that must answer (R9, PIPL art. 6: no more than the purpose needs): a platform operator
 * supervises the deadlines and reads the request, not who filed it (`contact: null`).
 */
export interface AgencyRequestView {
  readonly id: string;
  readonly version: number;
  readonly decisionId: string;
  readonly caseNumber: string;
  readonly agencyId: string;
  readonly status: CorrectionRequestStatus;
  readonly filedAt: string;
  readonly answerBy: LocalDate;
  readonly deadline: Deadline;
  readonly overdue: boolean;
  readonly what: string;
  readonly evidence: string;
  readonly attachments: readonly AttachmentView[];
  readonly contact: RequesterContact | null;
  readonly answer: CorrectionAnswer | null;
  readonly allowedActions: readonly CorrectionRequestEventType[];
  /**
   * ADR 0016: `solved` when it came with the form's proof of work, `none` without (held out of R12's counts
   * until answered), null for requests filed before the challenge existed.
   */
  readonly challenge: ChallengeOutcome | null;
}

type AgencyDependencies = {
  readonly requests: CorrectionRequestStore;
  readonly uploads: Pick<UploadStore, 'head'>;
  readonly clock: Dependencies['clock'];
};

/** The list hands the answering agency's staff their evidence: it signs downloads and logs each one. */
type ListDependencies = AgencyDependencies & {
  readonly uploads: Pick<UploadStore, 'head' | 'presignGet'>;
  readonly downloads: EvidenceDownloadLog;
};

/** How many bucket HEADs a page of requests runs at once. */
const HEAD_CONCURRENCY = 8;

/** R9: an agency's requests in a status (open by default: the work to do), with deadlines and overdue flags. */
export async function listCorrectionRequests(
  deps: ListDependencies,
  input: {
    readonly actor: UserActor;
    readonly status?: CorrectionRequestStatus;
    readonly limit: number;
    readonly cursor?: string;
    readonly agencyId?: string;
  },
): Promise<Page<AgencyRequestView>> {
  const { actor } = input;
  const agencyId = agencyScope(actor, input.agencyId);
  const page = await deps.requests.list({
    agencyId,
    status: input.status ?? 'open',
    limit: input.limit,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  const today = shanghaiDate(deps.clock.now());
  const checks = await checkAttachments(
    deps,
    page.items.flatMap((s) => s.request.attachments),
  );
  const links = await downloadLinks(deps, page.items, actor, checks);
  const items = page.items.map((stored) => agencyView(stored, today, actor, checks, links));
  return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/**
 * R9: a short-lived download of every stored evidence file of the requests the actor answers (never an
 * operator's: they supervise deadlines, not the requester's papers), each one logged as issued.
 */
async function downloadLinks(
  deps: Pick<ListDependencies, 'uploads' | 'downloads' | 'clock'>,
  requests: readonly StoredCorrectionRequest[],
  actor: UserActor,
  checks: ReadonlyMap<string, AttachmentView['stored']>,
): Promise<Map<string, NonNullable<AttachmentView['download']>>> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString();
  const files = requests
    .map((stored) => stored.request)
    .filter((request) => answersFor(request, actor))
    .flatMap((request) => request.attachments.map((file, i) => ({ request, file, index: i + 1 })))
    .filter(({ file }) => (checks.get(file.key) ?? null) !== null);
  const urls = await mapLimited(files, HEAD_CONCURRENCY, ({ file }) =>
    deps.uploads.presignGet({ key: file.key, fileName: file.name, expiresInSeconds: DOWNLOAD_URL_SECONDS }),
  );
  const links = new Map<string, NonNullable<AttachmentView['download']>>();
  files.forEach(({ request, file, index }, i) => {
    const url = urls[i];
    if (url === undefined) return;
    links.set(file.key, { url, expiresAt });
    deps.downloads.issued({
      requestId: request.id,
      decisionId: request.decisionId,
      agencyId: request.agencyId,
      file: index,
      name: file.name,
      by: actor.userId,
      at: now.toISOString(),
      expiresAt,
    });
  });
  return links;
}

async function checkAttachments(
  deps: Pick<AgencyDependencies, 'uploads'>,
  files: readonly EvidenceAttachment[],
): Promise<Map<string, AttachmentView['stored']>> {
  const heads = await mapLimited(files, HEAD_CONCURRENCY, (file) => deps.uploads.head(file.key));
  return new Map(files.map((file, i) => [file.key, heads[i] ?? null]));
}

function agencyView(
  stored: StoredCorrectionRequest,
  today: LocalDate,
  actor: RequestActor,
  checks: ReadonlyMap<string, AttachmentView['stored']>,
  links: ReadonlyMap<string, NonNullable<AttachmentView['download']>> = new Map(),
): AgencyRequestView {
  const { request } = stored;
  return {
    id: request.id,
    version: request.version,
    decisionId: request.decisionId,
    caseNumber: request.caseNumber,
    agencyId: request.agencyId,
    status: request.status,
    filedAt: request.filedAt,
    answerBy: request.deadline.due,
    deadline: request.deadline,
    overdue: isOverdue(request, today),
    what: request.what,
    evidence: request.evidence,
    attachments: request.attachments.map((file) => {
      const held = checks.get(file.key) ?? null;
      const check: AttachmentCheck =
        held === null
          ? 'missing'
          : held.size === file.size &&
              held.contentType.split(';')[0]?.trim().toLowerCase() === file.contentType
            ? 'ok'
            : 'mismatch';
      return { ...describe(file), stored: held, check, download: links.get(file.key) ?? null };
    }),
    contact: answersFor(request, actor) ? request.contact : null,
    answer: request.answer ?? null,
    allowedActions: allowedFor(request, actor),
    challenge: request.challenge ?? null,
  };
}

/** Whether the actor is staff of the agency that answers the request (an operator role alone is not). */
function answersFor(request: CorrectionRequest, actor: RequestActor): boolean {
  return (
    actor.kind === 'user' &&
    actor.agencyId === request.agencyId &&
    actor.roles.some((role) => role !== 'operator')
  );
}

function allowedFor(request: CorrectionRequest, actor: RequestActor): CorrectionRequestEventType[] {
  if (actor.kind !== 'user') return [];
  return allowedRequestEvents(request).filter((event) =>
    event === 'accept' ? actor.roles.includes('submitter') : actor.roles.some((r) => r !== 'operator'),
  );
}

export type AnswerInput =
  | {
      readonly actor: UserActor;
      readonly id: string;
      readonly outcome: Extract<AnswerOutcome, 'reject'>;
      readonly reasons: string;
    }
  | {
      readonly actor: UserActor;
      readonly id: string;
      readonly outcome: Extract<AnswerOutcome, 'accept'>;
      readonly reasons: string;
      /** The corrected decision, and the decision's version it corrects (If-Match). */
      readonly content: DecisionContent;
      readonly ifMatch: number | undefined;
    };

export interface Answered {
  readonly request: AgencyRequestView;
  /** Accept: the decision with the correction now awaiting review. */
  readonly correction: DecisionView | null;
}

/**
 * R9: the agency answers. A rejection gives reasons. An acceptance submits the corrected decision through the
 * correction use case (If-Match on the decision's version, the content checked like any correction), so the
 * new revision awaits review by someone other than its submitter (R2, R8) before the site shows it.
 *
 * Two writes, in this order: the correction (which refuses a stale version, bad content or a decision that can
 * no longer be corrected, before anything is written), then the answer. Should someone else answer the same
 * request in between, the answer is refused with `already_answered`; the correction then stands for review
 * like any other and a reviewer may send it back.
 */
export async function answerCorrectionRequest(
  deps: Dependencies &
    AgencyDependencies & {
      /** R9: tells a requester who asked for it (with the status page's address for a request's id). */
      readonly notices?: { readonly notifier: RequesterNotifier; readonly statusUrl: (id: string) => string };
    },
  input: AnswerInput,
): Promise<Answered> {
  const { actor } = input;
  const stored = await readableRequest(deps, actor, input.id);
  const at = () => deps.clock.now().toISOString();
  // The domain decides first, without the correction: a request already answered, or an actor who may not
  // answer it this way, is refused before the decision is touched.
  const probe: CorrectionRequestEvent =
    input.outcome === 'accept'
      ? { type: 'accept', reasons: input.reasons, correctionVersion: 0, correctionRevision: 0 }
      : { type: 'reject', reasons: input.reasons };
  decideRequest(stored.request, probe, { actor, at: at() });

  let correction: DecisionView | null = null;
  let event: CorrectionRequestEvent = probe;
  if (input.outcome === 'accept') {
    correction = await correctDecision(deps, {
      actor,
      id: stored.request.decisionId,
      ifMatch: input.ifMatch,
      content: input.content,
    });
    event = {
      type: 'accept',
      reasons: input.reasons,
      correctionVersion: correction.version,
      correctionRevision: correction.pendingRevision ?? 0,
    };
  }
  let next: StoredCorrectionRequest;
  try {
    next = await transitionRequest(deps, stored, event, { actor, at: at() });
  } catch (error) {
    if (!isVersionConflict(error)) throw error;
    throw new RuleViolationError(
      'already_answered',
      'someone else answered this correction request at the same time; reload it',
      correction ? { details: { correctionVersion: correction.version } } : {},
    );
  }
  const notice = deps.notices && answerNotice(next.request, deps.notices.statusUrl(next.request.id));
  // The answer stands whether or not the mail goes out; the notifier logs its own failures.
  if (notice) await deps.notices?.notifier.send(notice);
  const today = shanghaiDate(deps.clock.now());
  const checks = await checkAttachments(deps, next.request.attachments);
  return { request: agencyView(next, today, actor, checks), correction };
}

/** The request, if this actor's agency answers it: another agency's request does not exist for them (404). */
async function readableRequest(
  deps: Pick<AgencyDependencies, 'requests'>,
  actor: UserActor,
  id: string,
): Promise<StoredCorrectionRequest> {
  const stored = ID.test(id) ? await deps.requests.get(id) : undefined;
  if (!stored || stored.request.agencyId !== actor.agencyId)
    throw new NotFoundError(`correction request ${id}`);
  return stored;
}
