/** ADR 0009: a month's listing in bounded parts; a change reads and writes one part, found by binary search. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WITHDRAW_REASONS, type WithdrawReason } from '../../../shared/domain/decision.ts';
import type { PublicDecisionDocument } from '../../../shared/domain/projection.ts';
import {
  byPublication,
  leavesNotice,
  locatePart,
  type MonthEntry,
  noticeEntry,
  parseMonthShard,
  parseMonthsState,
  publishedEntry,
} from '../../../shared/site/model.ts';
import { splitIntoParts } from '../../../shared/site/plan.ts';
import type { SiteConfig, SiteEvent } from '../../../shared/site/types.ts';
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

const small: SiteConfig = { ...config, listingPartSize: 3 };
const id = (n: number) => `01K5PART${String(n).padStart(18, '0')}`;
const at = (n: number) => new Date(Date.parse('2025-09-01T01:00:00Z') + n * 60_000).toISOString();

function company(n: number, revision = 1): PublicDecisionDocument {
  return documentOf(
    id(n),
    {
      ...companyContent,
      caseNumber: `四工信罚〔2025〕${n}号`,
      party: {
        ...companyContent.party,
        name: `四平市第${n}化工有限公司`,
        idNumber: usccFrom(`91220300MA0Y4K${String(n).padStart(3, '0')}`),
      },
      result: `第${n}号案件第${revision}版的处理结果`,
    },
    revision,
  );
}

/** A bucket with decisions 1…count published a minute apart, in parts of three. */
function bucketWith(count: number): Bucket {
  const bucket = new Bucket();
  for (let n = 1; n <= count; n++) bucket.apply(publish(company(n), at(n)), undefined, small);
  return bucket;
}

const ids = (bucket: Bucket, key: string) => parseMonthShard(key, bucket.objects.get(key)).map((e) => e.id);
const parts = (bucket: Bucket) =>
  parseMonthsState('data/months.json', bucket.get('data/months.json')).months[0]?.parts;

describe('locatePart', () => {
  const starts = [{ publishedAt: '' }, { publishedAt: 'b' }, { publishedAt: 'd' }, { publishedAt: 'f' }];
  it('finds the last part that does not start after the instant, by binary search', () => {
    expect(locatePart(starts, 'a')).toBe(1);
    expect(locatePart(starts, 'b')).toBe(2);
    expect(locatePart(starts, 'c')).toBe(2);
    expect(locatePart(starts, 'd')).toBe(3);
    expect(locatePart(starts, 'z')).toBe(4);
    expect(locatePart([], 'a')).toBe(1);
    // Part 1 takes whatever comes before part 2, whatever instant it started with.
    expect(locatePart([{ publishedAt: 'm' }, { publishedAt: 'p' }], 'a')).toBe(1);
  });

  it('agrees with a linear search on any boundaries', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1 }),
        fc.integer({ min: -5, max: 105 }),
        (raw, x) => {
          const sorted = [...raw]
            .sort((a, b) => a - b)
            .map((n) => ({ publishedAt: String(n).padStart(3, '0') }));
          const key = String(Math.max(0, x)).padStart(3, '0');
          let linear = 1;
          for (let i = 1; i < sorted.length; i++) if ((sorted[i]?.publishedAt ?? '') <= key) linear = i + 1;
          expect(locatePart(sorted, key)).toBe(linear);
        },
      ),
    );
  });
});

describe('listing parts', () => {
  it('append to the last part until it is full', () => {
    const bucket = bucketWith(3);
    expect(ids(bucket, 'data/2025-09.ndjson')).toEqual([id(1), id(2), id(3)]);
    expect(bucket.objects.has('data/2025-09-2.ndjson')).toBe(false);
    expect(parts(bucket)).toEqual([{ publishedAt: at(1) }]);
  });

  it('start a new part when the last is full, link the full one to it and name it in every list', () => {
    const bucket = bucketWith(3);
    const operations = bucket.apply(publish(company(4), at(4)), undefined, small);
    expect(keysOf(operations)).toEqual([
      `decisions/${id(4)}.html`,
      `decisions/${id(4)}.json`,
      'data/2025-09-2.ndjson',
      'data/2025-09-2.csv',
      'sitemaps/2025-09-2.xml',
      'months/2025-09-2.html',
      'months/2025-09.html',
      'sitemap.xml',
      'dataset.json',
      'data/months.json',
      'feed.json',
      'atom.xml',
      'index.html',
    ]);
    expect(ids(bucket, 'data/2025-09-2.ndjson')).toEqual([id(4)]);
    expect(parts(bucket)).toEqual([{ publishedAt: at(1) }, { publishedAt: at(4) }]);
    expect(bucket.get('months/2025-09.html')).toContain('<a rel="next" href="../months/2025-09-2.html">');
    expect(bucket.get('months/2025-09-2.html')).toContain('<a rel="prev" href="../months/2025-09.html">');
    expect(bucket.get('months/2025-09-2.html')).not.toContain('rel="next"');
    expect(bucket.get('sitemap.xml')).toContain('sitemaps/2025-09-2.xml');
    expect(bucket.get('dataset.json')).toContain('https://gongshi.example/data/2025-09-2.csv');
    expect(JSON.parse(bucket.get('feed.json'))._gongshi).toMatchObject({
      monthCounts: { '2025-09': 4 },
      partCounts: { '2025-09': [3, 1] },
    });
    // The next publication writes the last part, its pages and the feeds only: nine objects.
    expect(keysOf(bucket.apply(publish(company(5), at(5)), undefined, small))).toHaveLength(9);
  });

  it('read and rewrite only the part of a corrected decision, however many parts follow', () => {
    const bucket = bucketWith(10);
    expect(parts(bucket)).toHaveLength(4);
    const correction = publish(company(2, 2), at(2), [{ revision: 2, at: '2025-10-02T00:00:00Z' }]);
    expect([...bucket.read(correction).keys()]).toEqual([
      'feed.json',
      'data/months.json',
      'data/2025-09.ndjson',
    ]);
    const before = bucket.snapshot();
    const operations = bucket.apply(correction, undefined, small);
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
    expect(ids(bucket, 'data/2025-09.ndjson')).toEqual([id(1), id(2), id(3)]);
    expect(bucket.get('data/2025-09.ndjson')).toContain('第2号案件第2版的处理结果');
    for (const key of [
      'data/2025-09-2.ndjson',
      'data/2025-09-3.ndjson',
      'data/2025-09-4.ndjson',
      'data/months.json',
    ])
      expect(bucket.get(key)).toBe(before.get(key));
  });

  it('leave a part shorter when a withdrawal removes an entry, and never re-flow the later parts', () => {
    const bucket = bucketWith(7);
    const before = bucket.snapshot();
    const operations = bucket.apply(
      withdraw(company(5), at(5), 'published_in_error', '2025-10-02T00:00:00Z'),
      undefined,
      small,
    );
    expect(keysOf(operations)).not.toContain('data/months.json');
    expect(ids(bucket, 'data/2025-09-2.ndjson')).toEqual([id(4), id(6)]);
    expect(bucket.get('data/2025-09.ndjson')).toBe(before.get('data/2025-09.ndjson'));
    expect(bucket.get('data/2025-09-3.ndjson')).toBe(before.get('data/2025-09-3.ndjson'));
    expect(JSON.parse(bucket.get('feed.json'))._gongshi.partCounts).toEqual({ '2025-09': [3, 2, 1] });
    // A notice stays in its part, in its place.
    bucket.apply(withdraw(company(1), at(1), 'revoked', '2025-10-03T00:00:00Z'), undefined, small);
    expect(ids(bucket, 'data/2025-09.ndjson')).toEqual([id(1), id(2), id(3)]);
    expect(bucket.get('months/2025-09.html')).toContain('entry-withdrawn');
    // The next publication still goes to the last part.
    bucket.apply(publish(company(8), at(8)), undefined, small);
    expect(ids(bucket, 'data/2025-09-3.ndjson')).toEqual([id(7), id(8)]);
  });

  it('take a late arrival into the part its instant belongs to, even a full one', () => {
    const bucket = bucketWith(6);
    // Approved at minute 2½ but published after 6: it belongs between 2 and 3, in part 1.
    const late = new Date(Date.parse(at(2)) + 30_000).toISOString();
    bucket.apply(publish(company(9), late), undefined, small);
    expect(ids(bucket, 'data/2025-09.ndjson')).toEqual([id(1), id(2), id(9), id(3)]);
    expect(parts(bucket)).toHaveLength(2);
  });

  it('adopt a part written by a publish that stopped before the month list', () => {
    const bucket = bucketWith(3);
    const event = publish(company(4), at(4));
    for (const op of bucket.plan(event, small).slice(0, 3))
      if (op.op === 'put') bucket.objects.set(op.object.key, op.object.body);
    expect(parts(bucket)).toHaveLength(1);
    bucket.apply(publish(company(5), at(5)), undefined, small);
    // The listings are as if it had finished (its feed item comes with its own retry, which the stream makes).
    const clean = bucketWith(5);
    const listings = (b: Bucket) =>
      [...b.snapshot()].filter(([key]) =>
        /^(data|months|sitemaps)\/|^sitemap\.xml$|^dataset\.json$/.test(key),
      );
    expect(listings(bucket)).toEqual(listings(clean));
    expect(JSON.parse(bucket.get('feed.json'))._gongshi.partCounts).toEqual({ '2025-09': [3, 2] });
  });

  it('read a site written before parts existed as one part per month, and go on from there', () => {
    const bucket = bucketWith(2);
    // The old layout: the whole month in data/2025-09.ndjson and a month list without parts.
    bucket.objects.set(
      'data/months.json',
      JSON.stringify({ months: [{ month: '2025-09', sitemapParts: 1 }], agencies: [], actionTypes: [] }),
    );
    const feed = JSON.parse(bucket.get('feed.json'));
    delete feed._gongshi.partCounts;
    bucket.objects.set('feed.json', JSON.stringify(feed));
    bucket.apply(publish(company(3), at(3)), undefined, small);
    expect(ids(bucket, 'data/2025-09.ndjson')).toEqual([id(1), id(2), id(3)]);
    expect(parts(bucket)).toEqual([{ publishedAt: '' }]);
    bucket.apply(publish(company(4), at(4)), undefined, small);
    expect(parts(bucket)).toEqual([{ publishedAt: '' }, { publishedAt: at(4) }]);
    expect(JSON.parse(bucket.get('feed.json'))._gongshi.partCounts).toEqual({ '2025-09': [3, 1] });
  });

  it('are cut by the rebuild where the publisher would have cut them', () => {
    const bucket = bucketWith(8);
    const entries = [1, 2, 3, 4, 5, 6, 7, 8].map(
      (n) => JSON.parse(bucket.get(`decisions/${id(n)}.json`)) as MonthEntry,
    );
    const cut = splitIntoParts(entries.reverse(), small);
    expect(cut.parts.map((p) => p.map((e) => e.id))).toEqual([
      [id(1), id(2), id(3)],
      [id(4), id(5), id(6)],
      [id(7), id(8)],
    ]);
    expect(cut.starts).toEqual(parts(bucket));
  });

  it('page the month accessibly: a navigation landmark, rel prev and next, the current page marked', () => {
    const bucket = bucketWith(7);
    const middle = bucket.get('months/2025-09-2.html');
    expect(middle).toContain('<nav class="pagination" aria-label="2025年9月的分页">');
    expect(middle).toContain('<li aria-current="page">第 2 页</li>');
    expect(middle).toContain('rel="prev" href="../months/2025-09.html"');
    expect(middle).toContain('rel="next" href="../months/2025-09-3.html"');
    expect(middle).toContain('<h1>2025年9月公示的行政执法决定（第 2 页）</h1>');
    expect(middle).toContain('href="../data/2025-09-2.csv"');
    // A month of one part has no pagination at all.
    expect(bucketWith(2).get('months/2025-09.html')).not.toContain('pagination');
    for (const [key, body] of bucket.objects)
      for (const page of linkedDecisionPages(body))
        expect(bucket.objects.has(page), `${key} → ${page}`).toBe(true);
  });
});

// ---- the property: the parts together are the listing the whole-month planner kept ----------------------------

type Step =
  | { readonly kind: 'publish'; readonly target: number }
  | { readonly kind: 'correct'; readonly target: number }
  | { readonly kind: 'withdraw'; readonly target: number; readonly reason: WithdrawReason };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('publish' as const), target: fc.nat({ max: 29 }) }), weight: 4 },
  fc.record({ kind: fc.constant('correct' as const), target: fc.nat({ max: 29 }) }),
  fc.record({
    kind: fc.constant('withdraw' as const),
    target: fc.nat({ max: 29 }),
    reason: fc.constantFrom(...WITHDRAW_REASONS),
  }),
);

describe('the union of the parts', () => {
  it('equals, entry for entry and in order, the full-history listing, for any publishes, corrections and withdrawals', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        (steps, minutes, size) => {
          const siteConfig = { ...config, listingPartSize: size };
          const bucket = new Bucket();
          // What the old planner kept: every entry of the month, sorted by publication.
          const reference = new Map<string, MonthEntry>();
          const revisions = new Map<number, number>();
          const withdrawn = new Set<number>();
          // Instants collide (ties) and arrive out of order (late arrivals); two months.
          const instant = (n: number) =>
            new Date(Date.parse('2025-09-29T15:00:00Z') + (minutes[n] ?? 0) * 7 * 60_000).toISOString();
          for (const step of steps) {
            const n = step.target;
            if (withdrawn.has(n)) continue;
            let event: SiteEvent;
            if (step.kind === 'withdraw') {
              if (!revisions.has(n)) continue;
              event = withdraw(company(n, revisions.get(n)), instant(n), step.reason, '2025-10-09T00:00:00Z');
              withdrawn.add(n);
              if (leavesNotice(step.reason) && event.kind === 'withdraw')
                reference.set(id(n), noticeEntry(event, siteConfig));
              else reference.delete(id(n));
            } else {
              const revision =
                step.kind === 'correct' && revisions.has(n)
                  ? (revisions.get(n) ?? 1) + 1
                  : (revisions.get(n) ?? 1);
              revisions.set(n, revision);
              const corrections = Array.from({ length: revision - 1 }, (_, i) => ({
                revision: i + 2,
                at: `2025-10-0${Math.min(9, i + 1)}T00:00:00.000Z`,
              }));
              event = publish(company(n, revision), instant(n), corrections);
              if (event.kind === 'publish') reference.set(id(n), publishedEntry(event, siteConfig));
            }
            bucket.apply(event, undefined, siteConfig);
          }
          const months = parseMonthsState('data/months.json', bucket.objects.get('data/months.json'));
          const union: MonthEntry[] = [];
          for (const { month, parts: starts } of months.months) {
            const counts: number[] = [];
            for (const [i, start] of starts.entries()) {
              const key = i === 0 ? `data/${month}.ndjson` : `data/${month}-${i + 1}.ndjson`;
              const entries = parseMonthShard(key, bucket.get(key));
              const next = starts[i + 1];
              for (const e of entries) {
                // Every entry lies within its part's bounds.
                if (i > 0) expect(e.publishedAt >= start.publishedAt).toBe(true);
                if (next) expect(e.publishedAt < next.publishedAt).toBe(true);
              }
              expect(entries).toEqual([...entries].sort(byPublication));
              counts.push(entries.length);
              union.push(...entries);
            }
            expect(JSON.parse(bucket.get('feed.json'))._gongshi.partCounts[month]).toEqual(counts);
          }
          expect(union).toEqual(sortByMonth([...reference.values()]));
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** Months in order, each month's entries in publication order: the concatenation of the old month files. */
function sortByMonth(entries: readonly MonthEntry[]): MonthEntry[] {
  const month = (e: MonthEntry) =>
    new Date(Date.parse(e.publishedAt) + 8 * 3_600_000).toISOString().slice(0, 7);
  return [...entries].sort((a, b) =>
    month(a) !== month(b) ? (month(a) < month(b) ? -1 : 1) : byPublication(a, b),
  );
}
