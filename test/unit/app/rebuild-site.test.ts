import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import {
  correctDecision,
  reviewDecision,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import {
  type MonthFlush,
  publicSideOf,
  type RebuildDependencies,
  rebuildSite,
} from '../../../shared/app/rebuild-site.ts';
import { syncLogToSite, type TransparencyDependencies } from '../../../shared/app/transparency.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import type { Actor, DecisionContent, WithdrawReason } from '../../../shared/domain/decision.ts';
import type { Dependencies } from '../../../shared/ports.ts';
import { residentIdBornOn, SIPING_COMPANY_USCC } from '../../fixtures/ids.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const AGENCY = 'siping-gxj';
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
const SITE_URL = 'https://gongshi.example/';

let cases = 0;
function company(overrides: Partial<Record<string, unknown>> = {}): DecisionContent {
  cases += 1;
  return {
    caseNumber: `四工信罚〔2025〕${cases}号`,
    actionType: 'penalty',
    party: {
      kind: 'legal_person',
      name: `四平市第${cases}化工有限公司`,
      idType: 'uscc',
      idNumber: SIPING_COMPANY_USCC,
    },
    method: '现场检查',
    content: '未按规定落实危险化学品安全管理制度',
    legalBasis: '《危险化学品安全管理条例》第八十条',
    result: '罚款人民币伍万元',
    penalty: { types: ['fine'], fineYuan: 50000 },
    decisionDate: '2025-08-28',
    ...overrides,
  } as unknown as DecisionContent;
}

function person(): DecisionContent {
  const id = residentIdBornOn('1985-03-12');
  return company({
    party: { kind: 'natural_person', name: '欧阳明华', idType: 'resident_id', idNumber: id },
    content: `欧阳明华（身份证号${id}，电话13812345678）无证经营。`,
  });
}

/** The memory platform with a clock the test sets; each reading moves it on by 0.1 s, like real work. */
function platform() {
  let now = Date.parse('2025-09-01T02:00:00Z');
  let n = 0;
  const store = new MemoryDecisionStore();
  const site = new MemorySiteBucket();
  const agencies = new MemoryAgencyDirectory();
  const deps: Dependencies & RebuildDependencies = {
    store,
    scanner: store,
    agencies,
    calendar: createDefaultCalendar(),
    clock: {
      now: () => {
        now += 100;
        return new Date(now);
      },
    },
    ids: {
      next: () => {
        n += 1;
        return `D${String(n).padStart(3, '0')}`;
      },
    },
    site,
    log: new MemoryTransparencyLog(),
    siteConfig: { siteUrl: SITE_URL, title: '行政执法决定公示', correctionFormUrl: 'correction.html' },
  };
  const at = (instant: string) => {
    now = Date.parse(instant);
  };
  const publish = async (id: string) => {
    expect(
      await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
  };
  const approve = async (id: string) => {
    await reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '同意公开',
    });
  };
  /** Submitted and approved at `instant`, published (by the stream handler) one second later. */
  const published = async (instant: string, content: DecisionContent = company()) => {
    at(instant);
    const { view } = await submitDecision(deps, { actor: submitter, content });
    await approve(view.id);
    at(new Date(Date.parse(instant) + 1000).toISOString());
    await publish(view.id);
    return view.id;
  };
  const withdrawn = async (instant: string, id: string, reason: Exclude<WithdrawReason, 'expired'>) => {
    at(instant);
    await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason,
      ...(await legalEventFor(deps.store, id, reason)),
      explanation: `因${reason}撤下`,
    });
    expect(await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' })).toBe(
      'withdrawn',
    );
  };
  const corrected = async (instant: string, id: string, content: DecisionContent) => {
    at(instant);
    const version = (await store.get(id))?.decision.version;
    await correctDecision(deps, { actor: submitter, id, ifMatch: version, content });
    await approve(id);
    expect(await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'publishing' })).toBe(
      'published',
    );
  };
  /** R8: a correction submitted and left in review; the page says so, or a notice withholds it meanwhile. */
  const underCorrection = async (
    instant: string,
    id: string,
    content: DecisionContent,
    meanwhile: 'show' | 'withhold',
  ) => {
    at(instant);
    const version = (await store.get(id))?.decision.version;
    await correctDecision(deps, { actor: submitter, id, ifMatch: version, content, meanwhile });
    expect(
      await handleDecisionChange(deps, {
        id,
        oldStatus: 'published',
        newStatus: 'published',
        correctionAfter: true,
      }),
    ).toBe('refreshed');
  };
  return { deps, store, site, agencies, at, published, withdrawn, corrected, underCorrection };
}

/** The site as it stands once the reconcile run has passed: publishers leave transparency/head.json to it. */
async function steady(p: { readonly deps: TransparencyDependencies }): Promise<void> {
  await syncLogToSite(p.deps);
}

/** The site's objects but the 双公示 export, which the rebuild writes and the publisher leaves to its schedule (ADR 0018). */
function snapshot(site: MemorySiteBucket): Map<string, string> {
  return new Map(
    [...site.objects]
      .filter(([k]) => !k.startsWith('exports/'))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, v.body]),
  );
}

/**
 * The incremental site without what a rebuild cannot know of: the tombstones of removed decisions in the
 * feed state and in Atom, and Atom's feed-level <updated>, which may have been one of those takedowns.
 */
function withoutTombstonesOf(objects: Map<string, string>, removed: readonly string[]): Map<string, string> {
  const out = new Map(objects);
  const feed = JSON.parse(out.get('feed.json') ?? '{}');
  feed._gongshi.tombstones = feed._gongshi.tombstones.filter((t: { id: string }) => !removed.includes(t.id));
  out.set('feed.json', `${JSON.stringify(feed, null, 2)}\n`);
  let atom = out.get('atom.xml') ?? '';
  for (const id of removed) {
    const ref = `${SITE_URL}decisions/${id}.html`;
    atom = atom.replace(new RegExp(`  <at:deleted-entry ref="${ref}"[\\s\\S]*?</at:deleted-entry>\\n`), '');
  }
  out.set('atom.xml', normalisedAtom(atom));
  return out;
}

function normalised(objects: Map<string, string>): Map<string, string> {
  const out = new Map(objects);
  const feed = out.get('feed.json');
  if (feed) out.set('feed.json', `${JSON.stringify(JSON.parse(feed), null, 2)}\n`);
  const atom = out.get('atom.xml');
  if (atom) out.set('atom.xml', normalisedAtom(atom));
  return out;
}

const normalisedAtom = (atom: string) => atom.replace(/^ {2}<updated>[^<]*<\/updated>$/m, '  <updated/>');

const monthIn = (key: string) => /\d{4}-\d{2}/.exec(key)?.[0];

describe('rebuilding the site from the records', () => {
  it('runs the publish gate over everything it writes (R4): what it refuses is not written, and what was there is deleted', async () => {
    const p = platform();
    const id = await p.published('2025-09-10T02:00:00Z');
    expect(p.site.objects.has(`decisions/${id}.html`)).toBe(true);
    // An operator registers the agency again with its duty mobile in its name: the one text no mask runs over.
    await p.agencies.putAgency({
      ...(await p.agencies.get(AGENCY)),
      name: '四平市工业和信息化局（值班手机138 1234 5678）',
    });
    const report = await rebuildSite(p.deps);
    expect(report.blocked).toEqual(expect.arrayContaining([{ key: `decisions/${id}.html`, kind: 'mobile' }]));
    expect(JSON.stringify(report.blocked)).not.toContain('1234');
    for (const { key } of report.blocked) expect(p.site.objects.has(key), key).toBe(false);
    for (const [key, object] of p.site.objects) {
      expect(`${key}: ${object.body}`).not.toContain('138 1234 5678');
    }
  });

  it('gives the site the incremental publisher wrote, after objects were lost, damaged or left behind', async () => {
    const p = platform();
    // Three months of publications; a correction, a revocation with its notice, a removal.
    const sep1 = await p.published('2025-09-10T02:00:00Z');
    const sep2 = await p.published('2025-09-20T02:00:00Z', person());
    const oct1 = await p.published('2025-10-09T02:00:00Z');
    const oct2 = await p.published(
      '2025-10-15T02:00:00Z',
      company({ actionType: 'license', penalty: undefined }),
    );
    const nov1 = await p.published('2025-11-03T02:00:00Z');
    const nov2 = await p.published('2025-11-04T02:00:00Z');
    await p.corrected('2025-10-20T02:00:00Z', sep1, company({ result: '罚款人民币肆万元' }));
    await p.withdrawn('2025-11-10T02:00:00Z', oct1, 'revoked');
    await p.withdrawn('2025-11-11T02:00:00Z', nov2, 'published_in_error');
    // Never public: still waiting for review.
    p.at('2025-11-12T02:00:00Z');
    const pending = (await submitDecision(p.deps, { actor: submitter, content: company() })).view.id;

    await steady(p);
    const incremental = snapshot(p.site);
    expect(incremental.has(`decisions/${nov2}.html`)).toBe(false);
    expect(incremental.get('feed.json')).toContain(`"id": "${nov2}"`);

    // The damage: lost objects, a corrupted index, a stray, and the page of the removed decision back
    // from an old copy of the bucket.
    for (const key of [`decisions/${oct2}.html`, 'data/2025-10.ndjson', 'feed.json', 'months/2025-09.html']) {
      await p.site.delete(key);
    }
    await p.site.delete('assets/site.css');
    const damaged = { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' };
    await p.site.put({ key: 'index.html', body: '<p>garbage</p>', ...damaged });
    await p.site.put({ key: 'junk/stray.txt', body: 'stray', ...damaged });
    await p.site.put({ key: `decisions/${nov2}.html`, body: '<p>removed content</p>', ...damaged });
    await p.site.put({ key: 'sitemaps/2024-01.xml', body: '<urlset/>', ...damaged });

    const flushes: MonthFlush[] = [];
    const progress: [number, number, string][] = [];
    const report = await rebuildSite(p.deps, {
      onMonthFlush: (flush) => flushes.push(flush),
      onProgress: (done, total, month) => progress.push([done, total, month]),
    });

    const rebuilt = snapshot(p.site);
    expect([...rebuilt.keys()]).toEqual([...incremental.keys()]);
    expect(normalised(rebuilt)).toEqual(withoutTombstonesOf(incremental, [nov2]));
    // The only differences, before normalising: the removed decision's takedown in the feeds.
    const differing = [...incremental.keys()].filter((key) => incremental.get(key) !== rebuilt.get(key));
    expect(differing.sort()).toEqual(['atom.xml', 'feed.json']);
    expect(rebuilt.get('feed.json')).not.toContain(nov2);
    expect(rebuilt.get('atom.xml')).toContain(`${SITE_URL}decisions/${oct1}.html`);
    expect(rebuilt.has('junk/stray.txt')).toBe(false);
    expect(rebuilt.has(`decisions/${nov2}.html`)).toBe(false);
    expect(rebuilt.has(`decisions/${pending}.json`)).toBe(false);
    // The notice of the revoked decision, not its content (R7); the correction's history (R8).
    expect(rebuilt.get(`decisions/${oct1}.html`)).not.toContain('危险化学品');
    expect(rebuilt.get(`decisions/${sep1}.html`)).toContain('更正于');

    expect(report).toEqual({
      decisions: 5,
      months: 3,
      written: expect.any(Number),
      deleted: 3,
      removed: 1,
      skipped: 0,
      // The incremental publisher logged every decision already.
      logged: 0,
      blocked: [],
    });
    expect(progress.at(-1)).toEqual([5, 5, '2025-11']);
    expect([sep2, nov1].every((id) => rebuilt.has(`decisions/${id}.json`))).toBe(true);

    // Bounded memory: while a month is written the overlay holds its files and the carried state only.
    expect(flushes.map((f) => f.month)).toEqual(['2025-09', '2025-10', '2025-11']);
    for (const flush of flushes) {
      const monthKeys = flush.overlayKeys.filter((key) => monthIn(key) !== undefined);
      expect(new Set(monthKeys.map(monthIn))).toEqual(new Set([flush.month]));
      expect(flush.overlayKeys.length - monthKeys.length).toBeLessThanOrEqual(6);
      expect(flush.bufferedMonths).toEqual([flush.month]);
    }
  });

  it('writes each object once: two pages per decision, four files per month, the log, the shared state at the end', async () => {
    const p = platform();
    await p.published('2025-09-10T02:00:00Z');
    await p.published('2025-09-11T02:00:00Z');
    await p.published('2025-10-01T02:00:00Z');
    await steady(p);
    const incremental = snapshot(p.site);
    const empty = new MemorySiteBucket();
    const report = await rebuildSite({ ...p.deps, site: empty });
    const statics = [...incremental.keys()].filter((key) =>
      // The static assets and (on a bucket without them) the catalogue and scorecard placeholders.
      /^(assets\/|404\.html|correction\.html|transparency\/index\.html|sitemaps\/site\.xml|catalog\/index\.html|scorecard\.html)/.test(
        key,
      ),
    );
    // And the transparency log from the table: its one chunk and its head (ADR 0007); per month its 双公示 export,
    // two CSVs and an XLSX (ADR 0018); and the search index with the company pages (ADR 0017).
    const search = [...incremental.keys()].filter((key) => /^(search|companies)\//.test(key));
    expect(report.written).toBe(3 * 2 + 2 * 4 + 6 + statics.length + 2 + 2 * 3 + search.length);
    expect([...empty.objects.keys()].filter((key) => key.startsWith('exports/')).sort()).toEqual([
      'exports/2025-09-xzcf.csv',
      'exports/2025-09-xzxk.csv',
      'exports/2025-09.xlsx',
      'exports/2025-10-xzcf.csv',
      'exports/2025-10-xzxk.csv',
      'exports/2025-10.xlsx',
    ]);
    expect(empty.log.filter((w) => w.op === 'put').length).toBe(report.written);
    expect(new Set(empty.log.map((w) => w.key)).size).toBe(empty.log.length);
    // The month list says "done": it goes last.
    expect(empty.log.at(-1)?.key).toBe('data/months.json');
    expect(snapshot(empty)).toEqual(incremental);
  });

  it('writes every month in listing parts and converges a site written in the old layout (ADR 0009)', async () => {
    const p = platform();
    const small = { ...p.deps, siteConfig: { ...p.deps.siteConfig, listingPartSize: 3 } };
    Object.assign(p.deps, { siteConfig: small.siteConfig });
    const ids: string[] = [];
    for (let day = 10; day < 17; day++) ids.push(await p.published(`2025-09-${day}T02:00:00Z`));
    await p.withdrawn('2025-09-20T02:00:00Z', ids[1] as string, 'published_in_error');
    const lines = (site: MemorySiteBucket) =>
      [...site.objects]
        .filter(([key]) => /^data\/2025-09(-\d+)?\.ndjson$/.test(key))
        .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1))
        .flatMap(([, o]) => o.body.trim().split('\n'));
    await steady(p);
    const incremental = lines(p.site);
    expect(p.site.objects.has('data/2025-09-3.ndjson')).toBe(true);
    // Left over from the old layout: a second sitemap of a month and a month list without parts.
    await p.site.put({
      key: 'sitemaps/2025-09-9.xml',
      body: '<urlset/>',
      contentType: 'application/xml',
      cacheControl: '',
    });
    await rebuildSite(small);
    expect(lines(p.site)).toEqual(incremental);
    expect(p.site.objects.has('sitemaps/2025-09-9.xml')).toBe(false);
    // Re-cut in full parts from the first entry on: 6 entries, two parts of three.
    const months = JSON.parse(p.site.objects.get('data/months.json')?.body ?? '{}');
    expect(months.months[0].parts).toHaveLength(2);
    expect(p.site.objects.has('data/2025-09-3.ndjson')).toBe(false);
    expect(JSON.parse(p.site.objects.get('feed.json')?.body ?? '{}')._gongshi.partCounts).toEqual({
      '2025-09': [3, 3],
    });
    expect(p.site.objects.get('months/2025-09.html')?.body).toContain(
      'rel="next" href="../months/2025-09-2.html"',
    );
    const once = snapshot(p.site);
    await rebuildSite(small);
    expect(snapshot(p.site)).toEqual(once);
  });

  it('refuses to empty a site when the table holds nothing public (a wrong or empty table)', async () => {
    const p = platform();
    await p.published('2025-09-10T02:00:00Z');
    const before = snapshot(p.site);
    const emptyTable = new MemoryDecisionStore();
    await expect(rebuildSite({ ...p.deps, scanner: emptyTable, store: emptyTable })).rejects.toThrow(
      'refusing to empty the site',
    );
    expect(snapshot(p.site)).toEqual(before);
  });

  it('gives a new site with nothing published its front page, empty feeds, sitemap index and dataset description', async () => {
    const p = platform();
    const emptyTable = new MemoryDecisionStore();
    await rebuildSite({ ...p.deps, scanner: emptyTable, store: emptyTable });
    for (const key of [
      'index.html',
      'feed.json',
      'atom.xml',
      'sitemap.xml',
      'dataset.json',
      'assets/site.css',
    ])
      expect(p.site.objects.has(key), key).toBe(true);
    expect(JSON.parse(p.site.objects.get('feed.json')?.body ?? '{}').items).toEqual([]);
    expect(p.site.objects.get('index.html')?.body).toContain('<html lang="zh-CN"');
    expect([...p.site.objects.keys()].some((key) => key.startsWith('decisions/'))).toBe(false);
  });

  it('files a decision approved in the last second of a month under that month, as the publisher did', async () => {
    const p = platform();
    await p.published('2025-09-10T02:00:00Z');
    // Approved 23:59:59.5 on 30 September in Shanghai, published after midnight: the record says October.
    const late = await p.published('2025-09-30T15:59:59.500Z');
    expect((await p.store.get(late))?.decision.publishedAt?.startsWith('2025-09-30T16:00:00')).toBe(true);
    await p.published('2025-10-09T02:00:00Z');
    // Its notice replaces it in September's listing, not in October's.
    await p.withdrawn('2025-10-20T02:00:00Z', late, 'redo_ordered');
    await steady(p);
    const incremental = snapshot(p.site);
    expect(incremental.get('data/2025-09.ndjson')).toContain(`"id":"${late}"`);
    expect(incremental.get('data/2025-10.ndjson')).not.toContain(late);

    const empty = new MemorySiteBucket();
    const flushes: MonthFlush[] = [];
    await rebuildSite({ ...p.deps, site: empty }, { onMonthFlush: (flush) => flushes.push(flush) });
    expect(snapshot(empty)).toEqual(incremental);
    // September is written again with October, one month at a time.
    expect(flushes.map((f) => f.month)).toEqual(['2025-09', '2025-09', '2025-10']);
    for (const flush of flushes) {
      const months = flush.overlayKeys.map(monthIn).filter((m) => m !== undefined);
      expect(new Set(months)).toEqual(new Set([flush.month]));
    }
  });

  it('gives, object by object, the site the publisher wrote for a generated history across months and parts', async () => {
    const p = platform();
    Object.assign(p.deps, { siteConfig: { ...p.deps.siteConfig, listingPartSize: 4 } });
    // A deterministic generator: the same history on every run.
    let state = 19;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const ids: string[] = [];
    const lastOfMonth: string[] = [];
    // Four months, decisions at the same instant, one approved in the last second of each month.
    for (const [month, last] of [
      ['2025-09', 30],
      ['2025-10', 31],
      ['2025-11', 30],
      ['2025-12', 31],
    ] as const) {
      const instants = [`${month}-${last}T15:59:59.500Z`];
      for (let k = 0; k < 9; k++) {
        const day = String(1 + next(last - 1)).padStart(2, '0');
        instants.push(`${month}-${day}T0${next(3)}:00:00Z`);
      }
      for (const instant of instants.sort()) {
        const content =
          next(3) === 0
            ? person()
            : company(next(2) === 0 ? { actionType: 'license', penalty: undefined } : {});
        ids.push(await p.published(instant, content));
      }
      lastOfMonth.push(ids.pop() as string);
    }
    const pick = () => ids.splice(next(ids.length), 1)[0] as string;
    let day = 1;
    const later = () => `2026-01-${String(day++).padStart(2, '0')}T02:00:00Z`;
    for (let k = 0; k < 4; k++) await p.corrected(later(), pick(), company({ result: `更正后的结果${k}` }));
    const shown = pick();
    await p.underCorrection(later(), shown, company({ result: '更正中' }), 'show');
    await p.underCorrection(later(), pick(), company({ result: '暂停公开' }), 'withhold');
    await p.withdrawn(later(), pick(), 'revoked');
    await p.withdrawn(later(), pick(), 'redo_ordered');
    // Removed from the end of their month: the publisher never re-flows a part, the rebuild cuts them afresh.
    const removed = lastOfMonth.slice(1, 3);
    for (const id of removed) await p.withdrawn(later(), id, 'published_in_error');
    await steady(p);
    const incremental = snapshot(p.site);
    expect(incremental.has('data/2025-09-2.ndjson')).toBe(true);
    expect(incremental.get(`decisions/${shown}.html`)).toContain('更正');

    const empty = new MemorySiteBucket();
    const report = await rebuildSite({ ...p.deps, site: empty });
    const rebuilt = snapshot(empty);
    expect(report.decisions).toBe(38);
    expect([...rebuilt.keys()]).toEqual([...incremental.keys()]);
    const expected = withoutTombstonesOf(incremental, removed);
    for (const [key, body] of normalised(rebuilt)) expect(body, key).toBe(expected.get(key));
  });

  it('tells what the site shows from a scanned record alone', () => {
    const base = { id: 'D1', publicRevision: 1 } as const;
    expect(publicSideOf({ ...base, status: 'published', publishedAt: '2025-09-30T16:00:00Z' })).toEqual({
      kind: 'shown',
      month: '2025-10',
    });
    // A correction on its way still shows; a first publication on its way is the publisher's.
    expect(publicSideOf({ ...base, status: 'publishing', publishedAt: '2025-09-01T00:00:00Z' })?.kind).toBe(
      'shown',
    );
    expect(publicSideOf({ ...base, status: 'publishing' })).toBeUndefined();
    const withdrawn = { ...base, status: 'withdrawn', withdrawnAt: '2025-11-01T00:00:00Z' } as const;
    expect(publicSideOf({ ...withdrawn, withdrawalReason: 'revoked' })).toEqual({
      kind: 'shown',
      month: '2025-11',
    });
    expect(publicSideOf({ ...withdrawn, withdrawalReason: 'published_in_error' })).toEqual({
      kind: 'removed',
    });
    expect(publicSideOf({ ...withdrawn, withdrawalReason: 'expired' })).toEqual({ kind: 'removed' });
    // Annulled before review: never public.
    expect(publicSideOf({ id: 'D2', status: 'withdrawn', withdrawalReason: 'revoked' })).toBeUndefined();
  });
});
