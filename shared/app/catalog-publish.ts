import {
  type CatalogItem,
  type CatalogRevision,
  type CatalogStatus,
  catalogRevisionOf,
  fileSha256,
  updateDueOf,
} from '../domain/catalog.ts';
import { projectCatalogItem } from '../domain/catalog-projection.ts';
import type {
  AgencyDirectory,
  CatalogStore,
  Clock,
  SiteBucket,
  StoredCatalogItem,
  UploadStore,
} from '../ports.ts';
import { isVersionConflict } from '../ports.ts';
import {
  type CatalogSiteEvent,
  catalogFilesOf,
  catalogKeysToRead,
  planCatalogChange,
} from '../site/catalog.ts';
import { CACHE_ASSET } from '../site/keys.ts';
import type { SiteConfig } from '../site/types.ts';
import { applySitePlan, ensureStaticAssets, PUBLISHER } from './publish.ts';
import { transitionCatalogItem } from './transitions.ts';

export interface CatalogPublisherDependencies {
  readonly catalog: CatalogStore;
  readonly agencies: AgencyDirectory;
  readonly clock: Clock;
  readonly site: SiteBucket;
  readonly siteConfig: SiteConfig;
  readonly uploads: UploadStore;
}

/** A change of a catalogue item's META item, as the stream reports it. */
export interface CatalogChange {
  readonly id: string;
  readonly oldStatus: CatalogStatus | undefined;
  readonly newStatus: CatalogStatus | undefined;
  /** The item's key on the update-deadline index before and after (absent: no deadline open). */
  readonly oldDue?: string | undefined;
  readonly newDue?: string | undefined;
}

export type CatalogPublicationAction = 'publish' | 'refresh';

/**
 * R2: an attached file of the approved revision is not the one the approval bound (replaced after the approval
 * where the bucket keeps no versions, or approved before files were bound): nothing of the item is written. Not
 * a fault a retry mends; the item stays `publishing`, and the reconcile sweep tries again and counts it failed.
 * The message names the item and the attachment's number, never anything of the file.
 */
export class AttachmentIntegrityError extends Error {
  readonly code = 'attachment_not_approved';
  constructor(
    readonly itemId: string,
    readonly n: number,
    problem: string,
  ) {
    super(`catalogue item ${itemId} was not published: attachment ${n} ${problem}`);
    this.name = 'AttachmentIntegrityError';
  }
}

/** The changes that alter the public side; everything else on the stream is ignored. */
export function catalogPublicationAction(change: CatalogChange): CatalogPublicationAction | undefined {
  if (change.newStatus === 'publishing') return 'publish';
  // R10: a law change on a published item (or an update answering it) changes what its page says it owes.
  if (
    change.oldStatus === 'published' &&
    change.newStatus === 'published' &&
    change.oldDue !== change.newDue
  ) {
    return 'refresh';
  }
  return undefined;
}

export type CatalogPublicationOutcome = 'published' | 'refreshed' | 'skipped';

export async function handleCatalogChange(
  deps: CatalogPublisherDependencies,
  change: CatalogChange,
): Promise<CatalogPublicationOutcome> {
  const action = catalogPublicationAction(change);
  if (!action) return 'skipped';
  const stored = await deps.catalog.get(change.id);
  if (!stored) return 'skipped';
  await ensureStaticAssets(deps);
  if (action === 'publish') return publish(deps, stored);
  if (stored.item.status !== 'published') return 'skipped';
  // The files of the public revision were copied when it was published; only the page and index change.
  await writeItem(deps, stored.item, { copyFiles: false });
  return 'refreshed';
}

async function publish(
  deps: CatalogPublisherDependencies,
  initial: StoredCatalogItem,
): Promise<CatalogPublicationOutcome> {
  let stored = initial;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Redelivered after success: nothing to do.
    if (stored.item.status !== 'publishing') return 'skipped';
    await writeItem(deps, stored.item, { copyFiles: true });
    const ctx = { actor: PUBLISHER, at: deps.clock.now().toISOString() };
    try {
      await transitionCatalogItem(deps, stored, { type: 'publish' }, ctx);
      return 'published';
    } catch (error) {
      if (!isVersionConflict(error)) throw error;
      // Changed meanwhile (a law change): write the site again from what the record says now.
      const reread = await deps.catalog.get(stored.item.id);
      if (!reread) return 'skipped';
      stored = reread;
    }
  }
  throw new Error(`catalogue item ${initial.item.id} kept changing while it was being published`);
}

/**
 * The public revision's files first (the page links to them), then the page, its JSON and the agency's index.
 * Every file is read and checked before anything is written: a file that is not the approved one leaves the
 * site without any part of the item.
 */
async function writeItem(
  deps: CatalogPublisherDependencies,
  item: CatalogItem,
  options: { readonly copyFiles: boolean },
): Promise<void> {
  const event = await catalogSiteEvent(deps.agencies, item);
  const revision = catalogRevisionOf(item, item.publicRevision) as CatalogRevision;
  const files = catalogFilesOf(event.document, deps.siteConfig);
  const copies = options.copyFiles ? await approvedBytes(deps, item.id, revision) : [];
  for (const [i, bytes] of copies.entries()) {
    const file = files[i];
    if (!file) throw new Error(`item ${item.id} has no site key for its attachment ${i + 1}`);
    await deps.site.put({
      key: file.key,
      body: bytes,
      contentType: file.contentType,
      cacheControl: CACHE_ASSET,
    });
  }
  await applySitePlan(deps.site, catalogKeysToRead(event), (current) =>
    planCatalogChange(event, current, deps.siteConfig),
  );
}

/** R2: each attachment's bytes as the approval bound them: its version, if one was recorded, and its SHA-256. */
async function approvedBytes(
  deps: CatalogPublisherDependencies,
  itemId: string,
  revision: CatalogRevision,
): Promise<Uint8Array[]> {
  const copies: Uint8Array[] = [];
  for (const attachment of revision.attachments) {
    const approved = revision.approvedFiles?.find((f) => f.n === attachment.n);
    if (!approved)
      throw new AttachmentIntegrityError(itemId, attachment.n, 'was approved without its bytes bound');
    const bytes = await deps.uploads.read(attachment.key, approved.versionId);
    // The review checked the upload; one missing now is a fault to retry and alarm on, never a broken page.
    if (!bytes) throw new Error(`attachment ${attachment.n} of item ${itemId} is not in the uploads bucket`);
    if (fileSha256(bytes) !== approved.sha256) {
      throw new AttachmentIntegrityError(
        itemId,
        attachment.n,
        'is not the file that was approved (SHA-256 differs)',
      );
    }
    copies.push(bytes);
  }
  return copies;
}

/** What an item's current state means for the site: its public revision, projected, with its dates and note. */
export async function catalogSiteEvent(
  agencies: AgencyDirectory,
  item: CatalogItem,
): Promise<CatalogSiteEvent> {
  const revision = catalogRevisionOf(item, item.publicRevision);
  if (!revision) throw new Error(`catalogue item ${item.id} has no approved revision to publish`);
  const agency = await agencies.get(item.agencyId);
  const document = projectCatalogItem({
    id: item.id,
    agency: { id: agency.id, name: agency.name },
    kind: item.kind,
    revision: revision.number,
    content: revision.content,
    attachments: revision.attachments,
  });
  // The approval times, not the publisher's: every rewrite of the page agrees on them.
  const firstApproved = item.revisions.find((r) => r.review?.outcome === 'approve');
  const due = updateDueOf(item);
  return {
    document,
    publishedAt: firstApproved?.review?.at ?? item.publishedAt ?? item.updatedAt,
    updatedAt: revision.review?.at ?? item.updatedAt,
    ...(due
      ? {
          updateDue: {
            title: due.title,
            kind: due.kind,
            effectiveDate: due.effectiveDate,
            due: due.deadline.due,
          },
        }
      : {}),
  };
}
