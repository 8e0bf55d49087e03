/**
 * The public's search, as static files (ADR 0017): a sharded index the publisher keeps up to date one decision
 * at a time, and a page per company. A query reads at most three small objects, however many decisions the site
 * holds; a publish or withdrawal rewrites only the objects its decision's keys fall in.
 *
 * - `search/codes/{hhhh}.json` (and `.html`, the same entries for readers without JavaScript): exact lookup. The
 *   entries of every code whose search key hashes to the bucket `hhhh`: a company's public code (统一社会信用代码
 *   or other public code), naming its page, and each published decision's case number (决定书文号), naming its
 *   page. Natural persons' numbers are never keys: only their decisions' case numbers are.
 * - `search/names/{hhhh}.json`: n-gram lookup by a company's name. For every character pair (bigram) of the name
 *   hashed to the bucket, the companies whose name holds it, each with what the filters read (agencies, action
 *   types, years); a pair more than `NAME_POSTINGS_CAP` companies share is kept as `null`, "too common": a query
 *   reads the pairs of up to three of its bigrams and keeps the names that hold the whole query.
 * - `search/docs/{id}.json`: which company and case-number key the decision contributed, so that a correction
 *   that changes them, or a withdrawal, takes back exactly what was added.
 * - `companies/{code}.json` and `.html`: every decision of a company (legal persons, other organisations and
 *   individual businesses) still on the site, newest first; withdrawn ones as their notices (R7). A company whose
 *   last published decision goes leaves the index and its pages go with it.
 *
 * Only what the public projection already shows is indexed (R4): the party as published, the case number.
 */
import { ACTION_TYPE_LABELS } from '../domain/decision.ts';
import { residentIdsIn } from '../domain/personal-data.ts';
import { foldCodePoint } from '../domain/skeleton.ts';
import { safeJson } from './html.ts';
import { absoluteUrl, decisionHtmlKey, shanghaiYear } from './keys.ts';
import type { PublishedEntry } from './model.ts';
import { leavesNotice, SITE_WITHDRAW_REASON_LABELS } from './model.ts';
import type { SiteConfig, SiteEvent } from './types.ts';

/** 16 bits of the key's hash name a bucket: at 1 000 000 decisions a code bucket holds about 20 entries. */
export const SEARCH_BUCKET_BITS = 16;
/** Companies a bigram lists before it is kept as too common to narrow a query (docs/benchmarks.md). */
export const NAME_POSTINGS_CAP = 48;
export const SEARCH_PREFIX = 'search/';
export const COMPANIES_PREFIX = 'companies/';

const BUCKET_DIGITS = SEARCH_BUCKET_BITS / 4;
const BUCKET_RE = new RegExp(`^[0-9a-f]{${BUCKET_DIGITS}}$`);
const COMPANY_CODE_RE = /^[0-9A-Z]{6,30}$/;
const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * A text as the search reads it: each character as the personal-data detectors read it (NFKC, every decimal
 * digit in ASCII, format and control characters dropped: skeleton.ts), then letters and digits only, upper case.
 * `四工信罚〔2026〕101号`, `四工信罚[２０２６] 101号` and `9114 0401-0000 0000 11` read as their plain forms.
 * The site's script (assets.ts SEARCH_KEY_JS) computes the same; a test holds them equal.
 */
export function searchKey(text: string): string {
  let folded = '';
  for (const c of text) folded += foldCodePoint(c);
  return folded.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/** FNV-1a over the key's UTF-16 units, the bucket as lower-case hex: the script computes the same. */
export function bucketOf(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  const bits = (hash >>> 0) & ((1 << SEARCH_BUCKET_BITS) - 1);
  return bits.toString(16).padStart(BUCKET_DIGITS, '0');
}

/** The distinct runs of `n` characters of a name's search key, in order of first appearance. */
export function ngramsOf(nameKey: string, n: number): string[] {
  const chars = [...nameKey];
  const grams = new Set<string>();
  for (let i = 0; i + n <= chars.length; i++) grams.add(chars.slice(i, i + n).join(''));
  return [...grams];
}

export const bigramsOf = (nameKey: string) => ngramsOf(nameKey, 2);

/**
 * What a company's name is indexed under: its pairs and its runs of three. A query of two characters reads its
 * pair; a longer one reads runs of three, far fewer companies share one (鑫达化 rather than 鑫达), so a whole name
 * or a trade name with its trade is narrowed at province scale where pairs alone are shared by hundreds.
 */
export function gramsOf(nameKey: string): string[] {
  return [...bigramsOf(nameKey), ...ngramsOf(nameKey, 3)];
}

const bucketKey = (kind: 'codes' | 'names', bucket: string, ext: 'json' | 'html') => {
  if (!BUCKET_RE.test(bucket)) throw new RangeError(`no search bucket ${bucket}`);
  return `${SEARCH_PREFIX}${kind}/${bucket}.${ext}`;
};
export const codeShardKey = (bucket: string) => bucketKey('codes', bucket, 'json');
export const codeShardPageKey = (bucket: string) => bucketKey('codes', bucket, 'html');
/** The bucket a shard's key names (`search/codes/{hhhh}.json` → `hhhh`). */
export const bucketOfShardKey = (key: string) => key.slice(key.lastIndexOf('/') + 1, key.lastIndexOf('.'));
export const nameShardKey = (bucket: string) => bucketKey('names', bucket, 'json');
export const searchDocKey = (id: string) => `${SEARCH_PREFIX}docs/${decisionHtmlKey(id).slice(10, -5)}.json`;

const assertCompanyCode = (code: string) => {
  if (!COMPANY_CODE_RE.test(code)) throw new Error(`${JSON.stringify(code)} cannot name a company page`);
  return code;
};
export const companyJsonKey = (code: string) => `${COMPANIES_PREFIX}${assertCompanyCode(code)}.json`;
export const companyHtmlKey = (code: string) => `${COMPANIES_PREFIX}${assertCompanyCode(code)}.html`;

/**
 * The code a party's company page and index entries go by: its public code read as the search reads it, for
 * every party but a natural person (whose number is never a key, R4). None when the published number is masked
 * in part, is not a code of letters and digits, or is filed as a USCC that does not have a USCC's shape.
 */
export function companyCodeOf(party: {
  readonly kind: string;
  readonly idType: string;
  readonly idNumber: string;
}): string | undefined {
  if (party.kind === 'natural_person' || party.idType === 'resident_id' || party.idType === 'passport')
    return undefined;
  if (/[*＊×]/u.test(party.idNumber)) return undefined;
  // R4: a person's ID filed as an organisation's code (a clerk's paste) is never a key, however it is written.
  if (residentIdsIn(party.idNumber).length > 0) return undefined;
  const code = searchKey(party.idNumber);
  if (!COMPANY_CODE_RE.test(code)) return undefined;
  if (party.idType === 'uscc' && !USCC_RE.test(code)) return undefined;
  return code;
}

// ---- the states ----

/** One decision of a company as its page lists it: the published decision, or its notice (R7). */
export interface CompanyDecision {
  readonly id: string;
  readonly status: 'published' | 'withdrawn';
  readonly caseNumber: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly actionType: string;
  readonly actionTypeLabel: string;
  readonly decisionDate: string;
  readonly publishedAt: string;
  /** Published only: the party as this decision published it (the company's name may change). */
  readonly party?: PublishedEntry['party'];
  /** Withdrawn only: why and when, as the notice says. */
  readonly withdrawal?: { readonly reasonLabel: string; readonly withdrawnAt: string };
  readonly url: string;
}

/** `companies/{code}.json`. */
export interface CompanyState {
  readonly code: string;
  /** The party as its latest published decision shows it. */
  readonly party: PublishedEntry['party'];
  /** Newest first: by decision date, then by publication. */
  readonly decisions: readonly CompanyDecision[];
  readonly url: string;
}

/** An exact-lookup entry: a company's code, or a decision's case number. */
export type CodeEntry =
  | {
      readonly key: string;
      readonly type: 'company';
      readonly code: string;
      readonly name: string;
      readonly kindLabel: string;
    }
  | {
      readonly key: string;
      readonly type: 'decision';
      readonly id: string;
      readonly caseNumber: string;
      readonly agency: string;
      readonly agencyId: string;
      readonly actionType: string;
      readonly actionTypeLabel: string;
      readonly decisionDate: string;
      /** The company's code, when the party has a page. */
      readonly company?: string;
    };

/**
 * A company in a gram's list: code, name, kind, and what the filters read: its agencies' ids, its action types,
 * the first and last year (Asia/Shanghai) its decisions were published, and their first and last decision dates. Short keys: a shard holds hundreds.
 */
export interface NamePosting {
  readonly c: string;
  readonly n: string;
  readonly k: string;
  readonly a: readonly string[];
  readonly t: readonly string[];
  readonly y: readonly [number, number];
  /** The first and last decision date (YYYY-MM-DD), for the date range. */
  readonly d: readonly [string, string];
}

/** `search/names/{hhhh}.json`: each gram's companies, or `null` when too many share it. */
export type NameShard = ReadonlyMap<string, readonly NamePosting[] | null>;

/** `search/docs/{id}.json`: what the decision added to the index, taken back when it changes or goes. */
export interface SearchDoc {
  readonly company?: string;
  readonly caseKey?: string;
}

function parseJson(key: string, body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`${key} is not JSON: the search index cannot be updated over it`);
  }
}

export function parseCompany(key: string, body: string | undefined): CompanyState | undefined {
  const value = parseJson(key, body) as CompanyState | undefined;
  if (value === undefined) return undefined;
  if (typeof value.code !== 'string' || !Array.isArray(value.decisions))
    throw new Error(`${key} is no company`);
  return value;
}

export function parseCodeShard(key: string, body: string | undefined): CodeEntry[] {
  const value = parseJson(key, body) as { entries?: CodeEntry[] } | undefined;
  if (value === undefined) return [];
  if (!Array.isArray(value.entries)) throw new Error(`${key} is no code shard`);
  return value.entries;
}

export function parseNameShard(key: string, body: string | undefined): Map<string, NamePosting[] | null> {
  const value = parseJson(key, body) as { grams?: Record<string, NamePosting[] | null> } | undefined;
  if (value === undefined) return new Map();
  if (typeof value.grams !== 'object' || value.grams === null) throw new Error(`${key} is no name shard`);
  return new Map(Object.entries(value.grams));
}

export function parseSearchDoc(key: string, body: string | undefined): SearchDoc {
  const value = parseJson(key, body) as SearchDoc | undefined;
  return value ?? {};
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function serializeCodeShard(entries: readonly CodeEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) => byKey(a.key, b.key) || byKey(a.type, b.type) || byKey(entryId(a), entryId(b)),
  );
  return `${safeJson({ version: 1, entries: sorted })}\n`;
}

const entryId = (entry: CodeEntry) => (entry.type === 'company' ? entry.code : entry.id);

export function serializeNameShard(shard: NameShard): string {
  const grams: Record<string, readonly NamePosting[] | null> = {};
  for (const gram of [...shard.keys()].sort(byKey)) {
    const postings = shard.get(gram);
    grams[gram] =
      postings === null || postings === undefined ? null : [...postings].sort((a, b) => byKey(a.c, b.c));
  }
  return `${safeJson({ version: 1, grams })}\n`;
}

export function serializeCompany(company: CompanyState): string {
  return `${safeJson(company, 2)}\n`;
}

export function serializeSearchDoc(doc: SearchDoc): string {
  return `${safeJson({ version: 1, ...doc })}\n`;
}

// ---- what an event changes ----

/** The decision as its company's page lists it after the event, or nothing (R6, R8: it left the site). */
export function companyDecisionOf(
  event: SiteEvent,
  entry: PublishedEntry | undefined,
  config: SiteConfig,
): CompanyDecision | undefined {
  if (event.kind === 'publish') {
    if (!entry) throw new Error('a publication lists its entry');
    return {
      id: entry.id,
      status: 'published',
      caseNumber: entry.caseNumber,
      agency: entry.agency,
      actionType: entry.actionType,
      actionTypeLabel: entry.actionTypeLabel,
      decisionDate: entry.decisionDate,
      publishedAt: entry.publishedAt,
      party: entry.party,
      url: entry.url,
    };
  }
  if (!leavesNotice(event.reason)) return undefined;
  return {
    id: event.id,
    status: 'withdrawn',
    caseNumber: event.caseNumber,
    agency: event.agency,
    actionType: event.actionType,
    actionTypeLabel: ACTION_TYPE_LABELS[event.actionType],
    decisionDate: event.decisionDate,
    publishedAt: new Date(Date.parse(event.publishedAt)).toISOString(),
    withdrawal: {
      reasonLabel: SITE_WITHDRAW_REASON_LABELS[event.reason],
      withdrawnAt: new Date(Date.parse(event.withdrawnAt)).toISOString(),
    },
    url: absoluteUrl(config, decisionHtmlKey(event.id)),
  };
}

const newestFirst = (a: CompanyDecision, b: CompanyDecision) =>
  byKey(b.decisionDate, a.decisionDate) || byKey(b.publishedAt, a.publishedAt) || byKey(a.id, b.id);

/**
 * The company with `decision` in place of the decision `id` (added, replaced, or, when `decision` is absent,
 * removed). Undefined when nothing published stays: the company leaves the index and its pages go.
 */
export function companyWith(
  before: CompanyState | undefined,
  code: string,
  id: string,
  decision: CompanyDecision | undefined,
  config: SiteConfig,
): CompanyState | undefined {
  const others = (before?.decisions ?? []).filter((d) => d.id !== id);
  return companyOf(code, decision ? [...others, decision] : others, config);
}

/** The company its decisions make: undefined when none of them is published any more. */
export function companyOf(
  code: string,
  decisions: readonly CompanyDecision[],
  config: SiteConfig,
): CompanyState | undefined {
  const sorted = [...decisions].sort(newestFirst);
  let latest: CompanyDecision | undefined;
  for (const d of sorted) {
    if (d.status !== 'published' || !d.party) continue;
    if (!latest || d.publishedAt > latest.publishedAt) latest = d;
  }
  if (!latest?.party) return undefined;
  return { code, party: latest.party, decisions: sorted, url: absoluteUrl(config, companyHtmlKey(code)) };
}

/** The company's name as the search reads it, for its bigrams. */
export const companyNameKey = (company: CompanyState) => searchKey(company.party.name);

export function companyCodeEntry(company: CompanyState): CodeEntry {
  return {
    key: company.code,
    type: 'company',
    code: company.code,
    name: company.party.name,
    kindLabel: company.party.kindLabel,
  };
}

export function decisionCodeEntry(entry: PublishedEntry, caseKey: string): CodeEntry {
  const company = companyCodeOf(entry.party);
  return {
    key: caseKey,
    type: 'decision',
    id: entry.id,
    caseNumber: entry.caseNumber,
    agency: entry.agency.name,
    agencyId: entry.agency.id,
    actionType: entry.actionType,
    actionTypeLabel: entry.actionTypeLabel,
    decisionDate: entry.decisionDate,
    ...(company ? { company } : {}),
  };
}

export function namePostingOf(company: CompanyState): NamePosting {
  const published = company.decisions.filter((d) => d.status === 'published');
  const years = published.map((d) => shanghaiYear(d.publishedAt));
  return {
    c: company.code,
    n: company.party.name,
    k: company.party.kindLabel,
    a: [...new Set(published.map((d) => d.agency.id))].sort(byKey),
    t: [...new Set(published.map((d) => d.actionType))].sort(byKey),
    y: [Math.min(...years), Math.max(...years)],
    d: [
      published.map((d) => d.decisionDate).reduce((a, b) => (b < a ? b : a)),
      published.map((d) => d.decisionDate).reduce((a, b) => (b > a ? b : a)),
    ],
  };
}

/** A bigram's companies with `posting` in place of the company `code`'s (removed when absent); null stays null. */
export function withPosting(
  postings: readonly NamePosting[] | null | undefined,
  code: string,
  posting: NamePosting | undefined,
): NamePosting[] | null | undefined {
  if (postings === null) return null;
  const next = [...(postings ?? []).filter((p) => p.c !== code), ...(posting ? [posting] : [])];
  if (next.length > NAME_POSTINGS_CAP) return null;
  return next.length === 0 ? undefined : next;
}

/** Sets the company `code`'s posting under `gram` in its shard, or takes it out when absent; a gram left empty goes. */
export function setPosting(
  shard: Map<string, NamePosting[] | null>,
  gram: string,
  code: string,
  posting: NamePosting | undefined,
): void {
  const next = withPosting(shard.get(gram), code, posting);
  if (next === undefined) shard.delete(gram);
  else shard.set(gram, next);
}

/** A query's search key must hold this much to be looked up as a code: shorter ones read as names. */
export const MIN_CODE_KEY = 4;

/**
 * The lookup without JavaScript (ADR 0017): where the API's lookup route sends a reader who typed a code or a
 * case number: the page of its bucket, at its entry. Undefined when the text reads as no code at all.
 */
export function lookupPath(text: string): string | undefined {
  const key = searchKey(text.slice(0, 200));
  if (key.length < MIN_CODE_KEY) return undefined;
  return `${codeShardPageKey(bucketOf(key))}#k-${encodeURIComponent(key)}`;
}
