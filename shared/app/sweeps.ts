import { addWorkingDays } from '../domain/calendar/work-calendar.ts';
import { addDays, type LocalDate, shanghaiDate } from '../domain/dates.ts';
import type { Actor } from '../domain/decision.ts';
import type { DecisionEvent } from '../domain/lifecycle.ts';
import {
  type CatalogStore,
  type CorrectionRequestStore,
  type Dependencies,
  type DueItem,
  isVersionConflict,
  type Page,
  type StoredDecision,
} from '../ports.ts';
import { parseFeed } from '../site/feeds.ts';
import { FEED_KEY, HEARTBEAT_KEY } from '../site/keys.ts';
import { cachedAgencies } from './agency-cache.ts';
import { type CatalogPublisherDependencies, handleCatalogChange } from './catalog-publish.ts';
import { type InventoryDependencies, inventorySweep } from './inventory.ts';
import { mapLimited } from './pool.ts';
import { handleDecisionChange, type PublisherDependencies } from './publish.ts';
import { transitionDecision } from './transitions.ts';
import { syncLogToSite } from './transparency.ts';

export const WITHDRAWAL_SWEEP: Actor = { kind: 'system', userId: 'system:withdrawal-sweep' };
export const EXPIRY_EXPLANATION = '公开期限届满，依规定撤下';

/** Small pages and few parallel writes: a sweep must not crowd out the API on the same table. */
const PAGE_SIZE = 50;
const CONCURRENCY = 4;
/**
 * A decision this long in `publishing` missed its stream record (or the publish failed for good). Exported for
 * the local platform's start, where nothing is in flight and every `publishing` record is stuck.
 */
export const STUCK_PUBLISHING_MS = 2 * 60_000;
/** R7: every unconfirmed takedown is retried, whatever its due date (the latest date a LocalDate can be). */
const ANY_DUE_DATE = '9999-12-31' as LocalDate;
/** R5 (early warning): the alarm on DecisionsDueSoon looks this many working days ahead. */
const DUE_SOON_WORKING_DAYS = 2;

export interface SweepOptions {
  readonly pageSize?: number;
  readonly concurrency?: number;
  /**
   * Wall-clock epoch milliseconds after which no further page is read, so a run with more due than it can
   * handle stops before its Lambda times out and reports `complete: false`. Nothing is lost: what it did not
   * reach is still due, and the next run reads it. Unbounded when absent.
   */
  readonly deadlineMs?: number;
  /** The wall clock the deadline is measured on (not the event's time, which may be a replayed date). */
  readonly wallClock?: () => number;
  /** A retry of the reconcile sweep that failed: which record and why (the next run tries again). */
  readonly onRetryFailed?: (id: string, error: unknown) => void;
}

/** Whether a sweep walked every page of what was due. */
interface Progress {
  complete: boolean;
}

function dueItems(
  deps: Pick<Dependencies, 'store'>,
  kind: 'publication' | 'takedown' | 'exemption_review' | 'confirmation' | 'correction_review' | 'publishing',
  onOrBefore: string,
  options: SweepOptions & { readonly pageSize: number },
  progress: Progress,
): AsyncIterable<readonly DueItem<string>[]> {
  return duePages(
    (cursor) =>
      kind === 'publishing'
        ? deps.store.listDue(kind, onOrBefore, cursor, options.pageSize)
        : deps.store.listDue(kind, onOrBefore as LocalDate, cursor, options.pageSize),
    options,
    progress,
  );
}

/** R10: the catalogue's update deadlines (partition CATALOG) and its items stuck in `publishing`. */
function catalogDueItems(
  deps: { readonly catalog: Pick<CatalogStore, 'listDue'> },
  kind: 'update' | 'publishing',
  onOrBefore: string,
  options: SweepOptions & { readonly pageSize: number },
  progress: Progress,
): AsyncIterable<readonly DueItem<string>[]> {
  return duePages(
    (cursor) =>
      kind === 'publishing'
        ? deps.catalog.listDue(kind, onOrBefore, cursor, options.pageSize)
        : deps.catalog.listDue(kind, onOrBefore as LocalDate, cursor, options.pageSize),
    options,
    progress,
  );
}

async function* duePages<T>(
  list: (cursor: string | undefined) => Promise<Page<T>>,
  options: SweepOptions,
  progress: Progress,
): AsyncIterable<readonly T[]> {
  const { deadlineMs = Number.POSITIVE_INFINITY, wallClock = Date.now } = options;
  let cursor: string | undefined;
  let first = true;
  do {
    // The first page is always read, so even a run started late makes progress.
    if (!first && wallClock() >= deadlineMs) {
      progress.complete = false;
      return;
    }
    first = false;
    const page = await list(cursor);
    yield page.items;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

export interface WithdrawalSweepResult {
  readonly due: number;
  readonly withdrawn: number;
  readonly skipped: number;
  readonly complete: boolean;
}

/**
 * R6: takes down every published decision whose period ended by today (Asia/Shanghai) at an agency that lets
 * them come down automatically. The record and its audit chain stay; the stream then makes the publisher
 * remove the pages and write the Atom tombstone, exactly as for a manual withdrawal. It acts on the records
 * the expiry index returns, without reading each decision again: one item read per decision due.
 */
export async function withdrawalSweep(
  deps: Dependencies,
  now: Date,
  options: SweepOptions = {},
): Promise<WithdrawalSweepResult> {
  const today = shanghaiDate(now);
  let due = 0;
  let withdrawn = 0;
  let skipped = 0;
  const progress: Progress = { complete: true };
  const paging = { ...options, pageSize: options.pageSize ?? PAGE_SIZE };
  // One read of each agency's settings per run, not one per decision due (reads grow with what is due, not with the table).
  const run = { ...deps, agencies: cachedAgencies(deps.agencies) };
  const pages = duePages(
    (cursor) => deps.store.listDueRecords('expiry', today, cursor, paging.pageSize),
    paging,
    progress,
  );
  for await (const records of pages) {
    due += records.length;
    await mapLimited(records, options.concurrency ?? CONCURRENCY, async (stored) => {
      if (await expire(run, stored, today, now)) withdrawn += 1;
      else skipped += 1;
    });
  }
  return { due, withdrawn, skipped, complete: progress.complete };
}

/**
 * `stored` is the record as the index holds it, which may lag the table: a stale one fails the save's version
 * condition and is left to the next run, which sees the record as it is then.
 */
async function expire(
  deps: Dependencies,
  stored: StoredDecision,
  today: LocalDate,
  now: Date,
): Promise<boolean> {
  const expiry = stored.deadlines.expiry;
  if (stored.decision.status !== 'published' || !expiry || expiry.due > today) return false;
  const agency = await deps.agencies.get(stored.decision.agencyId);
  // R6: an agency may keep its records up; the setting may have changed since the deadline was set.
  if (agency.settings.expiry !== 'auto_withdraw') return false;
  const event: DecisionEvent = { type: 'withdraw', reason: 'expired', explanation: EXPIRY_EXPLANATION };
  try {
    await transitionDecision(deps, stored, event, { actor: WITHDRAWAL_SWEEP, now, agency });
    return true;
  } catch (error) {
    // Changed meanwhile (corrected, withdrawn by hand): the next run sees the new state and decides again.
    if (isVersionConflict(error)) return false;
    throw error;
  }
}

export interface DeadlineSweepResult {
  /** R5: waiting for publication past their deadline. */
  readonly overdue: number;
  /** R5: due today or within the next 2 working days. */
  readonly dueSoon: number;
  readonly overdueIds: readonly string[];
  /** R7 (行政处罚法 art. 48/85), R8: withdrawn decisions whose removal from the site is not confirmed in time. */
  readonly overdueTakedowns: number;
  readonly overdueTakedownIds: readonly string[];
  /** R8: withdrawals made by one person that no other reviewer confirmed within 1 working day. */
  readonly unconfirmedWithdrawals: number;
  readonly unconfirmedWithdrawalIds: readonly string[];
  /**
   * R8 (长治 §二 立即): corrections of published decisions not reviewed on the working day they were submitted.
   * While one waits, its decision's publication deadline is not indexed (decision-keys.ts): it is counted here instead.
   */
  readonly overdueCorrectionReviews: number;
  readonly overdueCorrectionReviewIds: readonly string[];
  /** R9: correction requests still open after the last day of their answer deadline. */
  readonly overdueCorrectionRequests: number;
  readonly overdueCorrectionRequestIds: readonly string[];
  /** R10 (四平 §四(五)): catalogue items not updated within 20 working days of a law change. */
  readonly overdueCatalogItems: number;
  readonly overdueCatalogItemIds: readonly string[];
  /**
   * R3 (四平 §四(三)4): exempt decisions whose review date (`exemption.reviewOn`) has come: the agency looks
   * again at whether publication still hampers enforcement. Counted every run until the exemption is corrected.
   */
  readonly exemptionReviewsDue: number;
  readonly exemptionReviewsDueIds: readonly string[];
  /**
   * R12 (四平 §五 选择性公示): decisions a case system inventoried that passed the publication deadline they would
   * have had without ever being submitted, and the inventories (`<agency>/<period>`) they are in.
   */
  readonly unsubmittedInventoried: number;
  readonly unsubmittedInventoryIds: readonly string[];
  /** False when the time ran out first: the counts are then lower bounds, and the next run counts afresh. */
  readonly complete: boolean;
}

/**
 * R5: counts the decisions past or near their publication deadline; R7: and the withdrawn ones whose takedown
 * is unconfirmed past its deadline (the reconcile sweep retries them); R8: and the withdrawals no second reviewer
 * confirmed within 1 working day; R9: and the correction requests not
 * answered in time (from their own sparse index partition, open ones only); R10: and the catalogue items past
 * their update deadline; R3: and the exempt decisions whose review date has come. For the metrics and alarms.
 */
export async function deadlineSweep(
  deps: Pick<Dependencies, 'store' | 'calendar'> & {
    readonly requests: Pick<CorrectionRequestStore, 'listDue'>;
    readonly catalog: Pick<CatalogStore, 'listDue'>;
    /** R12: with the inventories (and the registry and clock they need), the sweep counts the unsubmitted. */
    readonly inventory?: InventoryDependencies;
  },
  now: Date,
  options: SweepOptions = {},
): Promise<DeadlineSweepResult> {
  const today = shanghaiDate(now);
  const horizon = addWorkingDays(deps.calendar, today, DUE_SOON_WORKING_DAYS).due;
  let dueSoon = 0;
  const overdueIds: string[] = [];
  const progress: Progress = { complete: true };
  // Counting reads only index keys, so its pages can be large.
  const paging = { ...options, pageSize: options.pageSize ?? 500 };
  for await (const items of dueItems(deps, 'publication', horizon, paging, progress)) {
    for (const { id, due } of items) {
      // R5: `due` is the last day allowed, so a decision is late only from the day after.
      if (due < today) overdueIds.push(id);
      else dueSoon += 1;
    }
  }
  // R7: `due` is the last day allowed (the withdrawal day itself for an emergency, R8).
  const overdueTakedownIds = await idsDueBefore(dueItems(deps, 'takedown', today, paging, progress), today);
  // R8: `due` is the 1st working day after the withdrawal, the last one on which a confirmation is in time.
  const unconfirmedWithdrawalIds = await idsDueBefore(
    dueItems(deps, 'confirmation', today, paging, progress),
    today,
  );
  // R8: due the working day it was submitted; late from the day after.
  const overdueCorrectionReviewIds = await idsDueBefore(
    dueItems(deps, 'correction_review', today, paging, progress),
    today,
  );
  // R9: answered on the last day is on time; due before today and still open is late.
  const yesterday = addDays(today, -1);
  const overdueCorrectionRequestIds = await idsDueBefore(
    duePages((cursor) => deps.requests.listDue(yesterday, cursor, paging.pageSize), paging, progress),
  );
  // R10: `due` is the 20th working day, the last one on time.
  const overdueCatalogItemIds = await idsDueBefore(
    catalogDueItems(deps, 'update', today, paging, progress),
    today,
  );
  // R3: due on the review date itself: that is the day the agency said it would look again.
  const exemptionReviewsDueIds = await idsDueBefore(
    dueItems(deps, 'exemption_review', today, paging, progress),
  );
  // R12: an inventoried decision is late from the day after its deadline, like a submitted one.
  const inventoried = deps.inventory
    ? await inventorySweep(deps.inventory, now)
    : { unsubmitted: 0, inventoryIds: [] };
  return {
    overdue: overdueIds.length,
    dueSoon,
    overdueIds,
    overdueTakedowns: overdueTakedownIds.length,
    overdueTakedownIds,
    unconfirmedWithdrawals: unconfirmedWithdrawalIds.length,
    unconfirmedWithdrawalIds,
    overdueCorrectionReviews: overdueCorrectionReviewIds.length,
    overdueCorrectionReviewIds,
    overdueCorrectionRequests: overdueCorrectionRequestIds.length,
    overdueCorrectionRequestIds,
    overdueCatalogItems: overdueCatalogItemIds.length,
    overdueCatalogItemIds,
    exemptionReviewsDue: exemptionReviewsDueIds.length,
    exemptionReviewsDueIds,
    unsubmittedInventoried: inventoried.unsubmitted,
    unsubmittedInventoryIds: inventoried.inventoryIds,
    complete: progress.complete,
  };
}

/** The ids on every page whose `due` is before `before` (all of them without it). */
async function idsDueBefore(
  pages: AsyncIterable<readonly DueItem<string>[]>,
  before?: string,
): Promise<string[]> {
  const ids: string[] = [];
  for await (const items of pages) {
    for (const { id, due } of items) if (before === undefined || due < before) ids.push(id);
  }
  return ids;
}

export interface ReconcileSweepResult {
  readonly stuck: number;
  readonly retried: number;
  /** Republications, takedowns and the log's catch-up that failed again (PublishFailures). */
  readonly failed: number;
  readonly complete: boolean;
  /** Transparency-log objects (chunks, head) the site lacked and this run wrote (ADR 0007). */
  readonly logWritten: number;
  /**
   * R2: the decisions retried and refused again because what would be published is not what was approved
   * (ApprovalMismatch, ADR 0011); they stay `publishing` until someone acts.
   */
  readonly approvalMismatches: readonly string[];
  /** R4: decisions the publish gate refused (PersonalDataBlocked, ADR 0012); they stay `publishing`. */
  readonly personalDataBlocked: readonly string[];
}

/**
 * Decisions left in `publishing` (a lost stream record, a publish that failed for good) are published again;
 * the publisher is idempotent, so one that finished meanwhile is left alone. R7: likewise a withdrawal whose
 * takedown the publisher has not confirmed (the site update kept failing) is taken down again, whatever its
 * due date; R10: and catalogue items left in `publishing`. All count in the same `stuck`, `retried` and `failed`.
 * Last, the site's transparency log is brought up to the table's (ADR 0007): an entry recorded before a site
 * write failed reaches the site here.
 */
export async function reconcileSweep(
  deps: PublisherDependencies & Pick<CatalogPublisherDependencies, 'catalog' | 'uploads'>,
  now: Date,
  options: SweepOptions = {},
): Promise<ReconcileSweepResult> {
  let stuck = 0;
  let retried = 0;
  let failed = 0;
  const approvalMismatches: string[] = [];
  const personalDataBlocked: string[] = [];
  // The publishingSince index holds only decisions in `publishing`, by when they got there: the stuck ones.
  const since = new Date(now.getTime() - STUCK_PUBLISHING_MS).toISOString();
  const progress: Progress = { complete: true };
  const paging = { ...options, pageSize: options.pageSize ?? PAGE_SIZE };
  // What is stuck is retried; a retry that throws counts as failed (the next run tries again).
  const retryStuck = async (
    pages: AsyncIterable<readonly DueItem<string>[]>,
    isStuck: (id: string) => Promise<boolean>,
    retry: (id: string) => Promise<unknown>,
  ) => {
    for await (const items of pages) {
      await mapLimited(items, options.concurrency ?? CONCURRENCY, async ({ id }) => {
        if (!(await isStuck(id))) return;
        stuck += 1;
        try {
          await retry(id);
          retried += 1;
        } catch (error) {
          failed += 1;
          options.onRetryFailed?.(id, error);
        }
      });
    }
  };
  await retryStuck(
    dueItems(deps, 'publishing', since, paging, progress),
    async (id) => {
      const stored = await deps.store.get(id);
      // The index is eventually consistent: what the record itself says decides.
      if (stored?.decision.status !== 'publishing') return false;
      if (now.getTime() - Date.parse(stored.decision.updatedAt) < STUCK_PUBLISHING_MS) return false;
      return true;
    },
    async (id) => {
      const outcome = await handleDecisionChange(deps, {
        id,
        oldStatus: 'pending_review',
        newStatus: 'publishing',
      });
      if (outcome === 'approval_mismatch') approvalMismatches.push(id);
      if (outcome === 'personal_data_blocked') personalDataBlocked.push(id);
    },
  );
  await retryStuck(
    dueItems(deps, 'takedown', ANY_DUE_DATE, paging, progress),
    async (id) => {
      const stored = await deps.store.get(id);
      const withdrawal = stored?.decision.withdrawal;
      if (stored?.decision.status !== 'withdrawn' || !withdrawal) return false;
      if (stored.decision.takedownConfirmedAt !== undefined) return false;
      // Just withdrawn: the stream's own delivery is probably still under way.
      if (now.getTime() - Date.parse(withdrawal.at) < STUCK_PUBLISHING_MS) return false;
      return true;
    },
    (id) => handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' }),
  );
  await retryStuck(
    catalogDueItems(deps, 'publishing', since, paging, progress),
    async (id) => {
      const stored = await deps.catalog.get(id);
      if (stored?.item.status !== 'publishing') return false;
      if (now.getTime() - Date.parse(stored.item.updatedAt) < STUCK_PUBLISHING_MS) return false;
      return true;
    },
    (id) => handleCatalogChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
  );
  let logWritten = 0;
  try {
    logWritten = (await syncLogToSite(deps)).written;
  } catch {
    failed += 1;
  }
  return {
    stuck,
    retried,
    failed,
    complete: progress.complete,
    logWritten,
    approvalMismatches,
    personalDataBlocked,
  };
}

export interface HeartbeatResult {
  /** Minutes since the site last changed (newest feed entry or tombstone); undefined while nothing is public. */
  readonly siteAgeMinutes: number | undefined;
}

/** Proves the site bucket takes writes, and measures how long ago anything was published or withdrawn. */
export async function siteHeartbeat(
  deps: Pick<PublisherDependencies, 'site'>,
  now: Date,
): Promise<HeartbeatResult> {
  await deps.site.put({
    key: HEARTBEAT_KEY,
    body: `${JSON.stringify({ time: now.toISOString() })}\n`,
    contentType: 'application/json',
    cacheControl: 'no-cache',
  });
  const feed = parseFeed(FEED_KEY, (await deps.site.read(FEED_KEY))?.body);
  const instants = [...feed.items.map((i) => i._gongshi.lastChange), ...feed.tombstones.map((t) => t.when)];
  const newest = instants.sort().at(-1);
  return {
    siteAgeMinutes:
      newest === undefined
        ? undefined
        : Math.max(0, Math.floor((now.getTime() - Date.parse(newest)) / 60_000)),
  };
}
