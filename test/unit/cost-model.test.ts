import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../shared/adapters/memory/agency-directory.ts';
import { MemoryDecisionStore } from '../../shared/adapters/memory/decision-store.ts';
import { MemorySiteBucket } from '../../shared/adapters/memory/site-bucket.ts';
import { MemoryTransparencyLog } from '../../shared/adapters/memory/transparency-log.ts';
import { reviewDecision, submitDecision } from '../../shared/app/decisions.ts';
import { handleDecisionChange, type PublisherDependencies } from '../../shared/app/publish.ts';
import { withdrawalSweep } from '../../shared/app/sweeps.ts';
import { transparencyCheckpoint } from '../../shared/app/transparency.ts';
import {
  CN_NORTHWEST_1_LIST_PRICES,
  CNY_PER_USD_ASSUMED,
  type CostInputs,
  CUSTOM_METRIC_COUNT,
  cronInvocationsInMonth,
  cronInvocationsInYear,
  DEFAULT_COUNTS,
  estimateYearlyCost,
  fixedCounts,
  LIFECYCLE_STEPS,
  type OperationCounts,
  PRICE_REGIONS,
  PRICES,
  PRICES_CN_NORTHWEST_1,
  PROOF_FILE_PUTS,
  REFERENCE_YEAR,
  SERVICES,
} from '../../shared/cost-model.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import type { Actor } from '../../shared/domain/decision.ts';
import { FUNCTION_NAMES } from '../../shared/manifest.ts';
import type { Dependencies } from '../../shared/ports.ts';
import { SCHEDULES } from '../../shared/schedules.ts';
import { companyPenaltyContent } from '../fixtures/decisions.ts';
import { KEY } from '../fixtures/signing-keys.ts';

const inputs = (decisionsPerYear: number, more: Partial<CostInputs> = {}): CostInputs => ({
  decisionsPerYear,
  publicViewsPerDecision: 20,
  functionCount: FUNCTION_NAMES.length,
  ...more,
});

describe('the yearly cost', () => {
  it('grows linearly in decisions for the per-decision part, in every service', () => {
    for (const n of [10_000, 100_000, 1_000_000]) {
      const one = estimateYearlyCost(inputs(n));
      const two = estimateYearlyCost(inputs(2 * n));
      expect(two.perDecision / one.perDecision).toBeCloseTo(2, 9);
      for (const service of SERVICES) {
        expect(two.services[service].perDecision).toBeCloseTo(2 * one.services[service].perDecision, 6);
      }
    }
  });

  it('has a fixed part that does not depend on the decisions or their readers', () => {
    const fixed = [0, 10_000, 10_000_000].map(
      (n) => estimateYearlyCost(inputs(n, { publicViewsPerDecision: n === 0 ? 0 : 500 })).fixed,
    );
    expect(fixed[0]).toBeGreaterThan(0);
    expect(new Set(fixed).size).toBe(1);
    // Nothing but the fixed part when nothing is submitted.
    expect(estimateYearlyCost(inputs(0)).total).toBe(fixed[0]);
  });

  it('counts two alarms more for every function', () => {
    const few = fixedCounts({ functionCount: 10 });
    const more = fixedCounts({ functionCount: 11 });
    expect(more.alarms - few.alarms).toBe(2);
    const cost = (functionCount: number) => estimateYearlyCost(inputs(1, { functionCount })).fixed;
    expect(cost(11) - cost(10)).toBeCloseTo(2 * 0.1 * 12, 9);
  });

  it('keeps the listing-part rewrites apart: bounded per decision by the part size, never quadratic (ADR 0009)', () => {
    const one = estimateYearlyCost(inputs(100_000));
    const two = estimateYearlyCost(inputs(200_000));
    // Both volumes fill a part a month and more: the cost per decision stays the same (but for the new parts).
    expect(two.partRewrite.averageEntriesRewritten).toBe(one.partRewrite.averageEntriesRewritten);
    expect(two.services.lambda.listingParts / one.services.lambda.listingParts).toBeCloseTo(2, 6);
    const ten = estimateYearlyCost(inputs(10_000_000));
    expect(ten.listingParts / 10_000_000).toBeLessThan((1.01 * one.listingParts) / 100_000);
    expect(one.total).toBeCloseTo(one.perDecision + one.fixed + one.listingParts, 9);
    // Without noncurrent versions only the publisher's extra time and the new parts' writes remain.
    const unversioned = estimateYearlyCost(inputs(100_000, { aggregateNoncurrentVersionDays: 0 }));
    expect(unversioned.services.s3.listingParts).toBeCloseTo((12 * 16 * 4 * 0.005) / 1000, 9);
    expect(unversioned.services.lambda.listingParts).toBe(one.services.lambda.listingParts);
  });

  it('accumulates records forever and pages for 2 or 5 years', () => {
    const year = (yearOfOperation: number) =>
      estimateYearlyCost(inputs(100_000, { yearOfOperation })).storage;
    expect(year(2).dynamoDbGb).toBeCloseTo(2 * year(1).dynamoDbGb, 9);
    expect(year(10).dynamoDbGb).toBeCloseTo(10 * year(1).dynamoDbGb, 9);
    expect(year(5).siteGb).toBeGreaterThan(year(2).siteGb);
    // Every class has reached its retention: as many come down a year as go up.
    expect(year(6).siteGb).toBeCloseTo(year(20).siteGb, 9);
    expect(year(6).siteGbMonths).toBeCloseTo(year(20).siteGbMonths, 9);
    // Half the first year on average.
    expect(year(1).siteGbMonths).toBeCloseTo((year(1).siteGb * 12) / 2, 9);
  });

  it('matches a hand computation of DynamoDB at 1 000 000 decisions to the cent', () => {
    const n = 1_000_000;
    // Writes per decision: submit 35 (transaction 2×(5+2+1+1+1) + 3 index entries of 5), approve 41
    // (2×(5+2+1) + byAgencyStatus moved 2×5 + 3×5), publish 50 (2×(5+1+1: the activity item) + 2×5 + 4×5, and the
    // log's append 2×(1+1+1)), expire 39 (2×(5+1+1) + 2×5 + 3×5), takedown 33 (2×(5+1) + 3×5, and the log's append 6),
    // and ADR 0022's auditByDay index: the 5 audit events' entries, 1 each.
    const writes = (35 + 41 + 50 + 39 + 33 + 5) * n * (0.625 / 1e6);
    // Reads per decision: an index entry is 4500/4096/2 units, a get (META + REV, 6.5 KB) 2, an agency 1; the log's
    // head once (the append's; head.json is the reconcile run's) and its chunk query once, 1 each, on publish and takedown.
    const entry = 4500 / 4096 / 2;
    const readUnits =
      2 + // submit: idempotency 1, agency 1 (ADR 0010: counted as a miss of the handler's cache)
      (2 + 1 + 3 * entry) + // review screen and three list pages
      3 + // approve: get, agency
      (3 + 2) + // publish (get, agency), and the log
      12 * entry + // deadline sweep
      350 * (entry + 2 + 1 + 2) + // scorecard: the cohort's entry and get, the activity item and get
      entry + // expire: the index entry is the whole item; the agency is read once per run
      (3 + 2) + // takedown, and the log
      (5 * 600) / 4096 / 2; // ADR 0022: the day's export reads the 5 audit events from auditByDay once
    const reads = readUnits * n * (0.125 / 1e6);
    // Half a year on average of 25 600 bytes (table 12 900 with the log's two entries and two markers and the two
    // activity items, two GSI copies 9 200, and ADR 0022's auditByDay copies of the 5 audit events, 5 × 700), PITR
    // on the table part.
    const storage = ((25_600 * n) / 2 ** 30) * 12 * 0.5 * 0.25;
    const pitr = ((12_900 * n) / 2 ** 30) * 12 * 0.5 * 0.2;
    // Fixed: 105 120 reconcile runs × 2 units (and the log's head), 8 760 deadline × 1, 365 withdrawal × 0.5,
    // 35 040 checkpoints × 2, and the scorecard's 365 runs × 100 agencies × (agency 1 + list 0.5 + activity and
    // inventory queries 3), and 365 audit exports × 3 (ADR 0022).
    const fixed = (105_120 * 2 + 8_760 + 182.5 + 35_040 * 2 + 365 * 100 * 4.5 + 365 * 3) * (0.125 / 1e6);
    const hand = writes + reads + storage + pitr + fixed;

    const dynamoDb = estimateYearlyCost(inputs(n)).services.dynamoDb.total;
    expect(Math.round(hand * 100) / 100).toBe(423.29);
    expect(Math.round(dynamoDb * 100) / 100).toBe(423.29);
  });

  it('matches a hand computation of API Gateway and CloudFront at 1 000 000 decisions', () => {
    const cost = estimateYearlyCost(inputs(1_000_000)).services;
    // 3.15 requests a decision (submit, review screen, approve, 3 list pages of 20) at $1 per million.
    expect(Math.round(cost.apiGateway.total * 100) / 100).toBe(3.15);
    // 20 million views: 30 million requests at $0.01 per 10 000, 15 000 bytes each at $0.085 per GB.
    const cloudFront = 30_000_000 * (0.01 / 10_000) + ((20_000_000 * 15_000) / 2 ** 30) * 0.085;
    expect(Math.round(cost.cloudFront.total * 100) / 100).toBe(Math.round(cloudFront * 100) / 100);
  });

  it('takes plain data a benchmark can fill', () => {
    const measured: OperationCounts = JSON.parse(JSON.stringify(DEFAULT_COUNTS));
    expect(estimateYearlyCost(inputs(50_000), measured)).toEqual(estimateYearlyCost(inputs(50_000)));
    const cheaper = { ...measured, dynamoWriteUnits: measured.dynamoWriteUnits / 2 };
    const full = estimateYearlyCost(inputs(1_000_000)).services.dynamoDb.total;
    const half = estimateYearlyCost(inputs(1_000_000), cheaper).services.dynamoDb.total;
    expect(full - half).toBeCloseTo((DEFAULT_COUNTS.dynamoWriteUnits / 2) * 0.625, 6);
  });

  it('sums the lifecycle steps into the default counts', () => {
    const total = (pick: (s: (typeof LIFECYCLE_STEPS)[number]) => number) =>
      LIFECYCLE_STEPS.reduce((sum, s) => sum + pick(s), 0);
    expect(DEFAULT_COUNTS.dynamoWriteUnits).toBe(total((s) => s.counts.dynamoWriteUnits));
    expect(DEFAULT_COUNTS.s3PutRequests).toBe(total((s) => s.counts.s3PutRequests));
    expect(DEFAULT_COUNTS.apiRequests).toBeCloseTo(
      total((s) => s.counts.apiRequests),
      9,
    );
  });
});

describe('the schedule counts', () => {
  const perDay: Record<string, number> = {
    'withdrawal-sweep': 1,
    'deadline-sweep': 24,
    'recompute-deadlines': 24,
    'reconcile-sweep': 288,
    'site-heartbeat': 96,
    scorecard: 1,
    'transparency-checkpoint': 96,
  };
  const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

  it('fires each row as often a month as its cron says', () => {
    for (const schedule of SCHEDULES) {
      for (let month = 1; month <= 12; month++) {
        const count = cronInvocationsInMonth(schedule.cron, REFERENCE_YEAR, month);
        expect(count, schedule.name).toBeGreaterThan(0);
        const daily = perDay[schedule.name];
        if (daily !== undefined) expect(count, schedule.name).toBe(daily * daysIn(REFERENCE_YEAR, month));
      }
    }
  });

  it('runs the every-5-minutes reconcile sweep 8640 to 8928 times in a 30- or 31-day month', () => {
    const reconcile = SCHEDULES.find((s) => s.name === 'reconcile-sweep');
    expect(reconcile?.cron).toBe('0/5 * * * ? *');
    const cron = reconcile?.cron ?? '';
    expect(cronInvocationsInMonth(cron, 2025, 4)).toBe(8640);
    expect(cronInvocationsInMonth(cron, 2025, 5)).toBe(8928);
    expect(cronInvocationsInMonth(cron, 2025, 2)).toBe(8064);
    expect(cronInvocationsInMonth(cron, 2024, 2)).toBe(8352);
  });

  it('charges the scheduler for every run of the year', () => {
    const total = SCHEDULES.reduce((sum, s) => sum + cronInvocationsInYear(s.cron, REFERENCE_YEAR), 0);
    expect(fixedCounts({ functionCount: 1 }).schedulerInvocations).toBe(total);
    expect(total).toBe(532 * 365);
  });

  it('reads days of the week, ranges, lists, steps and years', () => {
    // October 2025 starts on a Wednesday: 23 weekdays.
    expect(cronInvocationsInMonth('0 9 ? * MON-FRI *', 2025, 10)).toBe(23);
    expect(cronInvocationsInMonth('0 9 ? * 2-6 *', 2025, 10)).toBe(23);
    expect(cronInvocationsInMonth('0,30 8-9 1,15 * ? *', 2025, 10)).toBe(8);
    expect(cronInvocationsInMonth('*/20 0 ? * SUN *', 2025, 11)).toBe(15);
    expect(cronInvocationsInMonth('0 0 1 JAN ? 2026', 2025, 1)).toBe(0);
    expect(cronInvocationsInMonth('0 0 1 JAN ? 2026', 2026, 1)).toBe(1);
    expect(() => cronInvocationsInMonth('0 0 L * ? *', 2025, 1)).toThrow(RangeError);
    expect(() => cronInvocationsInMonth('0 0 * * ?', 2025, 1)).toThrow(RangeError);
  });
});

describe('the counts follow the code', () => {
  it('counts one custom metric per name the code emits', () => {
    const root = join(import.meta.dirname, '../..');
    const names = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          // The name argument, a literal or a choice of literals (review-decision picks one of two).
          for (const call of readFileSync(path, 'utf8').matchAll(/addMetric\(([^;]*?),\s*MetricUnit/g)) {
            for (const name of (call[1] ?? '').matchAll(/'([A-Z]\w+)'/g)) names.add(name[1] as string);
          }
        }
      }
    };
    walk(join(root, 'functions'));
    walk(join(root, 'shared'));
    expect(CUSTOM_METRIC_COUNT).toBe(names.size);
  });

  it('writes as many site objects per publish and takedown as the publisher does', async () => {
    type User = Extract<Actor, { kind: 'user' }>;
    const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
    const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
    const ops = { put: 0, read: 0 };
    class CountingBucket extends MemorySiteBucket {
      override async read(...args: Parameters<MemorySiteBucket['read']>) {
        ops.read += 1;
        return super.read(...args);
      }
      override async put(...args: Parameters<MemorySiteBucket['put']>) {
        ops.put += 1;
        return super.put(...args);
      }
    }
    let now = Date.parse('2025-09-29T02:00:00Z');
    let n = 0;
    const deps: Dependencies & PublisherDependencies = {
      store: new MemoryDecisionStore(),
      agencies: new MemoryAgencyDirectory(),
      calendar: createDefaultCalendar(),
      clock: {
        now: () => {
          now += 1000;
          return new Date(now);
        },
      },
      ids: { next: () => `D${++n}` },
      site: new CountingBucket(),
      log: new MemoryTransparencyLog(),
      siteConfig: {
        siteUrl: 'https://gongshi.example/',
        title: '公示',
        correctionFormUrl: 'correction.html',
      },
    };
    const publishOne = async (overrides: Parameters<typeof companyPenaltyContent>[0] = {}) => {
      const { view } = await submitDecision(deps, {
        actor: submitter,
        content: companyPenaltyContent(overrides),
      });
      await reviewDecision(deps, {
        actor: reviewer,
        id: view.id,
        ifMatch: view.version,
        outcome: 'approve',
        comment: '',
      });
      await handleDecisionChange(deps, { id: view.id, oldStatus: 'pending_review', newStatus: 'publishing' });
      return view.id;
    };
    // The first publish of the month (and of the site) writes more; the model counts that as fixed.
    // Of another company: the one measured is its company's first publication, and its takedown the last (ADR
    // 0017: the common case, most companies have one decision on the site), which write the name buckets.
    const first = await publishOne({
      party: {
        kind: 'legal_person',
        name: '深圳市某某电子有限公司',
        idType: 'uscc',
        idNumber: '914403001922038216',
      },
    });
    Object.assign(ops, { put: 0, read: 0 });
    const id = await publishOne();
    const publish = LIFECYCLE_STEPS.find((s) => s.step === 'publish')?.counts;
    // ADR 0021: the model counts the decision's proof file with its publication; the checkpoint run writes it.
    expect(ops).toEqual({
      put: (publish?.s3PutRequests ?? 0) - PROOF_FILE_PUTS,
      read: publish?.s3GetRequests,
    });
    const site = deps.site as MemorySiteBucket;
    const proofsBefore = site.log.filter((op) => op.key.startsWith('transparency/proofs/')).length;
    await transparencyCheckpoint(
      { ...deps, signingKey: { privateKeyPem: async () => KEY.privateKey } },
      new Date(now),
    );
    const proofs = site.log.filter((op) => op.key.startsWith('transparency/proofs/')).length - proofsBefore;
    expect(proofs).toBe(2 * PROOF_FILE_PUTS); // the two published so far, each its first proof

    await withdrawalSweep(deps, new Date('2030-10-02T00:10:00+08:00'));
    await handleDecisionChange(deps, { id: first, oldStatus: 'published', newStatus: 'withdrawn' });
    Object.assign(ops, { put: 0, read: 0 });
    expect(await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' })).toBe(
      'withdrawn',
    );
    const takedown = LIFECYCLE_STEPS.find((s) => s.step === 'takedown')?.counts;
    expect(ops).toEqual({
      put: (takedown?.s3PutRequests ?? 0) - PROOF_FILE_PUTS,
      read: takedown?.s3GetRequests,
    });
  });
});

describe('the China (Ningxia) prices', () => {
  const ROOT = resolve(import.meta.dirname, '../..');
  /** `npm run cost` with these arguments: its exit code and what it printed. */
  const cost = (...args: string[]) => {
    const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['infra/cost.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: run.status, out: run.stdout, err: run.stderr };
  };
  /** The amount in the first table's "Total / year" cell of the row of `decisions` (`**¥1,911**` → 1911). */
  const printedTotal = (out: string, decisions: number): number => {
    const line = out.split('\n').find((l) => l.startsWith(`| ${decisions.toLocaleString('en-US')} |`));
    const cell = line?.split('|').map((c) => c.trim())[10] ?? '';
    return Number(cell.replace(/[*¥$,]/g, ''));
  };

  /** The China figure and its us-east-1 counterpart, by `service.figure`. */
  const figures = () =>
    Object.entries(PRICES).flatMap(([service, usd]) => {
      if (typeof usd !== 'object') return [];
      const cny = PRICES_CN_NORTHWEST_1[service as keyof typeof PRICES] as Readonly<Record<string, number>>;
      // Every figure in both tables, so a price added to one table and forgotten in the other shows.
      expect(Object.keys(cny)).toEqual(Object.keys(usd));
      return Object.entries(usd as Readonly<Record<string, number>>).map(([name, price]) => ({
        key: `${service}.${name}`,
        usd: price,
        cny: cny[name] ?? Number.NaN,
      }));
    });
  const isListPrice = (key: string) => Object.hasOwn(CN_NORTHWEST_1_LIST_PRICES, key);

  it('is a yuan table of its own: the China list prices found, as their pages give them', () => {
    expect(PRICES.currency).toBe('USD');
    expect(PRICES_CN_NORTHWEST_1.currency).toBe('CNY');
    expect(PRICES_CN_NORTHWEST_1.source).toContain('China list prices from the www.amazonaws.cn price pages');
    expect(PRICES_CN_NORTHWEST_1.source).toContain('CloudFront HTTPS requests');
    // https://www.amazonaws.cn/en/dynamodb/pricing/: ¥ 11.1538 per million write request units.
    expect(PRICES_CN_NORTHWEST_1.dynamoDb.perMillionWriteUnits).toBe(11.1538);
    // https://www.amazonaws.cn/en/cloudfront/pricing/: CNY 0.30866 per GB (0-10 TB), CNY 0.15 per 10,000 HTTPS.
    expect(PRICES_CN_NORTHWEST_1.cloudFront.perGbOut).toBe(0.30866);
    expect(PRICES_CN_NORTHWEST_1.cloudFront.perTenThousandHttpsRequests).toBe(0.15);
    // https://amazonaws.cn/cloudwatch/pricing: ¥0.622 per standard alarm metric, ¥ 2.0000 per custom metric, a month.
    expect(PRICES_CN_NORTHWEST_1.cloudWatch.perAlarmMonth).toBe(0.622);
    expect(PRICES_CN_NORTHWEST_1.cloudWatch.perMetricMonth).toBe(2);
    const listed = figures().filter((f) => isListPrice(f.key));
    expect(listed.map((f) => f.key).sort()).toEqual(Object.keys(CN_NORTHWEST_1_LIST_PRICES).sort());
    // China list prices are not the US ones at some rate: each differs from us-east-1 × 7.2 by more than rounding.
    for (const f of listed) expect(Math.abs(f.cny / (f.usd * 7.2) - 1), f.key).toBeGreaterThan(0.01);
  });

  it('converts every figure not found from us-east-1 at the stated rate, and says so', () => {
    expect(CNY_PER_USD_ASSUMED).toBe(7.2);
    expect(PRICES_CN_NORTHWEST_1.source).toMatch(/every other figure not found/);
    expect(PRICES_CN_NORTHWEST_1.source).toContain('7.2 CNY per USD');
    expect(PRICES_CN_NORTHWEST_1.dynamoDb.perMillionReadUnits).toBe(0.9);
    expect(PRICES_CN_NORTHWEST_1.s3.storagePerGbMonth).toBe(0.1656);
    expect(PRICES_CN_NORTHWEST_1.lambda.perMillionRequests).toBe(1.44);
    expect(PRICES_CN_NORTHWEST_1.lambda.perGbSecond).toBe(0.0000960005);
    expect(PRICES_CN_NORTHWEST_1.apiGateway.perMillionRequests).toBe(7.2);
    expect(PRICES_CN_NORTHWEST_1.cloudWatch.perDashboardMonth).toBe(21.6);
    expect(PRICES_CN_NORTHWEST_1.secretsManager.perSecretMonth).toBe(2.88);
    const converted = figures().filter((f) => !isListPrice(f.key));
    expect(converted).toHaveLength(14);
    for (const f of converted) {
      // Rounded to six significant digits.
      expect(f.cny / (f.usd * 7.2), f.key).toBeCloseTo(1, 5);
    }
  });

  it('prices the same operations in yuan, without X-Ray, which Lambda in China does not integrate', () => {
    const china = PRICE_REGIONS['cn-northwest-1'];
    expect(china.prices).toBe(PRICES_CN_NORTHWEST_1);
    expect(china.tracedShare).toBe(0);
    expect(PRICE_REGIONS['us-east-1'].prices).toBe(PRICES);
    const cny = estimateYearlyCost(
      inputs(1_000_000, { tracedShare: china.tracedShare }),
      DEFAULT_COUNTS,
      PRICES_CN_NORTHWEST_1,
    );
    const usd = estimateYearlyCost(inputs(1_000_000));
    expect(cny.services.xRay.total).toBe(0);
    expect(usd.services.xRay.total).toBeGreaterThan(0);
    // Every figure of these services is converted: six significant digits agree to well under a yuan in ten thousand.
    for (const service of ['s3', 'lambda', 'apiGateway', 'scheduler'] as const) {
      expect(cny.services[service].total / (7.2 * usd.services[service].total)).toBeCloseTo(1, 5);
    }
    // CloudFront is all list prices: 30 million HTTPS requests at ¥0.15 per 10 000, 20 million views of 15 000 bytes
    // at ¥0.30866 per GB.
    const cloudFront = 30_000_000 * (0.15 / 10_000) + ((20_000_000 * 15_000) / 2 ** 30) * 0.30866;
    expect(cny.services.cloudFront.total).toBeCloseTo(cloudFront, 6);
    expect(Math.round(cny.services.cloudFront.total)).toBe(536);
    // DynamoDB's writes at the list price, the rest converted: the US writes' dollars become ¥11.1538 per $0.625.
    const usdWrites = DEFAULT_COUNTS.dynamoWriteUnits * 1_000_000 * (0.625 / 1e6);
    expect(cny.services.dynamoDb.total).toBeCloseTo(
      7.2 * (usd.services.dynamoDb.total - usdWrites) + usdWrites * (11.1538 / 0.625),
      -1,
    );
    expect(Math.round(cny.total)).toBe(9149);
  });

  it('npm run cost -- --region cn-northwest-1 prints the yuan tables; the default stays in dollars', () => {
    const china = cost('--region', 'cn-northwest-1');
    expect(china.code).toBe(0);
    expect(china.out.split('\n')[0]).toBe(
      '# Gongshi: yearly AWS cost in China (Ningxia), cn-northwest-1, in CNY (year 1 of operation, 20 public views per decision)',
    );
    const tables = china.out.slice(0, china.out.indexOf('## Assumptions'));
    expect(tables).toContain('¥');
    expect(tables).not.toContain('$');
    expect(china.out).toContain(
      'China list prices (www.amazonaws.cn, one figure for Beijing and Ningxia or for China, no date given) for DynamoDB on-demand writes,',
    );
    expect(china.out).toContain('every other price above is the us-east-1 list price × 7.2');
    for (const decisions of [10_000, 1_000_000]) {
      const expected = estimateYearlyCost(
        inputs(decisions, { tracedShare: 0 }),
        DEFAULT_COUNTS,
        PRICES_CN_NORTHWEST_1,
      ).total;
      expect(Math.abs(printedTotal(china.out, decisions) - expected)).toBeLessThanOrEqual(0.5);
      expect(printedTotal(china.out, decisions)).toBeGreaterThan(1_000);
    }

    const us = cost();
    expect(us.code).toBe(0);
    expect(us.out.split('\n')[0]).toBe(
      '# Gongshi: yearly AWS cost (year 1 of operation, 20 public views per decision)',
    );
    expect(us.out).not.toContain('¥');
    expect(printedTotal(us.out, 1_000_000)).toBe(Math.round(estimateYearlyCost(inputs(1_000_000)).total));

    const unknown = cost('--region', 'eu-west-1');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('us-east-1|cn-northwest-1');
  });
});
