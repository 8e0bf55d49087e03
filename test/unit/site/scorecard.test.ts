import { describe, expect, it } from 'vitest';
import { gateFindings } from '../../../shared/app/publish-gate.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { WITHDRAW_REASONS, type WithdrawReason } from '../../../shared/domain/decision.ts';
import { SCORECARD_DATA_KEY, SCORECARD_KEY } from '../../../shared/site/keys.ts';
import {
  type AgencyScorecard,
  type ScorecardData,
  type ScorecardList,
  scorecardListKey,
  scorecardListPage,
  scorecardMonths,
  scorecardObjects,
  scorecardPage,
} from '../../../shared/site/scorecard.ts';
import { SITE_CONFIG } from '../../fixtures/site.ts';

const config = SITE_CONFIG;
const NOW = new Date('2026-03-31T17:00:00Z'); // 2026-04-01 01:00 in Shanghai
const months = scorecardMonths(NOW);
const noWithdrawals = Object.fromEntries(WITHDRAW_REASONS.map((r) => [r, 0])) as Record<
  WithdrawReason,
  number
>;

function agency(overrides: Partial<AgencyScorecard> = {}): AgencyScorecard {
  return {
    id: 'sp',
    name: '四平市工业和信息化局',
    months: months.map((month, i) => ({
      month,
      publishedOnTime: i % 3,
      publishedLate: i === 11 ? 2 : 0,
      medianWorkingDaysToPublish: i % 3 === 0 ? null : 4 + i / 2,
    })),
    withdrawnByReason: { ...noWithdrawals, revoked: 2, expired: 1 },
    ...overrides,
  };
}

function data(agencies: AgencyScorecard[]): ScorecardData {
  return {
    generatedAt: NOW.toISOString(),
    from: `${months[0]}-01` as LocalDate,
    to: '2026-04-01' as LocalDate,
    months,
    agencies,
  };
}

describe('the scorecard page', () => {
  it('covers the 12 Shanghai months ending with the current one', () => {
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-05');
    expect(months.at(-1)).toBe('2026-04');
    expect(scorecardMonths(new Date('2026-01-15T00:00:00Z'))[0]).toBe('2025-02');
  });

  it('draws every chart as an accessible SVG with a title and a description, and no script', () => {
    const markup = scorecardPage(data([agency()]), config);
    const svgs = [...markup.matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) {
      expect(svg).toMatch(/^<svg role="img" aria-labelledby="[^"]+"/);
      expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title>/);
      expect(svg).toMatch(/<desc id="[^"]+">[^<]+<\/desc>/);
    }
    expect(markup).not.toMatch(/<script/);
    expect(markup).toContain('<h1>公示时效</h1>');
  });

  it('keeps a long value of the last month inside the chart: its label ends at the point, not centred on it', () => {
    const slow = agency({
      months: months.map((month, i) => ({
        month,
        publishedOnTime: i === 11 ? 1234 : 1,
        publishedLate: 0,
        medianWorkingDaysToPublish: i === 11 ? 288.5 : 3,
      })),
    });
    const markup = scorecardPage(data([slow]), config);
    const label = (value: string) => markup.match(new RegExp(`<text x="([\\d.]+)" ([^>]*)>${value}</text>`));
    for (const value of ['288.5', '1234']) {
      const [, x, rest] = label(value) ?? [];
      expect(rest, value).toContain('text-anchor="end"');
      expect(Number(x), value).toBeLessThanOrEqual(640 - 10);
    }
    // An earlier month's value stays centred on its point.
    expect(label('3')?.[2]).toContain('text-anchor="middle"');
  });

  it('shows in the tables exactly the numbers the charts are drawn from', () => {
    const markup = scorecardPage(data([agency()]), config);
    // No DOM in the unit tests: the data-* attributes tie each mark to its table cell.
    const all = (re: RegExp) => [...markup.matchAll(re)].map((m) => m.slice(1).join(' '));
    const barValues = all(
      /<g data-month="(\d{4}-\d{2})">\n<rect [^>]*data-series="on-time" data-value="(\d+)"\/>\n<rect [^>]*data-series="late" data-value="(\d+)"/g,
    );
    const tableValues = all(
      /<tr data-month="(\d{4}-\d{2})"><th scope="row">[^<]+<\/th><td data-series="on-time">(\d+)<\/td><td data-series="late">(\d+)<\/td>/g,
    );
    expect(barValues).toHaveLength(12);
    expect(barValues).toEqual(tableValues);
    const dots = all(/<circle [^>]*data-month="(\d{4}-\d{2})" data-value="([\d.]+)"/g);
    const medians = all(
      /<tr data-month="(\d{4}-\d{2})"><th scope="row">[^<]+<\/th><td>([\d.]+)<\/td><\/tr>/g,
    );
    expect(dots).toHaveLength(8);
    expect(dots).toEqual(medians);
    const reasonBars = all(
      /<g data-reason="(\w+)">\n<text [^>]*>[^<]*<\/text>\n<rect [^>]*data-value="(\d+)"/g,
    );
    const reasonCells = all(/<tr data-reason="(\w+)"><th scope="row">[^<]+<\/th><td>(\d+)<\/td>/g);
    expect(reasonBars).toHaveLength(WITHDRAW_REASONS.length);
    expect(reasonBars).toEqual(reasonCells);
    expect(reasonCells).toContain('revoked 2');
    // The month with 2 on time and 2 late: a 50% share.
    expect(markup).toMatch(/<tr data-month="2026-04">.*<td>50%<\/td><\/tr>/);
  });

  it('dates the period and the last update in Asia/Shanghai, not by the UTC day', () => {
    // 17:30 UTC on 31 March is 01:30 on 1 April in Shanghai, when the daily schedule runs.
    const generatedAt = '2026-03-31T17:30:00Z';
    const markup = scorecardPage({ ...data([agency()]), generatedAt }, config);
    const dates = markup.match(/<p class="scorecard-dates">.*<\/p>/)?.[0] ?? '';
    expect(dates).toContain(
      `统计期间：<time datetime="2025-05-01">2025-05-01</time>至<time datetime="2026-04-01">2026-04-01</time>`,
    );
    expect(dates).toContain(`最近一次：<time datetime="${generatedAt}">2026-04-01</time>（北京时间）`);
    expect(markup).not.toContain('2026-03-31<');
    expect(markup).toContain('（2025年5月至2026年4月）');
  });

  it('keeps Chinese words whole in its headers: they wrap only at a <wbr> between words', () => {
    const markup = scorecardPage(data([agency()]), config);
    expect(markup).toContain('<th scope="col">按时<wbr>公示</th><th scope="col">逾期<wbr>公示</th>');
    const headers = [...markup.matchAll(/<th [^>]*>(.*?)<\/th>/g)].map((m) => m[1] ?? '');
    // No break opportunity inside a two-character word the tables use (the stylesheet sets keep-all).
    for (const word of ['按时', '公示', '逾期', '决定', '更正', '审核', '法制', '撤下', '期限', '提交']) {
      for (const header of headers) expect(header).not.toContain(`${word[0]}<wbr>${word[1]}`);
    }
    expect(markup.match(/class="scorecard-table"/g)).toHaveLength(6);
  });

  it('escapes an agency name that carries markup', () => {
    const markup = scorecardPage(data([agency({ name: '<script>alert(1)</script>局' })]), config);
    expect(markup).not.toContain('<script>alert(1)');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;局');
  });

  it('renders months without any publication without NaN or Infinity', () => {
    const empty = agency({
      months: months.map((month) => ({
        month,
        publishedOnTime: 0,
        publishedLate: 0,
        medianWorkingDaysToPublish: null,
      })),
      withdrawnByReason: noWithdrawals,
    });
    const markup = scorecardPage(data([empty]), config);
    expect(markup).not.toMatch(/NaN|Infinity|undefined/);
    expect(markup).toContain('<td>—</td>');
    expect(scorecardPage(data([]), config)).toContain('尚无公示的决定');
  });

  it('writes the page and the same numbers as JSON', () => {
    const objects = scorecardObjects(data([agency()]), config);
    expect(objects.map((o) => o.key)).toEqual([SCORECARD_KEY, SCORECARD_DATA_KEY]);
    expect(JSON.parse(objects[1]?.body ?? '').agencies[0].months[11]).toMatchObject({
      month: '2026-04',
      publishedOnTime: 2,
      publishedLate: 2,
    });
  });

  it('lists the decisions behind a month’s numbers under an anchor per figure, counting what the site removed', () => {
    const month = months[11] as (typeof months)[number];
    const list: ScorecardList = {
      agencyName: '<b>四平</b>局',
      month,
      key: scorecardListKey('sp', month),
      publishedOnTime: [],
      publishedLate: [
        {
          id: 'D1',
          caseNumber: '四工信罚〔2025〕<1>号',
          decisionDate: '2025-09-28',
          on: '2026-04-02',
          due: '2025-10-14',
          late: true,
        },
      ],
      withdrawn: [
        {
          id: 'D2',
          caseNumber: '四工信罚〔2026〕2号',
          decisionDate: '2026-03-01',
          on: '2026-04-03',
          due: '2026-03-04',
          reason: 'revoked',
          late: true,
        },
      ],
      unlisted: { publishedOnTime: 1, publishedLate: 0, withdrawn: 1, withdrawnLate: 0 },
      correctionRequests: { answeredOnTime: 3, answeredLate: 0, openPastDeadline: 1 },
    };
    expect(list.key).toBe('scorecard/sp/month-2026-04.html');
    expect(scorecardListKey('四平', month)).toBe(
      `scorecard/x-${Buffer.from('四平').toString('hex')}/month-2026-04.html`,
    );
    const markup = scorecardListPage(list, config);
    for (const id of [
      'published-on-time',
      'published-late',
      'withdrawn',
      'withdrawn-late',
      'correction-requests',
    ]) {
      expect(markup).toContain(`<h2 id="${id}">`);
    }
    expect(markup).toContain('&lt;b&gt;四平&lt;/b&gt;局');
    expect(markup).toContain('<a href="../../decisions/D1.html">四工信罚〔2025〕&lt;1&gt;号</a>');
    expect(markup).toContain('<h2 id="published-on-time">按时公示（1件）</h2>\n<p>无。</p>\n<p>另有1件');
    expect(markup).toContain('<h2 id="withdrawn-late">其中逾期撤下（超过撤下期限）（1件）</h2>');
    expect(markup).toContain('href="../../assets/site.css"');
    expect(markup).not.toMatch(/NaN|undefined|<script/);
    const objects = scorecardObjects(data([agency()]), config, [list]);
    expect(objects.map((o) => o.key)).toEqual([
      SCORECARD_KEY,
      SCORECARD_DATA_KEY,
      'scorecard/sp/month-2026-04.html',
    ]);
  });

  it('passes the publish gate for agency ids that end in digits: no path reads as a phone number (ADR 0012)', () => {
    // `x13456/2026-01` read without its separators is 13456202601, a mobile number's shape; `month-` breaks it.
    for (const id of ['siping-score-a13456', 'gxj-183456', 'sp-13', '220300-gxj-139']) {
      const lists = months.map((month) => ({
        key: scorecardListKey(id, month),
        agencyName: '四平市工业和信息化局',
        month,
        publishedOnTime: [],
        publishedLate: [],
        withdrawn: [],
        unlisted: { publishedOnTime: 0, publishedLate: 0, withdrawn: 0, withdrawnLate: 0 },
        correctionRequests: null,
      }));
      const objects = scorecardObjects(
        data([
          agency({ id, months: agency().months.map((m) => ({ ...m, list: scorecardListKey(id, m.month) })) }),
        ]),
        config,
        lists,
      );
      expect(gateFindings(objects.map(({ key, body }) => ({ key, body: String(body) }))), id).toEqual([]);
    }
  });
});
