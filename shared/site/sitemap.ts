/**
 * Sitemaps: one per listing part of a month (ADR 0009: at most a few hundred URLs, far below the protocol's
 * 50 000), and `sitemap.xml`, the index of them, which changes only when a month or a part first appears.
 */
import { xml } from './html.ts';
import { absoluteUrl, type Month, monthSitemapKey } from './keys.ts';
import { lastChange, type MonthEntry, type MonthListing } from './model.ts';
import type { SiteConfig } from './types.ts';

/** The protocol's limit of URLs in one sitemap file. */
export const SITEMAP_URL_LIMIT = 50_000;

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** One listing part's decision pages (notices included: they are pages people should find). */
export function partSitemap(
  month: Month,
  part: number,
  entries: readonly MonthEntry[],
): { key: string; body: string } {
  if (entries.length > SITEMAP_URL_LIMIT) {
    throw new RangeError(
      `listing part ${part} of ${month} holds ${entries.length} URLs, over the sitemap limit`,
    );
  }
  const body = xml`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="${NS}">
${entries.map(
  (e) => xml`  <url><loc>${e.url}</loc><lastmod>${lastChange(e)}</lastmod></url>
`,
)}</urlset>
`;
  return { key: monthSitemapKey(month, part), body: body.toString() };
}

export function sitemapIndex(months: readonly MonthListing[], config: SiteConfig): string {
  const keys = months.flatMap((m) => m.parts.map((_, i) => monthSitemapKey(m.month, i + 1)));
  return xml`<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="${NS}">
${keys.map(
  (key) => xml`  <sitemap><loc>${absoluteUrl(config, key)}</loc></sitemap>
`,
)}</sitemapindex>
`.toString();
}
