/**
 * The full rebuild of the public site from the records, for disaster recovery (`npm run rebuild-site`:
 * it streams through all records with a progress bar, in bounded memory). The incremental publisher
 * never rereads the history; this is the one place that does, and it still never holds the whole site:
 *
 * 1. One scan keeps the id of every decision the site shows, grouped by month (a few dozen bytes each).
 *    Pages of decisions that are not among them (removed, or never public) are deleted at once.
 * 2. Month by month, oldest first, each decision is read and turned into the SiteEvent the publisher builds
 *    (site-events.ts) and planned with `planSiteChange` against an overlay of the bucket: its two pages are
 *    written at once; the month's files (its listing parts, ADR 0009: NDJSON, CSV, sitemap and page each) are
 *    written once, when the month is done, and then dropped; the state every month shares (feed, month list, Atom, index, sitemap index,
 *    dataset description) stays in the overlay and is written once, at the end.
 * 3. The transparency log (ADR 0007) is written whole from the table: every chunk, the head, every checkpoint;
 *    a decision shown whose current public side the log lacks (a site older than the log) is logged first.
 * 4. Whatever the bucket holds that the rebuild did not write is deleted.
 *
 * Decisions withdrawn as published in error or expired are not rebuilt: nothing of them stays on the site,
 * and the Atom tombstones (RFC 6721) of their takedowns are lost with it.
 */
import type {
  AgencyDirectory,
  DecisionRef,
  DecisionScanner,
  SiteObjectWrite,
  StoredDecision,
} from '../ports.ts';
import {
  EMPTY_FEED,
  type FeedState,
  parseFeed,
  withItem,
  withoutItem,
  withoutTombstone,
  withPartCounts,
  withTombstone,
} from '../site/feeds.ts';
import {
  ATOM_KEY,
  DATASET_KEY,
  FEED_KEY,
  HEARTBEAT_KEY,
  INDEX_KEY,
  MONTHS_KEY,
  type Month,
  monthCsvKey,
  monthNdjsonKey,
  monthOf,
  monthPageKey,
  monthSitemapKey,
  PUBLIC_KEY_KEY,
  SCORECARD_DATA_KEY,
  SCORECARD_KEY,
  SITEMAP_INDEX_KEY,
} from '../site/keys.ts';
import { leavesNotice, parseMonthShard, parseMonthsState, partsOf, withSeen } from '../site/model.ts';
import {
  emptySiteState,
  feedObjects,
  keysToRead,
  monthListObjects,
  partObjects,
  planSiteChange,
  splitIntoParts,
} from '../site/plan.ts';
import type { SiteEvent, SiteObject, SiteOperation } from '../site/types.ts';
import { cachedAgencies } from './agency-cache.ts';
import { limitedTasks } from './pool.ts';
import type { PublisherDependencies } from './publish.ts';
import { currentSiteEvent, publishEvent, staticSiteObjects, withdrawEvent } from './site-events.ts';
import { ensureLogged, writeWholeLog } from './transparency.ts';

export interface RebuildDependencies extends PublisherDependencies {
  readonly scanner: DecisionScanner;
}

/** The state every month's publications change, carried over from month to month; written last. */
const CARRIED_KEYS = [SITEMAP_INDEX_KEY, DATASET_KEY, FEED_KEY, ATOM_KEY, INDEX_KEY, MONTHS_KEY] as const;
const CARRIED: ReadonlySet<string> = new Set(CARRIED_KEYS);
/** The feed's renderings (feedObjects): drawn from the parsed feed when a month is written. */
const FEED_RENDERINGS: ReadonlySet<string> = new Set([FEED_KEY, ATOM_KEY, INDEX_KEY]);
const PAGE_KEY = /^decisions\/([A-Za-z0-9_-]{1,64})\.(html|json)$/;
/** A listing part's NDJSON (ADR 0009): `data/2025-09.ndjson`, `data/2025-09-2.ndjson`, … */
const PART_KEY = /^data\/\d{4}-\d{2}(-\d+)?\.ndjson$/;

export interface MonthFlush {
  readonly month: Month;
  /** Every key the overlay holds as the month is written: that month's files and the carried state. */
  readonly overlayKeys: readonly string[];
  /** The months whose listing lines are held in memory at that moment. */
  readonly bufferedMonths: readonly Month[];
}

export interface RebuildOptions {
  /** After each batch of decisions: how many of the scanned decisions are done, and the month at hand. */
  onProgress?(done: number, total: number, month: Month): void;
  /** Just before a month's files are written: what the rebuild holds in memory then. */
  onMonthFlush?(flush: MonthFlush): void;
  /** Decisions read, and pages written, at once. */
  readonly concurrency?: number;
  /** Empty the site when the table holds nothing public (refused by default: a wrong table would wipe it). */
  readonly allowEmptySite?: boolean;
}

export interface RebuildReport {
  /** Decisions whose pages (the decision, or its notice) were written. */
  readonly decisions: number;
  readonly months: number;
  readonly written: number;
  readonly deleted: number;
  /** Withdrawn as published in error or expired: not rebuilt, and their Atom tombstones are gone. */
  readonly removed: number;
  /** Scanned as public, but no longer so when read (changed during the rebuild). */
  readonly skipped: number;
  /**
   * Decisions whose public side the transparency log did not know yet, now logged: a site published before the
   * log existed (ADR 0007) gets one entry per decision it shows, on its first rebuild.
   */
  readonly logged: number;
}

export type PublicSide = { readonly kind: 'shown'; readonly month: Month } | { readonly kind: 'removed' };

/**
 * Whether the site shows a scanned decision (its page or its notice, R7) and in which month, or removed it
 * (R6, R8). The month is that of the record's first publication (of the withdrawal when it was withdrawn
 * while still `publishing`): never before the month the site files it under, which is that of the approval
 * (site-events.ts), and almost always the same.
 */
export function publicSideOf(ref: DecisionRef): PublicSide | undefined {
  if (ref.status === 'published') {
    if (ref.publishedAt === undefined) throw new Error(`decision ${ref.id} is published without a date`);
    return { kind: 'shown', month: monthOf(ref.publishedAt) };
  }
  if (ref.status === 'publishing') {
    // A correction on its way still shows the published version; a first publication is the publisher's.
    return ref.publishedAt === undefined ? undefined : { kind: 'shown', month: monthOf(ref.publishedAt) };
  }
  // Withdrawn before any approval: nothing of it was ever public.
  if (ref.publicRevision === undefined || ref.withdrawalReason === undefined) return undefined;
  if (!leavesNotice(ref.withdrawalReason)) return { kind: 'removed' };
  const instant = ref.publishedAt ?? ref.withdrawnAt;
  if (instant === undefined) throw new Error(`decision ${ref.id} is withdrawn without a date`);
  return { kind: 'shown', month: monthOf(instant) };
}

/** The event that puts a decision's current public side on the site, or nothing when it has none. */
async function siteEventOf(
  agencies: AgencyDirectory,
  stored: StoredDecision,
): Promise<SiteEvent | undefined> {
  const { decision } = stored;
  // R8: a published decision under correction shows the note, or the notice withholding it.
  if (decision.status === 'published') return currentSiteEvent(agencies, decision);
  if (decision.status === 'publishing')
    return decision.publishedAt === undefined ? undefined : publishEvent(agencies, decision);
  if (decision.status !== 'withdrawn' || decision.publicRevision === undefined) return undefined;
  if (!decision.withdrawal || !leavesNotice(decision.withdrawal.reason)) return undefined;
  return withdrawEvent(agencies, decision);
}

/** A month's listing as it is being built: one NDJSON line per decision. */
interface MonthBuffer {
  readonly lines: Map<string, string>;
}

export async function rebuildSite(
  deps: RebuildDependencies,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const { site, siteConfig } = deps;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let written = 0;
  let deleted = 0;
  let skipped = 0;
  let logged = 0;

  // ---- 1. who is on the site, and in which month ----
  const groups = new Map<Month, string[]>();
  const shown = new Set<string>();
  let removed = 0;
  for await (const ref of deps.scanner.scanPublicDecisions()) {
    const side = publicSideOf(ref);
    if (!side) continue;
    if (side.kind === 'removed') {
      removed++;
      continue;
    }
    if (shown.has(ref.id)) continue;
    shown.add(ref.id);
    const group = groups.get(side.month);
    if (group) group.push(ref.id);
    else groups.set(side.month, [ref.id]);
  }
  const total = shown.size;
  // A wrong or freshly restored empty table would otherwise wipe the whole site.
  if (total === 0 && removed === 0 && !options.allowEmptySite) {
    for await (const _key of deps.site.list('decisions/')) {
      throw new Error(
        'the table holds no published decision but the site holds pages: refusing to empty the site',
      );
    }
  }

  const put = async (object: SiteObjectWrite) => {
    await site.put(object);
    written++;
  };
  const remove = async (key: string) => {
    await site.delete(key);
    deleted++;
  };

  // R3, R8: pages that must not be public (a restored old copy of the bucket may hold them) go first.
  for await (const key of site.list('decisions/')) {
    const id = PAGE_KEY.exec(key)?.[1];
    if (id === undefined || !shown.has(id)) await remove(key);
  }

  // What this rebuild wrote: the pages of every shown decision but those that changed meanwhile, and the
  // other objects by key (a few per month).
  const unwritten = new Set<string>();
  const producedKeys = new Set<string>();

  for (const object of staticSiteObjects(siteConfig).objects) {
    await put(object);
    producedKeys.add(object.key);
  }

  // ---- 2. month by month ----
  // Keys other than pages, with their pending content (null: delete). Month keys live here only while
  // their month is written; the carried keys until the end.
  const overlay = new Map<string, SiteObject | null>();
  const buffers = new Map<Month, MonthBuffer>();
  const flushedMonths = new Set<Month>();
  // Agencies are few and read for every decision: one read each per rebuild.
  const agencies = cachedAgencies(deps.agencies);

  const monthsState = () => parseMonthsState(MONTHS_KEY, overlay.get(MONTHS_KEY)?.body);
  /**
   * The feed (its latest items, tombstones and counts), kept parsed and rendered only when a month is written:
   * planning each decision against it would parse and render feed.json, atom.xml and index.html, a hundred items
   * each, for every decision (most of the rebuild's CPU, docs/benchmarks.md).
   */
  let feed: FeedState = EMPTY_FEED;

  /**
   * The month list from the overlay, the feed as empty and the event's listing parts as empty: its own line, its
   * feed item and tombstone are all it adds.
   */
  const currentState = (event: SiteEvent) => {
    const state = new Map<string, string | undefined>([
      [FEED_KEY, undefined],
      [MONTHS_KEY, overlay.get(MONTHS_KEY)?.body],
    ]);
    for (const key of keysToRead(event, state)) if (!state.has(key)) state.set(key, undefined);
    return state;
  };

  /** The buffer of the month an event belongs to; a month already written is read back from the bucket. */
  const bufferOf = async (month: Month): Promise<MonthBuffer> => {
    let buffer = buffers.get(month);
    if (buffer) return buffer;
    buffer = { lines: new Map() };
    buffers.set(month, buffer);
    if (flushedMonths.has(month)) {
      for (const [i] of partsOf(monthsState(), month).entries()) {
        const shard = await site.read(monthNdjsonKey(month, i + 1));
        for (const line of shard?.body.split('\n') ?? []) {
          if (line.trim() !== '') buffer.lines.set((JSON.parse(line) as { id: string }).id, line);
        }
      }
    }
    return buffer;
  };

  /**
   * Each decision is planned against an empty listing part: its own line, its pages and its change to the feed
   * (the month's count goes up by one) and the month list, in time linear in the month's size (planning against
   * the growing part would reparse and rerender it for every decision). The month's parts are cut from all its
   * lines when the month is done (`splitIntoParts`, ADR 0009), which writes them in full.
   */
  const plan = (event: SiteEvent, buffer: MonthBuffer): SiteOperation[] => {
    const pages: SiteOperation[] = [];
    const id = event.kind === 'publish' ? event.document.id : event.id;
    for (const operation of planSiteChange(event, currentState(event), siteConfig)) {
      const key = operation.op === 'put' ? operation.object.key : operation.key;
      if (PAGE_KEY.test(key)) pages.push(operation);
      else if (PART_KEY.test(key) && operation.op === 'put')
        buffer.lines.set(id, operation.object.body.trimEnd());
      else if (key === FEED_KEY) {
        // Planned against an empty feed: what it holds is this decision's item and tombstone, if any.
        const own = parseFeed(FEED_KEY, operation.op === 'put' ? operation.object.body : undefined);
        const item = own.items.find((i) => i._gongshi.id === id);
        const tombstone = own.tombstones.find((t) => t.id === id);
        feed = item ? withItem(feed, item) : withoutItem(feed, id);
        feed = tombstone ? withTombstone(feed, tombstone) : withoutTombstone(feed, id);
      } else if (CARRIED.has(key) && !FEED_RENDERINGS.has(key))
        overlay.set(key, operation.op === 'put' ? operation.object : null);
    }
    return pages;
  };

  const flushMonth = async (month: Month, buffer: MonthBuffer) => {
    const entries = parseMonthShard(
      monthNdjsonKey(month),
      [...buffer.lines.values()].map((line) => `${line}\n`).join(''),
    );
    const { starts, parts } = splitIntoParts(entries, siteConfig);
    const before = partsOf(monthsState(), month);
    for (const [i, part] of parts.entries()) {
      for (const object of partObjects(month, i + 1, parts.length, part, siteConfig))
        overlay.set(object.key, object);
    }
    // A reopened month that now needs fewer parts than before: the extra parts go.
    for (let part = parts.length + 1; part <= before.length; part++) {
      for (const key of [
        monthNdjsonKey(month, part),
        monthCsvKey(month, part),
        monthSitemapKey(month, part),
        monthPageKey(month, part),
      ])
        overlay.set(key, null);
    }
    const months = withSeen(monthsState(), { month, parts: starts });
    feed = withPartCounts(
      feed,
      month,
      parts.map((p) => p.length),
    );
    for (const object of [...monthListObjects(months, siteConfig), ...feedObjects(feed, months, siteConfig)])
      overlay.set(object.key, object);
    options.onMonthFlush?.({ month, overlayKeys: [...overlay.keys()], bufferedMonths: [...buffers.keys()] });
    const pending = [...overlay].filter(([key]) => !CARRIED.has(key));
    await Promise.all(
      pending.map(async ([key, object]) => {
        if (object) {
          await put(object);
          producedKeys.add(key);
        } else {
          await remove(key);
          producedKeys.delete(key);
        }
      }),
    );
    for (const [key] of pending) overlay.delete(key);
    buffers.delete(month);
    flushedMonths.add(month);
  };

  let done = 0;
  for (let month = earliest(groups); month !== undefined; month = earliest(groups)) {
    const ids = (groups.get(month) ?? []).sort();
    groups.delete(month);
    // Decisions are read up to `concurrency` ahead and their pages written up to `concurrency` at once, while
    // each is planned in id order: the reads and writes overlap, and the plan does not depend on which read
    // came back first.
    const reads = new Map<number, Promise<SiteEvent | undefined>>();
    const readAhead = (from: number) => {
      for (let j = from; j < Math.min(ids.length, from + concurrency); j++) {
        if (reads.has(j)) continue;
        const read = (async () => {
          const stored = await deps.store.get(ids[j] as string);
          const event = stored && (await siteEventOf(agencies, stored));
          if (event && (await ensureLogged(deps, event))) logged++;
          return event;
        })();
        read.catch(() => {}); // awaited in turn below; this only keeps an early failure from going unhandled
        reads.set(j, read);
      }
    };
    const pageWrites = limitedTasks(concurrency);
    for (let i = 0; i < ids.length; i++) {
      readAhead(i);
      const id = ids[i] as string;
      const event = await reads.get(i);
      reads.delete(i);
      if (!event) {
        unwritten.add(id);
        skipped++;
        done++;
      } else {
        const eventMonth = monthOf(event.publishedAt);
        if (eventMonth > month) {
          // Filed under a later month than the scan said: wait for that month.
          const later = groups.get(eventMonth);
          if (later) later.push(id);
          else groups.set(eventMonth, [id]);
          continue;
        }
        // Pages are unique to their decision: written at once, before any listing that links to them.
        for (const operation of plan(event, await bufferOf(eventMonth))) {
          await pageWrites.add(() =>
            operation.op === 'put' ? put(operation.object) : remove(operation.key),
          );
        }
        done++;
      }
      if (done % concurrency === 0 || i === ids.length - 1) options.onProgress?.(done, total, month);
    }
    await pageWrites.drain();
    // An earlier month reopened by a decision filed under it is written again with this one.
    for (const [bufferMonth, buffer] of [...buffers].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await flushMonth(bufferMonth, buffer);
    }
  }

  // ---- 3. the transparency log, from the table; before the month list, which says "done" ----
  await writeWholeLog(deps, async (object) => {
    await put(object);
    producedKeys.add(object.key);
  });

  // Nothing published at all: the shared state of an empty site, so it still has a front page and feeds.
  const empty = new Map(emptySiteState(deps.siteConfig).map((object) => [object.key, object]));
  for (const key of CARRIED_KEYS) {
    const object = overlay.has(key) ? overlay.get(key) : empty.get(key);
    if (!object) continue;
    await put(object);
    producedKeys.add(key);
  }

  // ---- 4. what the rebuild did not write ----
  for await (const key of site.list('')) {
    const id = PAGE_KEY.exec(key)?.[1];
    const kept =
      id !== undefined
        ? shown.has(id) && !unwritten.has(id)
        : producedKeys.has(key) || OWNED_ELSEWHERE.has(key) || key.startsWith(CATALOG_PREFIX);
    if (!kept) await remove(key);
  }

  return {
    decisions: total - skipped,
    months: flushedMonths.size,
    written,
    deleted,
    removed,
    skipped,
    logged,
  };
}

/**
 * Objects that scheduled jobs own (the heartbeat, the scorecard, the checkpoints' public key, which only the
 * checkpoint function can derive from its private key): not the rebuild's to delete.
 */
const OWNED_ELSEWHERE: ReadonlySet<string> = new Set([
  HEARTBEAT_KEY,
  SCORECARD_KEY,
  SCORECARD_DATA_KEY,
  PUBLIC_KEY_KEY,
]);
/** R10: the catalogue section is written by its own publisher from its own records; this rebuild leaves it be. */
const CATALOG_PREFIX = 'catalog/';

function earliest(groups: ReadonlyMap<Month, unknown>): Month | undefined {
  let first: Month | undefined;
  for (const month of groups.keys()) if (first === undefined || month < first) first = month;
  return first;
}
