import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Config } from '../../infra/local/aws-config.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty, personPenalty } from '../integration/fixtures/decisions.ts';
import { eventuallyWithin } from '../integration/support/eventually.ts';
import { call } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import {
  Bucket,
  companyContent,
  config,
  documentOf,
  publish as publishEvent,
} from '../unit/site/site-fixtures.ts';
import { launchChromium, seriousAxeFindingsOn } from './support.ts';

// Screenshots stay under test-output/ for people to look at (gitignored).
const SHOTS = join(import.meta.dirname, '../../test-output/screenshots');

let browser: Browser;
let published: { id: string; caseNumber: string };
let revoked: { id: string; caseNumber: string };
let person: { id: string };

// Generous: in CI the whole suite shares two cores, and the stream poller publishes one change at a time.
const eventually = eventuallyWithin(30_000, 150);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const agency = agencyId('siping-gxj');
  const submitter = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
  const reviewer = await tokenFor({ agency, roles: ['reviewer'], user: 'wang.fang' });
  const publish = async (body: unknown) => {
    const created = await call('POST', '/v1/decisions', { token: submitter, body });
    await call('POST', `/v1/decisions/${created.body.id}/review`, {
      token: reviewer,
      headers: { 'if-match': `"${created.body.version}"` },
      body: { outcome: 'approve' },
    });
    await eventually(async () => {
      const r = await call('GET', `/v1/decisions/${created.body.id}`, { token: submitter });
      expect(r.body.status).toBe('published');
    });
    return created.body;
  };
  published = await publish(companyPenalty());
  await publish(
    companyPenalty({
      actionType: 'license',
      penalty: undefined,
      result: '准予行政许可',
      decisionDate: '2026-03-02',
    }),
  );
  person = await publish(personPenalty('1985-03-12'));
  revoked = await publish(companyPenalty({ result: '罚款人民币叁万元' }));
  const current = await call('GET', `/v1/decisions/${revoked.id}`, { token: submitter });
  await call('POST', `/v1/decisions/${revoked.id}/withdraw`, {
    token: submitter,
    headers: { 'if-match': `"${current.body.version}"` },
    body: {
      reason: 'revoked',
      legalEventDate: shanghaiDate(new Date()),
      explanation: '原处罚决定已被四平市人民政府行政复议决定撤销。',
    },
  });
  await eventually(async () => {
    const page = await fetch(new URL(`decisions/${revoked.id}.html`, inject('siteUrl')));
    expect(await page.text()).toContain('复议决定撤销');
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const response = await page.goto(new URL(path, inject('siteUrl')).href);
  expect(response?.status()).toBe(200);
  return page;
}

describe('a month of several listing parts in Chromium (ADR 0009)', () => {
  it('pages it with previous and next links, accessible, on a phone too', async () => {
    // Rendered by the planner with parts of 4 under a month of its own; only its pages go to the bucket.
    const planned = new Bucket();
    const small = { ...config, listingPartSize: 4 };
    for (let n = 1; n <= 10; n++) {
      const at = new Date(Date.parse('2019-03-04T02:00:00Z') + n * 3_600_000).toISOString();
      const document = documentOf(`01K5BROWSERPART${String(n).padStart(11, '0')}`, {
        ...companyContent,
        caseNumber: `四工信罚〔2019〕${n}号`,
        party: { ...companyContent.party, name: `四平市第${n}化工有限公司` },
      });
      planned.apply(publishEvent(document, at), undefined, small);
    }
    const keys = ['months/2019-03.html', 'months/2019-03-2.html', 'months/2019-03-3.html'];
    const s3 = new S3Client(localS3Config(inject('s3Endpoint')));
    const site = new S3SiteBucket({ s3, bucket: inject('siteBucket') });
    try {
      for (const key of keys) {
        await site.put({
          key,
          body: planned.get(key),
          contentType: 'text/html; charset=utf-8',
          cacheControl: 'no-store',
        });
      }
      const page = await open('months/2019-03-2.html');
      expect(await page.locator('h1').textContent()).toBe('2019年3月公示的行政执法决定（第 2 页）');
      const pagination = page.getByRole('navigation', { name: '2019年3月的分页' }).first();
      await expect(pagination.locator('[aria-current="page"]').textContent()).resolves.toBe('第 2 页');
      expect(await page.locator('ol.entries > li').count()).toBe(4);
      expect(await seriousAxeFindingsOn(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'month-part.png'), fullPage: true });
      await pagination.getByRole('link', { name: /较晚公开/ }).click();
      await page.waitForURL(/months\/2019-03-3\.html$/);
      expect(await page.locator('ol.entries > li').count()).toBe(2);
      await page
        .getByRole('navigation', { name: '2019年3月的分页' })
        .first()
        .getByRole('link', { name: /较早公开/ })
        .click();
      await page.waitForURL(/months\/2019-03-2\.html$/);
      const phone = await open('months/2019-03.html', 375);
      const overflow = await phone.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: join(SHOTS, 'month-part-phone.png'), fullPage: true });
    } finally {
      for (const key of keys) await site.delete(key);
      s3.destroy();
    }
  });
});

describe('the public site in Chromium', () => {
  it('shows the latest decisions on the index, in Chinese, accessible, on a phone too', async () => {
    const page = await open('index.html');
    await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.content()).toContain(published.caseNumber);
    expect(await seriousAxeFindingsOn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'index.png'), fullPage: true });
    const phone = await open('index.html', 375);
    const overflow = await phone.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(SHOTS, 'index-phone.png'), fullPage: true });
  });

  it('filters the index by action type', async () => {
    const page = await open('index.html');
    await page.selectOption('#type', 'license');
    await page.locator('#search button[type="submit"], #search input[type="submit"]').first().click();
    await page.waitForSelector('#results:not([hidden])');
    // The script fetches the month files after showing the section: wait for the list to fill.
    await expect
      .poll(async () => (await page.locator('#results-list').textContent()) ?? '', { timeout: 10_000 })
      .toContain('行政许可');
    const text = (await page.locator('#results-list').textContent()) ?? '';
    expect(text).not.toContain(published.caseNumber);
    await page.screenshot({ path: join(SHOTS, 'index-filtered.png'), fullPage: true });
  });

  it('shows a decision page with every R1 field and no unmasked personal data', async () => {
    const page = await open(`decisions/${published.id}.html`);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const label of [
      '行政相对人',
      '执法方式',
      '执法内容',
      '执法决定',
      '执法机关',
      '决定书文号',
      '决定日期',
      '公开日期',
    ]) {
      expect(text).toContain(label);
    }
    expect(await seriousAxeFindingsOn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'decision.png'), fullPage: true });
    const personPage = await open(`decisions/${person.id}.html`);
    const personText = (await personPage.locator('main').textContent()) ?? '';
    expect(personText).toContain('欧阳**');
    expect(personText).not.toMatch(/1[3-9]\d{9}/);
  });

  it('shows the notice of a revoked decision and nothing of its content', async () => {
    const page = await open(`decisions/${revoked.id}.html`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('复议决定撤销');
    expect(text).toContain(revoked.caseNumber);
    expect(text).not.toContain('罚款人民币叁万元');
    expect(text).not.toContain('四平市鑫达化工有限公司');
    expect(await seriousAxeFindingsOn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'notice.png'), fullPage: true });
  });

  it("explains the transparency log from every page's footer, accessible, on a phone too (ADR 0007)", async () => {
    const decision = await open(`decisions/${revoked.id}.html`);
    await decision.locator('footer').getByRole('link', { name: '透明日志' }).click();
    await decision.waitForURL(/transparency\/index\.html$/);
    expect(await decision.locator('h1').textContent()).toBe('透明日志');
    expect(await decision.locator('main').textContent()).toContain('npm run verify');
    expect(await seriousAxeFindingsOn(decision)).toEqual([]);
    await decision.screenshot({ path: join(SHOTS, 'transparency.png'), fullPage: true });
    const phone = await open('transparency/index.html', 375);
    const overflow = await phone.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
