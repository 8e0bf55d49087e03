import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
/**
 * The scorecard on the integration project's platform: a decision published through the API, the scheduled
 * handler run as of now, and scorecard.html opened in Chromium with its charts and their numbers.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/aws-config.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty } from '../integration/fixtures/decisions.ts';
import { call } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { launchChromium } from './support.ts';

let browser: Browser;
const agency = agencyId('siping-score');

beforeAll(async () => {
  const submitter = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
  const reviewer = await tokenFor({ agency, roles: ['reviewer'], user: 'wang.fang' });
  const created = await call('POST', '/v1/decisions', {
    token: submitter,
    body: companyPenalty({ decisionDate: shanghaiDate(new Date()) }),
  });
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
    await page.close();
  });
});
