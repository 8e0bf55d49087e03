/**
 * How catalogue items (R10) and law changes lie in the single table, beside the decisions of decision-keys.ts:
 * their keys, index values and item shapes, how they are checked when read, and the list and due-date plans. It
 * imports no AWS SDK, so the memory adapter reuses it. docs/data-model.md explains it.
 */

import type { AuditEvent, ChainHead } from '../../domain/audit.ts';
import { canonicalJson } from '../../domain/canonical-json.ts';
import {
  type CatalogItem,
  type CatalogRevision,
  kindDefinition,
  type LawChange,
  latestCatalogRevision,
  updateDueOf,
} from '../../domain/catalog.ts';
import {
  type CatalogQuery,
  type CatalogWrite,
  type LawChangeWrite,
  MAX_LAW_CHANGE_ITEMS,
  type StoredCatalogItem,
  type StoredLawChange,
  VersionConflictError,
} from '../../ports.ts';
import { agencyPartition } from './agency-keys.ts';
import { checkItemSizes } from './item-size.ts';
import {
  BY_AGENCY,
  BY_AGENCY_STATUS,
  CATALOG_DUE_PARTITION,
  CATALOG_PUBLISHING_PARTITION,
  decodeCursor,
  type ListPlan,
  PUBLISH_DUE,
  PUBLISHING_SINCE,
  timeSortKey,
} from './table-indexes.ts';
import {
  AUDIT_PREFIX,
  auditDayAttributes,
  CorruptItemError,
  type Item,
  KEY_MAX,
  type Key,
  META_SK,
  pad,
  REVISION_PREFIX,
  segment,
} from './table-keys.ts';

export const CATALOG_PREFIX = 'CAT#';
export const LAW_CHANGE_PREFIX = 'LAW#';

export const catalogKeys = {
  item: (id: string): Key => ({ pk: `${CATALOG_PREFIX}${segment(id, 'catalogue item id')}`, sk: META_SK }),
  revision: (id: string, number: number): Key => ({
    pk: `${CATALOG_PREFIX}${segment(id, 'catalogue item id')}`,
    sk: `${REVISION_PREFIX}${pad(number, 5, 'revision number')}`,
  }),
  audit: (id: string, seq: number): Key => ({
    pk: `${CATALOG_PREFIX}${segment(id, 'catalogue item id')}`,
    sk: `${AUDIT_PREFIX}${pad(seq, 8, 'audit seq')}`,
  }),
  lawChange: (id: string): Key => ({
    pk: `${LAW_CHANGE_PREFIX}${segment(id, 'law change id')}`,
    sk: META_SK,
  }),
  lawChangeAudit: (id: string, seq: number): Key => ({
    pk: `${LAW_CHANGE_PREFIX}${segment(id, 'law change id')}`,
    sk: `${AUDIT_PREFIX}${pad(seq, 8, 'audit seq')}`,
  }),
} as const;

/** `AGENCY#<a>#CAT#<status>`: never equal to a decision's `AGENCY#<a>#STATUS#<status>`. */
export const agencyCatalogStatusPartition = (agencyId: string, status: string): string =>
  `${agencyPartition(agencyId)}#${CATALOG_PREFIX}${status}`;
/** `AGENCY#<a>#CAT`: never equal to a decision's `AGENCY#<a>`. */
export const agencyCatalogPartition = (agencyId: string): string => `${agencyPartition(agencyId)}#CAT`;
/** `<kind number, 2 digits>#<createdAt>#<id>`: lists read in the order of 四平 §四(四), then oldest first. */
export const kindSortKey = (kindNumber: number, createdAt: string, id: string): string =>
  `${pad(kindNumber, 2, 'kind number')}#${createdAt}#${id}`;

/**
 * The item's one META item: what a list shows (the latest revision rides along), its chain head, the list
 * indexes, and the sparse ones: publishDue (partition CATALOG) while an update deadline is open, publishingSince
 * (partition CATALOG_PUBLISHING) while the item is in `publishing`.
 */
export function catalogItemItem(stored: StoredCatalogItem): Item {
  const { revisions, ...item } = stored.item;
  const latest = latestCatalogRevision(stored.item);
  const due = updateDueOf(stored.item);
  const sortKey = kindSortKey(kindDefinition(item.kind).number, item.createdAt, item.id);
  return {
    ...catalogKeys.item(item.id),
    type: 'catalog_item',
    id: item.id,
    agencyId: item.agencyId,
    kind: item.kind,
    status: item.status,
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    item,
    revisionCount: revisions.length,
    latest,
    auditHead: stored.auditHead,
    [BY_AGENCY_STATUS.partitionKey]: agencyCatalogStatusPartition(item.agencyId, item.status),
    [BY_AGENCY_STATUS.sortKey]: sortKey,
    [BY_AGENCY.partitionKey]: agencyCatalogPartition(item.agencyId),
    [BY_AGENCY.sortKey]: sortKey,
    // Sparse: only while the item owes an update (R10), only while it is being published.
    ...(due
      ? {
          [PUBLISH_DUE.partitionKey]: CATALOG_DUE_PARTITION,
          [PUBLISH_DUE.sortKey]: timeSortKey(due.deadline.due, item.id),
        }
      : {}),
    ...(item.status === 'publishing'
      ? {
          [PUBLISHING_SINCE.partitionKey]: CATALOG_PUBLISHING_PARTITION,
          [PUBLISHING_SINCE.sortKey]: timeSortKey(item.updatedAt, item.id),
        }
      : {}),
  };
}

export function catalogRevisionItem(id: string, revision: CatalogRevision): Item {
  return { ...catalogKeys.revision(id, revision.number), type: 'catalog_revision', revision };
}

export function catalogAuditItem(event: AuditEvent): Item {
  return {
    ...catalogKeys.audit(event.subject, event.seq),
    type: 'audit',
    event,
    ...auditDayAttributes(event),
  };
}

export function lawChangeItem(stored: StoredLawChange): Item {
  const { lawChange } = stored;
  return {
    ...catalogKeys.lawChange(lawChange.id),
    type: 'law_change',
    id: lawChange.id,
    agencyId: lawChange.agencyId,
    lawChange,
    auditHead: stored.auditHead,
  };
}

export function lawChangeAuditItem(event: AuditEvent): Item {
  return {
    ...catalogKeys.lawChangeAudit(event.subject, event.seq),
    type: 'audit',
    event,
    ...auditDayAttributes(event),
  };
}

/** The revisions a write must put: new ones, and those that changed (a review was added). */
export function changedCatalogRevisions(
  previous: StoredCatalogItem | undefined,
  next: StoredCatalogItem,
): CatalogRevision[] {
  const before = new Map(previous?.item.revisions.map((r) => [r.number, canonicalJson(r)]));
  return next.item.revisions.filter((r) => before.get(r.number) !== canonicalJson(r));
}

// ---- reading ------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyOf(item: Item): string {
  return `${String(item.pk)} / ${String(item.sk)}`;
}

function checkHead(item: Item): ChainHead {
  const head = item.auditHead;
  if (!isRecord(head) || typeof head.seq !== 'number' || typeof head.hash !== 'string') {
    throw new CorruptItemError(keyOf(item), 'no audit head');
  }
  return { seq: head.seq, hash: head.hash };
}

function checkMeta(meta: Item): { item: Record<string, unknown>; latest: CatalogRevision; count: number } {
  const fail = (problem: string): never => {
    throw new CorruptItemError(keyOf(meta), problem);
  };
  if (meta.type !== 'catalog_item') fail(`type is ${String(meta.type)}, not catalog_item`);
  const item = meta.item;
  if (!isRecord(item) || item.id !== meta.id || item.version !== meta.version) {
    fail('the item map disagrees with the item on id or version');
  }
  if (!Array.isArray((item as Record<string, unknown>).lawChanges)) fail('no law changes');
  const latest = meta.latest;
  if (!isRecord(latest) || typeof latest.number !== 'number') fail('no latest revision');
  if (typeof meta.revisionCount !== 'number') fail('no revision count');
  return {
    item: item as Record<string, unknown>,
    latest: latest as unknown as CatalogRevision,
    count: meta.revisionCount as number,
  };
}

function checkRevision(item: Item): CatalogRevision {
  const revision = item.revision;
  if (item.type !== 'catalog_revision' || !isRecord(revision) || typeof revision.number !== 'number') {
    throw new CorruptItemError(keyOf(item), 'not a catalogue revision');
  }
  return revision as unknown as CatalogRevision;
}

/** An item from its META item and all its revision items (in any order). */
export function catalogFromItems(meta: Item, revisionItems: readonly Item[]): StoredCatalogItem {
  const { item, latest, count } = checkMeta(meta);
  const revisions = revisionItems.map(checkRevision).sort((a, b) => a.number - b.number);
  if (revisions.length !== count || revisions.at(-1)?.number !== latest.number) {
    throw new CorruptItemError(
      keyOf(meta),
      `expected ${count} revisions ending at ${latest.number}, found ${revisions.length}`,
    );
  }
  return { item: { ...item, revisions } as unknown as CatalogItem, auditHead: checkHead(meta) };
}

/** An item as lists show it: from its META item alone, `revisions` holding only the latest revision. */
export function listedCatalogFromItem(meta: Item): StoredCatalogItem {
  const { item, latest } = checkMeta(meta);
  return { item: { ...item, revisions: [latest] } as unknown as CatalogItem, auditHead: checkHead(meta) };
}

export function lawChangeFromItem(item: Item): StoredLawChange {
  if (item.type !== 'law_change' || !isRecord(item.lawChange) || item.lawChange.id !== item.id) {
    throw new CorruptItemError(keyOf(item), 'not a law change');
  }
  return { lawChange: item.lawChange as unknown as LawChange, auditHead: checkHead(item) };
}

// ---- writes -------------------------------------------------------------------------------------------

/** A write that does not extend the stored chain by exactly one event is a bug in the caller: refused at once. */
export function checkCatalogWrite(write: CatalogWrite): void {
  const { previous, next, audit } = write;
  const id = next.item.id;
  const head = previous?.auditHead ?? { seq: 0 };
  if (previous && (previous.item.id !== id || previous.item.agencyId !== next.item.agencyId)) {
    throw new Error(`a write cannot turn item ${previous.item.id} into ${id} or move it to another agency`);
  }
  if (previous && previous.item.kind !== next.item.kind) throw new Error(`the kind of item ${id} is fixed`);
  if (audit.subject !== id) throw new Error(`audit event of ${audit.subject} written with item ${id}`);
  if (audit.seq !== head.seq + 1 || (previous && audit.prevHash !== previous.auditHead.hash)) {
    throw new Error(`audit event ${audit.seq} of ${id} does not follow the stored head ${head.seq}`);
  }
  if (next.auditHead.seq !== audit.seq || next.auditHead.hash !== audit.hash) {
    throw new Error(`item ${id} must carry the head of the event it is written with`);
  }
  // One item of the table holds at most 400 KB (item-size.ts): refused before any write, by both stores.
  checkItemSizes([
    { part: 'catalogue item', item: catalogItemItem(next) },
    ...changedCatalogRevisions(previous, next).map((revision) => ({
      part: 'revision',
      item: catalogRevisionItem(id, revision),
    })),
    { part: 'audit event', item: catalogAuditItem(audit) },
  ]);
}

export function checkLawChangeWrite(write: LawChangeWrite): void {
  const { lawChange, audit, items } = write;
  const id = lawChange.lawChange.id;
  if (items.length === 0) throw new Error(`law change ${id} affects no item`);
  if (items.length > MAX_LAW_CHANGE_ITEMS) {
    throw new Error(`law change ${id} affects ${items.length} items, more than one transaction holds`);
  }
  if (audit.subject !== id || audit.seq !== 1 || lawChange.auditHead.hash !== audit.hash) {
    throw new Error(`law change ${id} must be written with the first event of its own chain`);
  }
  const ids = items.map((w) => w.next.item.id);
  if (new Set(ids).size !== ids.length) throw new Error(`law change ${id} names an item twice`);
  for (const write of items) {
    if (!write.previous) throw new Error(`law change ${id} cannot create item ${write.next.item.id}`);
    checkCatalogWrite(write);
  }
}

export function catalogConflict(id: string): VersionConflictError {
  return new VersionConflictError(`catalogue item ${id} was changed by someone else`);
}

// ---- lists and due dates ------------------------------------------------------------------------------

/**
 * A status list walks byAgencyStatus, every other list byAgency; both are sorted by kind number, so a kind is a
 * key range, never a filter. Ascending: the catalogue reads in the order of 四平 §四(四).
 */
export function catalogListPlan(query: CatalogQuery): ListPlan {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new RangeError(`a page holds at least one item, not ${query.limit}`);
  }
  const { agencyId, status, kind } = query;
  const number = kind === undefined ? undefined : pad(kindDefinition(kind).number, 2, 'kind number');
  const base = {
    index: status === undefined ? BY_AGENCY : BY_AGENCY_STATUS,
    partition:
      status === undefined
        ? agencyCatalogPartition(agencyId)
        : agencyCatalogStatusPartition(agencyId, status),
    filter: {},
    ...(number === undefined ? {} : { sortFrom: `${number}#`, sortTo: `${number}#${KEY_MAX}` }),
    limit: query.limit,
    recordPrefix: CATALOG_PREFIX,
  };
  return query.cursor === undefined ? base : { ...base, start: decodeCursor(query.cursor, base) };
}

export type CatalogDueKind = 'update' | 'publishing';

/** R10 and the reconcile sweep: what is due on or before a date (an instant for `publishing`), oldest first. */
export function catalogDuePlan(
  kind: CatalogDueKind,
  onOrBefore: string,
  cursor?: string,
  limit = 100,
): ListPlan {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`a page holds at least one item, not ${limit}`);
  const base = {
    index: kind === 'update' ? PUBLISH_DUE : PUBLISHING_SINCE,
    partition: kind === 'update' ? CATALOG_DUE_PARTITION : CATALOG_PUBLISHING_PARTITION,
    filter: {},
    sortTo: `${onOrBefore}#${KEY_MAX}`,
    limit,
    recordPrefix: CATALOG_PREFIX,
  };
  return cursor === undefined ? base : { ...base, start: decodeCursor(cursor, base) };
}
