/**
 * Issue 21, item 6: a first visit finds no dead links. A new site (nothing published, no catalogue item, the
 * scorecard not yet run), built as the local platform builds it (the rebuild of an empty table), on a bucket
 * and table of this file's own, behind a site server of its own (support/fresh-site.ts): every link of the front
 * page into the site answers 200, and a missing key answers with the site's own 404.html and status 404, as CloudFront does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshSite, startFreshSite } from './support/fresh-site.ts';

let site: FreshSite;

beforeAll(async () => {
  site = await startFreshSite();
});

afterAll(async () => {
  await site?.close();
});

/** The addresses a page's href attributes lead to on this site, without their fragments, each once. */
function siteLinks(html: string, base: string): string[] {
  const origin = new URL(base).origin;
  const urls = [...html.matchAll(/\shref="([^"]*)"/g)]
    .map((m) => new URL((m[1] as string).replaceAll('&amp;', '&'), base))
    .filter((url) => url.origin === origin)
    .map((url) => {
      url.hash = '';
      return url.href;
    });
  return [...new Set(urls)];
}

describe('a first visit to a new site', () => {
  it('finds every link of the front page into the site answering 200', async () => {
    const front = await fetch(`${site.url}/`);
    expect(front.status).toBe(200);
    const links = siteLinks(await front.text(), `${site.url}/`);
    // The header's links to the catalogue and the scorecard, whose writers have not written them yet, among them.
    expect(links).toEqual(
      expect.arrayContaining([`${site.url}/catalog/index.html`, `${site.url}/scorecard.html`]),
    );

    const answers = await Promise.all(
      links.map(async (link) => [link, (await fetch(link, { redirect: 'manual' })).status] as const),
    );

    expect(answers.filter(([, status]) => status !== 200)).toEqual([]);
  });

  it('finds the catalogue and the scorecard saying in Chinese that there is nothing yet, and when', async () => {
    const catalog = await (await fetch(`${site.url}/catalog/index.html`)).text();
    const scorecard = await (await fetch(`${site.url}/scorecard.html`)).text();

    expect(catalog).toContain('目前还没有执法机关公开事前公开信息');
    expect(scorecard).toContain('统计尚未生成');
    expect(scorecard).toMatch(/统计由定时任务每日\d+时（北京时间）生成/);
  });

  it('finds the catalogue and the scorecard in the sitemap', async () => {
    const index = await (await fetch(`${site.url}/sitemap.xml`)).text();
    const sitemaps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string);
    expect(sitemaps).toContain(`${site.url}/sitemaps/site.xml`);
    const pages = await Promise.all(sitemaps.map(async (url) => (await fetch(url)).text()));
    const urls = pages.flatMap((body) => [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));

    expect(urls).toEqual(
      expect.arrayContaining([`${site.url}/catalog/index.html`, `${site.url}/scorecard.html`]),
    );
  });

  it('answers a missing key with the site’s own 404 page and status 404', async () => {
    const own = await (await fetch(`${site.url}/404.html`)).text();
    expect(own).toContain('您要找的页面不存在');

    for (const path of ['/decisions/01J0000000000000000000000.html', '/months/2025-09.html', '/nothing']) {
      const answer = await fetch(`${site.url}${path}`);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(await answer.text(), path).toBe(own);
    }
  });
});
