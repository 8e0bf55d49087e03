/**
 * Sitemaps: one per listing part of a month (ADR 0009: at most a few hundred URLs, far below the protocol's
 * 50 000) with the part's month page and its decision pages, one of the pages that belong to no month
 * (`sitemaps/site.xml`: the front page, the catalogue, the scorecard, the correction and transparency pages),
 * and `sitemap.xml`, the index of them, which changes only when a month or a part first appears.
 */
import { xml } from './html.ts';
import {
  absoluteUrl,
  CATALOG_INDEX_KEY,
  CORRECTION_KEY,
  INDEX_KEY,
  type Month,
  monthPageKey,
  monthSitemapKey,
  SCORECARD_KEY,
  SITE_SITEMAP_KEY,
  TRANSPARENCY_INDEX_KEY,
} from './keys.ts';
import { lastChange, type MonthEntry, type MonthListing } from './model.ts';
import { companyCodeOf, companyHtmlKey } from './search.ts';
import type { SiteConfig } from './types.ts';

/** The protocol's limit of URLs in one sitemap file. */
export const SITEMAP_URL_LIMIT = 50_000;

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/**
 * One listing part: its month page (changed when its last entry last changed), then its decision pages (notices
 * included: they are pages people should find).
 */
export function partSitemap(
  month: Month,
  part: number,
  entries: readonly MonthEntry[],
  config: SiteConfig,
): { key: string; body: string } {
  // ADR 0017: the company pages of the part's published decisions, once each (a company of many months is
  // named by each of them: sitemaps may repeat a URL, and the part stays the only file a publish rewrites).
  const companies = [
    ...new Set(
      entries.flatMap((e) => {
        const code = e.status === 'published' ? companyCodeOf(e.party) : undefined;
        return code ? [absoluteUrl(config, companyHtmlKey(code))] : [];
      }),
    ),
  ];
  if (entries.length + companies.length + 1 > SITEMAP_URL_LIMIT) {
    throw new RangeError(
      `listing part ${part} of ${month} holds ${entries.length + 1} URLs, over the sitemap limit`,
    );
  }
  const body = xml`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="${NS}">
  <url><loc>${absoluteUrl(config, monthPageKey(month, part))}</loc>${
    entries.length === 0 ? '' : xml`<lastmod>${latestChange(entries)}</lastmod>`
  }</url>
${entries.map(
  (e) => xml`  <url><loc>${e.url}</loc><lastmod>${lastChange(e)}</lastmod></url>
`,
)}${companies.map(
  (url) => xml`  <url><loc>${url}</loc></url>
`,
)}</urlset>
`;
  return { key: monthSitemapKey(month, part), body: body.toString() };
}

function latestChange(entries: readonly MonthEntry[]): string {
  return entries.map(lastChange).reduce((a, b) => (b > a ? b : a));
}

/**
 * The pages that belong to no month. The catalogue index and the scorecard are there from the start (a
 * placeholder says so until their own writers replace it); neither carries a date the site knows here.
 */
export function siteSitemap(config: SiteConfig): { key: string; body: string } {
  const keys = [INDEX_KEY, CATALOG_INDEX_KEY, SCORECARD_KEY, CORRECTION_KEY, TRANSPARENCY_INDEX_KEY];
  const body = xml`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="${NS}">
${keys.map(
  (key) => xml`  <url><loc>${absoluteUrl(config, key)}</loc></url>
`,
)}</urlset>
`;
  return { key: SITE_SITEMAP_KEY, body: body.toString() };
}

export function sitemapIndex(months: readonly MonthListing[], config: SiteConfig): string {
  const keys = [
    SITE_SITEMAP_KEY,
    ...months.flatMap((m) => m.parts.map((_, i) => monthSitemapKey(m.month, i + 1))),
  ];
  return xml`<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="${NS}">
${keys.map(
  (key) => xml`  <sitemap><loc>${absoluteUrl(config, key)}</loc></sitemap>
`,
)}</sitemapindex>
`.toString();
}
