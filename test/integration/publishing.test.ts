import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Config } from '../../infra/local/aws-config.ts';
import { matchesOutsideDigests } from '../fixtures/digests.ts';
import { residentIdCheck } from '../fixtures/ids.ts';
import { agencyId, companyPenalty, personPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call } from './support/http.ts';
import { allSiteObjects } from './support/site-objects.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-pub');
let submitter: string;
let reviewer: string;
let s3: S3Client;

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
});
afterAll(() => s3.destroy());

async function site(path: string) {
  const response = await fetch(new URL(path, inject('siteUrl')));
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/**
 * Polls until the check passes: the platform publishes from the stream, within seconds. The window is a
 * deadline for convergence on a loaded machine, not a timing under test (npm run bench measures time).
 */
const eventually = eventuallyWithin(30_000);

async function submitAndApprove(body: unknown) {
  const created = await call('POST', '/v1/decisions', { token: submitter, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await call('POST', `/v1/decisions/${created.body.id}/review`, {
    token: reviewer,
    body: { outcome: 'approve', comment: '同意公开' },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body;
}

async function published(id: string) {
  return eventually(async () => {
    const reply = await call('GET', `/v1/decisions/${id}`, { token: submitter });
    expect(reply.body.status).toBe('published');
    return reply.body;
  });
}

describe('publishing to the public site', () => {
  it('puts an approved decision on the site: page, JSON, feeds, listing, sitemap', async () => {
    const decision = await submitAndApprove(companyPenalty());
    const record = await published(decision.id);
    expect(record.publishedAt).toEqual(expect.any(String));
    expect(record.deadlines.expiry.due).toEqual(expect.any(String));

    const page = await site(`decisions/${decision.id}.html`);
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.text).toContain(decision.caseNumber);
    expect(page.text).toContain('四平市鑫达化工有限公司');
    const json = JSON.parse((await site(`decisions/${decision.id}.json`)).text);
    expect(json).toMatchObject({ id: decision.id, caseNumber: decision.caseNumber });

    const feed = JSON.parse((await site('feed.json')).text);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(JSON.stringify(feed.items)).toContain(decision.id);
    expect((await site('atom.xml')).text).toContain(decision.id);
    expect((await site('index.html')).text).toContain(decision.caseNumber);
    expect((await site('sitemap.xml')).status).toBe(200);

    const audit = await call('GET', `/v1/decisions/${decision.id}/audit`, { token: submitter });
    expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'approve',
      'publish',
    ]);
    expect(audit.body.verification.valid).toBe(true);
  });

  it('replaces a revoked decision by its notice, with a tombstone in atom.xml', async () => {
    const decision = await submitAndApprove(companyPenalty());
    await published(decision.id);
    const withdrawn = await call('POST', `/v1/decisions/${decision.id}/withdraw`, {
      token: submitter,
      body: { reason: 'revoked', explanation: '原处罚决定已被四平市人民政府行政复议决定撤销' },
    });
    expect(withdrawn.status).toBe(200);
    const notice = await eventually(async () => {
      const page = await site(`decisions/${decision.id}.html`);
      expect(page.text).toContain('行政复议决定撤销');
      return page;
    });
    expect(notice.text).toContain(decision.caseNumber);
    expect(notice.text).not.toContain('四平市鑫达化工有限公司');
    expect(notice.text).not.toContain('危险化学品安全管理制度');
    const json = (await site(`decisions/${decision.id}.json`)).text;
    expect(json).not.toContain('四平市鑫达化工有限公司');
    expect((await site('atom.xml')).text).toMatch(/at:deleted-entry[^>]*ref="[^"]*/);
  });

  it('removes a decision published in error from every page, listing and feed', async () => {
    const decision = await submitAndApprove(companyPenalty({ result: '罚款人民币壹拾万元（误发）' }));
    await published(decision.id);
    await call('POST', `/v1/decisions/${decision.id}/withdraw`, {
      token: submitter,
      body: { reason: 'published_in_error', explanation: '不应公开而公开' },
    });
    await eventually(async () => expect((await site(`decisions/${decision.id}.html`)).status).toBe(404));
    expect((await site(`decisions/${decision.id}.json`)).status).toBe(404);
    const objects = await allSiteObjects(s3, inject('siteBucket'));
    for (const [key, body] of objects) {
      if (key === 'atom.xml') continue; // the tombstone names the id, by design
      expect(body.includes('壹拾万元（误发）'), key).toBe(false);
    }
    expect(
      JSON.parse((await site('feed.json')).text)
        .items.map((i: { id: string }) => i.id)
        .join(),
    ).not.toContain(decision.id);
  });

  it('shows a correction with its date and history once the correction is approved', async () => {
    const decision = await submitAndApprove(companyPenalty());
    const first = await published(decision.id);
    const corrected = await call('PUT', `/v1/decisions/${decision.id}`, {
      token: submitter,
      body: { ...first.decision, result: '罚款人民币肆万元' },
      headers: { 'if-match': `"${first.version}"` },
    });
    expect(corrected.body).toMatchObject({ status: 'published', pendingRevision: 2 });
    // Until the correction is approved the published page stays as it was (R8).
    expect((await site(`decisions/${decision.id}.html`)).text).toContain('罚款人民币伍万元');
    await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
    });
    const page = await eventually(async () => {
      const p = await site(`decisions/${decision.id}.html`);
      expect(p.text).toContain('罚款人民币肆万元');
      return p;
    });
    expect(page.text).toContain('更正于');
  });

  it('never lets a never-publish decision or an unmasked personal number reach the site (crawl)', async () => {
    const minor = await call('POST', '/v1/decisions', {
      token: submitter,
      body: personPenalty('2010-05-01', { result: '未成年人案件结果' }),
    });
    await call('POST', `/v1/decisions/${minor.body.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
    });
    const secret = await call('POST', '/v1/decisions', {
      token: submitter,
      body: companyPenalty({ result: '商业秘密案件结果', exemption: { reason: 'trade_secret' } }),
    });
    await call('POST', `/v1/decisions/${secret.body.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
    });
    const adult = await submitAndApprove(personPenalty('1985-03-12'));
    await published(adult.id);

    const objects = await allSiteObjects(s3, inject('siteBucket'));
    expect(objects.size).toBeGreaterThan(5);
    for (const [key, body] of objects) {
      for (const match of matchesOutsideDigests(body, /(?<!\d)\d{17}[\dXx](?!\d)/g)) {
        const id = match[0].toUpperCase();
        expect(residentIdCheck(id.slice(0, 17)) === id.slice(17), `${key} holds an unmasked ID ${id}`).toBe(
          false,
        );
      }
      expect(
        matchesOutsideDigests(body, /(?<!\d)1[3-9]\d{9}(?!\d)/g).map((m) => m[0]),
        key,
      ).toEqual([]);
      expect(body.includes('欧阳明华'), key).toBe(false);
      expect(body.includes('未成年人案件结果'), key).toBe(false);
      expect(body.includes('商业秘密案件结果'), key).toBe(false);
      expect(body.includes(minor.body.caseNumber), key).toBe(false);
      expect(body.includes(secret.body.caseNumber), key).toBe(false);
    }
  });
});
