/**
 * The catalogue section of the public site in Chromium (R10, R13): the list of agencies, an agency's catalogue
 * grouped by the 23 items of 四平 §四(四), an item with its flowchart. Chinese, accessible (axe-core: no serious
 * or critical finding), readable on a phone, no JavaScript needed. Screenshots in test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import {
  contactsInput,
  dutiesInput,
  flowchartInput,
  HAZCHEM_REGULATION,
  licenceInput,
  randomInspectionInput,
  staffInput,
} from '../fixtures/catalog.ts';
import { eventuallyWithin } from '../integration/support/eventually.ts';
import { call } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { launchChromium, seriousAxeFindingsOn } from './support.ts';

const SHOTS = join(import.meta.dirname, '../../test-output/screenshots');
// The agency the local platform knows by name (infra/local/agencies.json).
const AGENCY = 'siping-gxj';

let browser: Browser;
const items = new Map<string, string>();

/** A real PNG: three boxes joined by a line, the shape of a flowchart. */
function flowchartPng(width = 480, height = 120): Uint8Array {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const box = [30, 190, 350].some((left) => x >= left && x < left + 100 && y >= 30 && y < 90);
      const edge =
        [30, 190, 350].some((left) => (x === left || x === left + 99) && y >= 30 && y < 90) ||
        ([30, 89].includes(y) && [30, 190, 350].some((left) => x >= left && x < left + 100));
      const line = y === 60 && x >= 130 && x < 350 && !box;
      const [r, g, b] = edge || line ? [31, 35, 40] : box ? [234, 243, 255] : [255, 255, 255];
      rows.push(r, g, b);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.from(rows))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const eventually = eventuallyWithin(10_000, 150);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  const reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  const png = flowchartPng();
  const inputs = {
    staff: staffInput(),
    duties: dutiesInput(),
    licence: licenceInput(),
    random: randomInspectionInput(),
    contacts: contactsInput(),
    flowchart: flowchartInput({
      attachments: [{ name: '行政处罚流程图.png', contentType: 'image/png', size: png.length }],
    }),
  };
  for (const [name, body] of Object.entries(inputs)) {
    const created = await call('POST', '/v1/catalog/items', { token: submitter, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const upload of created.body.uploads as { url: string; headers: Record<string, string> }[]) {
      const { 'content-length': _length, ...headers } = upload.headers;
      expect((await fetch(upload.url, { method: 'PUT', headers, body: png })).status).toBe(200);
    }
    const reviewed = await call('POST', `/v1/catalog/items/${created.body.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '同意公开' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    items.set(name, created.body.id);
  }
  for (const id of items.values()) {
    await eventually(async () => {
      const reply = await call('GET', `/v1/catalog/items/${id}`, { token: submitter });
      expect(reply.body.status).toBe('published');
    });
  }
  // A law change on the licence item: its page and the index say what it owes, and by when (R10).
  const recorded = await call('POST', '/v1/catalog/law-changes', {
    token: submitter,
    body: {
      title: `${HAZCHEM_REGULATION}修订`,
      kind: 'regulation',
      effectiveDate: shanghaiDate(new Date()),
      itemIds: [items.get('licence')],
    },
  });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
  await eventually(async () => {
    const page = await fetch(new URL(`catalog/${AGENCY}/index.html`, inject('siteUrl')));
    expect(await page.text()).toContain('待更新');
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width, height: 900 },
    locale: 'zh-CN',
    javaScriptEnabled: false,
  });
  const response = await page.goto(new URL(path, inject('siteUrl')).href);
  expect(response?.status()).toBe(200);
  return page;
}

async function seriousAxeFindings(page: Page) {
  // axe needs script; the page itself is read without it.
  const scripted = await browser.newPage({ viewport: page.viewportSize() ?? { width: 1280, height: 900 } });
  await scripted.goto(page.url());
  const findings = await seriousAxeFindingsOn(scripted);
  await scripted.close();
  return findings;
}

describe('the catalogue on the public site in Chromium (R10)', () => {
  it('is linked from every page and lists the agency', async () => {
    // Any page: here an item's (the decisions' index may not exist yet on this platform).
    const home = await open(`catalog/${AGENCY}/${items.get('duties')}.html`);
    await home.getByRole('navigation', { name: '网站导航' }).getByRole('link', { name: '事前公开' }).click();
    await home.waitForURL(/catalog\/index\.html$/);
    expect(await home.locator('h1').textContent()).toBe('事前公开');
    await home.getByRole('link', { name: '四平市工业和信息化局' }).click();
    await home.waitForURL(new RegExp(`catalog/${AGENCY}/index\\.html$`));
    expect(await seriousAxeFindings(home)).toEqual([]);
    await home.screenshot({ path: join(SHOTS, 'catalog-agency.png'), fullPage: true });
  });

  it('groups the agency’s items by the 23 items of §四(四), with the update a law change asks for', async () => {
    const page = await open(`catalog/${AGENCY}/index.html`);
    const headings = await page.locator('main h2').allTextContents();
    expect(headings).toHaveLength(23);
    expect(headings[1]).toBe('2. 行政执法人员信息');
    expect(headings[16]).toBe('17. 行政执法职权运行流程图');
    const licence = page.locator('section', { has: page.getByRole('heading', { name: /^5\. / }) });
    expect(await licence.textContent()).toContain('应当于');
    const phone = await open(`catalog/${AGENCY}/index.html`, 375);
    const overflow = await phone.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(SHOTS, 'catalog-agency-phone.png'), fullPage: true });
  });

  it('shows an item with its flowchart, its staff or its inspection list, accessible and without JavaScript', async () => {
    const flowchart = await open(`catalog/${AGENCY}/${items.get('flowchart')}.html`);
    const image = flowchart.getByRole('img', { name: /行政处罚流程图/ });
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(480);
    expect(await seriousAxeFindings(flowchart)).toEqual([]);
    await flowchart.screenshot({ path: join(SHOTS, 'catalog-flowchart.png'), fullPage: true });

    const staff = await open(`catalog/${AGENCY}/${items.get('staff')}.html`);
    expect(await staff.getByRole('table').getByRole('columnheader').allTextContents()).toEqual([
      '姓名',
      '执法证件号',
      '执法区域或类别',
    ]);
    expect(await seriousAxeFindings(staff)).toEqual([]);

    const random = await open(`catalog/${AGENCY}/${items.get('random')}.html`, 375);
    expect(await random.locator('main').textContent()).toContain('抽查频次');
    expect(await seriousAxeFindings(random)).toEqual([]);
    await random.screenshot({ path: join(SHOTS, 'catalog-random-phone.png'), fullPage: true });

    const licence = await open(`catalog/${AGENCY}/${items.get('licence')}.html`);
    expect(await licence.getByRole('note').textContent()).toContain('待更新');
    expect(await seriousAxeFindings(licence)).toEqual([]);
    await licence.screenshot({ path: join(SHOTS, 'catalog-item-update-due.png'), fullPage: true });
  });
});
