/**
 * Sitemaps: one per month (split at the protocol's 50 000 URLs), and `sitemap.xml`, the index of them, which
 * changes only when a month or a part first appears.
 */
import { xml } from './html.ts';
import { absoluteUrl, type Month, monthSitemapKey } from './keys.ts';
import { lastChange, type MonthEntry } from './model.ts';
import type { SiteConfig } from './plan.ts';

export const SITEMAP_URL_LIMIT = 50_000;

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** How many files the month's sitemap takes; an empty month still has its (empty) first file. */
export function sitemapParts(entryCount: number, limit = SITEMAP_URL_LIMIT): number {
  return Math.max(1, Math.ceil(entryCount / limit));
}

/** The month's decision pages (notices included: they are pages people should find), part by part. */
export function monthSitemaps(
  month: Month,
  entries: readonly MonthEntry[],
  limit = SITEMAP_URL_LIMIT,
): { key: string; body: string }[] {
  const parts = sitemapParts(entries.length, limit);
  return Array.from({ length: parts }, (_, i) => {
    const slice = entries.slice(i * limit, (i + 1) * limit);
    const body = xml`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="${NS}">
${slice.map(
  (e) => xml`  <url><loc>${e.url}</loc><lastmod>${lastChange(e)}</lastmod></url>
`,
)}</urlset>
`;
    return { key: monthSitemapKey(month, i + 1), body: body.toString() };
  });
}

export function sitemapIndex(
  months: readonly { readonly month: Month; readonly sitemapParts: number }[],
  config: SiteConfig,
): string {
  const keys = months.flatMap((m) =>
    Array.from({ length: m.sitemapParts }, (_, i) => monthSitemapKey(m.month, i + 1)),
  );
  return xml`<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="${NS}">
${keys.map(
  (key) => xml`  <sitemap><loc>${absoluteUrl(config, key)}</loc></sitemap>
`,
)}</sitemapindex>
`.toString();
}
