/**
 * The site as a pure function: a publication event and the current contents of the few state objects it
 * touches in, the ordered object writes out. The publisher (shared/app/publish.ts) reads the keys named by
 * `keysToRead`, calls `planSiteChange`, and performs the operations in order, conditionally on the ETags
 * it read, re-planning on a conflict. No step reads or rewrites the whole history (issue 4, "incremental").
 */
import { ACTION_TYPE_LABELS, WITHDRAW_REASON_LABELS, type WithdrawReason } from '../domain/decision.ts';
import type { PublicDecisionDocument } from '../domain/projection.ts';
import { monthCsv } from './bulk.ts';
import { datasetDescription } from './dataset.ts';
import {
  type FeedState,
  feedItem,
  parseFeed,
  renderAtom,
  serializeFeed,
  type Tombstone,
  withItem,
  withMonthCount,
  withoutItem,
  withoutTombstone,
  withTombstone,
} from './feeds.ts';
import { safeJson } from './html.ts';
import {
  ATOM_KEY,
  absoluteUrl,
  assertSafeId,
  CONTENT_TYPES,
  canonicalInstant,
  DATASET_KEY,
  decisionHtmlKey,
  decisionJsonKey,
  FEED_KEY,
  INDEX_KEY,
  MONTHS_KEY,
  monthCsvKey,
  monthNdjsonKey,
  monthOf,
  monthPageKey,
  monthSitemapKey,
  SITEMAP_INDEX_KEY,
  siteObject,
} from './keys.ts';
import {
  byPublication,
  leavesNotice,
  listingItem,
  type MonthEntry,
  type MonthsState,
  noticeEntry,
  parseMonthShard,
  parseMonthsState,
  publishedEntry,
  serializeMonthShard,
  serializeMonthsState,
  withSeen,
} from './model.ts';
import { decisionPage, type IndexData, indexPage, monthPage, noticePage } from './pages.ts';
import { monthSitemaps, sitemapIndex, sitemapParts } from './sitemap.ts';

export interface SiteObject {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

export type SiteOperation =
  | { readonly op: 'put'; readonly object: SiteObject }
  | { readonly op: 'delete'; readonly key: string };

export interface Correction {
  readonly revision: number;
  /** ISO instant the corrected version was published. */
  readonly at: string;
}

export type SiteEvent =
  | {
      readonly kind: 'publish';
      /** The approved public projection: exactly what the reviewer approved (R2, R4). */
      readonly document: PublicDecisionDocument;
      /** First publication (ISO instant); the publication date shown is its Asia/Shanghai date (R1). */
      readonly publishedAt: string;
      /** Earlier corrections and, when this publication is itself a correction, this one last (R8). */
      readonly corrections: readonly Correction[];
    }
  | {
      readonly kind: 'withdraw';
      readonly id: string;
      readonly reason: WithdrawReason;
      /** The necessary explanation (R7), shown on the notice. */
      readonly explanation: string;
      readonly withdrawnAt: string;
      /** What the notice may say about the decision: never its content (R7). */
      readonly caseNumber: string;
      readonly agency: { readonly id: string; readonly name: string };
      readonly actionType: PublicDecisionDocument['actionType'];
      readonly decisionDate: string;
      readonly publishedAt: string;
    };

/** The base URL the site is served from, for feeds, sitemaps and the dataset description. */
export interface SiteConfig {
  readonly siteUrl: string;
  readonly title: string;
  /** Where a member of the public files a correction request (R9). */
  readonly correctionFormUrl: string;
  /**
   * R9: the API's public address (with the trailing slash). With it, every decision page carries a form that
   * files a correction request there, without JavaScript; without it, only the link to the explanation.
   */
  readonly apiUrl?: string;
  /** The licence dataset.json states; without one it states only that the information is public (dataset.ts). */
  readonly license?: { readonly name: string; readonly url?: string };
}

export type { WithdrawReason };

/**
 * The state keys a change depends on: its month's shard, the feed, the month list. None grows with the
 * whole history, so the cost of a publish does not either.
 */
export function keysToRead(event: SiteEvent): string[] {
  return [monthNdjsonKey(monthOf(event.publishedAt)), FEED_KEY, MONTHS_KEY];
}

/**
 * The writes that bring the site from `current` (the contents of exactly the keys of `keysToRead`, undefined
 * when absent) to the state after `event`, in a safe order: a publish writes the decision's pages before any
 * listing links to them; a withdrawal unlinks them from every listing before it replaces or deletes them.
 * Every derived object is rewritten in full from the state each time, so planning the same event again, or
 * resuming after a write failed halfway, converges on the same objects.
 */
export function planSiteChange(
  event: SiteEvent,
  current: ReadonlyMap<string, string | undefined>,
  config: SiteConfig,
): SiteOperation[] {
  const id = assertSafeId(event.kind === 'publish' ? event.document.id : event.id);
  const month = monthOf(event.publishedAt);
  const shardKey = monthNdjsonKey(month);
  const before = parseMonthShard(shardKey, current.get(shardKey));
  const feedBefore = parseFeed(FEED_KEY, current.get(FEED_KEY));
  const monthsBody = current.get(MONTHS_KEY);
  const monthsBefore = parseMonthsState(MONTHS_KEY, monthsBody);

  const entry = entryOf(event, config);
  const entries = [...before.filter((e) => e.id !== id), ...(entry ? [entry] : [])].sort(byPublication);

  let feed = entry ? withItem(feedBefore, feedItem(entry)) : withoutItem(feedBefore, id);
  if (event.kind === 'publish') feed = withoutTombstone(feed, id);
  else feed = withTombstone(feed, tombstoneOf(event, entry, config));
  feed = withMonthCount(feed, month, entries.length);

  const parts = sitemapParts(entries.length);
  const monthsAfter = withSeen(monthsBefore, {
    month,
    sitemapParts: parts,
    ...(entry ? { agency: entry.agency, actionType: entry.actionType } : {}),
  });
  const monthsJson = serializeMonthsState(monthsAfter);
  const previousParts = monthsBefore.months.find((m) => m.month === month)?.sitemapParts ?? 0;

  const put = (object: SiteObject): SiteOperation => ({ op: 'put', object });
  const del = (key: string): SiteOperation => ({ op: 'delete', key });
  const items = entries.map(listingItem);

  const listings: SiteOperation[] = [
    put(siteObject(shardKey, serializeMonthShard(entries), CONTENT_TYPES.ndjson)),
    put(siteObject(monthCsvKey(month), monthCsv(entries), CONTENT_TYPES.csv)),
    ...monthSitemaps(month, entries).map((s) => put(siteObject(s.key, s.body, CONTENT_TYPES.xml))),
    put(siteObject(monthPageKey(month), monthPage(month, items, config), CONTENT_TYPES.html)),
  ];

  // months.json goes last: it is what says "done", so a failure before it redoes the sitemap index and the
  // dataset description on the retry instead of leaving them behind.
  const monthList: SiteOperation[] =
    monthsJson === monthsBody
      ? []
      : [
          put(siteObject(SITEMAP_INDEX_KEY, sitemapIndex(monthsAfter.months, config), CONTENT_TYPES.xml)),
          put(siteObject(DATASET_KEY, datasetDescription(monthsAfter, config), CONTENT_TYPES.jsonLd)),
          ...range(parts + 1, previousParts).map((part) => del(monthSitemapKey(month, part))),
          put(siteObject(MONTHS_KEY, monthsJson, CONTENT_TYPES.json)),
        ];

  const feeds: SiteOperation[] = [
    put(siteObject(FEED_KEY, serializeFeed(feed, config), CONTENT_TYPES.jsonFeed)),
    put(siteObject(ATOM_KEY, renderAtom(feed, config), CONTENT_TYPES.atom)),
    put(siteObject(INDEX_KEY, indexPage(indexData(feed, monthsAfter), config), CONTENT_TYPES.html)),
  ];

  const pages: SiteOperation[] = !entry
    ? // The JSON names the page, so the page goes last.
      [del(decisionJsonKey(id)), del(decisionHtmlKey(id))]
    : entry.status === 'published'
      ? [
          put(siteObject(decisionHtmlKey(id), decisionPage(entry, config), CONTENT_TYPES.html)),
          put(siteObject(decisionJsonKey(id), documentBody(entry), CONTENT_TYPES.json)),
        ]
      : [
          put(siteObject(decisionJsonKey(id), documentBody(entry), CONTENT_TYPES.json)),
          put(siteObject(decisionHtmlKey(id), noticePage(entry, config), CONTENT_TYPES.html)),
        ];

  return event.kind === 'publish'
    ? [...pages, ...listings, ...monthList, ...feeds]
    : [...listings, ...monthList, ...feeds, ...pages];
}

/** The entry that stays in the listings: the decision, its notice (R7), or nothing (R8, R6). */
function entryOf(event: SiteEvent, config: SiteConfig): MonthEntry | undefined {
  if (event.kind === 'publish') return publishedEntry(event, config);
  return leavesNotice(event.reason) ? noticeEntry(event, config) : undefined;
}

function documentBody(entry: MonthEntry): string {
  return `${safeJson(entry, 2)}\n`;
}

/**
 * The decision's public JSON exactly as `planSiteChange` writes it for this event (`decisions/{id}.json`), or
 * `undefined` when the event deletes it and nothing stays: what the transparency log hashes (ADR 0007). It
 * depends on the event and the configuration alone, never on the state of the site.
 */
export function decisionDocument(
  event: SiteEvent,
  config: SiteConfig,
): { readonly key: string; readonly body: string | undefined } {
  const id = event.kind === 'publish' ? event.document.id : event.id;
  const entry = entryOf(event, config);
  return { key: decisionJsonKey(id), body: entry ? documentBody(entry) : undefined };
}

function range(from: number, to: number): number[] {
  return from > to ? [] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** RFC 6721 for every withdrawal; it points at the notice when one stays (R7). */
function tombstoneOf(
  event: Extract<SiteEvent, { kind: 'withdraw' }>,
  entry: MonthEntry | undefined,
  config: SiteConfig,
): Tombstone {
  const url = absoluteUrl(config, decisionHtmlKey(event.id));
  return {
    ref: url,
    id: event.id,
    when: canonicalInstant(event.withdrawnAt),
    reason: event.reason,
    reasonLabel: WITHDRAW_REASON_LABELS[event.reason],
    explanation: event.explanation,
    ...(entry ? { notice: url } : {}),
  };
}

function indexData(feed: FeedState, months: MonthsState): IndexData {
  return {
    latest: feed.items.map((item) => item._gongshi),
    months: months.months.map((m) => m.month),
    monthCounts: feed.monthCounts,
    agencies: months.agencies,
    actionTypes: months.actionTypes.map((type) => ({ type, label: ACTION_TYPE_LABELS[type] })),
  };
}
