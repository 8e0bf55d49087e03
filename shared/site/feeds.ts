/**
 * The feeds. `feed.json` (JSON Feed 1.1) is both a public feed and the feed state: its `_gongshi` extension
 * keeps the recent tombstones and each month's count, and each item's `_gongshi` carries the listing fields,
 * so `atom.xml` and the index are derived from it alone and no publish rereads the history.
 */
import { representativeLabel } from '../domain/decision.ts';
import { type SafeXml, safeJson, type XmlValue, xml } from './html.ts';
import { ATOM_KEY, absoluteUrl, displayDate, FEED_KEY, INDEX_KEY } from './keys.ts';
import { type ListingItem, listingItem, type MonthEntry } from './model.ts';
import { formatYuan } from './pages.ts';
import type { SiteConfig, SiteWithdrawReason } from './types.ts';

export const FEED_LIMIT = 100;
export const TOMBSTONE_LIMIT = 100;

export interface FeedItem {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly summary: string;
  readonly content_text: string;
  readonly date_published: string;
  readonly date_modified?: string;
  readonly tags: readonly string[];
  readonly authors: readonly { readonly name: string }[];
  readonly language: 'zh-CN';
  readonly _gongshi: ListingItem;
}

/** A withdrawal as RFC 6721 describes it: which entry (`ref`), when, and why. */
export interface Tombstone {
  readonly ref: string;
  readonly id: string;
  readonly when: string;
  readonly reason: SiteWithdrawReason;
  readonly reasonLabel: string;
  readonly explanation: string;
  /** The notice page that stays in the decision's place (R7); absent when the decision was removed. */
  readonly notice?: string;
}

export interface FeedState {
  readonly items: readonly FeedItem[];
  readonly monthCounts: Readonly<Record<string, number>>;
  /**
   * Entries in each listing part of each month (ADR 0009), whose sum is the month's count. A publish sets the
   * count of the one part it rewrote from that part, so a retry after a half-done publish counts right.
   */
  readonly partCounts: Readonly<Record<string, readonly number[]>>;
  readonly tombstones: readonly Tombstone[];
}

export const EMPTY_FEED: FeedState = { items: [], monthCounts: {}, partCounts: {}, tombstones: [] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseFeed(key: string, body: string | undefined): FeedState {
  if (body === undefined) return EMPTY_FEED;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error(`site state ${key} is not JSON; rebuild the site rather than overwrite it`);
  }
  const ext = isRecord(value) ? value._gongshi : undefined;
  if (
    !isRecord(value) ||
    !Array.isArray(value.items) ||
    !isRecord(ext) ||
    !Array.isArray(ext.tombstones) ||
    !isRecord(ext.monthCounts) ||
    !value.items.every(
      (item) => isRecord(item) && isRecord(item._gongshi) && typeof item._gongshi.id === 'string',
    )
  ) {
    throw new Error(`site state ${key} is not a Gongshi feed; rebuild the site rather than overwrite it`);
  }
  return {
    items: value.items as FeedItem[],
    monthCounts: ext.monthCounts as Record<string, number>,
    // A feed written before listing parts: each month was one part.
    partCounts: isRecord(ext.partCounts)
      ? (ext.partCounts as Record<string, number[]>)
      : Object.fromEntries(
          Object.entries(ext.monthCounts as Record<string, number>).map(([m, n]) => [m, [n]]),
        ),
    tombstones: ext.tombstones as Tombstone[],
  };
}

function line(label: string, value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [`${label}：${value}`];
}

export function feedItem(entry: MonthEntry): FeedItem {
  const listing = listingItem(entry);
  const common = {
    id: entry.url,
    url: entry.url,
    date_published: entry.publishedAt,
    tags: [entry.actionTypeLabel],
    authors: [{ name: entry.agency.name }],
    language: 'zh-CN' as const,
  };
  if (entry.status === 'withdrawn') {
    const w = entry.withdrawal;
    const withdrawn = displayDate(w.withdrawnAt);
    return {
      ...common,
      title: `已撤下：${entry.caseNumber}`,
      summary: `${entry.agency.name}决定书文号${entry.caseNumber}的公示已于${withdrawn}撤下：${w.reasonLabel}。`,
      content_text: [
        `该行政执法决定已于 ${withdrawn} 撤下，原公示内容不再公开。`,
        ...line('撤下原因', w.reasonLabel),
        ...line('说明', w.explanation),
        ...line('决定书文号', entry.caseNumber),
        ...line('执法机关', entry.agency.name),
        ...line('执法类别', entry.actionTypeLabel),
        ...line('决定日期', entry.decisionDate),
      ].join('\n'),
      date_modified: w.withdrawnAt,
      tags: [entry.actionTypeLabel, '已撤下'],
      _gongshi: listing,
    };
  }
  const corrected = listing.correctedAt;
  const { party, penalty } = entry;
  return {
    ...common,
    title: `${entry.actionTypeLabel}：${party.name}（${entry.caseNumber}）`,
    summary: `${entry.agency.name}对${party.name}作出${entry.actionTypeLabel}决定${
      corrected ? `（更正于 ${displayDate(corrected)}）` : ''
    }。`,
    content_text: [
      ...(corrected ? [`更正于 ${displayDate(corrected)}`] : []),
      ...line('行政相对人', `${party.name}（${party.kindLabel}）`),
      ...line(party.idTypeLabel, party.idNumber),
      ...line(representativeLabel(party.kind), party.legalRepresentative),
      ...line('执法类别', entry.actionTypeLabel),
      ...line('执法方式', entry.method),
      ...line('执法内容', entry.content),
      ...line('执法决定（结果）', entry.result),
      ...line('处罚种类', penalty?.typeLabels.join('、')),
      ...line('罚款金额', penalty?.fineYuan ? `人民币 ${formatYuan(penalty.fineYuan)} 元` : undefined),
      ...line(
        '没收金额',
        penalty?.confiscationYuan ? `人民币 ${formatYuan(penalty.confiscationYuan)} 元` : undefined,
      ),
      ...line('执法机关', entry.agency.name),
      ...line('决定书文号', entry.caseNumber),
      ...line('执法依据', entry.legalBasis),
      ...line('决定日期', entry.decisionDate),
      ...line('重大执法决定', entry.majorDecision ? '是' : undefined),
      ...line('法制审核', entry.legalReview ? `经法制审核（${entry.legalReview.reviewedOn}）` : undefined),
      ...line('公开日期', displayDate(entry.publishedAt)),
    ].join('\n'),
    ...(corrected ? { date_modified: corrected } : {}),
    _gongshi: listing,
  };
}

/** Newest change first; the id breaks ties so the order never depends on the order events arrived in. */
function byLastChange(a: FeedItem, b: FeedItem): number {
  const x = a._gongshi.lastChange;
  const y = b._gongshi.lastChange;
  if (x !== y) return x < y ? 1 : -1;
  return a._gongshi.id < b._gongshi.id ? 1 : a._gongshi.id > b._gongshi.id ? -1 : 0;
}

/** The feed with this entry's item replacing any earlier one (a correction or notice is not a new item). */
export function withItem(state: FeedState, item: FeedItem): FeedState {
  return withItems(state, [item]);
}

/**
 * The feed with these items (of distinct decisions), each replacing any earlier one: `withItem` for each in
 * turn, in one sort (the rebuild adds a month's items at once rather than sorting a hundred for every decision).
 */
export function withItems(state: FeedState, added: readonly FeedItem[]): FeedState {
  const ids = new Set(added.map((item) => item._gongshi.id));
  const items = [...state.items.filter((i) => !ids.has(i._gongshi.id)), ...added].sort(byLastChange);
  return { ...state, items: items.slice(0, FEED_LIMIT) };
}

export function withoutItem(state: FeedState, id: string): FeedState {
  return { ...state, items: state.items.filter((i) => i._gongshi.id !== id) };
}

export function withTombstone(state: FeedState, tombstone: Tombstone): FeedState {
  const tombstones = [...state.tombstones.filter((t) => t.id !== tombstone.id), tombstone].sort((a, b) =>
    a.when !== b.when ? (a.when < b.when ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0,
  );
  return { ...state, tombstones: tombstones.slice(0, TOMBSTONE_LIMIT) };
}

/** A decision published again (it cannot be, by the lifecycle; a rebuild might) is no longer deleted. */
export function withoutTombstone(state: FeedState, id: string): FeedState {
  return { ...state, tombstones: state.tombstones.filter((t) => t.id !== id) };
}

/** The feed state with `count` entries in listing part `part` (1-based) of `month`, and the month's sum. */
export function withPartCount(state: FeedState, month: string, part: number, count: number): FeedState {
  const counts = [...(state.partCounts[month] ?? [])];
  while (counts.length < part) counts.push(0);
  counts[part - 1] = count;
  return withPartCounts(state, month, counts);
}

/** The feed state with every listing part's count of `month` (the rebuild writes a month whole). */
export function withPartCounts(state: FeedState, month: string, counts: readonly number[]): FeedState {
  const sorted = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...state,
    monthCounts: sorted({ ...state.monthCounts, [month]: counts.reduce((a, b) => a + b, 0) }),
    partCounts: sorted({ ...state.partCounts, [month]: [...counts] }),
  };
}

export function serializeFeed(state: FeedState, config: SiteConfig): string {
  return `${safeJson(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: config.title,
      home_page_url: absoluteUrl(config, INDEX_KEY),
      feed_url: absoluteUrl(config, FEED_KEY),
      description: '各执法机关依法公开的行政执法决定：最近 100 项公开、更正和撤下。',
      language: 'zh-CN',
      authors: [{ name: config.title }],
      items: state.items,
      _gongshi: {
        about: `${absoluteUrl(config, INDEX_KEY)}#data`,
        description:
          'tombstones：最近撤下的决定（ref 为原条目 id，notice 为留下的撤下说明页面，因公开错误或期满撤下的没有）；monthCounts：每月公示数量；partCounts：每月各部分（data/{YYYY-MM}.ndjson、data/{YYYY-MM}-{n}.ndjson ……）的数量。',
        monthCounts: state.monthCounts,
        partCounts: state.partCounts,
        tombstones: state.tombstones,
      },
    },
    2,
  )}\n`;
}

/** Atom 1.0; withdrawals are RFC 6721 deleted entries so downstream credit platforms can follow takedowns. */
export function renderAtom(state: FeedState, config: SiteConfig): string {
  const published = state.items.filter((i) => i._gongshi.status === 'published');
  const instants = [...state.items.map((i) => i._gongshi.lastChange), ...state.tombstones.map((t) => t.when)];
  const updated = instants.sort().at(-1) ?? '1970-01-01T00:00:00.000Z';
  const deleted: XmlValue = state.tombstones.map(atomDeletedEntry);
  const entries: XmlValue = published.map((i) => atomEntry(i, config));
  return xml`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0" xml:lang="zh-CN">
  <id>${absoluteUrl(config, ATOM_KEY)}</id>
  <title type="text">${config.title}</title>
  <subtitle type="text">各执法机关依法公开的行政执法决定：最近的公开、更正和撤下</subtitle>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${absoluteUrl(config, ATOM_KEY)}"/>
  <link rel="alternate" type="text/html" href="${absoluteUrl(config, INDEX_KEY)}"/>
  <author><name>${config.title}</name></author>
${deleted}${entries}</feed>
`.toString();
}

/** A withdrawal's RFC 6721 deleted-entry element as atom.xml holds it: what the log commits to (ADR 0021). */
export function atomDeletedEntry(t: Tombstone): SafeXml {
  return xml`  <at:deleted-entry ref="${t.ref}" when="${t.when}">
    <at:comment xml:lang="zh-CN">${t.reasonLabel}：${t.explanation}</at:comment>
${t.notice ? xml`    <link rel="alternate" type="text/html" href="${t.notice}"/>\n` : ''}  </at:deleted-entry>
`;
}

/** A published decision's entry element as atom.xml holds it: what the log commits to (ADR 0021). */
export function atomEntry(i: FeedItem, config: SiteConfig): SafeXml {
  return xml`  <entry>
    <id>${i.id}</id>
    <title type="text">${i.title}</title>
    <link rel="alternate" type="text/html" href="${i.url}"/>
    <published>${i.date_published}</published>
    <updated>${i._gongshi.lastChange}</updated>
    <author><name>${i.authors[0]?.name ?? config.title}</name></author>
    <category term="${i._gongshi.actionType}" label="${i._gongshi.actionTypeLabel}"/>
    <summary type="text">${i.summary}</summary>
    <content type="text">${i.content_text}</content>
  </entry>
`;
}
