/**
 * Issue 21, item 6: a first visit finds no dead links. A new site (nothing published, no catalogue item, the
 * scorecard not yet run), built as the local platform builds it (the rebuild of an empty table), on a bucket
 * and table of this file's own, behind a site server of its own: every link of the front page into the site
 * answers 200, and a missing key answers with the site's own 404.html and status 404, as CloudFront does.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../infra/local/aws-config.ts';
import { type RunningSiteServer, startSiteServer } from '../../infra/local/site-server.ts';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import { systemClock } from '../../shared/adapters/ids.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import { rebuildSite } from '../../shared/app/rebuild-site.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import { freshTable } from './support/tables.ts';

let s3: S3Client;
let server: RunningSiteServer;
let documents: ReturnType<typeof createDocumentClient>;
const bucket = `gongshi-first-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  client.destroy();
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  server = await startSiteServer({ port: 0, s3, bucket });
  // As infra/local/platform.ts builds a new site: the publisher's composition, on this file's table and bucket.
  documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
  const store = new DynamoDecisionStore({ client: documents, tableName });
  await rebuildSite({
    store,
    scanner: store,
    agencies: new DynamoAgencyDirectory({ client: documents, tableName }),
    calendar: createDefaultCalendar(),
    clock: systemClock,
    site: new S3SiteBucket({ s3, bucket }),
    log: new DynamoTransparencyLog({ client: documents, tableName }),
    siteConfig: {
      siteUrl: `${server.url}/`,
      title: '行政执法决定公示',
      correctionFormUrl: 'correction.html',
    },
  });
});

afterAll(async () => {
  await server?.close();
  documents?.destroy();
  s3?.destroy();
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
    const front = await fetch(`${server.url}/`);
    expect(front.status).toBe(200);
    const links = siteLinks(await front.text(), `${server.url}/`);
    // The header's links to the catalogue and the scorecard, whose writers have not written them yet, among them.
    expect(links).toEqual(
      expect.arrayContaining([`${server.url}/catalog/index.html`, `${server.url}/scorecard.html`]),
    );

    const answers = await Promise.all(
      links.map(async (link) => [link, (await fetch(link, { redirect: 'manual' })).status] as const),
    );

    expect(answers.filter(([, status]) => status !== 200)).toEqual([]);
  });

  it('finds the catalogue and the scorecard saying in Chinese that there is nothing yet, and when', async () => {
    const catalog = await (await fetch(`${server.url}/catalog/index.html`)).text();
    const scorecard = await (await fetch(`${server.url}/scorecard.html`)).text();

    expect(catalog).toContain('目前还没有执法机关公开事前公开信息');
    expect(scorecard).toContain('统计尚未生成');
    expect(scorecard).toMatch(/统计由定时任务每日\d+时（北京时间）生成/);
  });

  it('finds the catalogue and the scorecard in the sitemap', async () => {
    const index = await (await fetch(`${server.url}/sitemap.xml`)).text();
    const sitemaps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string);
    expect(sitemaps).toContain(`${server.url}/sitemaps/site.xml`);
    const pages = await Promise.all(sitemaps.map(async (url) => (await fetch(url)).text()));
    const urls = pages.flatMap((body) => [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));

    expect(urls).toEqual(
      expect.arrayContaining([`${server.url}/catalog/index.html`, `${server.url}/scorecard.html`]),
    );
  });

  it('answers a missing key with the site’s own 404 page and status 404', async () => {
    const own = await (await fetch(`${server.url}/404.html`)).text();
    expect(own).toContain('您要找的页面不存在');

    for (const path of ['/decisions/01J0000000000000000000000.html', '/months/2025-09.html', '/nothing']) {
      const answer = await fetch(`${server.url}${path}`);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(await answer.text(), path).toBe(own);
    }
  });
});
