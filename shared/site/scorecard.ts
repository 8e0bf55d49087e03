/**
 * The public scorecard (`scorecard.html`, R12): each agency's timeliness over the last 12 months.
 * The charts are inline SVG whose every coordinate is computed here, so they show without JavaScript and
 * without any third-party code; each sits next to a table of the same numbers, which is what a screen
 * reader, a text browser or a journalist copying figures actually reads.
 */
import { type LocalDate, shanghaiDate } from '../domain/dates.ts';
import { WITHDRAW_REASON_LABELS, WITHDRAW_REASONS, type WithdrawReason } from '../domain/decision.ts';
import { html, type SafeHtml, safeJson } from './html.ts';
import {
  CONTENT_TYPES,
  displayDate,
  isMonth,
  type Month,
  monthLabel,
  SCORECARD_DATA_KEY,
  SCORECARD_KEY,
  siteObject,
} from './keys.ts';
import { page } from './layout.ts';
import type { SiteConfig, SiteObject } from './types.ts';

export const SCORECARD_MONTHS = 12;

export interface ScorecardMonth {
  readonly month: Month;
  readonly publishedOnTime: number;
  readonly publishedLate: number;
  /** Of the decisions first published in the month; null when none was. */
  readonly medianWorkingDaysToPublish: number | null;
}

export interface AgencyScorecard {
  readonly id: string;
  readonly name: string;
  /** Oldest first, one per month of the window. */
  readonly months: readonly ScorecardMonth[];
  /** Decisions decided in the window and since withdrawn, per reason (every reason present, zeros included). */
  readonly withdrawnByReason: Readonly<Record<WithdrawReason, number>>;
  /** R7: of those, withdrawn after their takedown deadline (absent in scorecards written before it was kept). */
  readonly withdrawnLate?: number;
  /**
   * R8 (立即): corrections of the window's published decisions reviewed the working day they were submitted,
   * later, or still waiting past that day. Absent in scorecards written before it was kept.
   */
  readonly corrections?: {
    readonly onTime: number;
    readonly late: number;
    readonly pendingPastDeadline: number;
  };
  /** R14: major decisions of the window, and how many carry their 法制审核 record. */
  readonly majorDecisions?: {
    readonly count: number;
    readonly withLegalReview: number;
    /** Submissions refused for want of their 法制审核 (attempts; absent in scorecards written before). */
    readonly refusedWithoutLegalReview?: number;
  };
}

export interface ScorecardData {
  readonly generatedAt: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly months: readonly Month[];
  readonly agencies: readonly AgencyScorecard[];
}

/** The 12 Asia/Shanghai months ending with the one `now` falls in, oldest first. */
export function scorecardMonths(now: Date): Month[] {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return Array.from({ length: SCORECARD_MONTHS }, (_, i) => {
    const index = year * 12 + (month - 1) - (SCORECARD_MONTHS - 1 - i);
    const m = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    if (!isMonth(m)) throw new Error(`computed an impossible month ${m}`);
    return m;
  });
}

// ---- chart geometry ----
// One drawing for every screen: on a phone the stylesheet scales the text up (to 24 units at 30rem, about
// 11 px at a 320 px width) and hides every other month label, so the margins leave room for text that size.

const WIDTH = 640;
const HEIGHT = 230;
const LEFT = 60;
const RIGHT = 10;
const TOP = 30;
const BOTTOM = 36;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;
const ON_TIME_FILL = '#2e7d32';
const LATE_FILL = '#c62828';
const LINE_STROKE = '#1565c0';

/** Rounded to 0.1 so the markup stays short and identical across runs. */
const r = (n: number) => Math.round(n * 10) / 10;

/** A round upper bound for an axis; at least 1, so an empty chart never divides by zero. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (value <= m * step) return m * step;
  return 10 * step;
}

const shortMonth = (month: Month) => `${Number(month.slice(5, 7))}月`;

export function onTimeShare(m: Pick<ScorecardMonth, 'publishedOnTime' | 'publishedLate'>): string {
  const total = m.publishedOnTime + m.publishedLate;
  return total === 0 ? '—' : `${Math.round((m.publishedOnTime / total) * 100)}%`;
}

function axis(max: number): SafeHtml {
  return html`<line x1="${LEFT}" y1="${TOP + PLOT_H}" x2="${WIDTH - RIGHT}" y2="${TOP + PLOT_H}" stroke="#555"/>
<text x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end" font-size="11">${max}</text>
<text x="${LEFT - 6}" y="${TOP + PLOT_H + 4}" text-anchor="end" font-size="11">0</text>
`;
}

function monthTicks(months: readonly ScorecardMonth[]): SafeHtml[] {
  const slot = PLOT_W / months.length;
  // Counted back from the latest month, so the current month keeps its label when every other one is hidden.
  const minor = (i: number) => (months.length - 1 - i) % 2 === 1;
  return months.map(
    (m, i) =>
      html`<text x="${r(LEFT + slot * i + slot / 2)}" y="${HEIGHT - 10}" text-anchor="middle" font-size="11"${minor(i) ? html` class="tick-minor"` : ''}>${shortMonth(m.month)}</text>
`,
  );
}

function publishedChart(agency: AgencyScorecard, id: string): SafeHtml {
  const months = agency.months;
  const max = niceMax(Math.max(0, ...months.map((m) => m.publishedOnTime + m.publishedLate)));
  const slot = PLOT_W / months.length;
  const barW = r(slot * 0.6);
  const scale = (v: number) => (v / max) * PLOT_H;
  const onTime = months.reduce((s, m) => s + m.publishedOnTime, 0);
  const late = months.reduce((s, m) => s + m.publishedLate, 0);
  const bars = months.map((m, i) => {
    const x = r(LEFT + slot * i + (slot - barW) / 2);
    const hOn = r(scale(m.publishedOnTime));
    const hLate = r(scale(m.publishedLate));
    const yOn = r(TOP + PLOT_H - hOn);
    const yLate = r(yOn - hLate);
    const total = m.publishedOnTime + m.publishedLate;
    return html`<g data-month="${m.month}">
<rect x="${x}" y="${yOn}" width="${barW}" height="${hOn}" fill="${ON_TIME_FILL}" data-series="on-time" data-value="${m.publishedOnTime}"/>
<rect x="${x}" y="${yLate}" width="${barW}" height="${hLate}" fill="${LATE_FILL}" data-series="late" data-value="${m.publishedLate}"/>
${total > 0 ? html`<text x="${r(x + barW / 2)}" y="${r(yLate - 4)}" text-anchor="middle" font-size="11">${total}</text>\n` : ''}</g>
`;
  });
  return html`<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" style="max-width:${WIDTH}px" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${agency.name}：每月公示决定数（按时／逾期）</title>
<desc id="${id}-desc">近12个月按时公示${onTime}件，逾期公示${late}件；绿色为按时，红色为逾期，数字见旁表。</desc>
${axis(max)}${bars}${monthTicks(months)}</svg>`;
}

function medianChart(agency: AgencyScorecard, id: string): SafeHtml {
  const months = agency.months;
  const values = months.map((m) => m.medianWorkingDaysToPublish);
  const max = niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
  const slot = PLOT_W / months.length;
  const points = values.map((v, i) =>
    v === null ? null : { x: r(LEFT + slot * i + slot / 2), y: r(TOP + PLOT_H - (v / max) * PLOT_H), v },
  );
  // A month without publications breaks the line: joining across it would invent a trend.
  const segments: SafeHtml[] = [];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (p && prev) {
      segments.push(
        html`<line x1="${prev.x}" y1="${prev.y}" x2="${p.x}" y2="${p.y}" stroke="${LINE_STROKE}" stroke-width="2"/>
`,
      );
    }
  });
  const dots = points.map((p, i) =>
    p
      ? html`<circle cx="${p.x}" cy="${p.y}" r="4" fill="${LINE_STROKE}" data-month="${months[i]?.month}" data-value="${p.v}"/>
<text x="${p.x}" y="${r(p.y - 8)}" text-anchor="middle" font-size="11">${p.v}</text>
`
      : '',
  );
  const known = values.filter((v) => v !== null).length;
  return html`<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" style="max-width:${WIDTH}px" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${agency.name}：每月公示所用工作日（中位数）</title>
<desc id="${id}-desc">近12个月中有${known}个月有公示；每点为当月首次公示的决定自作出到公示所用工作日的中位数，无公示的月份不画点，数字见旁表。</desc>
${axis(max)}${segments}${dots}${monthTicks(months)}</svg>`;
}

function withdrawalChart(agency: AgencyScorecard, id: string): SafeHtml {
  const counts = WITHDRAW_REASONS.map((reason) => ({ reason, count: agency.withdrawnByReason[reason] }));
  const max = niceMax(Math.max(0, ...counts.map((c) => c.count)));
  // Each reason's label sits above its bar, not beside it: a label of 12 characters beside a bar leaves the bar
  // no room once a phone's stylesheet enlarges the text.
  const rowH = 48;
  const top = 4;
  const height = top * 2 + rowH * counts.length;
  const x0 = 4;
  const plotW = WIDTH - x0 - 70;
  const total = counts.reduce((s, c) => s + c.count, 0);
  const rows = counts.map(({ reason, count }, i) => {
    const y = top + rowH * i;
    const w = r((count / max) * plotW);
    return html`<g data-reason="${reason}">
<text x="${x0}" y="${y + 19}" font-size="11">${WITHDRAW_REASON_LABELS[reason]}</text>
<rect x="${x0}" y="${y + 29}" width="${w}" height="12" fill="#6d4c41" data-value="${count}"/>
<text x="${r(x0 + w + 6)}" y="${y + 40}" font-size="11">${count}</text>
</g>
`;
  });
  return html`<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${agency.name}：撤下的决定（按原因）</title>
<desc id="${id}-desc">近12个月作出的决定中已撤下${total}件，按撤下原因分列，数字见旁表。</desc>
${rows}</svg>`;
}

function publishedTable(agency: AgencyScorecard): SafeHtml {
  return html`<table class="scorecard-table">
<caption>每月公示决定数</caption>
<thead><tr><th scope="col">月份</th><th scope="col">按时<wbr>公示</th><th scope="col">逾期<wbr>公示</th><th scope="col">按时率</th></tr></thead>
<tbody>
${agency.months.map(
  (m) =>
    html`<tr data-month="${m.month}"><th scope="row">${monthLabel(m.month)}</th><td data-series="on-time">${m.publishedOnTime}</td><td data-series="late">${m.publishedLate}</td><td>${onTimeShare(m)}</td></tr>
`,
)}</tbody>
</table>`;
}

function medianTable(agency: AgencyScorecard): SafeHtml {
  return html`<table class="scorecard-table">
<caption>公示所用<wbr>工作日（中位数）</caption>
<thead><tr><th scope="col">月份</th><th scope="col">工作日</th></tr></thead>
<tbody>
${agency.months.map(
  (m) =>
    html`<tr data-month="${m.month}"><th scope="row">${monthLabel(m.month)}</th><td>${m.medianWorkingDaysToPublish ?? '—'}</td></tr>
`,
)}</tbody>
</table>`;
}

function withdrawalTable(agency: AgencyScorecard): SafeHtml {
  return html`<table class="scorecard-table">
<caption>撤下的决定（按原因）</caption>
<thead><tr><th scope="col">原因</th><th scope="col">件数</th></tr></thead>
<tbody>
${WITHDRAW_REASONS.map(
  (reason) =>
    html`<tr data-reason="${reason}"><th scope="row">${WITHDRAW_REASON_LABELS[reason]}</th><td>${agency.withdrawnByReason[reason]}</td></tr>
`,
)}<tr data-series="withdrawn-late"><th scope="row">其中逾期<wbr>撤下（超过<wbr>撤下<wbr>期限）</th><td>${agency.withdrawnLate ?? 0}</td></tr>
</tbody>
</table>`;
}

/** R8, R14: the same-day review of corrections and the legal review of major decisions, as plain rows. */
function correctionsTable(agency: AgencyScorecard, id: string): SafeHtml {
  const c = agency.corrections ?? { onTime: 0, late: 0, pendingPastDeadline: 0 };
  const m = agency.majorDecisions ?? { count: 0, withLegalReview: 0 };
  return html`<table class="scorecard-table" aria-labelledby="${id}-corrections">
<caption id="${id}-corrections">更正与重大执法决定</caption>
<thead><tr><th scope="col">项目</th><th scope="col">件数</th></tr></thead>
<tbody>
<tr data-series="corrections-on-time"><th scope="row">已公开<wbr>决定的<wbr>更正，提交<wbr>当日<wbr>审核</th><td>${c.onTime}</td></tr>
<tr data-series="corrections-late"><th scope="row">已公开<wbr>决定的<wbr>更正，逾期<wbr>审核</th><td>${c.late}</td></tr>
<tr data-series="corrections-pending-late"><th scope="row">已公开<wbr>决定的<wbr>更正，逾期<wbr>未<wbr>审核</th><td>${c.pendingPastDeadline}</td></tr>
<tr data-series="major-decisions"><th scope="row">重大<wbr>执法<wbr>决定</th><td>${m.count}</td></tr>
<tr data-series="major-reviewed"><th scope="row">其中<wbr>经<wbr>法制<wbr>审核</th><td>${m.withLegalReview}</td></tr>
<tr data-series="major-refused"><th scope="row">未经<wbr>法制<wbr>审核<wbr>被<wbr>拒绝<wbr>提交（次）</th><td>${m.refusedWithoutLegalReview ?? 0}</td></tr>
</tbody>
</table>
`;
}

function agencySection(agency: AgencyScorecard, index: number): SafeHtml {
  // Ids come from the position, not the agency id, so nothing from the directory reaches an id attribute.
  const id = `agency-${index + 1}`;
  const chart = (title: string, svg: SafeHtml, table: SafeHtml) => html`<figure class="scorecard-chart">
<figcaption>${title}</figcaption>
${svg}
${table}
</figure>
`;
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${agency.name}</h2>
${chart('每月公示决定数（按时／逾期）', publishedChart(agency, `${id}-published`), publishedTable(agency))}${chart(
  '公示所用工作日（中位数）',
  medianChart(agency, `${id}-median`),
  medianTable(agency),
)}${chart('撤下的决定（按原因）', withdrawalChart(agency, `${id}-withdrawn`), withdrawalTable(agency))}${correctionsTable(agency, id)}</section>
`;
}

const localDate = (date: LocalDate) => html`<time datetime="${date}">${date}</time>`;

/** The day the numbers were drawn, as Shanghai counts days (R12): 01:00 there is still yesterday in UTC. */
const updatedOn = (instant: string) => html`<time datetime="${instant}">${displayDate(instant)}</time>`;

export function scorecardPage(data: ScorecardData, config: SiteConfig): string {
  const first = data.months[0];
  const last = data.months.at(-1);
  const span = first && last ? `${monthLabel(first)}至${monthLabel(last)}` : '近12个月';
  const main = html`<h1>公示时效</h1>
<p>各执法机关近12个月（${span}）公示行政执法决定的及时情况：每月按时与逾期公示的件数、自作出决定到公示所用的工作日（中位数），撤下的决定按原因的件数，已公开决定的更正是否在提交当日审核（立即更正），以及重大执法决定经法制审核的件数。按时指不晚于法定公示期限（7个或20个工作日）的最后一天。</p>
<p class="scorecard-dates">统计期间：${localDate(data.from)}至${localDate(data.to)}。数据每日更新，最近一次：${updatedOn(data.generatedAt)}（北京时间）。<a href="${SCORECARD_DATA_KEY}">下载数据（JSON）</a></p>
${data.agencies.length === 0 ? html`<p>尚无公示的决定。</p>\n` : data.agencies.map((agency, i) => agencySection(agency, i))}`;
  return page({
    config,
    root: '',
    title: '公示时效',
    description: '各执法机关近12个月公示行政执法决定的及时情况',
    main,
  });
}

/** The two objects a refresh writes: the page and the same numbers as JSON. */
export function scorecardObjects(data: ScorecardData, config: SiteConfig): SiteObject[] {
  return [
    siteObject(SCORECARD_KEY, scorecardPage(data, config), CONTENT_TYPES.html),
    siteObject(SCORECARD_DATA_KEY, `${safeJson(data, 2)}\n`, CONTENT_TYPES.json),
  ];
}
