/**
 * The interfaces the use cases need. Adapters implement them: DynamoDB and S3 on AWS and locally,
 * memory in unit tests. Nothing here knows AWS.
 */
import type { AuditEvent, ChainHead } from './domain/audit.ts';
import type { CalendarYear, WorkCalendar } from './domain/calendar/work-calendar.ts';
import type { CatalogItem, CatalogKind, CatalogStatus, LawChange } from './domain/catalog.ts';
import type {
  CorrectionRequest,
  CorrectionRequestStatus,
  RequesterNotice,
} from './domain/correction-request.ts';
import type { LocalDate } from './domain/dates.ts';
import type { Deadline } from './domain/deadlines.ts';
import type { ActionType, Decision, DecisionStatus, WithdrawReason } from './domain/decision.ts';
import type { Inventory } from './domain/inventory.ts';
import type { AgencySettings } from './domain/settings.ts';
import type { LogDraft, LogEntry, LogHead, SignedCheckpoint } from './domain/transparency-log.ts';

/** The deadlines a decision currently runs against; each is recomputed when its basis changes. */
export interface DecisionDeadlines {
  /** R5: while the latest revision waits to be published (first publication or a correction). */
  readonly publication?: Deadline;
  /**
   * R8 (长治 §二 立即): while a correction of a published decision waits for review: the working day it was
   * submitted (the next one when submitted on a day off). Indexed in the publication's place, which it precedes.
   */
  readonly correctionReview?: Deadline;
  /** R6: while published, when it comes down (absent when the agency keeps its records up). */
  readonly expiry?: Deadline;
  /**
   * R7 (行政处罚法 art. 48/85), R8: while a withdrawn decision that had been public is not yet confirmed gone
   * from the site: 3 working days from the withdrawal, the same day for an emergency takedown.
   */
  readonly takedown?: Deadline;
  /**
   * R3 (四平 §四(三)4): while an exempt decision's exemption names a review date (`exemption.reviewOn`): the
   * deadline sweep reminds the agency from that day on, until the exemption is corrected.
   */
  readonly exemptionReview?: Deadline;
  /** R8: while a withdrawal made by one person waits for a reviewer's confirmation (1 working day). */
  readonly confirmation?: Deadline;
}

/** A decision as stored: the domain record, the head of its audit chain and its open deadlines. */
export interface StoredDecision {
  readonly decision: Decision;
  readonly auditHead: ChainHead;
  readonly deadlines: DecisionDeadlines;
}

export interface IdempotencyClaim {
  readonly key: string;
  /** Digest of the request body: the same key with another body is refused. */
  readonly requestHash: string;
  /** Epoch seconds; the store lets the record expire after it (DynamoDB TTL). */
  readonly expiresAt: number;
}

export interface IdempotencyRecord {
  readonly agencyId: string;
  readonly key: string;
  readonly requestHash: string;
  readonly decisionId: string;
}

/**
 * One state change, written atomically: the decision (conditional on the version it was read at), its
 * new revision items, the audit event chained to the stored head, the case-number guard when the case
 * number is new or changed, and the idempotency record of a create.
 */
/** Why a submission was refused, where supervision counts refusals (R14: a major decision without legal review). */
export type RefusalReason = 'legal_review_required';

export interface DecisionWrite {
  readonly previous?: StoredDecision;
  readonly next: StoredDecision;
  readonly audit: AuditEvent;
  readonly idempotency?: IdempotencyClaim;
}

export interface DecisionQuery {
  readonly agencyId: string;
  readonly status?: DecisionStatus;
  readonly actionType?: ActionType;
  /** Decision date range, inclusive. */
  readonly decidedFrom?: LocalDate;
  readonly decidedTo?: LocalDate;
  readonly limit: number;
  /** Opaque, from the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

export interface DecisionStore {
  get(id: string): Promise<StoredDecision | undefined>;
  /**
   * Throws StoreConflictError: `version_conflict` (someone else changed it first), `case_number_taken`
   * (another decision of the agency has this case number), `idempotency_key_used` (the key was taken
   * by a concurrent request).
   */
  save(write: DecisionWrite): Promise<void>;
  /**
   * R1, R12: the decision of the agency that holds this case number as people read it (case-number.ts), from the
   * uniqueness guard: how an inventoried decision (inventory.ts) is found submitted. One GetItem and one Query.
   */
  findByCaseNumber(agencyId: string, caseNumber: string): Promise<StoredDecision | undefined>;
  list(query: DecisionQuery): Promise<Page<StoredDecision>>;
  auditTrail(id: string): Promise<readonly AuditEvent[]>;
  /**
   * R14, R12: counts one submission of the agency refused on this day (Asia/Shanghai) for this reason: a major
   * decision without its 法制审核. One counter per agency, reason and day; nothing of the refused content.
   */
  countRefusal(agencyId: string, reason: RefusalReason, on: LocalDate): Promise<void>;
  /** R14, R12: the refusals counted for the agency and reason on the days from..to, inclusive. */
  refusals(agencyId: string, reason: RefusalReason, from: LocalDate, to: LocalDate): Promise<number>;
  findIdempotency(agencyId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * R5, R6: the decisions whose publication or expiry deadline falls on or before the date, oldest first,
   * read from the sparse due-date index alone (a Query, never a Scan). Only the id and due date: a sweep
   * reads what is due and then gets each decision it acts on.
   */
  listDue(
    kind: 'publication' | 'expiry' | 'takedown' | 'exemption_review' | 'confirmation' | 'correction_review',
    onOrBefore: LocalDate,
    cursor?: string,
    limit?: number,
  ): Promise<Page<DueItem>>;
  /**
   * The decisions in `publishing` since the ISO instant or earlier, oldest first, from a sparse index that
   * holds only decisions in `publishing`: the reconcile sweep reads the stuck ones and nothing else.
   */
  listDue(kind: 'publishing', since: string, cursor?: string, limit?: number): Promise<Page<DueItem<string>>>;
  /**
   * R6: the published decisions whose expiry falls on or before the date, oldest first, each as a list shows
   * it (its latest revision only), from the same index in the same one Query: the withdrawal sweep acts on
   * these without reading each decision again (the items read grow with the items due). The index lags the table a
   * little, so a record may be stale; a save from it is conditional on its version like any other, and a
   * save from a record that holds only its latest revision keeps the revisions it does not hold.
   */
  listDueRecords(
    kind: 'expiry',
    onOrBefore: LocalDate,
    cursor?: string,
    limit?: number,
  ): Promise<Page<StoredDecision>>;
  /**
   * R5: the decisions whose deadline of this kind falls between the two dates (inclusive), oldest first, from
   * the same sparse index (a Query with both bounds): the recompute sweep reads the deadlines that can depend
   * on a year whose notice was just loaded, and no others (ADR 0013).
   */
  listDueBetween(
    kind: 'publication' | 'takedown' | 'confirmation',
    onOrAfter: LocalDate,
    onOrBefore: LocalDate,
    cursor?: string,
    limit?: number,
  ): Promise<Page<DueItem>>;
  /**
   * R12: the agency's decisions first published, or withdrawn, at an instant in [fromInstant, toInstant),
   * oldest first, from the activity items written with each state change (docs/data-model.md): what happened
   * in a period, whenever the decisions were decided. A decision withdrawn, reinstated and withdrawn again is
   * there once per withdrawal.
   */
  activity(
    agencyId: string,
    kind: ActivityKind,
    fromInstant: string,
    toInstant: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<ActivityEntry>>;
}

export type ActivityKind = 'published' | 'withdrawn';

/** One first publication or withdrawal: the decision, and the instant it happened. */
export interface ActivityEntry {
  readonly id: string;
  readonly at: string;
}

/**
 * Writes the activity items a record accounts for (its first publication, every withdrawal), for records kept
 * from before they were written with each change (`npm run backfill-activity`). Idempotent.
 */
export interface ActivityBackfill {
  recordActivity(decision: Decision): Promise<number>;
}

/** R12, R13: the case systems' inventories of what their agencies decided (inventory.ts). */
export interface InventoryStore {
  get(agencyId: string, period: string): Promise<Inventory | undefined>;
  /**
   * Every inventory of the agency whose period key lies between the two (inclusive, as strings: `2026-11` sorts
   * before `2026-11-01`), read consistently from the agency's inventory partition.
   */
  list(agencyId: string, fromPeriod: string, toPeriod: string): Promise<readonly Inventory[]>;
  /**
   * Writes the inventory, new when `previous` is absent, else conditional on its version (VersionConflictError),
   * with `due` (the day the deadline sweep next looks at it) on the sparse due-date index, or off it.
   */
  save(write: {
    readonly previous?: Inventory;
    readonly next: Inventory;
    readonly due?: LocalDate;
  }): Promise<void>;
  /** The inventories whose `due` falls on or before the date (ids `<agency>/<period>`), oldest first. */
  listDue(onOrBefore: LocalDate): Promise<readonly DueItem[]>;
}

/** One entry of a due-date index: a date, or for `publishing` the instant the decision entered it. */
export interface DueItem<Due extends string = LocalDate> {
  readonly id: string;
  readonly due: Due;
}

/** The statuses a decision can be in while the public side holds something of it. */
export const PUBLIC_SIDE_STATUSES = ['published', 'publishing', 'withdrawn'] as const;

/** What a scan keeps of a decision: enough to tell whether, and in which month, the site holds it. */
export interface DecisionRef {
  readonly id: string;
  readonly status: (typeof PUBLIC_SIDE_STATUSES)[number];
  readonly publishedAt?: string;
  /** Set once a revision was approved: without it nothing of the decision was ever public. */
  readonly publicRevision?: number;
  readonly withdrawalReason?: WithdrawReason;
  readonly withdrawnAt?: string;
}

/**
 * Every decision that may have a public side, read from the whole table. For disaster recovery only
 * (`npm run rebuild-site`): nothing on a request path or a schedule may walk the whole history.
 */
export interface DecisionScanner {
  scanPublicDecisions(): AsyncIterable<DecisionRef>;
}

export interface Agency {
  readonly id: string;
  readonly name: string;
  /** The agency's own 统一社会信用代码 (checksum-valid), for the 双公示 export's 处罚机关 / 许可机关 columns; optional. */
  readonly uscc?: string;
  readonly settings: AgencySettings;
  /**
   * `false` on the statutory defaults the directory answers for an id never configured (absent on a stored
   * agency): records of such an id are still read with the defaults, but no request may act under it.
   */
  readonly registered?: false;
}

export interface AgencyDirectory {
  /** An agency never configured gets the statutory defaults and its id as name. */
  get(agencyId: string): Promise<Agency>;
}

/** The directory as operators keep it (`npm run agencies`): what is stored, and writing it. */
export interface AgencyRegistry extends AgencyDirectory {
  /** The stored agency, or undefined when it was never configured (no defaults filled in). */
  find(agencyId: string): Promise<Agency | undefined>;
  /** Every stored agency, ordered by id. */
  list(): Promise<Agency[]>;
  /** Throws SettingsError for settings that loosen the law, ValidationError for a bad name or agency id. */
  putAgency(agency: Agency): Promise<void>;
}

// ---- R5: the working-day calendar as operators load it at run time (ADR 0013) ---------------------------

/** One year's 放假安排 as loaded by an operator, with its version and the head of its own audit chain. */
export interface StoredCalendarYear {
  readonly calendar: CalendarYear;
  /** 1 on the first load, +1 on each re-load (If-Match). */
  readonly version: number;
  /** ISO 8601 instant of the load. */
  readonly loadedAt: string;
  readonly loadedBy: string;
  readonly auditHead: ChainHead;
  /**
   * The version whose provisional deadlines the recompute sweep has finished moving; absent until then. A
   * re-load leaves it behind the version, so the next sweep looks again.
   */
  readonly recomputedVersion?: number;
}

/** A load (with its audit event) or the sweep's mark (no event, same version), conditional on the version read. */
export interface CalendarYearWrite {
  readonly previous?: StoredCalendarYear;
  readonly next: StoredCalendarYear;
  readonly audit?: AuditEvent;
}

export interface CalendarStore {
  get(year: number): Promise<StoredCalendarYear | undefined>;
  /** Every loaded year, ascending: one Query of one partition (a handful of items, one a year). */
  list(): Promise<readonly StoredCalendarYear[]>;
  /** Throws StoreConflictError `version_conflict` when the year changed since it was read. */
  save(write: CalendarYearWrite): Promise<void>;
  auditTrail(year: number): Promise<readonly AuditEvent[]>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Unique, roughly time-ordered, URL-safe. */
  next(): string;
}

/** Everything a use case may need, built once per process by the composition root. */
export interface Dependencies {
  readonly store: DecisionStore;
  readonly agencies: AgencyDirectory;
  readonly calendar: WorkCalendar;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** One object read from the public site bucket, with the ETag a conditional write can name. */
export interface StoredObject {
  readonly body: string;
  readonly etag: string;
}

/** An object written to the public site: text (pages, feeds, data) or bytes (a catalogue item's flowchart). */
export interface SiteObjectWrite {
  readonly key: string;
  readonly body: string | Uint8Array;
  readonly contentType: string;
  readonly cacheControl: string;
}

/**
 * The public site bucket. Conditional writes let two publishers that touch the same shared object (a
 * month file, the feed) never lose each other's update: the loser gets SiteConflictError and re-plans.
 */
export interface SiteBucket {
  read(key: string): Promise<StoredObject | undefined>;
  put(
    object: SiteObjectWrite,
    condition?: { readonly ifMatch: string } | { readonly ifNoneMatch: '*' },
  ): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key under the prefix, in key order (for the full rebuild's cleanup, never for a publish). */
  list(prefix: string): AsyncIterable<string>;
}

/**
 * Files people upload (R9 evidence from the public, R10 flowcharts and model texts from staff): the client
 * PUTs them straight to a private uploads bucket with a presigned URL, never through the API, and nothing
 * there is public. A file reaches the site only when the publisher copies it, after review.
 */
export interface UploadStore {
  /**
   * A URL to PUT exactly `size` bytes of `contentType` to `key`; S3 refuses any other size or type. `exclusive`
   * signs `If-None-Match: *` in as well: S3 then refuses the PUT once anything is stored under the key, so an
   * uploaded file cannot be replaced through a URL that is still valid.
   */
  presignPut(upload: {
    readonly key: string;
    readonly contentType: string;
    readonly size: number;
    readonly expiresInSeconds: number;
    readonly exclusive?: boolean;
  }): Promise<{ readonly url: string; readonly headers: Readonly<Record<string, string>> }>;
  /** A URL to GET the file (that version of it, when given), offered for download under `fileName`. */
  presignGet(download: {
    readonly key: string;
    readonly versionId?: string;
    readonly fileName: string;
    readonly expiresInSeconds: number;
  }): Promise<string>;
  /** What is stored under the key, if anything. */
  head(key: string): Promise<{ readonly size: number; readonly contentType: string } | undefined>;
  /** What is stored under the key now, read in full to hash its bytes (R2: what an approval binds). */
  inspect(key: string): Promise<InspectedUpload | undefined>;
  /** The bytes under the key: of that version, when given (a bucket without versions has none to give). */
  read(key: string, versionId?: string): Promise<Uint8Array | undefined>;
}

export interface InspectedUpload {
  readonly size: number;
  readonly contentType: string;
  /** SHA-256 of the bytes, 64 lowercase hex digits. */
  readonly sha256: string;
  /** The version holding these bytes; absent where the bucket keeps no versions. */
  readonly versionId?: string;
}

// ---- R9: correction requests ------------------------------------------------------------------------------

/** A correction request as stored: the domain record and the head of its own audit chain. */
export interface StoredCorrectionRequest {
  readonly request: CorrectionRequest;
  readonly auditHead: ChainHead;
}

/**
 * One change of a request, written atomically: the request (conditional on the version it was read at), its
 * audit event chained to the stored head, and the counts of its requester's open requests. A filing names
 * `openLimits`: it fails with OpenRequestsLimitError when the requester already has that many open.
 */
export interface CorrectionRequestWrite {
  readonly previous?: StoredCorrectionRequest;
  readonly next: StoredCorrectionRequest;
  readonly audit: AuditEvent;
  /**
   * R9, on a filing: how many open requests one requester (each way to reach them the contact gives: phone,
   * e-mail) may have on this decision, and on all decisions. Never a cap on a decision for everyone: a flood
   * under other contacts leaves a genuine requester's counters untouched.
   */
  readonly openLimits?: OpenRequestLimits;
}

export interface OpenRequestLimits {
  readonly perDecision: number;
  readonly overall: number;
}

export interface CorrectionRequestQuery {
  readonly agencyId: string;
  readonly status: CorrectionRequestStatus;
  /** Filing instants, inclusive (ISO 8601). */
  readonly filedFrom?: string;
  readonly filedTo?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface CorrectionRequestStore {
  get(id: string): Promise<StoredCorrectionRequest | undefined>;
  /** Throws StoreConflictError `version_conflict`, or OpenRequestsLimitError for a filing over `openLimits`. */
  save(write: CorrectionRequestWrite): Promise<void>;
  /** An agency's requests in one status: open ones oldest first (the most urgent), answered ones newest first. */
  list(query: CorrectionRequestQuery): Promise<Page<StoredCorrectionRequest>>;
  /** R9: the open requests whose answer deadline falls on or before the date, oldest first, from the index alone. */
  listDue(onOrBefore: LocalDate, cursor?: string, limit?: number): Promise<Page<DueItem>>;
  auditTrail(id: string): Promise<readonly AuditEvent[]>;
}

/** R9: sends the notices a requester asked for (SES on AWS, a log line locally). */
export interface RequesterNotifier {
  send(notice: RequesterNotice): Promise<void>;
}

export type RateDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Fixed-window counters per client: at most `limit` takes per key in each window of `windowSeconds`. The key
 * never holds a raw client address (the caller hashes it), and each counter expires with its window.
 */
export interface RateLimiter {
  take(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateDecision>;
}

// ---- the pre-disclosure catalogue (R10) ---------------------------------------------------------------

/** A catalogue item as stored: the domain record (its open law changes and update deadline included) and its chain head. */
export interface StoredCatalogItem {
  readonly item: CatalogItem;
  readonly auditHead: ChainHead;
}

/** One change of one item, written atomically: the item (conditional on its version), new revisions, the audit event. */
export interface CatalogWrite {
  readonly previous?: StoredCatalogItem;
  readonly next: StoredCatalogItem;
  readonly audit: AuditEvent;
}

export interface StoredLawChange {
  readonly lawChange: LawChange;
  readonly auditHead: ChainHead;
}

/**
 * R10: a law change and the deadline it puts on each affected item, in ONE transaction: either every item
 * carries the deadline and the law change is recorded, or nothing changed.
 */
export interface LawChangeWrite {
  readonly lawChange: StoredLawChange;
  readonly audit: AuditEvent;
  readonly items: readonly CatalogWrite[];
}

export interface CatalogQuery {
  readonly agencyId: string;
  readonly status?: CatalogStatus;
  readonly kind?: CatalogKind;
  readonly limit: number;
  /** Opaque, from the previous page. */
  readonly cursor?: string;
}

export interface CatalogStore {
  /** The item with every revision, read consistently. */
  get(id: string): Promise<StoredCatalogItem | undefined>;
  /** Throws StoreConflictError `version_conflict` when someone else changed the item first. */
  save(write: CatalogWrite): Promise<void>;
  /** At most MAX_LAW_CHANGE_ITEMS items; throws StoreConflictError `version_conflict` when any of them changed. */
  saveLawChange(write: LawChangeWrite): Promise<void>;
  getLawChange(id: string): Promise<StoredLawChange | undefined>;
  /**
   * An agency's items: by kind (§四(四) order) then creation, or one status newest first. Listed items carry
   * only their latest revision.
   */
  list(query: CatalogQuery): Promise<Page<StoredCatalogItem>>;
  auditTrail(id: string): Promise<readonly AuditEvent[]>;
  lawChangeAuditTrail(id: string): Promise<readonly AuditEvent[]>;
  /** R10: the items whose update deadline falls on or before the date, oldest first, from the sparse index alone. */
  listDue(kind: 'update', onOrBefore: LocalDate, cursor?: string, limit?: number): Promise<Page<DueItem>>;
  /** The items in `publishing` since the ISO instant or earlier (the reconcile sweep). */
  listDue(kind: 'publishing', since: string, cursor?: string, limit?: number): Promise<Page<DueItem<string>>>;
}

/** A transaction holds at most 100 writes: the law change and its audit event, and two per item. */
export const MAX_LAW_CHANGE_ITEMS = 45;

/** What the catalogue use cases need: the decision use cases' ports without the decision store, and uploads. */
export interface CatalogDependencies {
  readonly catalog: CatalogStore;
  readonly agencies: AgencyDirectory;
  readonly calendar: WorkCalendar;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly uploads: UploadStore;
}

// ---- the transparency log (ADR 0007) -----------------------------------------------------------------------

/**
 * ADR 0021: what the checkpoint run keeps of the RFC 6962 tree between runs: its size and root, the rightmost
 * tile of each level above 0 (level-0 tiles are recomputed from the entries, the full upper tiles never change),
 * the tlog checkpoint it signed (the signed note, with any witness cosignatures), and what each witness last
 * cosigned.
 */
export interface TreeState {
  readonly size: number;
  /** Base64 of the root hash. */
  readonly root: string;
  /** Base64 of the tile's bytes, by `<level>/<index>`, for the rightmost tile of each level from 1. */
  readonly upper: Readonly<Record<string, string>>;
  readonly checkpoint: string;
  /** The size each witness (by name) last cosigned. */
  readonly witnessed?: Readonly<Record<string, number>>;
}

export interface LogAppendResult {
  readonly entry: LogEntry;
  /** False when the decision already had an entry with this draft's marker: nothing was appended. */
  readonly appended: boolean;
}

/**
 * The public log's source of truth (the site's transparency files are its projection). Appends are sequenced
 * by a conditional write on the head, so concurrent publishers never take the same number or fork the chain.
 */
export interface TransparencyLogStore {
  /** The head, read consistently; the empty log's while nothing was appended. */
  head(): Promise<LogHead>;
  /**
   * The draft as the next entry: the head moves from the size it was read at (conditionally), the entry and the
   * decision's marker (`logMarker`) are written in the same transaction; a lost race is retried on the new head.
   * When the decision already has an entry with this marker, nothing is appended and that entry comes back.
   */
  append(draft: LogDraft): Promise<LogAppendResult>;
  /** The entry of this draft's public event (its decision and marker), if it was logged: a read, no write. */
  logged(
    draft: Pick<LogDraft, 'decisionId' | 'action' | 'revision' | 'reinstatement' | 'correction' | 'after'>,
  ): Promise<LogEntry | undefined>;
  /** ADR 0021: the decision's latest entry (its markers read, the highest entry fetched), if it has one. */
  latestOf(decisionId: string): Promise<LogEntry | undefined>;
  /** ADR 0022: every entry of the decision (its markers read, each entry fetched), ascending by seq. */
  entriesOf(decisionId: string): Promise<readonly LogEntry[]>;
  /** The entries of one chunk with `fromSeq <= seq <= toSeq` (both within the chunk by default), ascending, read consistently. */
  entries(chunk: number, fromSeq?: number, toSeq?: number): Promise<readonly LogEntry[]>;
  latestCheckpoint(): Promise<SignedCheckpoint | undefined>;
  /** ADR 0021: the Merkle tree's state as of the last tiled checkpoint; undefined before the first. */
  tree(): Promise<TreeState | undefined>;
  /**
   * Stores the tree's state, conditionally on the state read (`from`: its size, or absent before the first), so
   * two checkpoint runs cannot both move it; false when another run moved it first.
   */
  putTree(state: TreeState, from: number | undefined): Promise<boolean>;
  /** Stores the checkpoint unless one of its size exists already; returns the one stored. */
  putCheckpoint(checkpoint: SignedCheckpoint): Promise<SignedCheckpoint>;
  /** Every checkpoint, oldest first: for the full rebuild only. */
  checkpoints(): AsyncIterable<SignedCheckpoint>;
}

/**
 * ADR 0022 (R11): the private archive bucket of daily audit exports, object-locked on AWS. `putNew` writes only
 * where nothing is (If-None-Match: *): an export is never overwritten; `written: false` when the key was taken.
 */
export interface AuditArchive {
  read(key: string): Promise<string | undefined>;
  putNew(key: string, body: string): Promise<{ readonly written: boolean }>;
}

/** ADR 0022: the audit events recorded on one day (China time), of every subject, read by day. */
export interface AuditDayReader {
  eventsOn(day: LocalDate): Promise<readonly AuditEvent[]>;
}

/**
 * ADR 0016: the correction form's challenges. `key` is the deployment's key for signing them (HMAC), made once
 * at random on first use and kept in the table (a warm function keeps it); `spend` marks one solution used,
 * true the first time and false ever after (until its expiry, when TTL removes the mark and the challenge is
 * no longer valid anyway).
 */
export interface ChallengeStore {
  key(): Promise<string>;
  spend(signature: string, expiresAt: Date): Promise<boolean>;
}

/** Where the checkpoints' Ed25519 private key comes from: a dev key file locally, Secrets Manager on AWS. */
export interface SigningKeySource {
  /** PKCS#8 PEM. */
  privateKeyPem(): Promise<string>;
  /**
   * The optional SM2 co-signing key (PKCS#8 PEM of an EC key on curve SM2, GB/T 39786-2021), undefined when
   * the operator has not enabled SM2: checkpoints then carry the Ed25519 signature only.
   */
  sm2PrivateKeyPem?(): Promise<string | undefined>;
}

// ---- Errors the ports raise: matched by class (`instanceof`), never by their `code` -------------------------

/** A conditional write lost: someone else changed the record, or took a claim it makes, first. */
export abstract class StoreConflictError extends Error {
  abstract readonly code: 'version_conflict' | 'case_number_taken' | 'idempotency_key_used';
}

/** The record changed since it was read (its version, or the head of its audit chain, moved on). */
export class VersionConflictError extends StoreConflictError {
  readonly code = 'version_conflict';
  constructor(message: string) {
    super(message);
    this.name = 'VersionConflictError';
  }
}

/** Another decision of the agency already has this case number. */
export class CaseNumberTakenError extends StoreConflictError {
  readonly code = 'case_number_taken';
  constructor(message: string) {
    super(message);
    this.name = 'CaseNumberTakenError';
  }
}

/** The Idempotency-Key was taken by a concurrent request. */
export class IdempotencyKeyTakenError extends StoreConflictError {
  readonly code = 'idempotency_key_used';
  constructor(message: string) {
    super(message);
    this.name = 'IdempotencyKeyTakenError';
  }
}

/** Optimistic concurrency lost to another writer: the one test every use case uses. */
export function isVersionConflict(error: unknown): error is VersionConflictError {
  return error instanceof VersionConflictError;
}

/** A list cursor this store did not hand out for this query (tampered, truncated, or from another list). */
export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor() {
    super('the cursor is not one that this list returned');
    this.name = 'InvalidCursorError';
  }
}

/**
 * R9: the requester (by the phone or e-mail of the contact) already has as many open correction requests as a
 * filing allows, on this decision or in all; nothing was stored. It clears as the agency answers, so the filer is
 * asked back in an hour (429). Nobody else's filing is affected.
 */
export class OpenRequestsLimitError extends Error {
  readonly code = 'too_many_open_requests';
  readonly retryAfterSeconds = 3600;
  constructor(
    readonly decisionId: string,
    readonly limits: OpenRequestLimits,
  ) {
    super(
      `the contact given already has ${limits.perDecision} open correction requests on this decision (or ${limits.overall} in all); try again once the agency has answered them`,
    );
    this.name = 'OpenRequestsLimitError';
  }
}

/**
 * A record that, as the store would write it, is larger than one item of the table may be (DynamoDB: 400 KB,
 * revisions and the latest revision's copy on the record included). Refused before anything is written.
 */
export class RecordTooLargeError extends Error {
  readonly code = 'record_too_large';
  constructor(
    /** Which item: `decision`, `revision`, … */
    readonly part: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `the record would be stored as ${bytes} bytes (its ${part}), over the ${limit} bytes one record may take: shorten its texts or its redactions`,
    );
    this.name = 'RecordTooLargeError';
  }
}

/** A conditional write to the site bucket lost: the object changed since it was read. */
export class SiteConflictError extends Error {
  constructor(readonly key: string) {
    super(`${key} changed since it was read`);
    this.name = 'SiteConflictError';
  }
}
