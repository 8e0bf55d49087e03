import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { usccFrom } from '../fixtures/ids.ts';
import { agencyId, companyPenalty, personPenalty } from '../integration/fixtures/decisions.ts';
import { eventuallyWithin } from '../integration/support/eventually.ts';
import { call } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { launchChromium, seriousAxeFindingsOn } from './support.ts';

const SHOTS = join(import.meta.dirname, '../../test-output/screenshots');
const eventually = eventuallyWithin(30_000, 150);

// A company of this run alone (the browser tests share one local platform): its own code and trade name.
const TRADE = [...'祥瑞丰泰嘉禾凯越晨曦沐澜锦程'];
const trade = Array.from({ length: 3 }, () => TRADE[randomInt(TRADE.length)]).join('');
const COMPANY_NAME = `四平市${trade}化工有限公司`;
const USCC = usccFrom(`91220300MA${String(randomInt(1e6, 9e6))}`);

let browser: Browser;
let submitter: string;
let companyDecision: { id: string; caseNumber: string; version: number };
let personDecision: { id: string; caseNumber: string };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const agency = agencyId('search');
  submitter = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
  const reviewer = await tokenFor({ agency, roles: ['reviewer'], user: 'wang.fang' });
  const publish = async (body: unknown) => {
    const created = await call('POST', '/v1/decisions', { token: submitter, body });
    expect(created.status).toBe(201);
    await call('POST', `/v1/decisions/${created.body.id}/review`, {
      token: reviewer,
      headers: { 'if-match': `"${created.body.version}"` },
      body: { outcome: 'approve' },
    });
    let version = 0;
    await eventually(async () => {
      const r = await call('GET', `/v1/decisions/${created.body.id}`, { token: submitter });
      expect(r.body.status).toBe('published');
      version = r.body.version;
    });
    return { ...created.body, version };
  };
  const party = { kind: 'legal_person', name: COMPANY_NAME, idType: 'uscc', idNumber: USCC };
  companyDecision = await publish(companyPenalty({ party }));
  await publish(companyPenalty({ party, actionType: 'license', penalty: undefined, result: '准予行政许可' }));
  personDecision = await publish(personPenalty('1986-04-02'));
  await eventually(async () => {
    const r = await fetch(new URL(`companies/${USCC}.json`, inject('siteUrl')));
    expect(r.status).toBe(200);
    expect(((await r.json()) as { decisions: unknown[] }).decisions).toHaveLength(2);
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

/** Types a query into the front page's search and answers the results' text once the script has answered. */
async function search(page: Page, query: string): Promise<string> {
  await page.fill('#q', query);
  await page.locator('#search button[type="submit"]').click();
  await page.waitForSelector('#results:not([hidden])');
  await expect
    .poll(async () => (await page.locator('#results-status').textContent()) ?? '', { timeout: 10_000 })
    .not.toBe('正在查找……');
  return (await page.locator('#results').textContent()) ?? '';
}

describe('the public’s search in Chromium (ADR 0017)', () => {
  it('finds a company by its credit code, however it is typed, and opens its page', async () => {
    const page = await open('index.html');
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/search/')) requests.push(r.url());
    });
    const typed = `${USCC.slice(0, 4)} ${USCC.slice(4, 10)}-${USCC.slice(10)}`.toLowerCase();
    expect(await search(page, typed)).toContain(COMPANY_NAME);
    expect(requests).toHaveLength(1);
    expect(await seriousAxeFindingsOn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'search-code.png'), fullPage: true });
    await page.locator('#results-list a', { hasText: COMPANY_NAME }).click();
    await page.waitForURL(`**/companies/${USCC}.html`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(companyDecision.caseNumber);
    expect(text).toContain('行政许可');
    expect(await seriousAxeFindingsOn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'company.png'), fullPage: true });
    const phone = await open(`companies/${USCC}.html`, 360);
    expect(
      await phone.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    ).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(SHOTS, 'company-phone.png'), fullPage: true });
  });

  it('finds a company by a part of its name in at most three requests, a case number in one', async () => {
    const page = await open('index.html');
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/search/')) requests.push(r.url());
    });
    expect(await search(page, trade)).toContain(COMPANY_NAME);
    expect(requests.length).toBeLessThanOrEqual(3);
    // Filtered by the decision date: none of its decisions in 2030.
    await page.fill('#from', '2030-01-01');
    expect(await search(page, trade)).not.toContain(COMPANY_NAME);
    await page.fill('#from', '');
    requests.length = 0;
    const bracketed = companyDecision.caseNumber.replace('〔', '[').replace('〕', ']');
    expect(await search(page, bracketed)).toContain(companyDecision.caseNumber);
    expect(requests).toHaveLength(1);
  });

  it('never finds a natural person by name: only their decision by its case number', async () => {
    const page = await open('index.html');
    const byName = await search(page, '欧阳明华');
    expect(byName).not.toContain(personDecision.caseNumber);
    expect(byName).not.toContain('欧阳');
    expect(await search(page, personDecision.caseNumber)).toContain(personDecision.caseNumber);
  });

  it('finds a code without JavaScript: the lookup route sends the reader to its page of the index', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(new URL('index.html', inject('siteUrl')).href);
    await page.fill('#lookup-q', USCC.toLowerCase());
    await page.locator('form.lookup button[type="submit"]').click();
    await page.waitForURL('**/search/codes/*.html#k-*');
    const entry = page.locator(`[id="k-${USCC}"]`);
    await expect.poll(async () => (await entry.textContent()) ?? '').toContain(COMPANY_NAME);
    await page.screenshot({ path: join(SHOTS, 'search-no-script.png'), fullPage: true });
    // axe runs as a script: the same page, opened where scripts run.
    const scripted = await open(new URL(page.url()).pathname.replace(/^.*?(search\/codes\/)/, '$1'));
    expect(await seriousAxeFindingsOn(scripted)).toEqual([]);
    const bad = await call('GET', '/v1/lookup?q=%20-');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    await context.close();
  });

  it('links each decision page to its company’s page', async () => {
    const page = await open(`decisions/${companyDecision.id}.html`);
    await page.locator(`a[href$="companies/${USCC}.html"]`).first().click();
    await page.waitForURL(`**/companies/${USCC}.html`);
  });

  it('takes a withdrawn decision out of the index within seconds', async () => {
    await call('POST', `/v1/decisions/${companyDecision.id}/withdraw`, {
      token: submitter,
      headers: { 'if-match': `"${companyDecision.version}"` },
      body: { reason: 'published_in_error', explanation: '误将未生效的决定公开。' },
    });
    const page = await open('index.html');
    await eventually(async () => {
      await page.reload();
      expect(await search(page, companyDecision.caseNumber)).not.toContain(companyDecision.caseNumber);
    });
    // The company keeps its other decision, and its page no longer lists the withdrawn one.
    const company = (await (await fetch(new URL(`companies/${USCC}.json`, inject('siteUrl')))).json()) as {
      decisions: { id: string }[];
    };
    expect(company.decisions.map((d: { id: string }) => d.id)).not.toContain(companyDecision.id);
  });
});
