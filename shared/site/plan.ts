/**
 * The site as a pure function: a publication event and the current contents of the few state objects it
 * touches in, the ordered object writes out. The publisher (shared/app/publish.ts) reads the keys named by
 * `keysToRead`, calls `planSiteChange`, and performs the operations in order, conditionally on the ETags
 * it read, re-planning on a conflict. No step reads or rewrites the whole history (the site is incremental), nor
 * a whole month: a month's listing is kept in parts of about 500 entries and a change touches one (ADR 0009).
 */
import { ACTION_TYPE_LABELS } from '../domain/decision.ts';
import { monthCsv } from './bulk.ts';
import { datasetDescription } from './dataset.ts';
import {
  EMPTY_FEED,
  type FeedItem,
  type FeedState,
  feedItem,
  parseFeed,
  renderAtom,
  serializeFeed,
  type Tombstone,
  withItem,
  withoutItem,
  withoutTombstone,
  withPartCount,
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
  LISTING_PART_SIZE,
  MONTHS_KEY,
  type Month,
  monthCsvKey,
  monthNdjsonKey,
  monthOf,
  monthPageKey,
  SITEMAP_INDEX_KEY,
  siteObject,
} from './keys.ts';
import {
  byPublication,
  EMPTY_MONTHS,
  leavesNotice,
  listingItem,
  locatePart,
  type MonthEntry,
  type MonthsState,
  monthShardLine,
  noticeEntry,
  type PartStart,
  parseMonthShard,
  parseMonthsState,
  partStartOf,
  partsOf,
  publishedEntry,
  SITE_WITHDRAW_REASON_LABELS,
  serializeMonthShard,
  serializeMonthsState,
  withSeen,
} from './model.ts';
import { decisionPage, type IndexData, indexPage, monthPage, noticePage } from './pages.ts';
import { partSitemap, sitemapIndex } from './sitemap.ts';
import type { SiteConfig, SiteEvent, SiteObject, SiteOperation } from './types.ts';

export { LISTING_PART_SIZE };

const partSizeOf = (config: SiteConfig) => config.listingPartSize ?? LISTING_PART_SIZE;

/**
 * The state keys a change depends on: the feed and the month list, and then, once those were read (`current`
 * holds MONTHS_KEY), the one listing part the decision belongs to, found by binary search over the month's part
 * starts, and, when that is the month's last part, the key of the part after it (absent, unless a publish
 * stopped between writing a new part and the month list). Nothing grows with the month or the history but the
 * month list, which names a part per 500 decisions. The publisher reads until no key is added (two rounds).
 */
export function keysToRead(event: SiteEvent, current?: ReadonlyMap<string, string | undefined>): string[] {
  const base = [FEED_KEY, MONTHS_KEY];
  if (!current?.has(MONTHS_KEY)) return base;
  const month = monthOf(event.publishedAt);
  const parts = partsOf(parseMonthsState(MONTHS_KEY, current.get(MONTHS_KEY)), month);
  const part = locatePart(parts, canonicalInstant(event.publishedAt));
  const next = parts.length > 0 && part === parts.length ? [monthNdjsonKey(month, part + 1)] : [];
  return [...base, monthNdjsonKey(month, part), ...next];
}

/**
 * The writes that bring the site from `current` (the contents of exactly the keys of `keysToRead`, undefined
 * when absent) to the state after `event`, in a safe order: a publish writes the decision's pages before any
 * listing links to them; a withdrawal unlinks them from every listing before it replaces or deletes them.
 * Every derived object of the part is rewritten in full from the part's state each time, so planning the same
 * event again, or resuming after a write failed halfway, converges on the same objects.
 */
export function planSiteChange(
  event: SiteEvent,
  current: ReadonlyMap<string, string | undefined>,
  config: SiteConfig,
): SiteOperation[] {
  const id = assertSafeId(event.kind === 'publish' ? event.document.id : event.id);
  const month = monthOf(event.publishedAt);
  const feedBefore = parseFeed(FEED_KEY, current.get(FEED_KEY));
  const monthsBody = current.get(MONTHS_KEY);
  const monthsBefore = parseMonthsState(MONTHS_KEY, monthsBody);
  const entry = entryOf(event, config);
  const publishedAt = canonicalInstant(event.publishedAt);

  const known = partsOf(monthsBefore, month);
  const partState = (part: number): MonthEntry[] => {
    const partKey = monthNdjsonKey(month, part);
    if (!current.has(partKey))
      throw new Error(`planSiteChange needs ${partKey}: read the keys of keysToRead`);
    return parseMonthShard(partKey, current.get(partKey));
  };
  // A part written by a publish that stopped before the month list: adopted, as that publish would have.
  const parts = [...known];
  const orphanKey = monthNdjsonKey(month, known.length + 1);
  const orphan = current.has(orphanKey) ? parseMonthShard(orphanKey, current.get(orphanKey)) : [];
  const firstOfOrphan = orphan[0];
  if (firstOfOrphan) parts.push(partStartOf(firstOfOrphan));

  let part = locatePart(parts, publishedAt);
  let before = partState(part);
  // Pages of other parts whose links change: the part a new part follows gains its "next" link.
  const relinked: { part: number; entries: MonthEntry[] }[] = [];
  const last = before.at(-1);
  if (
    entry &&
    part === parts.length &&
    before.length >= partSizeOf(config) &&
    last &&
    publishedAt > last.publishedAt &&
    !before.some((e) => e.id === id)
  ) {
    relinked.push({ part, entries: before });
    part += 1;
    parts.push({ publishedAt });
    before = partState(part);
  } else if (parts.length === 0) {
    parts.push({ publishedAt });
  } else if (firstOfOrphan && part > 1 && current.has(monthNdjsonKey(month, part - 1))) {
    // Adopting a part: the stopped publish may not have linked its predecessor to it.
    relinked.push({ part: part - 1, entries: partState(part - 1) });
  }
  const entries = [...before.filter((e) => e.id !== id), ...(entry ? [entry] : [])].sort(byPublication);

  let feed = entry ? withItem(feedBefore, feedItem(entry)) : withoutItem(feedBefore, id);
  if (event.kind === 'publish') feed = withoutTombstone(feed, id);
  else feed = withTombstone(feed, tombstoneOf(event, entry, config));
  // The other parts were not read: their counts stay as the feed has them.
  feed = withPartCount(feed, month, part, entries.length);

  const monthsAfter = withSeen(monthsBefore, {
    month,
    parts,
    ...(entry ? { agency: entry.agency, actionType: entry.actionType } : {}),
  });
  const monthsJson = serializeMonthsState(monthsAfter);

  const put = (object: SiteObject): SiteOperation => ({ op: 'put', object });

  const listings: SiteOperation[] = [
    ...partObjects(month, part, parts.length, entries, config).map(put),
    ...relinked.map((r) => put(partPageObject(month, r.part, parts.length, r.entries, config))),
  ];

  // months.json goes last: it is what says "done", so a failure before it redoes the sitemap index and the
  // dataset description on the retry instead of leaving them behind.
  const monthList: SiteOperation[] =
    monthsJson === monthsBody ? [] : monthListObjects(monthsAfter, config).map(put);

  const feeds = feedObjects(feed, monthsAfter, config).map(put);

  const pages = pageOperations(event, id, entry, config);

  return event.kind === 'publish'
    ? [...pages, ...listings, ...monthList, ...feeds]
    : [...listings, ...monthList, ...feeds, ...pages];
}

/**
 * The decision's own pages: its page and JSON (or its notice and JSON), or their deletion when nothing of it stays.
 * Written before any listing links to them on a publish, after every listing unlinked them on a withdrawal.
 */
function pageOperations(
  event: SiteEvent,
  id: string,
  entry: MonthEntry | undefined,
  config: SiteConfig,
): SiteOperation[] {
  const put = (object: SiteObject): SiteOperation => ({ op: 'put', object });
  if (!entry)
    // The JSON names the page, so the page goes last.
    return [
      { op: 'delete', key: decisionJsonKey(id) },
      { op: 'delete', key: decisionHtmlKey(id) },
    ];
  if (entry.status === 'published')
    return [
      put(
        siteObject(
          decisionHtmlKey(id),
          decisionPage(entry, config, event.kind === 'publish' ? event.correctionUnderWay : undefined),
          CONTENT_TYPES.html,
        ),
      ),
      put(siteObject(decisionJsonKey(id), documentBody(entry), CONTENT_TYPES.json)),
    ];
  return [
    put(siteObject(decisionJsonKey(id), documentBody(entry), CONTENT_TYPES.json)),
    put(siteObject(decisionHtmlKey(id), noticePage(entry, config), CONTENT_TYPES.html)),
  ];
}

/**
 * What one event gives the site of the decision's own, for the full rebuild (shared/app/rebuild-site.ts), which
 * writes a whole history and renders the shared files once a month rather than once a decision: the decision's
 * pages, as `planSiteChange` writes them, and what it adds to the shared state, from the same projection: its
 * listing entry and that entry's NDJSON line, its feed item, and its tombstone on a withdrawal.
 */
export interface DecisionShare {
  readonly id: string;
  readonly pages: readonly SiteOperation[];
  /** Absent when nothing of the decision stays listed (R6, R8). */
  readonly entry?: MonthEntry;
  /** The entry's line of its listing part's NDJSON, without the newline. */
  readonly line?: string;
  readonly feedItem?: FeedItem;
  readonly tombstone?: Tombstone;
}

export function planDecisionShare(event: SiteEvent, config: SiteConfig): DecisionShare {
  const id = assertSafeId(event.kind === 'publish' ? event.document.id : event.id);
  const entry = entryOf(event, config);
  return {
    id,
    pages: pageOperations(event, id, entry, config),
    ...(entry ? { entry, line: monthShardLine(entry), feedItem: feedItem(entry) } : {}),
    ...(event.kind === 'withdraw' ? { tombstone: tombstoneOf(event, entry, config) } : {}),
  };
}

function partPageObject(
  month: Month,
  part: number,
  partCount: number,
  entries: readonly MonthEntry[],
  config: SiteConfig,
): SiteObject {
  return siteObject(
    monthPageKey(month, part),
    monthPage(month, { part, hasNext: part < partCount }, entries.map(listingItem), config),
    CONTENT_TYPES.html,
  );
}

/** A listing part's four files, from its entries in publication order: state first, the page last. */
export function partObjects(
  month: Month,
  part: number,
  partCount: number,
  entries: readonly MonthEntry[],
  config: SiteConfig,
): SiteObject[] {
  const sitemap = partSitemap(month, part, entries, config);
  return [
    siteObject(monthNdjsonKey(month, part), serializeMonthShard(entries), CONTENT_TYPES.ndjson),
    siteObject(monthCsvKey(month, part), monthCsv(entries), CONTENT_TYPES.csv),
    siteObject(sitemap.key, sitemap.body, CONTENT_TYPES.xml),
    partPageObject(month, part, partCount, entries, config),
  ];
}

/** The feed state's three renderings: the JSON Feed (which is the state), Atom, and the index. */
export function feedObjects(feed: FeedState, months: MonthsState, config: SiteConfig): SiteObject[] {
  return [
    siteObject(FEED_KEY, serializeFeed(feed, config), CONTENT_TYPES.jsonFeed),
    siteObject(ATOM_KEY, renderAtom(feed, config), CONTENT_TYPES.atom),
    siteObject(INDEX_KEY, indexPage(indexData(feed, months), config), CONTENT_TYPES.html),
  ];
}

/** What names the parts: the sitemap index, the dataset description, and the month list last. */
export function monthListObjects(months: MonthsState, config: SiteConfig): SiteObject[] {
  return [
    siteObject(SITEMAP_INDEX_KEY, sitemapIndex(months.months, config), CONTENT_TYPES.xml),
    siteObject(DATASET_KEY, datasetDescription(months, config), CONTENT_TYPES.jsonLd),
    siteObject(MONTHS_KEY, serializeMonthsState(months), CONTENT_TYPES.json),
  ];
}

/**
 * A whole month's listing cut into parts as the publisher would have cut it had the entries arrived in
 * publication order (the rebuild, ADR 0009): `listingPartSize` entries a part, each starting at its first entry.
 */
export function splitIntoParts(
  entries: readonly MonthEntry[],
  config: SiteConfig,
): { readonly starts: PartStart[]; readonly parts: MonthEntry[][] } {
  const sorted = [...entries].sort(byPublication);
  const size = partSizeOf(config);
  const parts: MonthEntry[][] = [];
  let current: MonthEntry[] = [];
  for (const entry of sorted) {
    const last = current.at(-1);
    // As the publisher cuts them: a full part is closed by an entry published strictly later than its last.
    if (last && current.length >= size && entry.publishedAt > last.publishedAt) {
      parts.push(current);
      current = [];
    }
    current.push(entry);
  }
  parts.push(current);
  return { starts: parts.map((p) => ({ publishedAt: p[0]?.publishedAt ?? '' })), parts };
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
    reasonLabel: SITE_WITHDRAW_REASON_LABELS[event.reason],
    explanation: event.explanation,
    ...(entry ? { notice: url } : {}),
  };
}

/**
 * The shared state of a site on which nothing is published yet: an empty feed and Atom, the front page, the
 * sitemap index and the dataset description. The rebuild of an empty table writes these, so a new site has a
 * front page from the start rather than a 404.
 */
export function emptySiteState(config: SiteConfig): SiteObject[] {
  return [
    siteObject(FEED_KEY, serializeFeed(EMPTY_FEED, config), CONTENT_TYPES.jsonFeed),
    siteObject(ATOM_KEY, renderAtom(EMPTY_FEED, config), CONTENT_TYPES.atom),
    siteObject(INDEX_KEY, indexPage(indexData(EMPTY_FEED, EMPTY_MONTHS), config), CONTENT_TYPES.html),
    siteObject(SITEMAP_INDEX_KEY, sitemapIndex([], config), CONTENT_TYPES.xml),
    siteObject(DATASET_KEY, datasetDescription(EMPTY_MONTHS, config), CONTENT_TYPES.jsonLd),
  ];
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
