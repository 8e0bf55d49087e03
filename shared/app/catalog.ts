/**
 * The catalogue use cases (R10): submit, revise, review, read and list an agency's pre-disclosure items, and
 * record a law change that puts an update deadline on the items it affects. Each reads through the ports, lets
 * the domain decide (catalog-lifecycle.ts), chains the audit event and writes everything in one save.
 */

import { type AuditEvent, appendAudit, EMPTY_HEAD, headOf, verifyAuditChain } from '../domain/audit.ts';
import { agencyScope, auditActorOf, canRead } from '../domain/authority.ts';
import {
  type ApprovedFile,
  type Attachment,
  type CatalogContent,
  type CatalogInput,
  type CatalogKind,
  type CatalogStatus,
  catalogRevisionOf,
  citesBasis,
  isOverdue,
  kindDefinition,
  type LawChange,
  type LawChangeInput,
  latestCatalogRevision,
  lawChangeDeadline,
  MAX_EFFECTIVE_AHEAD_DAYS,
  type OpenLawChange,
  updateDueOf,
  validateCatalogInput,
  validateLawChangeInput,
} from '../domain/catalog.ts';
import {
  allowedCatalogEvents,
  authoriseCatalogEvent,
  type CatalogEvent,
  type CatalogEventType,
} from '../domain/catalog-lifecycle.ts';
import { type PublicCatalogDocument, projectCatalogItem } from '../domain/catalog-projection.ts';
import { addDays, type LocalDate, shanghaiDate } from '../domain/dates.ts';
import type { Deadline } from '../domain/deadlines.ts';
import type { Actor, Review } from '../domain/decision.ts';
import { RuleViolationError, ValidationError } from '../domain/errors.ts';
import {
  type Agency,
  type CatalogDependencies,
  type InspectedUpload,
  isVersionConflict,
  MAX_LAW_CHANGE_ITEMS,
  type Page,
  type StoredCatalogItem,
} from '../ports.ts';
import { NotFoundError, requireVersion } from './errors.ts';
import { catalogWriteOf, transitionCatalogItem } from './transitions.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/**
 * Long enough to upload 10 MB on a slow line; a GET of the item hands out fresh URLs for what is still missing.
 * Short, as a URL is a key to the revision's file until it is used (R2): S3 refuses a second PUT (If-None-Match).
 */
export const UPLOAD_URL_SECONDS = 10 * 60;
/** R2: how long a reviewer's (or submitter's) link to download a file under review stays valid. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;
const LIST_PAGE = 100;
const SITE_SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LAW_CHANGE_ATTEMPTS = 3;

// ---- what the API answers ---------------------------------------------------------------------------------

export interface CatalogItemSummary {
  readonly id: string;
  readonly agencyId: string;
  readonly kind: CatalogKind;
  readonly kindNumber: number;
  readonly kindLabel: string;
  readonly title: string;
  readonly status: CatalogStatus;
  readonly version: number;
  readonly underReview: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly lastPublishedAt: string | null;
  /** R10: the earliest open law change's deadline, with its explanation. */
  readonly updateDue: Deadline | null;
  /** R10: past `updateDue.due` today (Asia/Shanghai). */
  readonly overdue: boolean;
}

export interface AttachmentView extends Attachment {
  /** Whether the file is in the uploads bucket with the declared size and type (null: not checked). */
  readonly uploaded: boolean | null;
  /**
   * R2: the SHA-256 of the file's bytes: of those the approval bound, once the revision is approved; else of those
   * uploaded now (null: nothing uploaded, or not checked).
   */
  readonly sha256: string | null;
  /** The uploads bucket's version of those bytes (null where it keeps none, as the local S3 server). */
  readonly versionId: string | null;
  /** For the agency's reviewers and submitters: a short-lived link to exactly those bytes. */
  readonly download: DownloadLink | null;
}

export interface DownloadLink {
  readonly method: 'GET';
  readonly url: string;
  readonly expiresAt: string;
}

/** Where and how the client uploads a declared attachment: PUT the bytes with these headers, before expiresAt. */
export interface UploadInstruction {
  readonly revision: number;
  readonly n: number;
  readonly name: string;
  readonly method: 'PUT';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface CatalogRevisionView {
  readonly number: number;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly review: Review | null;
  readonly content: CatalogContent;
  readonly attachments: readonly Attachment[];
  /** R2: what the approval of this revision bound of each attached file (null: not approved, or no files). */
  readonly approvedFiles: readonly ApprovedFile[] | null;
}

export interface CatalogItemView extends CatalogItemSummary {
  /** The latest revision's content and attachments. */
  readonly content: CatalogContent;
  readonly attachments: readonly AttachmentView[];
  readonly pendingRevision: number | null;
  readonly publicRevision: number | null;
  readonly lawChanges: readonly OpenLawChange[];
  readonly allowedActions: readonly CatalogEventType[];
  /** Exactly what the public will see of the latest revision (R4 masks applied). */
  readonly preview: PublicCatalogDocument;
  readonly revisions: readonly CatalogRevisionView[];
  /** R11: the item's chain and whether it verifies against the head the item keeps. */
  readonly audit: {
    readonly verification: ReturnType<typeof verifyAuditChain>;
    readonly events: readonly AuditEvent[];
  };
  /** For the submitter: upload URLs of the revision under review's attachments not yet uploaded (never twice). */
  readonly uploads: readonly UploadInstruction[];
}

export function catalogSummaryOf(stored: StoredCatalogItem, today: LocalDate): CatalogItemSummary {
  const { item } = stored;
  const definition = kindDefinition(item.kind);
  const due = updateDueOf(item);
  return {
    id: item.id,
    agencyId: item.agencyId,
    kind: item.kind,
    kindNumber: definition.number,
    kindLabel: definition.label,
    title: latestCatalogRevision(item).content.title,
    status: item.status,
    version: item.version,
    underReview: item.pendingRevision !== undefined,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    publishedAt: item.publishedAt ?? null,
    lastPublishedAt: item.lastPublishedAt ?? null,
    updateDue: due?.deadline ?? null,
    overdue: isOverdue(item, today),
  };
}

// ---- use cases ------------------------------------------------------------------------------------------

export async function submitCatalogItem(
  deps: CatalogDependencies,
  input: { actor: UserActor; input: CatalogInput },
): Promise<CatalogItemView> {
  const { kind, content, attachments } = validateCatalogInput(input.input);
  // The agency's id names its catalogue's pages on the site (catalog/<agency>/…).
  if (!SITE_SAFE_ID.test(input.actor.agencyId)) {
    throw new ValidationError(
      'agency_id_unsupported',
      `the agency id ${JSON.stringify(input.actor.agencyId)} cannot name a page of the catalogue: letters, digits, - and _ only`,
      { field: 'agency' },
    );
  }
  const event: CatalogEvent = { type: 'submit', id: deps.ids.next(), kind, content, attachments };
  const next = await transitionCatalogItem(deps, undefined, event, {
    actor: input.actor,
    at: deps.clock.now().toISOString(),
  });
  return viewOf(deps, next, input.actor, { checkUploads: false, downloads: false });
}

/** PUT: a new revision; If-Match is required, so an edit of a version someone else changed is a 412. */
export async function reviseCatalogItem(
  deps: CatalogDependencies,
  input: { actor: UserActor; id: string; ifMatch: number | undefined; input: CatalogInput },
): Promise<CatalogItemView> {
  const stored = await readable(deps, input.actor, input.id);
  requireVersionOf(stored, input.ifMatch, true);
  const { kind, content, attachments } = validateCatalogInput(input.input);
  if (kind !== stored.item.kind) {
    throw new ValidationError(
      'kind_immutable',
      `item ${input.id} is of kind ${stored.item.kind}; submit a new item`,
      {
        field: 'kind',
      },
    );
  }
  const next = await transitionCatalogItem(
    deps,
    stored,
    { type: 'revise', content, attachments },
    { actor: input.actor, at: deps.clock.now().toISOString() },
  );
  return viewOf(deps, next, input.actor, { checkUploads: false, downloads: false });
}

/**
 * R2: approve or send back the revision under review. An approval needs every declared attachment uploaded as
 * declared, and binds the SHA-256 and version of the bytes uploaded: the publisher copies exactly those to the
 * site, or nothing.
 */
export async function reviewCatalogItem(
  deps: CatalogDependencies,
  input: { actor: UserActor; id: string; ifMatch?: number; outcome: 'approve' | 'reject'; comment: string },
): Promise<CatalogItemView> {
  const stored = await readable(deps, input.actor, input.id);
  requireVersionOf(stored, input.ifMatch, false);
  const ctx = { actor: input.actor, at: deps.clock.now().toISOString() };
  let event: CatalogEvent = { type: 'reject', comment: input.comment };
  if (input.outcome === 'approve') {
    // Who may approve is settled before any file is read.
    authoriseCatalogEvent(stored.item, 'approve', ctx);
    const attachments = catalogRevisionOf(stored.item, stored.item.pendingRevision)?.attachments ?? [];
    event = { type: 'approve', comment: input.comment, files: await bindUploads(deps, attachments) };
  }
  const next = await transitionCatalogItem(deps, stored, event, ctx);
  return viewOf(deps, next, input.actor, { checkUploads: true, downloads: false });
}

export async function getCatalogItem(
  deps: CatalogDependencies,
  input: { actor: UserActor; id: string },
): Promise<CatalogItemView> {
  const stored = await readable(deps, input.actor, input.id);
  return viewOf(deps, stored, input.actor, { checkUploads: true, downloads: true });
}

export async function listCatalogItems(
  deps: Pick<CatalogDependencies, 'catalog' | 'clock'>,
  input: {
    actor: UserActor;
    query: { agencyId?: string; status?: CatalogStatus; kind?: CatalogKind; limit: number; cursor?: string };
  },
): Promise<Page<CatalogItemSummary>> {
  const { actor, query } = input;
  const agencyId = agencyScope(actor, query.agencyId);
  const page = await deps.catalog.list({ ...query, agencyId });
  const today = shanghaiDate(deps.clock.now());
  return {
    items: page.items.map((stored) => catalogSummaryOf(stored, today)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

export interface LawChangeRecorded {
  readonly lawChange: LawChange;
  readonly items: readonly CatalogItemSummary[];
}

/**
 * R10 (四平 §四(五)): a law, regulation, rule or normative document took effect or was repealed, or the agency
 * was reorganised, on `effectiveDate`. Every affected item (named, or found by the legal basis it cites) gets
 * an update deadline 20 working days later; the law change and all the deadlines are written in one
 * transaction, retried from a fresh read when an item changed meanwhile.
 */
export async function recordLawChange(
  deps: Omit<CatalogDependencies, 'uploads'>,
  input: { actor: UserActor; input: LawChangeInput & { agencyId?: string } },
): Promise<LawChangeRecorded> {
  const { actor } = input;
  const agencyId = agencyScope(actor, input.input.agencyId);
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock.now();
    const today = shanghaiDate(now);
    const valid = validateLawChangeInput(input.input, {
      today,
      latest: addDays(today, MAX_EFFECTIVE_AHEAD_DAYS),
    });
    const affected = await affectedItems(deps, agencyId, valid.itemIds, valid.legalBasisContains);
    const at = now.toISOString();
    const lawChange: LawChange = {
      id: deps.ids.next(),
      agencyId,
      title: valid.title,
      kind: valid.kind,
      effectiveDate: valid.effectiveDate,
      recordedAt: at,
      recordedBy: actor.userId,
      itemIds: affected.map((s) => s.item.id),
      ...(valid.legalBasisContains ? { legalBasisContains: valid.legalBasisContains } : {}),
      deadline: lawChangeDeadline(valid.effectiveDate, deps.calendar),
    };
    const open: OpenLawChange = {
      lawChangeId: lawChange.id,
      title: lawChange.title,
      kind: lawChange.kind,
      effectiveDate: lawChange.effectiveDate,
      recordedAt: at,
      deadline: lawChange.deadline,
    };
    const items = affected.map((stored) =>
      catalogWriteOf(stored, { type: 'law_change', lawChange: open }, { actor, at }),
    );
    const audit = appendAudit(EMPTY_HEAD, {
      subject: lawChange.id,
      action: 'record',
      actor: auditActorOf(actor),
      at,
      detail: {
        agencyId,
        title: lawChange.title,
        kind: lawChange.kind,
        effectiveDate: lawChange.effectiveDate,
        due: lawChange.deadline.due,
        itemIds: lawChange.itemIds,
        ...(lawChange.legalBasisContains ? { legalBasisContains: lawChange.legalBasisContains } : {}),
      },
    });
    try {
      await deps.catalog.saveLawChange({
        lawChange: { lawChange, auditHead: headOf([audit]) },
        audit,
        items,
      });
      return { lawChange, items: items.map((w) => catalogSummaryOf(w.next, today)) };
    } catch (error) {
      const retry = isVersionConflict(error) && attempt < LAW_CHANGE_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

async function affectedItems(
  deps: Pick<CatalogDependencies, 'catalog'>,
  agencyId: string,
  itemIds: readonly string[],
  legalBasisContains: string | undefined,
): Promise<StoredCatalogItem[]> {
  const found = new Map<string, StoredCatalogItem>();
  const unknown: string[] = [];
  for (const id of itemIds) {
    const stored = SITE_SAFE_ID.test(id) ? await deps.catalog.get(id) : undefined;
    if (!stored || stored.item.agencyId !== agencyId) unknown.push(id);
    else found.set(id, stored);
  }
  if (unknown.length > 0) {
    throw new ValidationError(
      'unknown_items',
      `no item of agency ${agencyId} has the id ${unknown.join(', ')}`,
      {
        field: 'itemIds',
        details: { issues: unknown.map((id) => ({ field: 'itemIds', code: 'unknown_item', message: id })) },
      },
    );
  }
  if (legalBasisContains) {
    let cursor: string | undefined;
    do {
      const page = await deps.catalog.list({ agencyId, limit: LIST_PAGE, ...(cursor ? { cursor } : {}) });
      for (const listed of page.items) {
        // The listing carries the latest revision: what the agency maintains now.
        if (
          found.has(listed.item.id) ||
          !citesBasis(latestCatalogRevision(listed.item).content, legalBasisContains)
        ) {
          continue;
        }
        const stored = await deps.catalog.get(listed.item.id);
        if (stored) found.set(stored.item.id, stored);
      }
      cursor = page.cursor;
    } while (cursor);
  }
  if (found.size === 0) {
    throw new ValidationError(
      'no_items_affected',
      legalBasisContains
        ? `no item of agency ${agencyId} cites “${legalBasisContains}” in its legal basis`
        : 'the law change names no item',
      { field: legalBasisContains ? 'legalBasisContains' : 'itemIds' },
    );
  }
  if (found.size > MAX_LAW_CHANGE_ITEMS) {
    throw new ValidationError(
      'too_many_items',
      `a law change affects at most ${MAX_LAW_CHANGE_ITEMS} items at once; it found ${found.size} (record it in parts by itemIds)`,
      { field: 'itemIds', details: { max: MAX_LAW_CHANGE_ITEMS } },
    );
  }
  return [...found.values()];
}

// ---- shared steps ---------------------------------------------------------------------------------------

/** The item, if this actor may see it: another agency's item does not exist for them (404). */
async function readable(deps: CatalogDependencies, actor: UserActor, id: string): Promise<StoredCatalogItem> {
  const stored = await deps.catalog.get(id);
  if (!stored || !canRead(actor, stored.item.agencyId)) throw new NotFoundError(`catalogue item ${id}`);
  return stored;
}

function requireVersionOf(stored: StoredCatalogItem, ifMatch: number | undefined, required: boolean): void {
  requireVersion(stored.item.version, ifMatch, { required, changed: 'revised' });
}

/**
 * Every attachment in the uploads bucket, with the size and type declared (else the approval is refused), and
 * what the approval binds of each (R2): the SHA-256 of its bytes, read in full, and the version holding them.
 */
async function bindUploads(
  deps: CatalogDependencies,
  attachments: readonly Attachment[],
): Promise<ApprovedFile[]> {
  const found = await Promise.all(
    attachments.map(async (a) => [a, await deps.uploads.inspect(a.key)] as const),
  );
  const missing = found.filter(([, upload]) => !upload).map(([a]) => a);
  if (missing.length > 0) {
    throw new RuleViolationError(
      'attachment_missing',
      `attachment ${missing.map((a) => `${a.n} (${a.name})`).join(', ')} was declared but never uploaded`,
      { details: { missing: missing.map((a) => a.n) } },
    );
  }
  const wrong = found.filter(([a, upload]) => upload && !matchesDeclaration(upload, a));
  if (wrong.length > 0) {
    throw new ValidationError(
      'attachment_mismatch',
      `attachment ${wrong.map(([a]) => a.n).join(', ')} differs in size or type from what was declared; an uploaded file cannot be replaced: revise the item to upload another`,
      {
        field: 'attachments',
        details: {
          issues: wrong.map(([a, upload]) => ({
            field: `attachments[${a.n - 1}]`,
            code: 'attachment_mismatch',
            message: `declared ${a.contentType}, ${a.size} bytes; uploaded ${upload?.contentType}, ${upload?.size} bytes`,
          })),
        },
      },
    );
  }
  return found.map(([a, upload]) => {
    const { sha256, versionId } = upload as InspectedUpload;
    return { n: a.n, sha256, ...(versionId === undefined ? {} : { versionId }) };
  });
}

function matchesDeclaration(stored: { size: number; contentType: string }, attachment: Attachment): boolean {
  return stored.size === attachment.size && sameType(stored.contentType, attachment);
}

function sameType(stored: string, attachment: Attachment): boolean {
  return stored.split(';')[0]?.trim().toLowerCase() === attachment.contentType;
}

async function viewOf(
  deps: CatalogDependencies,
  stored: StoredCatalogItem,
  actor: UserActor,
  options: { readonly checkUploads: boolean; readonly downloads: boolean },
): Promise<CatalogItemView> {
  const { item } = stored;
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const latest = latestCatalogRevision(item);
  const agency: Agency = await deps.agencies.get(item.agencyId);
  const files = options.checkUploads
    ? await Promise.all(latest.attachments.map((a) => uploadedFile(deps, latest.approvedFiles, a)))
    : latest.attachments.map(() => undefined);
  // R2: the agency's reviewers (and its submitters) can download exactly the bytes under review or approved.
  const mayDownload =
    options.downloads &&
    actor.agencyId === item.agencyId &&
    (actor.roles.includes('reviewer') || actor.roles.includes('submitter'));
  const downloadExpiry = new Date(now.getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString();
  const attachments = await Promise.all(
    latest.attachments.map(async (a, i): Promise<AttachmentView> => {
      const file = files[i];
      const download =
        mayDownload && file?.present
          ? {
              method: 'GET' as const,
              url: await deps.uploads.presignGet({
                key: a.key,
                ...(file.versionId === undefined ? {} : { versionId: file.versionId }),
                fileName: a.name,
                expiresInSeconds: DOWNLOAD_URL_SECONDS,
              }),
              expiresAt: downloadExpiry,
            }
          : null;
      return {
        ...a,
        uploaded: options.checkUploads ? file?.uploaded === true : null,
        sha256: file?.sha256 ?? null,
        versionId: file?.versionId ?? null,
        download,
      };
    }),
  );
  // The submitter gets (fresh) URLs for what the revision under review (always the latest) still lacks, never
  // for a file already there: an upload cannot be replaced (R2), a new revision uploads under keys of its own.
  const pending = catalogRevisionOf(item, item.pendingRevision);
  const owed =
    pending && actor.roles.includes('submitter')
      ? pending.attachments.filter((_, i) => files[i]?.present !== true)
      : [];
  const uploads = await Promise.all(
    owed.map(async (a): Promise<UploadInstruction> => {
      const signed = await deps.uploads.presignPut({
        key: a.key,
        contentType: a.contentType,
        size: a.size,
        expiresInSeconds: UPLOAD_URL_SECONDS,
        exclusive: true,
      });
      return {
        revision: latest.number,
        n: a.n,
        name: a.name,
        method: 'PUT',
        url: signed.url,
        headers: signed.headers,
        expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
      };
    }),
  );
  const events = await deps.catalog.auditTrail(item.id);
  return {
    ...catalogSummaryOf(stored, today),
    content: latest.content,
    attachments,
    pendingRevision: item.pendingRevision ?? null,
    publicRevision: item.publicRevision ?? null,
    lawChanges: item.lawChanges,
    // What people may do next; the publisher's step is not offered.
    allowedActions: allowedCatalogEvents(item).filter((e) => e !== 'publish'),
    preview: projectCatalogItem({
      id: item.id,
      agency: { id: agency.id, name: agency.name },
      kind: item.kind,
      revision: latest.number,
      content: latest.content,
      attachments: latest.attachments,
    }),
    revisions: item.revisions.map((r) => ({
      number: r.number,
      submittedBy: r.submittedBy,
      submittedAt: r.submittedAt,
      review: r.review ?? null,
      content: r.content,
      attachments: r.attachments,
      approvedFiles: r.approvedFiles ?? null,
    })),
    audit: {
      verification: verifyAuditChain(events, { expectedHead: stored.auditHead, subject: item.id }),
      events,
    },
    uploads,
  };
}

/**
 * What the uploads bucket holds for an attachment. Of an approved revision: what the approval bound (R2), the file
 * only headed; else the file read in full and hashed, as the reviewer would download it now.
 */
async function uploadedFile(
  deps: CatalogDependencies,
  approved: readonly ApprovedFile[] | undefined,
  attachment: Attachment,
): Promise<{ present: boolean; uploaded: boolean; sha256?: string; versionId?: string }> {
  const bound = approved?.find((f) => f.n === attachment.n);
  if (bound) {
    const head = await deps.uploads.head(attachment.key);
    return {
      present: head !== undefined,
      uploaded: head !== undefined && matchesDeclaration(head, attachment),
      sha256: bound.sha256,
      ...(bound.versionId === undefined ? {} : { versionId: bound.versionId }),
    };
  }
  const upload = await deps.uploads.inspect(attachment.key);
  if (!upload) return { present: false, uploaded: false };
  return {
    present: true,
    uploaded: matchesDeclaration(upload, attachment),
    sha256: upload.sha256,
    ...(upload.versionId === undefined ? {} : { versionId: upload.versionId }),
  };
}
