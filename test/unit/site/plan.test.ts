import { describe, expect, it } from 'vitest';
import type { PublicDecisionDocument } from '../../../shared/domain/projection.ts';
import { planStaticAssets } from '../../../shared/site/assets.ts';
import { keysToRead, planSiteChange } from '../../../shared/site/plan.ts';
import { sitemapIndex, siteSitemap } from '../../../shared/site/sitemap.ts';
import type { SiteEvent } from '../../../shared/site/types.ts';
import { usccFrom } from '../../fixtures/ids.ts';
import {
  Bucket,
  companyContent,
  config,
  documentOf,
  keysOf,
  linkedDecisionPages,
  publish,
  withdraw,
} from './site-fixtures.ts';

const SEPT = '2025-09-29T02:00:00Z';
const id = (n: number) => `01K5DEC${String(n).padStart(19, '0')}`;

function company(n: number, overrides: Partial<typeof companyContent> = {}): PublicDecisionDocument {
  return documentOf(id(n), {
    ...companyContent,
    caseNumber: `四工信罚〔2025〕${n}号`,
    party: {
      ...companyContent.party,
      name: `四平市第${n}化工有限公司`,
      idNumber: usccFrom(`91220300MA0Y4K${String(n).padStart(3, '0')}`),
      legalRepresentative: `代表${n}号`,
    },
    content: `第${n}号案件的执法内容`,
    result: `第${n}号案件的处理结果`,
    legalBasis: `第${n}号案件的执法依据`,
    ...overrides,
  });
}

/** Publication instants in one month, one minute apart. */
const minute = (n: number, base = '2025-09-01T01:00:00Z') =>
  new Date(Date.parse(base) + n * 60_000).toISOString();

describe('keysToRead', () => {
  it('names the feed and the month list, then the one listing part they lead to: nothing that grows with the month', () => {
    const event = publish(company(1), SEPT);
    expect(keysToRead(event)).toEqual(['feed.json', 'data/months.json']);
    // A month not in the list yet: its first part.
    expect(
      keysToRead(
        event,
        new Map([
          ['feed.json', undefined],
          ['data/months.json', undefined],
        ]),
      ),
    ).toEqual(['feed.json', 'data/months.json', 'data/2025-09.ndjson']);
    const bucket = new Bucket();
    bucket.apply(publish(company(2), minute(1, SEPT)));
    // The month's last part, and the key a new part would take.
    expect([...bucket.read(event).keys()]).toEqual([
      'feed.json',
      'data/months.json',
      'data/2025-09.ndjson',
      'data/2025-09-2.ndjson',
    ]);
    // 2025-09-30T16:30Z is already 1 October in Shanghai.
    const october = withdraw(company(1), '2025-09-30T16:30:00Z', 'revoked', '2025-11-01T00:00:00Z');
    expect([...bucket.read(october).keys()]).toEqual([
      'feed.json',
      'data/months.json',
      'data/2025-10.ndjson',
    ]);
  });
});

describe('a publish', () => {
  it('writes the pages first, then the listings that link to them, then the feeds and the index', () => {
    const bucket = new Bucket();
    const operations = bucket.apply(publish(company(1), SEPT));
    expect(keysOf(operations)).toEqual([
      `decisions/${id(1)}.html`,
      `decisions/${id(1)}.json`,
      'data/2025-09.ndjson',
      'data/2025-09.csv',
      'sitemaps/2025-09.xml',
      'months/2025-09.html',
      'sitemap.xml',
      'dataset.json',
      'data/months.json',
      'feed.json',
      'atom.xml',
      'index.html',
    ]);
  });

  it('writes nine objects when its month, agency and type are already known', () => {
    const bucket = new Bucket();
    bucket.apply(publish(company(1), SEPT));
    const operations = bucket.apply(publish(company(2), minute(2, SEPT)));
    expect(keysOf(operations)).toEqual([
      `decisions/${id(2)}.html`,
      `decisions/${id(2)}.json`,
      'data/2025-09.ndjson',
      'data/2025-09.csv',
      'sitemaps/2025-09.xml',
      'months/2025-09.html',
      'feed.json',
      'atom.xml',
      'index.html',
    ]);
  });

  it('rewrites the month list, sitemap index and dataset when a new agency, type or month appears', () => {
    const bucket = new Bucket();
    bucket.apply(publish(company(1), SEPT));
    const otherAgency = { ...company(2), agency: { id: 'sp-scjg', name: '四平市市场监督管理局' } };
    expect(keysOf(bucket.apply(publish(otherAgency, minute(3, SEPT))))).toContain('data/months.json');
    const license = { ...company(3), actionType: 'license' as const, actionTypeLabel: '行政许可' };
    expect(keysOf(bucket.apply(publish(license, minute(4, SEPT))))).toContain('data/months.json');
    const october = keysOf(bucket.apply(publish(company(4), '2025-10-09T02:00:00Z')));
    expect(october).toEqual(expect.arrayContaining(['sitemap.xml', 'dataset.json', 'data/months.json']));

    const months = JSON.parse(bucket.get('data/months.json'));
    expect(months.months.map((m: { month: string }) => m.month)).toEqual(['2025-09', '2025-10']);
    expect(months.agencies.map((a: { id: string }) => a.id)).toEqual(['sp-gxj', 'sp-scjg']);
    expect(months.actionTypes).toEqual(['license', 'penalty']);
    expect(bucket.get('sitemap.xml')).toContain('<loc>https://gongshi.example/sitemaps/2025-10.xml</loc>');
    const index = bucket.get('index.html');
    expect(index).toContain('href="months/2025-09.html"');
    expect(index).toContain('href="months/2025-10.html"');
    expect(index).toContain('<option value="sp-scjg">四平市市场监督管理局</option>');
    expect(index).toContain('<option value="license">行政许可</option>');
  });

  it('writes as many objects whatever the number of decisions already in other months', () => {
    const small = new Bucket();
    small.apply(publish(company(1), '2023-01-05T02:00:00Z'));
    small.apply(publish(company(2), SEPT));
    const large = new Bucket();
    let n = 10;
    for (let month = 0; month < 24; month++) {
      const base = new Date(Date.UTC(2023, month, 3, 2)).toISOString();
      for (let k = 0; k < 5; k++) large.apply(publish(company(n++), minute(k, base)));
    }
    large.apply(publish(company(2), SEPT));
    const next = company(3);
    expect(small.plan(publish(next, minute(5, SEPT)))).toHaveLength(9);
    expect(large.plan(publish(next, minute(5, SEPT)))).toHaveLength(9);
  });

  it('lists the decision in its month shard, month page, CSV, sitemap, feeds and index', () => {
    const bucket = new Bucket();
    bucket.apply(publish(company(1), SEPT));
    const url = `https://gongshi.example/decisions/${id(1)}.html`;
    expect(JSON.parse(bucket.get('data/2025-09.ndjson'))).toMatchObject({
      id: id(1),
      status: 'published',
      url,
    });
    expect(bucket.get('months/2025-09.html')).toContain(`href="../decisions/${id(1)}.html"`);
    expect(bucket.get('data/2025-09.csv')).toContain(url);
    expect(bucket.get('sitemaps/2025-09.xml')).toContain(`<loc>${url}</loc>`);
    expect(bucket.get('atom.xml')).toContain(`<id>${url}</id>`);
    expect(bucket.get('index.html')).toContain(`href="decisions/${id(1)}.html"`);
    const feed = JSON.parse(bucket.get('feed.json'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items[0]).toMatchObject({ id: url, url, date_published: '2025-09-29T02:00:00.000Z' });
    expect(feed._gongshi.monthCounts).toEqual({ '2025-09': 1 });
  });

  it('describes the open data per month, in NDJSON and CSV', () => {
    const bucket = new Bucket();
    bucket.apply(publish(company(1), SEPT));
    bucket.apply(publish(company(2), '2025-10-09T02:00:00Z'));
    const dataset = JSON.parse(bucket.get('dataset.json'));
    expect(dataset).toMatchObject({
      '@context': 'https://schema.org/',
      '@type': 'Dataset',
      temporalCoverage: '2025-09/2025-10',
    });
    expect(dataset.name).toBeTruthy();
    expect(dataset.description).toBeTruthy();
    expect(dataset.license).toBeTruthy();
    expect(dataset.distribution).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          encodingFormat: 'application/x-ndjson',
          contentUrl: 'https://gongshi.example/data/2025-10.ndjson',
        }),
        expect.objectContaining({
          encodingFormat: 'text/csv',
          contentUrl: 'https://gongshi.example/data/2025-09.csv',
        }),
      ]),
    );
  });
});

describe('a correction', () => {
  it('replaces the entry everywhere instead of adding one, and dates the feed item (R8)', () => {
    const bucket = new Bucket();
    bucket.apply(publish(company(1), SEPT));
    bucket.apply(publish(company(2), minute(1, SEPT)));
    const corrected = company(1, { result: '更正后的处理结果', caseNumber: '四工信罚〔2025〕1号' });
    bucket.apply(publish({ ...corrected, revision: 2 }, SEPT, [{ revision: 2, at: '2025-10-09T01:00:00Z' }]));

    const shard = bucket
      .get('data/2025-09.ndjson')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(shard.map((e) => e.id)).toEqual([id(1), id(2)]);
    expect(shard[0]).toMatchObject({
      revision: 2,
      result: '更正后的处理结果',
      corrections: [{ revision: 2 }],
    });
    const month = bucket.get('months/2025-09.html');
    expect(month.split(`decisions/${id(1)}.html`)).toHaveLength(2);
    expect(month).toContain('更正于 <time datetime="2025-10-09T01:00:00.000Z">2025-10-09</time>');

    const feed = JSON.parse(bucket.get('feed.json'));
    expect(feed.items.filter((i: { id: string }) => i.id.includes(id(1)))).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ date_modified: '2025-10-09T01:00:00.000Z' });
    expect(feed.items[0].content_text).toContain('更正后的处理结果');
    for (const [key, body] of bucket.objects) expect(body, key).not.toContain('第1号案件的处理结果');
  });
});

describe('a withdrawal with a notice (R7)', () => {
  const bucket = new Bucket();
  const document = company(1);
  bucket.apply(publish(document, SEPT));
  bucket.apply(publish(company(2), minute(1, SEPT)));
  const event = withdraw(document, SEPT, 'revoked', '2025-10-02T03:00:00Z', '经行政复议，原决定已被撤销。');
  const operations = bucket.apply(event);
  const withdrawnText = [
    '四平市第1化工有限公司',
    document.party.idNumber,
    '代表1号',
    '第1号案件的执法内容',
    '第1号案件的处理结果',
    '第1号案件的执法依据',
  ];

  it('updates the listings and feeds first, then replaces both pages by the notice', () => {
    expect(keysOf(operations)).toEqual([
      'data/2025-09.ndjson',
      'data/2025-09.csv',
      'sitemaps/2025-09.xml',
      'months/2025-09.html',
      'feed.json',
      'atom.xml',
      'index.html',
      `decisions/${id(1)}.json`,
      `decisions/${id(1)}.html`,
    ]);
    expect(bucket.get(`decisions/${id(1)}.html`)).toContain('已撤下：四工信罚〔2025〕1号');
    expect(JSON.parse(bucket.get(`decisions/${id(1)}.json`)).status).toBe('withdrawn');
  });

  it('keeps an entry marked 已撤下 in the month listing, without the party', () => {
    const month = bucket.get('months/2025-09.html');
    const entry = month.slice(
      month.indexOf('entry-withdrawn'),
      month.indexOf('</li>', month.indexOf('entry-withdrawn')),
    );
    expect(entry).toContain('已撤下');
    expect(entry).toContain('原决定被依法撤销');
    expect(entry).toContain(`decisions/${id(1)}.html`);
  });

  it('leaves nothing of the withdrawn content on the whole site', () => {
    for (const [key, body] of bucket.objects) {
      for (const text of withdrawnText) expect(body, `${key} shows ${text}`).not.toContain(text);
    }
    expect(bucket.get('data/2025-09.csv')).toContain('第2号案件的执法内容');
  });

  it('puts an RFC 6721 tombstone in atom.xml with the reason and the explanation', () => {
    const atom = bucket.get('atom.xml');
    const url = `https://gongshi.example/decisions/${id(1)}.html`;
    expect(atom).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(atom).toContain(`<at:deleted-entry ref="${url}" when="2025-10-02T03:00:00.000Z">`);
    expect(atom).toContain(
      '<at:comment xml:lang="zh-CN">原决定被依法撤销：经行政复议，原决定已被撤销。</at:comment>',
    );
    expect(atom).not.toContain(`<id>${url}</id>`);
    const feed = JSON.parse(bucket.get('feed.json'));
    expect(feed._gongshi.tombstones[0]).toMatchObject({ ref: url, reason: 'revoked', notice: url });
    expect(feed.items[0]).toMatchObject({
      title: '已撤下：四工信罚〔2025〕1号',
      date_modified: '2025-10-02T03:00:00.000Z',
    });
  });
});

describe.each(['published_in_error', 'expired'] as const)('a withdrawal for %s (R8, R6)', (reason) => {
  const bucket = new Bucket();
  const document = company(1);
  bucket.apply(publish(document, SEPT));
  bucket.apply(publish(company(2), minute(1, SEPT)));
  const operations = bucket.apply(withdraw(document, SEPT, reason, '2025-10-02T03:00:00Z', '不应公开。'));

  it('unlinks it everywhere first, then deletes both pages', () => {
    expect(keysOf(operations).slice(-2)).toEqual([`-decisions/${id(1)}.json`, `-decisions/${id(1)}.html`]);
    expect(bucket.objects.has(`decisions/${id(1)}.html`)).toBe(false);
    expect(bucket.objects.has(`decisions/${id(1)}.json`)).toBe(false);
  });

  it('removes the id from every object but the tombstones', () => {
    for (const [key, body] of bucket.objects) {
      if (key === 'atom.xml' || key === 'feed.json') continue;
      expect(body, key).not.toContain(id(1));
    }
    const feed = JSON.parse(bucket.get('feed.json'));
    expect(JSON.stringify(feed.items)).not.toContain(id(1));
    expect(feed._gongshi.tombstones).toEqual([expect.objectContaining({ id: id(1), reason })]);
    expect(feed._gongshi.tombstones[0].notice).toBeUndefined();
    expect(feed._gongshi.monthCounts).toEqual({ '2025-09': 1 });
    const atom = bucket.get('atom.xml');
    expect(atom.match(new RegExp(id(1), 'g'))).toHaveLength(1);
    expect(atom).toContain(`<at:deleted-entry ref="https://gongshi.example/decisions/${id(1)}.html"`);
  });

  it('leaves nothing of its content or party anywhere', () => {
    for (const [key, body] of bucket.objects) {
      expect(body, key).not.toContain('四平市第1化工有限公司');
      expect(body, key).not.toContain('四工信罚〔2025〕1号');
    }
  });
});

describe('the feed', () => {
  it('keeps the latest 100 items, newest change first', () => {
    const bucket = new Bucket();
    for (let n = 1; n <= 120; n++) bucket.apply(publish(company(n), minute(n)));
    const feed = JSON.parse(bucket.get('feed.json'));
    expect(feed.items).toHaveLength(100);
    expect(feed.items[0].id).toContain(id(120));
    expect(feed.items[99].id).toContain(id(21));
    expect(feed._gongshi.monthCounts).toEqual({ '2025-09': 120 });
    const index = bucket.get('index.html');
    expect(index.match(/class="entry[ "]/g)).toHaveLength(50);
    expect(index).toContain('<span class="count">120 项</span>');
    expect(bucket.get('months/2025-09.html').match(/class="entry[ "]/g)).toHaveLength(120);
  });
});

describe('redelivery', () => {
  const first = company(1);
  const steps: [string, SiteEvent][] = [
    ['a publish', publish(first, SEPT)],
    ['a correction', publish({ ...first, revision: 2 }, SEPT, [{ revision: 2, at: '2025-10-01T00:00:00Z' }])],
    ['a notice withdrawal', withdraw(first, SEPT, 'redo_ordered', '2025-10-03T00:00:00Z')],
    ['a removal', withdraw(company(2), minute(1, SEPT), 'published_in_error', '2025-10-03T00:00:00Z')],
  ];

  it.each(steps)('of %s leaves the same objects', (_name, event) => {
    const bucket = new Bucket();
    bucket.apply(publish(company(2), minute(1, SEPT)));
    bucket.apply(publish(first, SEPT));
    bucket.apply(event);
    const once = bucket.snapshot();
    bucket.apply(event);
    expect(bucket.snapshot()).toEqual(once);
  });

  it('after a write failed halfway finishes the job', () => {
    const bucket = new Bucket();
    const event = publish(company(1), SEPT);
    const operations = bucket.plan(event);
    // Only the pages and the shard made it before the failure.
    for (const op of operations.slice(0, 3))
      if (op.op === 'put') bucket.objects.set(op.object.key, op.object.body);
    bucket.apply(event);
    const clean = new Bucket();
    clean.apply(event);
    expect(bucket.snapshot()).toEqual(clean.snapshot());
  });
});

describe('state the site cannot read', () => {
  it('stops the plan rather than overwrite a month with less', () => {
    const event = publish(company(1), SEPT);
    const current = new Map([
      ['data/2025-09.ndjson', '{"id":'],
      ['feed.json', undefined],
      ['data/months.json', undefined],
    ]);
    expect(() => planSiteChange(event, current, config)).toThrow(/unreadable/);
    expect(() => planSiteChange(event, new Map([['feed.json', '[]']]), config)).toThrow(/not a Gongshi feed/);
  });

  it('refuses an id that could name a key outside decisions/', () => {
    const evil = { ...company(1), id: '../index' };
    expect(() => planSiteChange(publish(evil, SEPT), new Map(), config)).toThrow(/cannot name a page/);
  });
});

describe('sitemaps', () => {
  it('are one file per listing part, all in the index', () => {
    const bucket = new Bucket();
    const small = { ...config, listingPartSize: 2 };
    for (let n = 1; n <= 5; n++) bucket.apply(publish(company(n), minute(n)), undefined, small);
    expect([...bucket.objects.keys()].filter((k) => k.startsWith('sitemaps/')).sort()).toEqual([
      'sitemaps/2025-09-2.xml',
      'sitemaps/2025-09-3.xml',
      'sitemaps/2025-09.xml',
    ]);
    expect(
      ['sitemaps/2025-09.xml', 'sitemaps/2025-09-2.xml', 'sitemaps/2025-09-3.xml'].map(
        (k) => bucket.get(k).match(/<url>/g)?.length,
      ),
      // The month page, its decisions, and their companies' pages (ADR 0017), each company once a part.
    ).toEqual([5, 5, 3]);
    expect(bucket.get('sitemaps/2025-09.xml')).toMatch(
      /<loc>https:\/\/gongshi\.example\/companies\/[0-9A-Z]{18}\.html<\/loc>/,
    );
    const index = bucket.get('sitemap.xml');
    expect(index.match(/<sitemap>/g)).toHaveLength(4);
    expect(index).toContain('<loc>https://gongshi.example/sitemaps/2025-09-3.xml</loc>');
    expect(sitemapIndex([{ month: '2025-09' as never, parts: [{ publishedAt: '' }] }], config)).toContain(
      '<loc>https://gongshi.example/sitemaps/2025-09.xml</loc>',
    );
  });

  it('cover the month pages, the catalogue and the scorecard', () => {
    const bucket = new Bucket();
    const small = { ...config, listingPartSize: 2 };
    for (let n = 1; n <= 3; n++) bucket.apply(publish(company(n), minute(n)), undefined, small);
    // Each listing part names its own month page, first, with the last change of its entries.
    expect(bucket.get('sitemaps/2025-09.xml')).toMatch(
      /<urlset[^>]*>\n {2}<url><loc>https:\/\/gongshi\.example\/months\/2025-09\.html<\/loc><lastmod>[^<]+<\/lastmod><\/url>/,
    );
    expect(bucket.get('sitemaps/2025-09-2.xml')).toContain(
      '<loc>https://gongshi.example/months/2025-09-2.html</loc>',
    );
    // The pages of no month: in a sitemap of their own, named first by the index, on an empty site too.
    const site = siteSitemap(config);
    expect(site.key).toBe('sitemaps/site.xml');
    expect([...site.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual([
      'https://gongshi.example/index.html',
      'https://gongshi.example/catalog/index.html',
      'https://gongshi.example/scorecard.html',
      'https://gongshi.example/correction.html',
      'https://gongshi.example/transparency/index.html',
    ]);
    expect(planStaticAssets(config)).toContainEqual({
      op: 'put',
      object: expect.objectContaining({ key: 'sitemaps/site.xml', body: site.body }),
    });
    expect(bucket.get('sitemap.xml')).toMatch(
      /<sitemapindex[^>]*>\n {2}<sitemap><loc>https:\/\/gongshi\.example\/sitemaps\/site\.xml<\/loc>/,
    );
    expect(sitemapIndex([], config)).toContain('<loc>https://gongshi.example/sitemaps/site.xml</loc>');
  });

  it('list only pages that exist', () => {
    const bucket = new Bucket();
    bucket.apply(publish(company(1), SEPT));
    bucket.apply(publish(company(2), minute(1, SEPT)));
    bucket.apply(withdraw(company(2), minute(1, SEPT), 'published_in_error', '2025-10-01T00:00:00Z'));
    for (const [key, body] of bucket.objects) {
      for (const page of linkedDecisionPages(body))
        expect(bucket.objects.has(page), `${key} → ${page}`).toBe(true);
    }
  });
});
