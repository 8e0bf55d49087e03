import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
/**
 * The scorecard on the integration project's platform: a decision published through the API, the scheduled
 * handler run as of now, and scorecard.html opened in Chromium with its charts and their numbers, on a desktop
 * and on phones 360 and 320 px wide. Screenshots in test-output/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/aws-config.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty } from '../integration/fixtures/decisions.ts';
import { call } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { launchChromium, seriousAxeFindingsOn } from './support.ts';

const SHOTS = join(import.meta.dirname, '../../test-output/screenshots');

let browser: Browser;
const agency = agencyId('siping-score');

beforeAll(async () => {
  const submitter = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
  const reviewer = await tokenFor({ agency, roles: ['reviewer'], user: 'wang.fang' });
  const body = companyPenalty({ decisionDate: shanghaiDate(new Date()) });
  const created = await call('POST', '/v1/decisions', { token: submitter, body });
  // R12: the case system reports this decision and one it never submitted (ADR 0019).
  const reported = await call('POST', '/v1/decisions/inventory', {
    token: submitter,
    body: {
      inventories: [
        {
          period: shanghaiDate(new Date()),
          decisions: [
            { caseNumber: body.caseNumber, actionType: 'penalty' },
            { caseNumber: '四工信罚〔2026〕未报送1号', actionType: 'penalty' },
          ],
        },
      ],
    },
  });
  expect(reported.body.accepted).toBe(1);
  await call('POST', `/v1/decisions/${created.body.id}/review`, {
    token: reviewer,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { outcome: 'approve' },
  });
  for (let waited = 0; ; waited += 150) {
    const r = await call('GET', `/v1/decisions/${created.body.id}`, { token: submitter });
    if (r.body.status === 'published') break;
    if (waited > 30_000) throw new Error(`decision still ${r.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  // The handler reads its configuration when first imported: this worker's environment must hold it first.
  Object.assign(process.env, {
    TABLE_NAME: inject('tableName'),
    SITE_BUCKET: inject('siteBucket'),
    SITE_URL: inject('siteUrl'),
    GONGSHI_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    GONGSHI_S3_ENDPOINT: inject('s3Endpoint'),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const { handler } = await import('../../functions/scorecard/handler.ts');
  // The site lists the agency once its publisher run is through; on a loaded machine that can lag the status.
  for (let waited = 0; ; waited += 500) {
    await handler({ time: new Date().toISOString() });
    const page = await fetch(new URL('scorecard.html', inject('siteUrl')));
    if ((await page.text()).includes(agency)) break;
    if (waited > 30_000) throw new Error(`the scorecard does not list ${agency}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the scorecard page', () => {
  it("shows the agency's decision of this month in its chart and its table, without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await context.newPage();
    const response = await page.goto(new URL('scorecard.html', inject('siteUrl')).href);
    expect(response?.status()).toBe(200);
    const section = page.locator('section', { has: page.getByRole('heading', { name: agency }) });
    const month = shanghaiDate(new Date()).slice(0, 7);
    await expect.poll(() => section.getByRole('img').count()).toBe(3);
    const bar = section.locator(`svg g[data-month="${month}"] rect[data-series="on-time"]`);
    const cell = section.locator(`tr[data-month="${month}"] td[data-series="on-time"]`).first();
    expect(await bar.getAttribute('data-value')).toBe('1');
    expect(await cell.textContent()).toBe('1');
    expect(Number(await bar.getAttribute('height'))).toBeGreaterThan(0);
    // R12: the case system's inventory as counts: two reported, one submitted, one not (yet within its deadline).
    const inventory = (series: string) => section.locator(`tr[data-series="${series}"] td`).textContent();
    expect(await inventory('inventory-made')).toBe('2');
    expect(await inventory('inventory-never-submitted')).toBe('1');
    expect(await inventory('inventory-never-submitted-late')).toBe('0');
    expect(await section.textContent()).not.toContain('未报送1号');
    // The number links to the list behind it: the month's page of the agency, the decision in its section.
    await cell.getByRole('link', { name: '1' }).click();
    expect(page.url()).toMatch(new RegExp(`/scorecard/[^/]+/month-${month}\\.html#published-on-time$`));
    const listed = page.locator('section', { has: page.locator('#published-on-time') });
    expect(await listed.getByRole('heading').textContent()).toBe('按时公示（1件）');
    expect(await listed.getByRole('link').count()).toBe(1);
    expect(await listed.getByRole('link').getAttribute('href')).toMatch(
      /^\.\.\/\.\.\/decisions\/[\w-]+\.html$/,
    );
    await context.close();
  });

  it('has no serious or critical accessibility finding (axe-core)', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(new URL('scorecard.html', inject('siteUrl')).href);
    await page.addScriptTag({
      content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
    });
    const violations = await page.evaluate<Array<{ id: string; impact: string }>>(
      '(async () => (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact })))()',
    );
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.screenshot({
      path: join(import.meta.dirname, '../../test-output/screenshots/scorecard.png'),
      fullPage: true,
    });
    // The month's list behind the numbers, too.
    const section = page.locator('section', { has: page.getByRole('heading', { name: agency }) });
    const href = await section.locator('td[data-series="on-time"] a').first().getAttribute('href');
    await page.goto(new URL(href ?? '', inject('siteUrl')).href);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('公示时效明细');
    expect(await seriousAxeFindingsOn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'scorecard-list.png'), fullPage: true });
    await page.close();
  });
});

// In-page checks are scripts in strings: this project's TypeScript has no DOM types, the page has them.

/** Elements of the page's main content wider than the screen or than their own box, as `tag.class: why`. */
const OVERFLOWING = `(() => {
  const found = [];
  for (const el of document.querySelectorAll('main *')) {
    const name = el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '');
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.left < -0.5 || box.right > innerWidth + 0.5)) {
      found.push(name + ': ' + Math.round(box.left) + '–' + Math.round(box.right) + ' of ' + innerWidth);
    }
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      found.push(name + ': content ' + el.scrollWidth + ' wide in ' + el.clientWidth);
    }
  }
  return found;
})()`;

/**
 * The charts' visible text: any label cut off by the edge of its drawing, or shown smaller than 9 px once the
 * drawing is scaled to the screen, as `label: why`.
 */
const CHART_TEXT_PROBLEMS = `(() => {
  const found = [];
  for (const svg of document.querySelectorAll('main svg')) {
    const view = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / view.width;
    for (const text of svg.querySelectorAll('text')) {
      if (getComputedStyle(text).display === 'none') continue;
      const box = text.getBBox();
      if (box.x < view.x - 0.5 || box.x + box.width > view.x + view.width + 0.5) {
        found.push(text.textContent + ': drawn ' + Math.round(box.x) + '–' + Math.round(box.x + box.width) + ' of ' + view.width);
      }
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < 9) found.push(text.textContent + ': ' + px.toFixed(1) + ' px');
    }
  }
  return found;
})()`;

/**
 * Headers and captions whose lines split a Chinese word, as `header → word`. The words are the browser's own
 * (Intl.Segmenter, ICU's dictionary); a word is split when one of its characters starts left of the one before
 * it, that is on the next line.
 */
const WORDS_SPLIT_IN_HEADERS = `(() => {
  const found = [];
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  for (const el of document.querySelectorAll('main th, main caption, main figcaption')) {
    const chars = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let offset = 0; offset < node.data.length; offset++) chars.push({ node, offset });
    }
    const left = (i) => {
      const range = document.createRange();
      range.setStart(chars[i].node, chars[i].offset);
      range.setEnd(chars[i].node, chars[i].offset + 1);
      return range.getBoundingClientRect().left;
    };
    const text = chars.map((c) => c.node.data[c.offset]).join('');
    for (const word of segmenter.segment(text)) {
      if (!word.isWordLike) continue;
      for (let i = word.index + 1; i < word.index + word.segment.length; i++) {
        if (left(i) < left(i - 1)) {
          found.push(text + ' → ' + word.segment);
          break;
        }
      }
    }
  }
  return found;
})()`;

describe('the scorecard on a phone', () => {
  for (const width of [360, 320]) {
    it(`fits a screen ${width} px wide: no sideways scrolling, nothing overflowing, words whole, legible charts`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 740 }, locale: 'zh-CN' });
      await page.goto(new URL('scorecard.html', inject('siteUrl')).href);
      await expect.poll(() => page.getByRole('heading', { name: agency }).count()).toBe(1);

      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      expect(await page.evaluate<string[]>(OVERFLOWING)).toEqual([]);
      expect(await page.evaluate<string[]>(CHART_TEXT_PROBLEMS)).toEqual([]);
      // On a phone every other month's label is hidden; the latest month keeps its label.
      const section = page.locator('section', { has: page.getByRole('heading', { name: agency }) });
      const ticks = section
        .locator('svg')
        .first()
        .locator('text', { hasText: /^\d+月$/ });
      expect(await ticks.count()).toBe(12);
      expect(await ticks.last().isVisible()).toBe(true);
      expect(await ticks.nth(10).isVisible()).toBe(false);

      const wordBreaks = await page.evaluate<string[]>(
        "[...document.querySelectorAll('main th, main caption, main figcaption')].map((e) => getComputedStyle(e).wordBreak)",
      );
      expect(wordBreaks.length).toBeGreaterThan(10);
      expect(new Set(wordBreaks)).toEqual(new Set(['keep-all']));
      expect(await page.evaluate<string[]>(WORDS_SPLIT_IN_HEADERS)).toEqual([]);

      // The period and the last update are Shanghai's days: the date shown is the Shanghai date of the instant.
      const updated = page.locator('.scorecard-dates time').last();
      const instant = (await updated.getAttribute('datetime')) ?? '';
      expect(await updated.textContent()).toBe(shanghaiDate(instant));

      expect(await seriousAxeFindingsOn(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `scorecard-phone-${width}.png`), fullPage: true });

      // The check of words sees a split: with the headers allowed to break anywhere and squeezed, words come apart.
      await page.addStyleTag({
        content:
          'main .scorecard-table { min-width: 0 } main .scorecard-table th { word-break: break-all; width: 1em; }',
      });
      expect(await page.evaluate<string[]>(WORDS_SPLIT_IN_HEADERS)).toContainEqual(
        expect.stringMatching(/^.+ → .{2,}$/),
      );
      await page.close();
    });
  }
});
