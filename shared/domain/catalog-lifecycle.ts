/**
 * The life of a catalogue item (R10) as ONE explicit transition table, in the style of lifecycle.ts: `decideCatalog`
 * finds the row for (event, status), checks who may act (roles, agency, R2) and the rule guards, and returns the
 * new item with the audit entry of the change (R11).
 */
import type { AuditEntry } from './audit.ts';
import { digestOf } from './audit.ts';
import { type Acting, auditActorOf, authoriseTransition } from './authority.ts';
import {
  type ApprovedFile,
  type Attachment,
  type AttachmentDeclaration,
  attachmentsOf,
  type CatalogContent,
  type CatalogItem,
  type CatalogKind,
  type CatalogRevision,
  type CatalogStatus,
  catalogRevisionOf,
  type OpenLawChange,
  SHA256_HEX,
  updateDueOf,
} from './catalog.ts';
import type { Actor, Review } from './decision.ts';
import { ForbiddenError, IllegalTransitionError, RuleViolationError, ValidationError } from './errors.ts';

export type CatalogEvent =
  | {
      readonly type: 'submit';
      readonly id: string;
      readonly kind: CatalogKind;
      readonly content: CatalogContent;
      /** Declared now, uploaded by the client to the keys the revision names (attachmentsOf). */
      readonly attachments: readonly AttachmentDeclaration[];
    }
  | {
      readonly type: 'revise';
      readonly content: CatalogContent;
      readonly attachments: readonly AttachmentDeclaration[];
    }
  | {
      readonly type: 'approve';
      readonly comment: string;
      /** R2: the bytes approved, one per attachment of the revision under review (none without attachments). */
      readonly files?: readonly ApprovedFile[];
    }
  | { readonly type: 'reject'; readonly comment: string }
  | { readonly type: 'publish' }
  | { readonly type: 'law_change'; readonly lawChange: OpenLawChange };

export type CatalogEventType = CatalogEvent['type'];

/** `revision_pending`: a published item with a new revision under review (it stays published meanwhile). */
type Guard = 'revision_pending';

export interface CatalogTransition {
  readonly event: CatalogEventType;
  readonly from: CatalogStatus | 'none';
  readonly to: CatalogStatus;
  readonly by: readonly Acting[];
  readonly when?: Guard;
}

export const CATALOG_TRANSITIONS: readonly CatalogTransition[] = [
  { event: 'submit', from: 'none', to: 'pending_review', by: ['submitter'] },
  // R2: nothing of the catalogue reaches the public side without a reviewer's approval.
  { event: 'approve', from: 'pending_review', to: 'publishing', by: ['reviewer'] },
  { event: 'approve', from: 'published', to: 'publishing', by: ['reviewer'], when: 'revision_pending' },
  { event: 'reject', from: 'pending_review', to: 'rejected', by: ['reviewer'] },
  { event: 'reject', from: 'published', to: 'published', by: ['reviewer'], when: 'revision_pending' },
  // A new revision replaces what waits for review, resubmits what was sent back, or updates what is public
  // (which stays public until the update is approved).
  { event: 'revise', from: 'pending_review', to: 'pending_review', by: ['submitter'] },
  { event: 'revise', from: 'rejected', to: 'pending_review', by: ['submitter'] },
  { event: 'revise', from: 'published', to: 'published', by: ['submitter'] },
  // "A record says published only once the public side holds it": only the publisher moves it there.
  { event: 'publish', from: 'publishing', to: 'published', by: ['system'] },
  // R10 (四平 §四(五)): a law change or a reorganisation puts an update deadline on the item, whatever its state.
  ...(['pending_review', 'rejected', 'publishing', 'published'] as const).map(
    (status): CatalogTransition => ({
      event: 'law_change',
      from: status,
      to: status,
      by: ['submitter', 'operator'],
    }),
  ),
];

export interface CatalogTransitionContext {
  readonly actor: Actor;
  /** ISO 8601 instant, from the injected clock. */
  readonly at: string;
}

export interface CatalogTransitionResult {
  readonly item: CatalogItem;
  readonly audit: AuditEntry;
}

function matchesState(rule: CatalogTransition, item: CatalogItem | undefined): boolean {
  if (rule.from !== (item?.status ?? 'none')) return false;
  if (rule.when === 'revision_pending') return item?.pendingRevision !== undefined;
  return true;
}

/** The events the table allows from an item's current state (for an API's `allowedActions`). */
export function allowedCatalogEvents(item: CatalogItem | undefined): readonly CatalogEventType[] {
  return [...new Set(CATALOG_TRANSITIONS.filter((r) => matchesState(r, item)).map((r) => r.event))];
}

export function decideCatalog(
  current: CatalogItem | undefined,
  event: CatalogEvent,
  ctx: CatalogTransitionContext,
): CatalogTransitionResult {
  const rule = authoriseCatalogEvent(current, event.type, ctx);
  const next = apply(current, event, rule, ctx);
  return { item: next, audit: auditEntry(current, next, event, ctx) };
}

/**
 * The row for (event, status) and whether this actor may take it (roles, agency, R2), without changing anything:
 * what `decideCatalog` checks first, and what an approval checks before the uploads it binds are read.
 */
export function authoriseCatalogEvent(
  current: CatalogItem | undefined,
  type: CatalogEventType,
  ctx: CatalogTransitionContext,
): CatalogTransition {
  const rule = CATALOG_TRANSITIONS.find((r) => r.event === type && matchesState(r, current));
  const status = current?.status ?? 'none';
  if (!rule) {
    throw new IllegalTransitionError(
      current
        ? `cannot ${type} a catalogue item that is ${status}${current.pendingRevision === undefined ? '' : ' with a revision under review'}`
        : `cannot ${type} a catalogue item that does not exist`,
      { details: { event: type, status, allowed: allowedCatalogEvents(current) } },
    );
  }
  authoriseTransition({
    actor: ctx.actor,
    event: type,
    by: rule.by,
    record: current && {
      agencyId: current.agencyId,
      underReviewBy: catalogRevisionOf(current, current.pendingRevision)?.submittedBy,
    },
    reviews: type === 'approve' || type === 'reject',
    noun: 'a catalogue item',
  });
  return rule;
}

function apply(
  current: CatalogItem | undefined,
  event: CatalogEvent,
  rule: CatalogTransition,
  ctx: CatalogTransitionContext,
): CatalogItem {
  const { actor, at } = ctx;
  if (event.type === 'submit') {
    if (actor.kind !== 'user') throw new ForbiddenError('role_required', 'only agency staff submit items');
    return {
      id: event.id,
      agencyId: actor.agencyId,
      kind: event.kind,
      status: rule.to,
      version: 1,
      createdAt: at,
      updatedAt: at,
      revisions: [
        revisionOf(1, event.content, attachmentsOf(event.id, 1, event.attachments), actor.userId, at),
      ],
      pendingRevision: 1,
      lawChanges: [],
    };
  }
  const item = current as CatalogItem;
  const base = { ...item, status: rule.to, version: item.version + 1, updatedAt: at };
  switch (event.type) {
    case 'approve':
    case 'reject': {
      const revision = catalogRevisionOf(item, item.pendingRevision) as CatalogRevision;
      if (event.type === 'reject' && event.comment.trim() === '') {
        throw new ValidationError('comment_required', 'a rejection says why, so the submitter can fix it', {
          field: 'comment',
        });
      }
      const review: Review = { reviewerId: actor.userId, at, outcome: event.type, comment: event.comment };
      // R2: an approval is bound to the exact bytes of each attached file, which the publisher copies or nothing.
      const approvedFiles = event.type === 'approve' ? bindFiles(revision, event.files ?? []) : undefined;
      const revisions = item.revisions.map((r) =>
        r.number === revision.number ? { ...r, review, ...(approvedFiles ? { approvedFiles } : {}) } : r,
      );
      const { pendingRevision: _reviewed, ...rest } = base;
      if (event.type === 'reject') return { ...rest, revisions };
      // R10: an approved revision written after a law change was recorded answers it; earlier ones stay open.
      const lawChanges = item.lawChanges.filter((change) => revision.submittedAt <= change.recordedAt);
      return { ...rest, revisions, publicRevision: revision.number, lawChanges };
    }
    case 'revise': {
      const number = Math.max(...item.revisions.map((r) => r.number)) + 1;
      const attachments = attachmentsOf(item.id, number, event.attachments);
      const revision = revisionOf(number, event.content, attachments, actor.userId, at);
      return { ...base, revisions: [...item.revisions, revision], pendingRevision: number };
    }
    case 'publish':
      return { ...base, publishedAt: item.publishedAt ?? at, lastPublishedAt: at };
    case 'law_change': {
      if (item.lawChanges.some((c) => c.lawChangeId === event.lawChange.lawChangeId)) {
        throw new RuleViolationError(
          'law_change_recorded',
          'this law change is already recorded on the item',
        );
      }
      return { ...base, lawChanges: [...item.lawChanges, event.lawChange] };
    }
  }
}

/** One file per attachment, in order, each with a SHA-256; undefined for a revision without attachments. */
function bindFiles(
  revision: CatalogRevision,
  files: readonly ApprovedFile[],
): readonly ApprovedFile[] | undefined {
  const bound = revision.attachments.map((a) => files.find((f) => f.n === a.n));
  const unbound = revision.attachments
    .filter((_, i) => !SHA256_HEX.test(bound[i]?.sha256 ?? ''))
    .map((a) => a.n);
  if (unbound.length > 0 || files.length !== revision.attachments.length) {
    throw new RuleViolationError(
      'attachment_unbound',
      unbound.length > 0
        ? `attachment ${unbound.join(', ')} has no SHA-256 for the approval to bind (R2)`
        : 'the approval binds files the revision does not declare',
      { details: { unbound } },
    );
  }
  if (bound.length === 0) return undefined;
  return bound.map((f) => {
    const { n, sha256, versionId } = f as ApprovedFile;
    return { n, sha256, ...(versionId === undefined ? {} : { versionId }) };
  });
}

function revisionOf(
  number: number,
  content: CatalogContent,
  attachments: readonly Attachment[],
  by: string,
  at: string,
): CatalogRevision {
  return { number, content, attachments: [...attachments], submittedBy: by, submittedAt: at };
}

function stateOf(item: CatalogItem): Record<string, unknown> {
  const { status, version, pendingRevision, publicRevision } = item;
  return { status, version, pendingRevision, publicRevision, updateDue: updateDueOf(item)?.deadline.due };
}

function auditEntry(
  before: CatalogItem | undefined,
  after: CatalogItem,
  event: CatalogEvent,
  ctx: CatalogTransitionContext,
): AuditEntry {
  const actor = auditActorOf(ctx.actor);
  const entry = { subject: after.id, action: event.type, actor, at: ctx.at, after: stateOf(after) };
  return { ...entry, ...(before ? { before: stateOf(before) } : {}), detail: detailOf(before, after, event) };
}

function detailOf(before: CatalogItem | undefined, after: CatalogItem, event: CatalogEvent) {
  switch (event.type) {
    case 'submit':
    case 'revise':
      return {
        kind: after.kind,
        revision: after.pendingRevision,
        contentDigest: digestOf(event.content),
        attachments: event.attachments.map((a, i) => ({
          n: i + 1,
          contentType: a.contentType,
          size: a.size,
        })),
      };
    case 'approve':
    case 'reject': {
      const answered = (before?.lawChanges ?? []).filter(
        (c) => !after.lawChanges.some((open) => open.lawChangeId === c.lawChangeId),
      );
      const files = catalogRevisionOf(after, before?.pendingRevision)?.approvedFiles;
      return {
        revision: before?.pendingRevision,
        comment: event.comment,
        ...(event.type === 'approve' && files ? { files } : {}),
        ...(answered.length > 0 ? { lawChangesAnswered: answered.map((c) => c.lawChangeId) } : {}),
      };
    }
    case 'publish':
      return { revision: after.publicRevision };
    case 'law_change':
      return {
        lawChangeId: event.lawChange.lawChangeId,
        effectiveDate: event.lawChange.effectiveDate,
        due: event.lawChange.deadline.due,
      };
  }
}
