/**
 * The key layout of the site bucket (SPEC "Contract…: The public site" fixes the first five) and the few
 * facts every renderer shares: content types, cache lifetimes, dates as the public sees them.
 */
import { type LocalDate, shanghaiDate } from '../domain/dates.ts';
import type { SiteConfig, SiteObject } from './types.ts';

export const INDEX_KEY = 'index.html';
export const FEED_KEY = 'feed.json';
export const ATOM_KEY = 'atom.xml';
export const SITEMAP_INDEX_KEY = 'sitemap.xml';
/** The sitemap of the pages that belong to no month: the front page, the catalogue, the scorecard … */
export const SITE_SITEMAP_KEY = 'sitemaps/site.xml';
export const MONTHS_KEY = 'data/months.json';
export const DATASET_KEY = 'dataset.json';
export const CSS_KEY = 'assets/site.css';
export const SEARCH_JS_KEY = 'assets/search.js';
/** ADR 0016: solves the correction form's challenge while the person types. */
export const FORM_JS_KEY = 'assets/correction-form.js';
export const NOT_FOUND_KEY = '404.html';
export const CORRECTION_KEY = 'correction.html';
/** Written by the daily scorecard schedule, not by a publish (R12). */
export const SCORECARD_KEY = 'scorecard.html';
export const SCORECARD_DATA_KEY = 'data/scorecard.json';
/** R12: the lists behind the scorecard's numbers, one page per agency and month (`scorecard/<agency>/month-<YYYY-MM>.html`). */
export const SCORECARD_PREFIX = 'scorecard/';
/** R10: the catalogue section (shared/site/catalog.ts holds the rest of its keys). */
export const CATALOG_INDEX_KEY = 'catalog/index.html';
/** Written every 15 minutes by the heartbeat schedule: proof that the bucket takes writes. */
export const HEARTBEAT_KEY = 'heartbeat.json';
/**
 * The transparency log (ADR 0007): its explanation, head, latest signed checkpoint and public key, all under
 * one prefix, the only part of the site the checkpoint function may write.
 */
export const TRANSPARENCY_PREFIX = 'transparency/';
export const TRANSPARENCY_INDEX_KEY = `${TRANSPARENCY_PREFIX}index.html`;
export const LOG_HEAD_KEY = `${TRANSPARENCY_PREFIX}head.json`;
export const CHECKPOINT_KEY = `${TRANSPARENCY_PREFIX}checkpoint.json`;
export const PUBLIC_KEY_KEY = `${TRANSPARENCY_PREFIX}public-key.pem`;
/** ADR 0021: the C2SP tiled log's prefix: `tlog/checkpoint`, `tlog/tile/<L>/<N>[.p/<W>]`, `tlog/tile/entries/…`. */
export const TLOG_PREFIX = 'tlog/';
export const TLOG_CHECKPOINT_KEY = `${TLOG_PREFIX}checkpoint`;
/** The log's signed-note verifier keys, one a line (Ed25519, then SM2 when enabled): what a reader pins. */
export const TLOG_VKEY_KEY = `${TRANSPARENCY_PREFIX}log.vkey`;
/** A decision's latest entry's inclusion proof (C2SP tlog-proof), kept offline by whoever wants to. */
export const tlogProofKey = (id: string) => `${TRANSPARENCY_PREFIX}proofs/${assertSafeId(id)}.tlog-proof`;
export const LOG_CHUNK_PREFIX = `${TRANSPARENCY_PREFIX}log/`;
export const CHECKPOINTS_PREFIX = `${TRANSPARENCY_PREFIX}checkpoints/`;

/** `YYYY-MM`: the Asia/Shanghai month of a decision's first publication names its shard. */
export type Month = string & { readonly __brand: 'Month' };

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
// Ids become object keys and URL paths; anything else could climb out of decisions/ (ULIDs pass).
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function isMonth(value: string): value is Month {
  return MONTH_RE.test(value);
}

export function assertSafeId(id: string): string {
  if (!ID_RE.test(id)) throw new Error(`decision id ${JSON.stringify(id)} cannot name a page on the site`);
  return id;
}

export function monthOf(instant: string): Month {
  return shanghaiDate(instant).slice(0, 7) as Month;
}

/** An ISO instant in one canonical form, so instants compare as strings and output never depends on input spelling. */
export function canonicalInstant(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`${JSON.stringify(instant)} is not an ISO 8601 instant`);
  return new Date(ms).toISOString();
}

/** R1, SPEC: dates shown as YYYY-MM-DD in Asia/Shanghai. */
export function displayDate(instant: string): LocalDate {
  return shanghaiDate(instant);
}

/** The Asia/Shanghai year of an instant. */
export function shanghaiYear(instant: string): number {
  return Number(shanghaiDate(instant).slice(0, 4));
}

export function monthLabel(month: Month): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

export const decisionHtmlKey = (id: string) => `decisions/${assertSafeId(id)}.html`;
export const decisionJsonKey = (id: string) => `decisions/${assertSafeId(id)}.json`;
/**
 * Entries a month's listing part is started with at most (ADR 0009). A new publication goes to the month's last
 * part, and a part that holds this many starts the next one; corrections and withdrawals stay in the part the
 * entry was listed in. Only a late arrival (a publication older than the last entry of a full part, which the
 * publisher can see after a retry) goes into a full part, so parts stay within a few entries of this size.
 */
export const LISTING_PART_SIZE = 500;

/**
 * A month's listing is split into parts (ADR 0009, `LISTING_PART_SIZE` entries each, in publication order): part 1
 * keeps the month's historical keys (`months/2025-09.html`, `data/2025-09.ndjson`, `.csv`, `sitemaps/2025-09.xml`),
 * part n ≥ 2 adds `-n` (`months/2025-09-2.html`, `data/2025-09-2.ndjson`, …).
 */
const partSuffix = (part: number) => {
  if (!Number.isInteger(part) || part < 1) throw new RangeError(`no listing part ${part}`);
  return part === 1 ? '' : `-${part}`;
};
export const monthPageKey = (month: Month, part = 1) => `months/${month}${partSuffix(part)}.html`;
export const monthNdjsonKey = (month: Month, part = 1) => `data/${month}${partSuffix(part)}.ndjson`;
export const monthCsvKey = (month: Month, part = 1) => `data/${month}${partSuffix(part)}.csv`;
export const monthSitemapKey = (month: Month, part = 1) => `sitemaps/${month}${partSuffix(part)}.xml`;

/** `transparency/log/000000.ndjson` holds entries 1–1000, `000001` entries 1001–2000, … (LOG_CHUNK_SIZE each). */
export const logChunkKey = (chunk: number) => {
  if (!Number.isInteger(chunk) || chunk < 0 || chunk > 999_999) throw new RangeError(`no log chunk ${chunk}`);
  return `${LOG_CHUNK_PREFIX}${String(chunk).padStart(6, '0')}.ndjson`;
};
/** The checkpoint of the log at `size` entries: `transparency/checkpoints/42.json`. */
export const checkpointKey = (size: number) => {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`no checkpoint of size ${size}`);
  return `${CHECKPOINTS_PREFIX}${size}.json`;
};

/**
 * How long the versioned site bucket keeps what was overwritten or deleted: a page for 90 days (an edit
 * behind the platform's back can be seen and undone), the listing parts and the log chunk that every publish
 * rewrites for a day only (they are rebuilt from the records, and each publish leaves a whole part behind).
 */
export const SITE_VERSIONS = {
  noncurrentDays: 90,
  aggregatePrefixes: ['data/', 'months/', 'sitemaps/', 'transparency/log/'],
  aggregateNoncurrentDays: 1,
} as const;

export function absoluteUrl(config: SiteConfig, key: string): string {
  return config.siteUrl.endsWith('/') ? `${config.siteUrl}${key}` : `${config.siteUrl}/${key}`;
}

/** The path of the site's root on its host, for pages served at any depth (404.html). */
export function rootPath(config: SiteConfig): string {
  const path = new URL(config.siteUrl).pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

/** Relative links keep the site working under any host and path prefix, and when opened from disk. */
export function relativeRoot(key: string): string {
  return '../'.repeat(key.split('/').length - 1);
}

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  jsonFeed: 'application/feed+json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  jsonLd: 'application/ld+json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  pem: 'application/x-pem-file',
} as const;

/**
 * Everything a publish or withdrawal rewrites is cached for a minute only: R7/R8 takedowns must not linger
 * in caches. Assets change only on a rebuild.
 */
export const CACHE_DYNAMIC = 'public, max-age=60';
export const CACHE_ASSET = 'public, max-age=3600';
/** tlog-tiles: a tile or entry bundle at a path never changes, so caches keep it for good. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';

export function siteObject(
  key: string,
  body: string,
  contentType: string,
  cacheControl = CACHE_DYNAMIC,
): SiteObject {
  return { key, body, contentType, cacheControl };
}
