/**
 * Issue 21, item 6, in Chromium: on a new site (support/fresh-site.ts) the catalogue and the scorecard the
 * header links to, and the page a missing key is answered with, are accessible Chinese pages (axe-core: no
 * serious or critical finding), reachable from the front page by their links.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshSite, startFreshSite } from '../integration/support/fresh-site.ts';
import { launchChromium, seriousAxeFindingsOn } from './support.ts';

let browser: Browser;
let site: FreshSite;

beforeAll(async () => {
  site = await startFreshSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('a first visit to a new site in Chromium', () => {
  it('follows the header to the catalogue and the scorecard, which say there is nothing yet', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}/`);
      await page
        .getByRole('navigation', { name: '网站导航' })
        .getByRole('link', { name: '事前公开' })
        .click();
      await page.waitForURL(/catalog\/index\.html$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('事前公开');
      expect(await page.locator('main').textContent()).toContain('目前还没有执法机关公开事前公开信息');
      expect(await seriousAxeFindingsOn(page)).toEqual([]);

      await page
        .getByRole('navigation', { name: '网站导航' })
        .getByRole('link', { name: '公示时效' })
        .click();
      await page.waitForURL(/scorecard\.html$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('公示时效');
      expect(await page.locator('main').textContent()).toContain('统计尚未生成');
      expect(await seriousAxeFindingsOn(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('answers a missing page with the site’s 404 page, accessible', async () => {
    const page = await browser.newPage();
    try {
      const answer = await page.goto(`${site.url}/decisions/nothing.html`);
      expect(answer?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('页面不存在');
      expect(await seriousAxeFindingsOn(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
