/**
 * The scheduled sweeps (R5, R6, R7, R9). Each takes "now" from the schedule event's time, so any date can be replayed;
 * each reads only what a sparse due-date index lists as due, a page at a time, and is idempotent: what it
 * changed leaves the index, and a run that stops half-way is finished by the next.
 */
import { appendAudit, headOf } from '../domain/audit.ts';
import { addWorkingDays } from '../domain/calendar/work-calendar.ts';
import { addDays, type LocalDate, shanghaiDate } from '../domain/dates.ts';
import type { Actor } from '../domain/decision.ts';
import { decide } from '../domain/lifecycle.ts';
import {
  type CorrectionRequestStore,
  type Dependencies,
  type DueItem,
  StoreConflictError,
} from '../ports.ts';
import { parseFeed } from '../site/feeds.ts';
import { FEED_KEY } from '../site/keys.ts';
import { deadlinesFor } from './deadlines.ts';
import { handleDecisionChange, type PublisherDependencies } from './publish.ts';
import { syncLogToSite } from './transparency.ts';

export const WITHDRAWAL_SWEEP: Actor = { kind: 'system', userId: 'system:withdrawal-sweep' };
export const EXPIRY_EXPLANATION = '公开期限届满，依规定撤下';
export const HEARTBEAT_KEY = 'heartbeat.json';

/** Small pages and few parallel writes: a sweep must not crowd out the API on the same table. */
const PAGE_SIZE = 50;
const CONCURRENCY = 4;
/** A decision this long in `publishing` missed its stream record (or the publish failed for good). */
const STUCK_PUBLISHING_MS = 2 * 60_000;
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
}

/** Whether a sweep walked every page of what was due. */
interface Progress {
  complete: boolean;
}

async function* dueItems(
  deps: Pick<Dependencies, 'store'>,
  kind: 'publication' | 'expiry' | 'takedown' | 'publishing',
  onOrBefore: string,
  options: SweepOptions & { readonly pageSize: number },
  progress: Progress,
): AsyncIterable<readonly DueItem<string>[]> {
  const { pageSize, deadlineMs = Number.POSITIVE_INFINITY, wallClock = Date.now } = options;
  let cursor: string | undefined;
  let first = true;
  do {
    // The first page is always read, so even a run started late makes progress.
    if (!first && wallClock() >= deadlineMs) {
      progress.complete = false;
      return;
    }
    first = false;
    const page =
      kind === 'publishing'
        ? await deps.store.listDue(kind, onOrBefore, cursor, pageSize)
        : await deps.store.listDue(kind, onOrBefore as LocalDate, cursor, pageSize);
    yield page.items;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
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
 * remove the pages and write the Atom tombstone, exactly as for a manual withdrawal.
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
  for await (const items of dueItems(deps, 'expiry', today, paging, progress)) {
    due += items.length;
    await eachLimited(items, options.concurrency ?? CONCURRENCY, async ({ id }) => {
      if (await expire(deps, id, today, now)) withdrawn += 1;
      else skipped += 1;
    });
  }
  return { due, withdrawn, skipped, complete: progress.complete };
}

async function expire(deps: Dependencies, id: string, today: LocalDate, now: Date): Promise<boolean> {
  const stored = await deps.store.get(id);
  const expiry = stored?.deadlines.expiry;
  // The index is eventually consistent: what the record itself says decides.
  if (stored?.decision.status !== 'published' || !expiry || expiry.due > today) return false;
  const agency = await deps.agencies.get(stored.decision.agencyId);
  // R6: an agency may keep its records up; the setting may have changed since the deadline was set.
  if (agency.settings.expiry !== 'auto_withdraw') return false;
  const result = decide(
    stored.decision,
    { type: 'withdraw', reason: 'expired', explanation: EXPIRY_EXPLANATION },
    { actor: WITHDRAWAL_SWEEP, at: now.toISOString() },
  );
  const audit = appendAudit(stored.auditHead, result.audit);
  try {
    await deps.store.save({
      previous: stored,
      next: {
        decision: result.decision,
        auditHead: headOf([audit]),
        deadlines: deadlinesFor(result.decision, agency.settings, deps.calendar),
      },
      audit,
    });
    return true;
  } catch (error) {
    // Changed meanwhile (corrected, withdrawn by hand): the next run sees the new state and decides again.
    if (error instanceof StoreConflictError && error.code === 'version_conflict') return false;
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
  /** R9: correction requests still open after the last day of their answer deadline. */
  readonly overdueCorrectionRequests: number;
  readonly overdueCorrectionRequestIds: readonly string[];
  /** False when the time ran out first: the counts are then lower bounds, and the next run counts afresh. */
  readonly complete: boolean;
}

/**
 * R5: counts the decisions past or near their publication deadline; R7: and the withdrawn ones whose takedown
 * is unconfirmed past its deadline (the reconcile sweep retries them); R9: and the correction requests not
 * answered in time (from their own sparse index partition, open ones only). For the metrics and alarms.
 */
export async function deadlineSweep(
  deps: Pick<Dependencies, 'store' | 'calendar'> & {
    readonly requests?: Pick<CorrectionRequestStore, 'listDue'>;
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
  const overdueTakedownIds: string[] = [];
  for await (const items of dueItems(deps, 'takedown', today, paging, progress)) {
    // R7: `due` is the last day allowed (the withdrawal day itself for an emergency, R8).
    for (const { id, due } of items) if (due < today) overdueTakedownIds.push(id);
  }
  const overdueCorrectionRequestIds: string[] = [];
  const { requests } = deps;
  if (requests) {
    // R9: answered on the last day is on time; due before today and still open is late.
    const yesterday = addDays(today, -1);
    for await (const items of duePages(
      (cursor) => requests.listDue(yesterday, cursor, paging.pageSize),
      paging,
      progress,
    )) {
      for (const { id } of items) overdueCorrectionRequestIds.push(id);
    }
  }
  return {
    overdue: overdueIds.length,
    dueSoon,
    overdueIds,
    overdueTakedowns: overdueTakedownIds.length,
    overdueTakedownIds,
    overdueCorrectionRequests: overdueCorrectionRequestIds.length,
    overdueCorrectionRequestIds,
    complete: progress.complete,
  };
}

/** The pages of any due-date listing, under the same time budget as `dueItems`. */
async function* duePages(
  read: (cursor: string | undefined) => Promise<{ items: readonly DueItem[]; cursor?: string }>,
  options: SweepOptions,
  progress: Progress,
): AsyncIterable<readonly DueItem[]> {
  const { deadlineMs = Number.POSITIVE_INFINITY, wallClock = Date.now } = options;
  let cursor: string | undefined;
  let first = true;
  do {
    if (!first && wallClock() >= deadlineMs) {
      progress.complete = false;
      return;
    }
    first = false;
    const page = await read(cursor);
    yield page.items;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

export interface ReconcileSweepResult {
  readonly stuck: number;
  readonly retried: number;
  /** Republications, takedowns and the log's catch-up that failed again (PublishFailures). */
  readonly failed: number;
  readonly complete: boolean;
  /** Transparency-log objects (chunks, head) the site lacked and this run wrote (ADR 0007). */
  readonly logWritten: number;
}

/**
 * Decisions left in `publishing` (a lost stream record, a publish that failed for good) are published again;
 * the publisher is idempotent, so one that finished meanwhile is left alone. R7: likewise a withdrawal whose
 * takedown the publisher has not confirmed (the site update kept failing) is taken down again, whatever its
 * due date; these count in the same `stuck`, `retried` and `failed`. Last, the site's transparency log is
 * brought up to the table's (ADR 0007): an entry recorded before a site write failed reaches the site here.
 */
export async function reconcileSweep(
  deps: PublisherDependencies,
  now: Date,
  options: SweepOptions = {},
): Promise<ReconcileSweepResult> {
  let stuck = 0;
  let retried = 0;
  let failed = 0;
  // The publishingSince index holds only decisions in `publishing`, by when they got there: the stuck ones.
  const since = new Date(now.getTime() - STUCK_PUBLISHING_MS).toISOString();
  const progress: Progress = { complete: true };
  const paging = { ...options, pageSize: options.pageSize ?? PAGE_SIZE };
  for await (const items of dueItems(deps, 'publishing', since, paging, progress)) {
    await eachLimited(items, options.concurrency ?? CONCURRENCY, async ({ id }) => {
      const stored = await deps.store.get(id);
      // The index is eventually consistent: what the record itself says decides.
      if (stored?.decision.status !== 'publishing') return;
      if (now.getTime() - Date.parse(stored.decision.updatedAt) < STUCK_PUBLISHING_MS) return;
      stuck += 1;
      try {
        await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
        retried += 1;
      } catch {
        failed += 1;
      }
    });
  }
  for await (const items of dueItems(deps, 'takedown', ANY_DUE_DATE, paging, progress)) {
    await eachLimited(items, options.concurrency ?? CONCURRENCY, async ({ id }) => {
      const stored = await deps.store.get(id);
      const withdrawal = stored?.decision.withdrawal;
      if (stored?.decision.status !== 'withdrawn' || !withdrawal) return;
      if (stored.decision.takedownConfirmedAt !== undefined) return;
      // Just withdrawn: the stream's own delivery is probably still under way.
      if (now.getTime() - Date.parse(withdrawal.at) < STUCK_PUBLISHING_MS) return;
      stuck += 1;
      try {
        await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' });
        retried += 1;
      } catch {
        failed += 1;
      }
    });
  }
  let logWritten = 0;
  try {
    logWritten = (await syncLogToSite(deps)).written;
  } catch {
    failed += 1;
  }
  return { stuck, retried, failed, complete: progress.complete, logWritten };
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
