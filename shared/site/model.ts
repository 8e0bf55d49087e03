/**
 * What the site keeps about each decision, and the three small state objects a publish reads: one part of
 * the month's listing (`data/{month}.ndjson`, `data/{month}-{n}.ndjson`, ADR 0009), the feed (`feed.json`, whose `_gongshi` extension carries the rest of the
 * feed state) and the month list (`data/months.json`). Entries are built field by field from the public
 * projection, so an object that happens to carry more than PublicDecisionDocument still publishes only it.
 */

import type { LocalDate } from '../domain/dates.ts';
import { expiryWithdrawal } from '../domain/deadlines.ts';
import {
  ACTION_TYPE_LABELS,
  ACTION_TYPES,
  type ActionType,
  WITHDRAW_REASON_LABELS,
} from '../domain/decision.ts';
import type { PublicDecisionDocument, PublicParty, PublicPenalty } from '../domain/projection.ts';
import { safeJson } from './html.ts';
import { absoluteUrl, canonicalInstant, decisionHtmlKey, isMonth, type Month } from './keys.ts';
import type { Correction, SiteConfig, SiteEvent, SiteWithdrawReason } from './types.ts';

export const SITE_WITHDRAW_REASON_LABELS: Readonly<Record<SiteWithdrawReason, string>> = {
  ...WITHDRAW_REASON_LABELS,
  correcting: '信息正在更正，更正经审核后重新公开',
};

/** R7, R8: these reasons leave a notice in the decision's place; the others take it off the site. */
export const NOTICE_REASONS: ReadonlySet<SiteWithdrawReason> = new Set([
  'correcting',
  'revoked',
  'confirmed_illegal',
  'confirmed_invalid',
  'redo_ordered',
  'changed',
  'emergency',
]);

export function leavesNotice(reason: SiteWithdrawReason): boolean {
  return NOTICE_REASONS.has(reason);
}

/** `decisions/{id}.json` of a published decision, and its line in its listing part. */
export interface PublishedEntry extends PublicDecisionDocument {
  readonly status: 'published';
  readonly publishedAt: string;
  readonly corrections: readonly Correction[];
  readonly url: string;
}

export interface WithdrawalNotice {
  readonly reason: SiteWithdrawReason;
  readonly reasonLabel: string;
  readonly explanation: string;
  readonly withdrawnAt: string;
  /** R7: the day of the legal event (revocation, confirmation, order, change) the takedown ran from. */
  readonly legalEventDate?: string;
}

/** R7: what stays in a withdrawn decision's place. Nothing of its party, content, result or legal basis. */
export interface NoticeEntry {
  readonly status: 'withdrawn';
  readonly id: string;
  readonly caseNumber: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly actionType: ActionType;
  readonly actionTypeLabel: string;
  readonly decisionDate: string;
  readonly publishedAt: string;
  readonly withdrawal: WithdrawalNotice;
  readonly url: string;
}

export type MonthEntry = PublishedEntry | NoticeEntry;

function copyParty(party: PublicParty): PublicParty {
  return {
    kind: party.kind,
    kindLabel: party.kindLabel,
    name: party.name,
    idType: party.idType,
    idTypeLabel: party.idTypeLabel,
    idNumber: party.idNumber,
    ...(party.legalRepresentative !== undefined ? { legalRepresentative: party.legalRepresentative } : {}),
  };
}

function copyPenalty(penalty: PublicPenalty): PublicPenalty {
  return {
    types: [...penalty.types],
    typeLabels: [...penalty.typeLabels],
    ...(penalty.fineYuan !== undefined ? { fineYuan: penalty.fineYuan } : {}),
    ...(penalty.confiscationYuan !== undefined ? { confiscationYuan: penalty.confiscationYuan } : {}),
    ...(penalty.validUntil !== undefined ? { validUntil: penalty.validUntil } : {}),
  };
}

export function publishedEntry(
  event: Extract<SiteEvent, { kind: 'publish' }>,
  config: SiteConfig,
): PublishedEntry {
  const d = event.document;
  return {
    status: 'published',
    id: d.id,
    agency: { id: d.agency.id, name: d.agency.name },
    caseNumber: d.caseNumber,
    actionType: d.actionType,
    actionTypeLabel: d.actionTypeLabel,
    party: copyParty(d.party),
    method: d.method,
    content: d.content,
    legalBasis: d.legalBasis,
    result: d.result,
    ...(d.violationType !== undefined ? { violationType: d.violationType } : {}),
    ...(d.penalty ? { penalty: copyPenalty(d.penalty) } : {}),
    decisionDate: d.decisionDate,
    ...(d.randomInspection
      ? { randomInspection: { endDate: d.randomInspection.endDate, outcome: d.randomInspection.outcome } }
      : {}),
    ...(d.majorDecision === true ? { majorDecision: true as const } : {}),
    ...(d.legalReview ? { legalReview: { reviewedOn: d.legalReview.reviewedOn } } : {}),
    revision: d.revision,
    publishedAt: canonicalInstant(event.publishedAt),
    corrections: event.corrections
      .map((c) => ({
        revision: c.revision,
        at: canonicalInstant(c.at),
        ...(c.fields ? { fields: [...c.fields] } : {}),
      }))
      .sort((a, b) => a.revision - b.revision),
    url: absoluteUrl(config, decisionHtmlKey(d.id)),
  };
}

export function noticeEntry(
  event: Extract<SiteEvent, { kind: 'withdraw' }>,
  config: SiteConfig,
): NoticeEntry {
  return {
    status: 'withdrawn',
    id: event.id,
    caseNumber: event.caseNumber,
    agency: { id: event.agency.id, name: event.agency.name },
    actionType: event.actionType,
    actionTypeLabel: ACTION_TYPE_LABELS[event.actionType],
    decisionDate: event.decisionDate,
    publishedAt: canonicalInstant(event.publishedAt),
    withdrawal: {
      reason: event.reason,
      reasonLabel: SITE_WITHDRAW_REASON_LABELS[event.reason],
      explanation: event.explanation,
      withdrawnAt: canonicalInstant(event.withdrawnAt),
      ...(event.legalEventDate ? { legalEventDate: event.legalEventDate } : {}),
    },
    url: absoluteUrl(config, decisionHtmlKey(event.id)),
  };
}

/** R8: the public fields a correction can change, each with its label on the page, in page order. */
const PUBLIC_FIELDS: readonly (readonly [string, (d: PublicDecisionDocument) => unknown])[] = [
  ['行政相对人', (d) => d.party.name],
  ['相对人类别', (d) => d.party.kind],
  ['证件类型', (d) => d.party.idType],
  ['证件号码', (d) => d.party.idNumber],
  ['法定代表人（负责人）', (d) => d.party.legalRepresentative],
  ['执法类别', (d) => d.actionType],
  ['执法方式', (d) => d.method],
  ['执法内容', (d) => d.content],
  ['执法决定（结果）', (d) => d.result],
  ['违法行为类型', (d) => d.violationType],
  ['处罚种类', (d) => d.penalty?.types],
  ['罚款金额', (d) => d.penalty?.fineYuan],
  ['没收金额', (d) => d.penalty?.confiscationYuan],
  ['处罚有效期', (d) => d.penalty?.validUntil],
  ['执法机关', (d) => d.agency.name],
  ['决定书文号', (d) => d.caseNumber],
  ['执法依据', (d) => d.legalBasis],
  ['决定日期', (d) => d.decisionDate],
  ['重大执法决定', (d) => d.majorDecision],
  ['法制审核', (d) => d.legalReview?.reviewedOn],
  ['双随机抽查', (d) => d.randomInspection],
];

/**
 * R8: which public fields differ between two published versions, by label. Both are public projections, masked
 * as they were published, so the list says only that a field changed, never what a mask hid.
 */
/**
 * 公示截止期 (双公示): the last day of the publication period of R6, from the first publication and the party's
 * kind, as the withdrawal sweep counts it (domain/deadlines.ts expiryWithdrawal); from the next day it may come down.
 */
export function publicUntil(entry: Pick<PublishedEntry, 'publishedAt' | 'party'>): LocalDate {
  return expiryWithdrawal({ publishedAt: entry.publishedAt, partyKind: entry.party.kind }).periodEnd;
}

export function changedPublicFields(before: PublicDecisionDocument, after: PublicDecisionDocument): string[] {
  return PUBLIC_FIELDS.filter(
    ([, read]) => safeJson(read(before) ?? null) !== safeJson(read(after) ?? null),
  ).map(([label]) => label);
}

/** The last correction's instant: what "更正于" shows (R8). */
export function correctedAt(entry: MonthEntry): string | undefined {
  return entry.status === 'published' ? entry.corrections.at(-1)?.at : undefined;
}

/** The instant a reader last saw this entry change: feeds are ordered by it. */
export function lastChange(entry: MonthEntry): string {
  if (entry.status === 'withdrawn') return entry.withdrawal.withdrawnAt;
  return correctedAt(entry) ?? entry.publishedAt;
}

/** Publication order, the id breaking ties, so a shard's order never depends on arrival order. */
export function byPublication(a: MonthEntry, b: MonthEntry): number {
  if (a.publishedAt !== b.publishedAt) return a.publishedAt < b.publishedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

class CorruptStateError extends Error {
  constructor(key: string, why: string) {
    super(`site state ${key} is unreadable (${why}); rebuild the site rather than overwrite it`);
    this.name = 'CorruptStateError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A shard the site wrote itself. Unreadable state stops the publish: silently starting from empty would
 * drop every other decision of the month from the listings.
 */
export function parseMonthShard(key: string, body: string | undefined): MonthEntry[] {
  if (body === undefined) return [];
  return body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, n) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new CorruptStateError(key, `line ${n + 1} is not JSON`);
      }
      if (
        !isRecord(value) ||
        typeof value.id !== 'string' ||
        typeof value.publishedAt !== 'string' ||
        (value.status !== 'published' && value.status !== 'withdrawn')
      ) {
        throw new CorruptStateError(key, `line ${n + 1} is not a decision entry`);
      }
      return value as unknown as MonthEntry;
    });
}

export function serializeMonthShard(entries: readonly MonthEntry[]): string {
  return entries.map((entry) => `${monthShardLine(entry)}\n`).join('');
}

/** One entry's line of a listing part, without its newline. */
export function monthShardLine(entry: MonthEntry): string {
  return safeJson(entry);
}

/**
 * Where a listing part begins: the publication instant of the entry it was started with (ADR 0009). Part 1 begins
 * wherever the month does (its instant is kept for reference; the search treats it as the lowest; a site written
 * before parts existed, a whole month in one file, reads as one part starting at ''). The instant alone, not the
 * id: a decision removed as published in error (R8) must leave no trace in the listings, and a part never starts
 * in the middle of entries published at the same instant.
 */
export interface PartStart {
  readonly publishedAt: string;
}

export interface MonthListing {
  readonly month: Month;
  /** Parts in order; never removed or re-flowed, so a key once listed stays in its part (ADR 0009). */
  readonly parts: readonly PartStart[];
}

/**
 * `data/months.json`: what exists at all. Changes only when a month, listing part, agency or action type
 * appears, so a publish reads it and, but for those, never writes it.
 */
export interface MonthsState {
  readonly months: readonly MonthListing[];
  readonly agencies: readonly { readonly id: string; readonly name: string }[];
  readonly actionTypes: readonly ActionType[];
}

export const EMPTY_MONTHS: MonthsState = { months: [], agencies: [], actionTypes: [] };

export function partStartOf(entry: { readonly publishedAt: string }): PartStart {
  return { publishedAt: entry.publishedAt };
}

/**
 * The part (1-based) an instant of first publication belongs to: the last part that does not start after it, by
 * binary search over the starts; part 1 for anything before part 2 (and for a month with no parts yet).
 */
export function locatePart(parts: readonly PartStart[], publishedAt: string): number {
  let low = 1; // parts[0] begins at minus infinity
  let high = parts.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((parts[mid] as PartStart).publishedAt <= publishedAt) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found + 1;
}

export function partsOf(state: MonthsState, month: Month): readonly PartStart[] {
  return state.months.find((m) => m.month === month)?.parts ?? [];
}

/** The old layout (`{ month, sitemapParts }`, the whole month in one file) reads as one part, the month's files. */
const LEGACY_PART: PartStart = { publishedAt: '' };

function isPartStart(value: unknown): value is PartStart {
  return isRecord(value) && typeof value.publishedAt === 'string';
}

export function parseMonthsState(key: string, body: string | undefined): MonthsState {
  if (body === undefined) return EMPTY_MONTHS;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new CorruptStateError(key, 'not JSON');
  }
  if (
    !isRecord(value) ||
    !Array.isArray(value.months) ||
    !Array.isArray(value.agencies) ||
    !Array.isArray(value.actionTypes)
  ) {
    throw new CorruptStateError(key, 'not a month list');
  }
  const months: MonthListing[] = value.months.map((m: unknown) => {
    if (!isRecord(m) || typeof m.month !== 'string' || !isMonth(m.month)) {
      throw new CorruptStateError(key, 'a month is malformed');
    }
    if (m.parts === undefined && typeof m.sitemapParts === 'number')
      return { month: m.month, parts: [LEGACY_PART] };
    if (!Array.isArray(m.parts) || m.parts.length === 0 || !m.parts.every(isPartStart)) {
      throw new CorruptStateError(key, `the parts of ${m.month} are malformed`);
    }
    return { month: m.month, parts: m.parts.map((p: PartStart) => partStartOf(p)) };
  });
  return {
    months,
    agencies: value.agencies as MonthsState['agencies'],
    actionTypes: value.actionTypes as MonthsState['actionTypes'],
  };
}

export function serializeMonthsState(state: MonthsState): string {
  return `${safeJson(
    {
      description:
        '各月公示数量见 feed.json 的 _gongshi.monthCounts。每月的决定按公开时间分为若干部分，parts 为各部分开始的公开时间（publishedAt）：第 1 部分为 data/{YYYY-MM}.ndjson 与 .csv，第 n 部分为 data/{YYYY-MM}-{n}.ndjson 与 .csv',
      ...state,
    },
    2,
  )}\n`;
}

/** The month list with this month (and its parts), agency and type in it, in a canonical order (so equality means "unchanged"). */
export function withSeen(
  state: MonthsState,
  seen: {
    month: Month;
    parts: readonly PartStart[];
    agency?: { id: string; name: string };
    actionType?: ActionType;
  },
): MonthsState {
  const months = new Map(state.months.map((m) => [m.month, m.parts]));
  months.set(seen.month, seen.parts);
  const agencies = new Map(state.agencies.map((a) => [a.id, a.name]));
  if (seen.agency) agencies.set(seen.agency.id, seen.agency.name);
  const types = new Set(state.actionTypes);
  if (seen.actionType) types.add(seen.actionType);
  return {
    months: [...months]
      .map(([month, parts]) => ({ month, parts: parts.map(partStartOf) }))
      .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)),
    agencies: [...agencies]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    actionTypes: ACTION_TYPES.filter((t) => types.has(t)),
  };
}

/** What a listing (index, month page, search results, feed state) shows of an entry: never a notice's content. */
export interface ListingItem {
  readonly id: string;
  readonly status: 'published' | 'withdrawn';
  readonly caseNumber: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly actionType: ActionType;
  readonly actionTypeLabel: string;
  readonly decisionDate: string;
  readonly publishedAt: string;
  readonly lastChange: string;
  readonly party?: { readonly name: string; readonly kindLabel: string };
  readonly correctedAt?: string;
  readonly withdrawal?: {
    readonly reason: SiteWithdrawReason;
    readonly reasonLabel: string;
    readonly withdrawnAt: string;
  };
}

export function listingItem(entry: MonthEntry): ListingItem {
  const common = {
    id: entry.id,
    status: entry.status,
    caseNumber: entry.caseNumber,
    agency: { id: entry.agency.id, name: entry.agency.name },
    actionType: entry.actionType,
    actionTypeLabel: entry.actionTypeLabel,
    decisionDate: entry.decisionDate,
    publishedAt: entry.publishedAt,
    lastChange: lastChange(entry),
  };
  if (entry.status === 'withdrawn') {
    const { reason, reasonLabel, withdrawnAt } = entry.withdrawal;
    return { ...common, withdrawal: { reason, reasonLabel, withdrawnAt } };
  }
  const corrected = correctedAt(entry);
  return {
    ...common,
    party: { name: entry.party.name, kindLabel: entry.party.kindLabel },
    ...(corrected !== undefined ? { correctedAt: corrected } : {}),
  };
}
