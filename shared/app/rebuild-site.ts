/**
 * The full rebuild of the public site from the records, for disaster recovery (`npm run rebuild-site`:
 * it streams through all records with a progress bar, in bounded memory). The incremental publisher
 * never rereads the history; this is the one place that does, and it still never holds the whole site:
 *
 * 1. One scan keeps the id of every decision the site shows, grouped by month (a few dozen bytes each).
 *    Pages of decisions that are not among them (removed, or never public) are deleted at once.
 * 2. Month by month, oldest first, each decision is read and turned into the SiteEvent the publisher builds
 *    (site-events.ts) and planned with `planDecisionShare`, the decision's own part of `planSiteChange`: its two
 *    pages are written at once; its listing line, feed item and tombstone are kept; the month's files (its
 *    listing parts, ADR 0009: NDJSON, CSV, sitemap and page each) are rendered and written once, when the month
 *    is done, and then dropped; the state every month shares (feed, month list, Atom, index, sitemap index,
 *    dataset description) is rendered as each month is done, kept in an overlay and written once, at the end.
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
  type FeedItem,
  type FeedState,
  withItems,
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
  SCORECARD_PREFIX,
  SITEMAP_INDEX_KEY,
} from '../site/keys.ts';
import {
  EMPTY_MONTHS,
  leavesNotice,
  type MonthsState,
  parseMonthShard,
  partsOf,
  withSeen,
} from '../site/model.ts';
import {
  type DecisionShare,
  emptySiteState,
  feedObjects,
  monthListObjects,
  partObjects,
  planDecisionShare,
  splitIntoParts,
} from '../site/plan.ts';
import { SearchIndexBuilder } from '../site/search-build.ts';
import type { SiteEvent, SiteObject } from '../site/types.ts';
import { cachedAgencies } from './agency-cache.ts';
import { agencyCodes, creditExportObjects } from './credit-export.ts';
import { limitedTasks } from './pool.ts';
import type { PublisherDependencies } from './publish.ts';
import { type GateFinding, gateFindings, PersonalDataBlockedError } from './publish-gate.ts';
import {
  currentSiteEvent,
  publishEvent,
  putPlaceholder,
  staticSiteObjects,
  withdrawEvent,
} from './site-events.ts';
import { ensureLogged, writeWholeLog } from './transparency.ts';

export interface RebuildDependencies extends PublisherDependencies {
  readonly scanner: DecisionScanner;
}

/** The state every month's publications change, carried over from month to month; written last. */
const CARRIED_KEYS = [SITEMAP_INDEX_KEY, DATASET_KEY, FEED_KEY, ATOM_KEY, INDEX_KEY, MONTHS_KEY] as const;
const CARRIED: ReadonlySet<string> = new Set(CARRIED_KEYS);
/** Feed items held before they are sorted into the feed: a few MB at most. */
const NEW_ITEMS_HELD = 1000;
const PAGE_KEY = /^decisions\/([A-Za-z0-9_-]{1,64})\.(html|json)$/;

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
  /**
   * R4: objects the personal-data gate refused (ADR 0012), by key and kind, never the value: not written, and
   * whatever the bucket held at their keys deleted. The command exits 1 when there are any.
   */
  readonly blocked: readonly GateFinding[];
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

  // R4 (ADR 0012): the publisher's last look, over everything the rebuild writes too. What it refuses is not
  // written, and what the bucket held at that key is deleted below (a restored copy may hold the same).
  const blocked: GateFinding[] = [];
  const blockedKeys = new Set<string>();
  const put = async (object: SiteObjectWrite) => {
    const findings = gateFindings([object]);
    if (findings.length > 0) {
      blocked.push(...findings);
      blockedKeys.add(object.key);
      return;
    }
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

  const assets = staticSiteObjects(siteConfig);
  // The catalogue index and the scorecard belong to their own writers: a placeholder only where they wrote
  // nothing yet, so a new site's header links lead to a page, and a real page is never overwritten.
  for (const object of assets.placeholders) {
    // Refused by the gate: reported, but the key stays out of blockedKeys (whatever is there is not ours).
    const findings = gateFindings([object]);
    if (findings.length > 0) blocked.push(...findings);
    else if (await putPlaceholder(site, object)) written++;
  }
  for (const object of assets.objects) {
    await put(object);
    producedKeys.add(object.key);
  }

  // ---- 2. month by month ----
  // Keys other than pages, with their pending content (null: delete). Month keys live here only while
  // their month is written; the carried keys until the end.
  const overlay = new Map<string, SiteObject | null>();
  const buffers = new Map<Month, MonthBuffer>();
  const flushedMonths = new Set<Month>();
  const searchIndex = new SearchIndexBuilder(siteConfig);
  // Agencies are few and read for every decision: one read each per rebuild.
  const agencies = cachedAgencies(deps.agencies);

  /**
   * The month list (months, their parts, agencies, action types) and the feed (its latest items, tombstones and
   * counts) are kept parsed and rendered only when a month is written: rendering them for every decision, as a
   * publish does, was most of the rebuild's CPU (docs/benchmarks.md).
   */
  let months: MonthsState = EMPTY_MONTHS;
  let feed: FeedState = EMPTY_FEED;
  /** Feed items not yet in `feed`: sorted in with a month's worth at once, not a hundred sorted per decision. */
  const newItems = new Map<string, FeedItem>();
  const settleFeed = () => {
    feed = withItems(feed, [...newItems.values()]);
    newItems.clear();
  };

  /** The buffer of the month an event belongs to; a month already written is read back from the bucket. */
  const bufferOf = async (month: Month): Promise<MonthBuffer> => {
    let buffer = buffers.get(month);
    if (buffer) return buffer;
    buffer = { lines: new Map() };
    buffers.set(month, buffer);
    if (flushedMonths.has(month)) {
      for (const [i] of partsOf(months, month).entries()) {
        const shard = await site.read(monthNdjsonKey(month, i + 1));
        for (const line of shard?.body.split('\n') ?? []) {
          if (line.trim() !== '') buffer.lines.set((JSON.parse(line) as { id: string }).id, line);
        }
      }
    }
    return buffer;
  };

  /**
   * What a decision adds to the state its month and every month share, as `planSiteChange` would add it: its
   * line to the month's listing, its item and tombstone to the feed, its agency and action type to the month
   * list (with the month, started at this decision when it is new). The month's parts and the counts are set when
   * the month is written, from all its lines (`splitIntoParts`, ADR 0009).
   */
  const record = (share: DecisionShare, month: Month, buffer: MonthBuffer) => {
    const { id, entry } = share;
    if (share.line === undefined) buffer.lines.delete(id);
    else buffer.lines.set(id, share.line);
    if (share.feedItem) {
      newItems.set(id, share.feedItem);
      if (newItems.size >= NEW_ITEMS_HELD) settleFeed();
    } else {
      newItems.delete(id);
      feed = withoutItem(feed, id);
    }
    feed = share.tombstone ? withTombstone(feed, share.tombstone) : withoutTombstone(feed, id);
    const known = partsOf(months, month);
    months = withSeen(months, {
      month,
      parts: known.length > 0 || !entry ? known : [{ publishedAt: entry.publishedAt }],
      ...(entry ? { agency: entry.agency, actionType: entry.actionType } : {}),
    });
  };

  const flushMonth = async (month: Month, buffer: MonthBuffer) => {
    const entries = parseMonthShard(
      monthNdjsonKey(month),
      [...buffer.lines.values()].map((line) => `${line}\n`).join(''),
    );
    const { starts, parts } = splitIntoParts(entries, siteConfig);
    const before = partsOf(months, month);
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
    // ADR 0018: the month's 双公示 export, from the same entries (the schedule keeps the last two months fresh).
    // R4: a month whose export the gate refuses is reported as any refused object is, and not written.
    const exported = await creditExportObjects(
      month,
      entries,
      await agencyCodes(deps.agencies, entries),
    ).catch((error: unknown) => {
      if (!(error instanceof PersonalDataBlockedError)) throw error;
      blocked.push(...error.findings);
      return { objects: [] };
    });
    for (const object of exported.objects) {
      await put(object);
      producedKeys.add(object.key);
    }
    months = withSeen(months, { month, parts: starts });
    settleFeed();
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
          if (event && stored && (await ensureLogged(deps, event, stored.auditHead))) logged++;
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
        const share = planDecisionShare(event, siteConfig);
        record(share, eventMonth, await bufferOf(eventMonth));
        const doc = searchIndex.add(event);
        if (doc) {
          producedKeys.add(doc.key);
          await pageWrites.add(() => put(doc));
        }
        // Pages are unique to their decision: written at once, before any listing that links to them.
        for (const operation of share.pages) {
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

  // The search index and the company pages (ADR 0017), from every decision shown, once each.
  const indexWrites = limitedTasks(concurrency);
  for (const object of searchIndex.objects()) {
    producedKeys.add(object.key);
    await indexWrites.add(() => put(object));
  }
  await indexWrites.drain();

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
      !blockedKeys.has(key) &&
      (id !== undefined
        ? shown.has(id) && !unwritten.has(id)
        : producedKeys.has(key) ||
          OWNED_ELSEWHERE.has(key) ||
          key.startsWith(CATALOG_PREFIX) ||
          key.startsWith(SCORECARD_PREFIX));
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
    blocked,
  };
}

/**
 * Objects that scheduled jobs own (the heartbeat, the scorecard and the lists under SCORECARD_PREFIX, the
 * checkpoints' public key, which only the checkpoint function can derive from its private key): not the
 * rebuild's to delete.
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
