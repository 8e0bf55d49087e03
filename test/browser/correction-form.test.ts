/**
 * R9 in a real browser with JavaScript switched off: a decision page on the local site carries the correction
 * form; a person fills it in and submits it, and lands on the request's status page on the API. A wrong entry
 * comes back as the form with what to fix. Every page passes axe-core without serious or critical findings.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { agencyId, companyPenalty } from '../integration/fixtures/decisions.ts';
import { eventuallyWithin } from '../integration/support/eventually.ts';
import { call } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { launchChromium, seriousAxeFindingsOn } from './support.ts';

const SHOTS = join(import.meta.dirname, '../../test-output/screenshots');
const CONTACT = { name: '刘建国', phone: '13912345678', email: 'liu.jianguo@example.com' };

let browser: Browser;
let context: BrowserContext;
let decision: { id: string; caseNumber: string };
let agency: string;

const eventually = eventuallyWithin(15_000, 150);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  agency = agencyId('siping-form');
  const submitter = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
  const reviewer = await tokenFor({ agency, roles: ['reviewer'], user: 'wang.fang' });
  const created = await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty() });
  await call('POST', `/v1/decisions/${created.body.id}/review`, {
    token: reviewer,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { outcome: 'approve' },
  });
  await eventually(async () => {
    const page = await fetch(new URL(`decisions/${created.body.id}.html`, `${inject('siteUrl')}/`));
    expect(page.status).toBe(200);
  });
  decision = created.body;
  browser = await launchChromium();
  // The form must work for people who have JavaScript off: the whole test runs without it.
  context = await browser.newContext({
    javaScriptEnabled: false,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** axe runs in the page, so it is injected into a JavaScript-enabled copy of the same HTML at the same URL. */
async function seriousAxeFindings(url: string, html: string): Promise<string[]> {
  const page = await browser.newPage({ locale: 'zh-CN' });
  try {
    await page.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await page.goto(url);
    return await seriousAxeFindingsOn(page);
  } finally {
    await page.close();
  }
}

async function fill(page: Page, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label).fill(value);
}

describe('the correction form without JavaScript (R9)', () => {
  it('is on the decision page, accessible, labelled in Chinese', async () => {
    const page = await context.newPage();
    const url = new URL(`decisions/${decision.id}.html`, `${inject('siteUrl')}/`).href;
    expect((await page.goto(url))?.status()).toBe(200);
    const form = page.locator('form.correction-form');
    await expect(form.count()).resolves.toBe(1);
    for (const label of ['哪些信息不准确，应当如何更正', '证据', '姓名或单位名称', '联系电话', '电子邮箱']) {
      await expect(page.getByLabel(label).count(), label).resolves.toBe(1);
    }
    expect(await seriousAxeFindings(url, await page.content())).toEqual([]);
    await page.locator('#correction').screenshot({ path: join(SHOTS, 'correction-form.png') });
    await page.close();
  });

  it('comes back with what to fix and the input kept when an entry is wrong', async () => {
    const page = await context.newPage();
    await page.goto(new URL(`decisions/${decision.id}.html`, `${inject('siteUrl')}/`).href);
    await fill(page, {
      哪些信息不准确: '罚款金额有误。',
      证据: '决定书原件。',
      姓名或单位名称: CONTACT.name,
      联系电话: '12345',
    });
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: '提交更正申请' }).click(),
    ]);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('联系电话应为手机号码');
    expect(await page.getByLabel('姓名或单位名称').inputValue()).toBe(CONTACT.name);
    expect(await seriousAxeFindings(page.url(), await page.content())).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'correction-form-problems.png'), fullPage: true });
    await page.close();
  });

  it('files the request and lands on its status page, which shows no contact', async () => {
    const page = await context.newPage();
    await page.goto(new URL(`decisions/${decision.id}.html`, `${inject('siteUrl')}/`).href);
    await fill(page, {
      哪些信息不准确: '公示的罚款金额为伍万元，决定书原文为叁万元。',
      证据: '行政处罚决定书第2页。',
      姓名或单位名称: CONTACT.name,
      联系电话: CONTACT.phone,
      电子邮箱: CONTACT.email,
    });
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: '提交更正申请' }).click(),
    ]);
    expect(response?.status()).toBe(200);
    expect(page.url()).toMatch(new RegExp(`^${inject('apiUrl')}/v1/corrections/[0-9A-Z]{26}$`));
    await expect(page.locator('h1').textContent()).resolves.toContain('更正申请');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('待答复');
    expect(text).toContain(decision.caseNumber);
    for (const value of Object.values(CONTACT)) expect(await page.content()).not.toContain(value);
    expect(await seriousAxeFindings(page.url(), await page.content())).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'correction-status.png'), fullPage: true });
    await page.close();
  });
});

describe('the correction form with JavaScript on (ADR 0016)', () => {
  it('solves the challenge while the person types and files the request as challenge-solved', async () => {
    const scripted = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    try {
      const page = await scripted.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(new URL(`decisions/${decision.id}.html`, `${inject('siteUrl')}/`).href);
      const marker = `（脚本${Date.now()}）`;
      await fill(page, {
        哪些信息不准确: `公示的决定日期有误${marker}。`,
        证据: '行政处罚决定书首页。',
        姓名或单位名称: '王小明',
        联系电话: '13712345670',
      });
      // The script asked for a challenge when the form was first touched; its solution lands in the field.
      const field = page.locator('input[name="challenge"]');
      await expect.poll(() => field.inputValue(), { timeout: 60_000, interval: 250 }).not.toBe('');
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: '提交更正申请' }).click(),
      ]);
      expect(response?.status()).toBe(200);
      expect(page.url()).toMatch(new RegExp(`^${inject('apiUrl')}/v1/corrections/[0-9A-Z]{26}$`));
      const id = page.url().split('/').pop() ?? '';
      const staff = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
      const listed = await call('GET', '/v1/corrections?limit=100', { token: staff });
      const mine = (listed.body.items as { id: string; challenge: string; what: string }[]).find(
        (r) => r.id === id,
      );
      expect(mine?.what).toContain(marker);
      expect(mine?.challenge).toBe('solved');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await scripted.close();
    }
  });

  it('checks evidence files before filing: a wrong type and a file too large are refused in Chinese (R9)', async () => {
    const scripted = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    try {
      const page = await scripted.newPage();
      const url = new URL(`decisions/${decision.id}.html`, `${inject('siteUrl')}/`).href;
      await page.goto(url);
      const input = page.getByLabel('上传文件（选填）');
      await expect(page.locator('#correction-files-hint').textContent()).resolves.toContain('不附带文件');
      const error = page.locator('#correction-files-error');
      await input.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('文本') });
      await expect.poll(() => error.textContent()).toContain('文件类型不支持');
      await input.setInputFiles({
        name: '扫描件.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x25),
      });
      await expect.poll(() => error.textContent()).toContain('过大');
      await fill(page, {
        哪些信息不准确: '罚款金额有误。',
        证据: '决定书扫描件。',
        姓名或单位名称: '赵文',
        联系电话: '13612345601',
      });
      await page.getByRole('button', { name: '提交更正申请' }).click();
      // Nothing is filed: the page stays, with the problem at the input.
      await page.waitForTimeout(500);
      expect(page.url()).toBe(url);
      await expect(input.getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await seriousAxeFindingsOn(page)).toEqual([]);
      await page.locator('#correction').screenshot({ path: join(SHOTS, 'correction-files-refused.png') });
      await page.close();
    } finally {
      await scripted.close();
    }
  });

  it('files a request with an evidence file, uploads it with progress and opens the status page (R9)', async () => {
    const scripted = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    try {
      const page = await scripted.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      // What the progress region said, recorded before the page moves on to the status page.
      const progress: string[] = [];
      await page.exposeFunction('recordProgress', (text: string) => progress.push(text));
      await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
        const region = document.getElementById('correction-files-progress');
        if (region) new MutationObserver(() => recordProgress(region.textContent || ''))
          .observe(region, { subtree: true, childList: true, characterData: true });
      });`);
      await page.goto(new URL(`decisions/${decision.id}.html`, `${inject('siteUrl')}/`).href);
      const marker = `（附件${Date.now()}）`;
      await fill(page, {
        哪些信息不准确: `公示的罚款金额有误${marker}。`,
        证据: '附行政处罚决定书扫描件。',
        姓名或单位名称: '孙立',
        联系电话: '13512345602',
      });
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      await page
        .getByLabel('上传文件（选填）')
        .setInputFiles({ name: '决定书.png', mimeType: 'image/png', buffer: png });
      const field = page.locator('input[name="challenge"]');
      await expect.poll(() => field.inputValue(), { timeout: 60_000, interval: 250 }).not.toBe('');
      await Promise.all([
        page.waitForURL(new RegExp(`^${inject('apiUrl')}/v1/corrections/[0-9A-Z]{26}$`), { timeout: 30_000 }),
        page.getByRole('button', { name: '提交更正申请' }).click(),
      ]);
      expect(progress.some((text) => text.includes('决定书.png：上传完成'))).toBe(true);
      await expect(page.locator('main').textContent()).resolves.toContain('1 个（不公开）');
      const id = page.url().split('/').pop() ?? '';
      const staff = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
      const listed = await call('GET', '/v1/corrections?limit=100', { token: staff });
      const mine = (
        listed.body.items as { id: string; attachments: { name: string; size: number; check: string }[] }[]
      ).find((r) => r.id === id);
      expect(mine?.attachments).toMatchObject([{ name: '决定书.png', size: png.length, check: 'ok' }]);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await scripted.close();
    }
  });
});
