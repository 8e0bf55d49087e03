/**
 * The agency console in Chromium on the local platform: a reviewer signs in by keyboard,
 * finds the agency's queue overdue first, opens a natural person's decision that names a witness, sees the
 * suspected name highlighted beside the public preview, masks it and approves; the public page then shows the
 * witness masked. Every screen is checked with axe and photographed under test-output/screenshots/console-*.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty, personPenalty } from '../integration/fixtures/decisions.ts';
import { eventuallyWithin } from '../integration/support/eventually.ts';
import { call } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { launchChromium, seriousAxeFindingsOn } from './support.ts';

const SHOTS = join(import.meta.dirname, '../../test-output/screenshots');
const eventually = eventuallyWithin(30_000, 150);
const WITNESS_CONTENT =
  '欧阳明华于2025年8月在其经营的店铺内无证经营，证人王小明称曾多次在店内看到当事人销售散装白酒。';

let browser: Browser;
let agency: string;
let submitter: string;
/** Overdue (decided 2025-09-28), a natural person, a witness named in the content. */
let witness: { id: string; caseNumber: string };
/** Overdue, a later deadline than the witness's. */
let later: { id: string; caseNumber: string };
/** Decided today: not overdue. */
let fresh: { id: string; caseNumber: string };

async function submit(body: Record<string, unknown>): Promise<{ id: string; caseNumber: string }> {
  const created = await call('POST', '/v1/decisions', { token: submitter, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, caseNumber: body.caseNumber as string };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  agency = agencyId('console');
  submitter = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
  fresh = await submit(companyPenalty({ decisionDate: shanghaiDate(new Date()) }));
  later = await submit(companyPenalty({ decisionDate: '2025-10-20' }));
  witness = await submit(personPenalty('1985-03-12', { content: WITNESS_CONTENT }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A tablet's window on the console, failing the test on any script error or policy violation. */
async function openConsole(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      problems.push(message.text());
  });
  const response = await page.goto(new URL('console/', inject('siteUrl')).href);
  expect(response?.status()).toBe(200);
  await page.getByRole('heading', { name: '登录机关工作台' }).waitFor();
  return { page, problems };
}

/** Signs in by keyboard only: the fields in tab order, Enter to submit. */
async function signInByKeyboard(page: Page, user: string): Promise<void> {
  await page.getByLabel('机关代码').focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(agency);
  await page.keyboard.press('Tab');
  await expect.poll(() => page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('role');
  await page.getByLabel('角色').selectOption('reviewer');
  await page.keyboard.press('Tab');
  await page.keyboard.type(user);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: '审查队列' }).waitFor();
}

async function noOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('the agency console in Chromium, on a tablet', () => {
  it('signs a reviewer in, shows the queue overdue first, and has the witness masked by the review', async () => {
    const { page, problems } = await openConsole();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await seriousAxeFindingsOn(page, { underCsp: true })).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'console-sign-in.png'), fullPage: true });

    await signInByKeyboard(page, 'wang.fang');
    const rows = page.locator('table.queue tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const order = await rows.locator('th').allTextContents();
    expect(order).toEqual([witness.caseNumber, later.caseNumber, fresh.caseNumber]);
    expect(await rows.nth(0).textContent()).toContain('逾期');
    expect(await rows.nth(0).textContent()).toContain('自然人');
    expect(await rows.nth(2).textContent()).not.toContain('逾期');
    expect(await rows.nth(2).textContent()).toMatch(/个工作日|今天到期/);
    await noOverflow(page);
    expect(await seriousAxeFindingsOn(page, { underCsp: true })).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'console-queue.png'), fullPage: true });

    // By mouse: the overdue decision of the natural person.
    await page.getByRole('link', { name: witness.caseNumber }).click();
    await page.getByRole('heading', { name: `审查决定 ${witness.caseNumber}` }).waitFor();
    const submitted = page.locator('section[aria-labelledby="submitted-title"]');
    const preview = page.locator('section[aria-labelledby="preview-title"]');
    await expect
      .poll(() => submitted.locator('mark.suspected').allTextContents())
      .toContain('王小明（疑似姓名，待处理）');
    // The preview is the API's: the party's name masked already (R4), the witness not yet.
    expect(await preview.textContent()).toContain('欧阳**');
    expect(await preview.locator('mark.masked').count()).toBeGreaterThan(0);
    expect(await preview.locator('mark.suspected').first().textContent()).toContain('王小明');
    await noOverflow(page);
    expect(await seriousAxeFindingsOn(page, { underCsp: true })).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'console-review.png'), fullPage: true });

    // Sending back without saying why: the API's problem, in its Chinese words.
    await page.getByRole('button', { name: '退回' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('请填写');

    // Approving with the finding open: the API's 422 names it.
    await page.getByRole('button', { name: '批准' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('疑似个人信息未处理');
    expect(await alert.textContent()).toContain('未处理：王小明');
    expect(await seriousAxeFindingsOn(page, { underCsp: true })).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'console-review-unresolved.png'), fullPage: true });

    // By keyboard: the alert's link to the finding, then 遮盖 with the space bar.
    await alert.getByRole('link', { name: /王小明/ }).click();
    const finding = page.locator('fieldset', { hasText: '王小明' });
    await finding.getByLabel('遮盖').focus();
    await page.keyboard.press('Space');
    expect(await finding.getByLabel('遮盖').isChecked()).toBe(true);
    expect(await preview.locator('mark.suspected.mask').count()).toBeGreaterThan(0);
    await page.getByLabel(/^意见/).fill('证人姓名遮盖后公开。');
    await page.getByRole('button', { name: '批准' }).click();
    await page.getByRole('heading', { name: '审查队列' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(`已批准 ${witness.caseNumber}`);
    await expect.poll(() => rows.count()).toBe(2);
    expect(problems).toEqual([]);

    // The publisher runs from the table's stream: the public page shows the witness masked, never in clear.
    const publicPage = await eventually(async () => {
      const response = await fetch(new URL(`decisions/${witness.id}.html`, inject('siteUrl')));
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toMatch(/证人王[*＊]+称/);
      return html;
    });
    expect(publicPage).not.toContain('王小明');
    const site = await browser.newPage({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
    await site.goto(new URL(`decisions/${witness.id}.html`, inject('siteUrl')).href);
    expect(await site.locator('main').textContent()).not.toContain('王小明');
    await site.screenshot({ path: join(SHOTS, 'console-published.png'), fullPage: true });
    await site.close();
    await page.close();
  });

  it('reloads a decision someone else changed meanwhile and says so (412)', async () => {
    const { page, problems } = await openConsole();
    await signInByKeyboard(page, 'zhou.min');
    await page.getByRole('link', { name: later.caseNumber }).click();
    await page.getByRole('heading', { name: `审查决定 ${later.caseNumber}` }).waitFor();
    // Another reviewer approves the same version first.
    const other = await tokenFor({ agency, roles: ['reviewer'], user: 'zhao.lei' });
    const read = await call('GET', `/v1/decisions/${later.id}`, { token: other });
    const approved = await call('POST', `/v1/decisions/${later.id}/review`, {
      token: other,
      headers: { 'if-match': `"${read.body.version}"` },
      body: { outcome: 'approve', comment: '同意公开' },
    });
    expect(approved.status).toBe(200);
    await page.getByRole('button', { name: '批准' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('已被他人修改');
    expect(await alert.textContent()).toContain('已重新载入最新版本');
    // Reloaded: the version shown is the approved one, no longer under this reviewer's review.
    await expect.poll(() => page.getByRole('button', { name: '批准' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('不在待审查状态');
    expect(await seriousAxeFindingsOn(page, { underCsp: true })).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'console-review-changed.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the token in memory and sessionStorage only, never in localStorage or a cookie; 退出登录 clears it', async () => {
    const { page } = await openConsole();
    await signInByKeyboard(page, 'wang.fang');
    const stored = await page.evaluate<{ local: number; session: string; cookie: string }>(
      `({ local: localStorage.length, session: sessionStorage.getItem('gongshi-console-session') ?? '', cookie: document.cookie })`,
    );
    expect(stored.local).toBe(0);
    expect(stored.cookie).toBe('');
    const token = (JSON.parse(stored.session) as { token: string }).token;
    expect(token.split('.')).toHaveLength(3);
    // A reload in the same tab stays signed in, from sessionStorage.
    await page.reload();
    await page.getByRole('heading', { name: '审查队列' }).waitFor();
    expect(await page.evaluate<number>('localStorage.length')).toBe(0);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录机关工作台' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('已退出登录');
    const after = await page.evaluate<{ local: number; session: number; everything: string }>(
      '({ local: localStorage.length, session: sessionStorage.length, everything: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) })',
    );
    expect(after).toEqual({ local: 0, session: 0, everything: '{}{}' });
    expect(after.everything).not.toContain(token);
    await page.close();
  });

  it('says so when the token is no longer accepted (401) and how to go on', async () => {
    const { page } = await openConsole();
    await page.evaluate(
      `sessionStorage.setItem('gongshi-console-session', JSON.stringify({ token: 'a.b.c', agency: '${agency}', role: 'reviewer', user: 'wang.fang' }))`,
    );
    await page.reload();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('请退出登录后重新登录');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录机关工作台' }).waitFor();
    await page.close();
  });

  it('says why a sign-in is refused, in Chinese', async () => {
    const { page } = await openConsole();
    await page.getByLabel('用户名').fill('wang fang');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('请填写用户名');
    expect(await seriousAxeFindingsOn(page, { underCsp: true })).toEqual([]);
    await page.close();
  });
});
