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
  decisionHtmlKey,
  displayDate,
  isMonth,
  type Month,
  monthLabel,
  SCORECARD_DATA_KEY,
  SCORECARD_KEY,
  SCORECARD_PREFIX,
  siteObject,
} from './keys.ts';
import { page } from './layout.ts';
import type { SiteConfig, SiteObject } from './types.ts';

export const SCORECARD_MONTHS = 12;

/** R9: correction requests filed in a month (by filing date): answered on time, late, or open past their deadline today. */
export interface ScorecardRequests {
  readonly answeredOnTime: number;
  readonly answeredLate: number;
  readonly openPastDeadline: number;
}

/**
 * One Asia/Shanghai month, by what happened in it: decisions first published in it (on time or late against
 * their first revision's deadline, however long after their decision), withdrawals filed in it, correction
 * requests filed in it. The fields after the median are absent in scorecards written before they were kept.
 */
export interface ScorecardMonth {
  readonly month: Month;
  readonly publishedOnTime: number;
  readonly publishedLate: number;
  /** Of the decisions first published in the month; null when none was. */
  readonly medianWorkingDaysToPublish: number | null;
  /** R7: withdrawals filed in the month, each reason present, and those filed after their takedownBy. */
  readonly withdrawn?: number;
  readonly withdrawnByReason?: Readonly<Record<WithdrawReason, number>>;
  readonly withdrawnLate?: number;
  readonly correctionRequests?: ScorecardRequests;
  /** The site key of the page that lists the decisions behind the month's numbers. */
  readonly list?: string;
}

export interface AgencyScorecard {
  readonly id: string;
  readonly name: string;
  /** Oldest first, one per month of the window. */
  readonly months: readonly ScorecardMonth[];
  /**
   * Withdrawals filed in the window (by the date they were filed: the months' sum), per reason (every reason
   * present, zeros included). Scorecards written before the months carried their withdrawals counted the decisions
   * decided in the window and since withdrawn.
   */
  readonly withdrawnByReason: Readonly<Record<WithdrawReason, number>>;
  /** R7: of those, withdrawn after their takedown deadline (absent in scorecards written before it was kept). */
  readonly withdrawnLate?: number;
  /** R9: correction requests filed in the window, the months' sum (absent in scorecards written before). */
  readonly correctionRequests?: ScorecardRequests;
  /**
   * R8 (立即): corrections of the window's published decisions reviewed the working day they were submitted,
   * later, or still waiting past that day. Absent in scorecards written before it was kept.
   */
  readonly corrections?: {
    readonly onTime: number;
    readonly late: number;
    readonly pendingPastDeadline: number;
  };
  /**
   * R12, R13 (四平 §五 选择性公示): what the agency's case systems reported decided in the window (by decision
   * date) and how many of those were never submitted, as counts only (ADR 0019). `reporting` is false when no
   * case system of the agency reported any period of the window. Absent in scorecards written before.
   */
  readonly inventory?: {
    readonly reporting: boolean;
    readonly made: number;
    readonly submitted: number;
    readonly neverSubmitted: number;
    readonly neverSubmittedPastDeadline: number;
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
${total > 0 ? html`<text ${valueLabelAt(r(x + barW / 2))} y="${r(yLate - 4)}" font-size="11">${total}</text>\n` : ''}</g>
`;
  });
  return html`<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" style="max-width:${WIDTH}px" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${agency.name}：每月公示决定数（按时／逾期）</title>
<desc id="${id}-desc">近12个月按时公示${onTime}件，逾期公示${late}件；绿色为按时，红色为逾期，数字见旁表。</desc>
${axis(max)}${bars}${monthTicks(months)}</svg>`;
}

/**
 * Where a value's label goes above its bar or dot: centred, except in the last slots, where a long value ("288.5",
 * at a phone's enlarged size) centred on the point would run past the chart's right edge: there it ends at the
 * point instead.
 */
function valueLabelAt(x: number): SafeHtml {
  return x > WIDTH - RIGHT - 60
    ? html`x="${r(x + 4)}" text-anchor="end"`
    : html`x="${x}" text-anchor="middle"`;
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
<text ${valueLabelAt(p.x)} y="${r(p.y - 8)}" font-size="11">${p.v}</text>
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
<desc id="${id}-desc">近12个月撤下${total}件（按撤下之日计），按撤下原因分列，数字见旁表。</desc>
${rows}</svg>`;
}

function publishedTable(agency: AgencyScorecard): SafeHtml {
  return html`<table class="scorecard-table">
<caption>每月公示决定数</caption>
<thead><tr><th scope="col">月份</th><th scope="col">按时<wbr>公示</th><th scope="col">逾期<wbr>公示</th><th scope="col">按时率</th></tr></thead>
<tbody>
${agency.months.map(
  (m) =>
    html`<tr data-month="${m.month}"><th scope="row">${monthLabel(m.month)}</th><td data-series="on-time">${linked(m, 'published-on-time', m.publishedOnTime)}</td><td data-series="late">${linked(m, 'published-late', m.publishedLate)}</td><td>${onTimeShare(m)}</td></tr>
`,
)}</tbody>
</table>`;
}

/** A number linked to its list on the month's page (R12: each number leads to what stands behind it). */
function linked(m: ScorecardMonth, anchor: string, value: number): SafeHtml | number {
  return m.list ? html`<a href="${m.list}#${anchor}">${value}</a>` : value;
}

/** R7: the month's withdrawals, by the day they were filed, and those filed after their legal deadline. */
function monthlyWithdrawalsTable(agency: AgencyScorecard): SafeHtml {
  return html`<table class="scorecard-table">
<caption>每月撤下的决定</caption>
<thead><tr><th scope="col">月份</th><th scope="col">撤下</th><th scope="col">其中<wbr>逾期<wbr>撤下</th></tr></thead>
<tbody>
${agency.months.map(
  (m) =>
    html`<tr data-month="${m.month}"><th scope="row">${monthLabel(m.month)}</th><td data-series="withdrawn">${linked(m, 'withdrawn', m.withdrawn ?? 0)}</td><td data-series="withdrawn-late">${linked(m, 'withdrawn-late', m.withdrawnLate ?? 0)}</td></tr>
`,
)}</tbody>
</table>`;
}

/** R9: the month's correction requests, by the day they were filed: counts only, nothing of a requester. */
function monthlyRequestsTable(agency: AgencyScorecard): SafeHtml {
  const cell = (m: ScorecardMonth, series: string, value: number | undefined) =>
    html`<td data-series="${series}">${value === undefined ? '—' : linked(m, 'correction-requests', value)}</td>`;
  return html`<table class="scorecard-table">
<caption>每月更正<wbr>申请的<wbr>答复</caption>
<thead><tr><th scope="col">月份</th><th scope="col">按时<wbr>答复</th><th scope="col">逾期<wbr>答复</th><th scope="col">逾期<wbr>未<wbr>答复</th></tr></thead>
<tbody>
${agency.months.map(
  (m) =>
    html`<tr data-month="${m.month}"><th scope="row">${monthLabel(m.month)}</th>${cell(m, 'requests-on-time', m.correctionRequests?.answeredOnTime)}${cell(m, 'requests-late', m.correctionRequests?.answeredLate)}${cell(m, 'requests-open-late', m.correctionRequests?.openPastDeadline)}</tr>
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
)}${chart('撤下的决定（按原因）', withdrawalChart(agency, `${id}-withdrawn`), withdrawalTable(agency))}${monthlyWithdrawalsTable(agency)}
${monthlyRequestsTable(agency)}
${correctionsTable(agency, id)}${inventoryTable(agency, id)}</section>
`;
}

/** R12: the case systems' inventories against what was submitted, counts only (ADR 0019). */
function inventoryTable(agency: AgencyScorecard, id: string): SafeHtml {
  const i = agency.inventory;
  if (!i) return html``;
  if (!i.reporting) {
    return html`<p class="scorecard-note" data-series="inventory-none">本机关办案系统尚未报送作出决定的清单，无法核对是否存在未报送公示的决定。</p>
`;
  }
  return html`<table class="scorecard-table" aria-labelledby="${id}-inventory">
<caption id="${id}-inventory">办案系统报备的决定与报送公示情况</caption>
<thead><tr><th scope="col">项目</th><th scope="col">件数</th></tr></thead>
<tbody>
<tr data-series="inventory-made"><th scope="row">办案<wbr>系统<wbr>报备<wbr>作出的<wbr>决定</th><td>${i.made}</td></tr>
<tr data-series="inventory-submitted"><th scope="row">其中<wbr>已<wbr>报送<wbr>公示</th><td>${i.submitted}</td></tr>
<tr data-series="inventory-never-submitted"><th scope="row">其中<wbr>未<wbr>报送</th><td>${i.neverSubmitted}</td></tr>
<tr data-series="inventory-never-submitted-late"><th scope="row">其中<wbr>未<wbr>报送<wbr>且<wbr>已过<wbr>公示<wbr>期限</th><td>${i.neverSubmittedPastDeadline}</td></tr>
</tbody>
</table>
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
<p>各执法机关近12个月（${span}）公示行政执法决定的及时情况，均按事情发生之日（北京时间）计入当月：每月首次公示的决定中按时与逾期的件数（无论决定何时作出）、自作出决定到公示所用的工作日（中位数），每月撤下的决定及其中超过法定撤下期限的件数、撤下原因，每月提出的更正申请按时答复、逾期答复与逾期未答复的件数，已公开决定的更正是否在提交当日审核（立即更正），以及重大执法决定经法制审核的件数。按时指不晚于法定公示期限（7个或20个工作日）的最后一天。点击每月的数字可查看其对应的决定。机关的办案系统报送了作出决定清单的，另列清单中的决定已报送公示与未报送的件数（只列件数，不列文号）。</p>
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

// ---- the lists behind the numbers (R12) ----

/** A decision behind a number: only what its public page (or the notice in its place) shows anyway. */
export interface ScorecardListRow {
  readonly id: string;
  readonly caseNumber: string;
  readonly decisionDate: string;
  /** Asia/Shanghai: the day it was first published, or (withdrawals) the day the withdrawal was filed. */
  readonly on: string;
  /** What it was measured against: the publication deadline, or the takedown deadline (null when not kept). */
  readonly due: string | null;
  readonly reason?: WithdrawReason;
  readonly late: boolean;
}

/** The page of one agency and month: every decision behind the month's numbers, by figure. */
export interface ScorecardList {
  readonly agencyName: string;
  readonly month: Month;
  readonly key: string;
  readonly publishedOnTime: readonly ScorecardListRow[];
  readonly publishedLate: readonly ScorecardListRow[];
  readonly withdrawn: readonly ScorecardListRow[];
  /** Counted but not listed: decisions the site no longer shows at all (withdrawn as published in error, or expired). */
  readonly unlisted: {
    readonly publishedOnTime: number;
    readonly publishedLate: number;
    readonly withdrawn: number;
    readonly withdrawnLate: number;
  };
  readonly correctionRequests: ScorecardRequests | null;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** `scorecard/<agency>/month-<YYYY-MM>.html`; an agency id that cannot name a path segment is written in hex. */
export function scorecardListKey(agencyId: string, month: Month): string {
  const segment = SAFE_SEGMENT.test(agencyId)
    ? agencyId
    : `x-${Buffer.from(agencyId, 'utf8').toString('hex')}`;
  // `month-`: letters between the agency id's last digits and the month's, so that no run of digits across the
  // path reads as a phone number to the publish gate's detectors (`x13456/2026-01` would: ADR 0012).
  return `${SCORECARD_PREFIX}${segment}/month-${month}.html`;
}

function listTable(rows: readonly ScorecardListRow[], withdrawals: boolean, root: string): SafeHtml {
  if (rows.length === 0) return html`<p>无。</p>\n`;
  const link = (row: ScorecardListRow) =>
    html`<a href="${root}${decisionHtmlKey(row.id)}">${row.caseNumber}</a>`;
  return withdrawals
    ? html`<table class="scorecard-table">
<thead><tr><th scope="col">案号</th><th scope="col">撤下<wbr>日期</th><th scope="col">原因</th><th scope="col">撤下<wbr>期限</th></tr></thead>
<tbody>
${rows.map(
  (row) =>
    html`<tr data-id="${row.id}"><th scope="row">${link(row)}</th><td>${row.on}</td><td>${row.reason ? WITHDRAW_REASON_LABELS[row.reason] : ''}</td><td>${row.due ?? '—'}${row.late ? '（逾期）' : ''}</td></tr>
`,
)}</tbody>
</table>
`
    : html`<table class="scorecard-table">
<thead><tr><th scope="col">案号</th><th scope="col">决定<wbr>日期</th><th scope="col">公示<wbr>日期</th><th scope="col">公示<wbr>期限</th></tr></thead>
<tbody>
${rows.map(
  (row) =>
    html`<tr data-id="${row.id}"><th scope="row">${link(row)}</th><td>${row.decisionDate}</td><td>${row.on}</td><td>${row.due ?? '—'}</td></tr>
`,
)}</tbody>
</table>
`;
}

function unlistedNote(count: number): SafeHtml | string {
  return count > 0
    ? html`<p>另有${count}件已按规定从本网站撤除（不应公开而公开，或公示期满），只计数，不列出。</p>\n`
    : '';
}

export function scorecardListPage(list: ScorecardList, config: SiteConfig): string {
  const root = '../../';
  const late = list.withdrawn.filter((row) => row.late);
  const section = (
    id: string,
    title: string,
    count: number,
    body: SafeHtml,
  ) => html`<section aria-labelledby="${id}">
<h2 id="${id}">${title}（${count}件）</h2>
${body}</section>
`;
  const r = list.correctionRequests;
  const { unlisted } = list;
  const main = html`<h1>${list.agencyName}：${monthLabel(list.month)}公示时效明细</h1>
<p>本页列出<a href="${root}${SCORECARD_KEY}">公示时效</a>中该月各项数字所对应的决定，均按事情发生之日（北京时间）计：首次公示之日、撤下之日、提出更正申请之日。撤下的决定链接至原位置的撤下说明。</p>
${section('published-on-time', '按时公示', list.publishedOnTime.length + unlisted.publishedOnTime, html`${listTable(list.publishedOnTime, false, root)}${unlistedNote(unlisted.publishedOnTime)}`)}${section('published-late', '逾期公示', list.publishedLate.length + unlisted.publishedLate, html`${listTable(list.publishedLate, false, root)}${unlistedNote(unlisted.publishedLate)}`)}${section('withdrawn', '撤下的决定', list.withdrawn.length + unlisted.withdrawn, html`${listTable(list.withdrawn, true, root)}${unlistedNote(unlisted.withdrawn)}`)}${section('withdrawn-late', '其中逾期撤下（超过撤下期限）', late.length + unlisted.withdrawnLate, html`${listTable(late, true, root)}${unlistedNote(unlisted.withdrawnLate)}`)}<section aria-labelledby="correction-requests">
<h2 id="correction-requests">更正申请（按提出日期）</h2>
${
  r
    ? html`<p>只公布件数，不公布申请人及申请内容。</p>
<table class="scorecard-table">
<thead><tr><th scope="col">项目</th><th scope="col">件数</th></tr></thead>
<tbody>
<tr data-series="requests-on-time"><th scope="row">按时<wbr>答复</th><td>${r.answeredOnTime}</td></tr>
<tr data-series="requests-late"><th scope="row">逾期<wbr>答复</th><td>${r.answeredLate}</td></tr>
<tr data-series="requests-open-late"><th scope="row">逾期<wbr>未<wbr>答复</th><td>${r.openPastDeadline}</td></tr>
</tbody>
</table>
`
    : html`<p>无数据。</p>\n`
}</section>
`;
  return page({
    config,
    root,
    title: `${list.agencyName} ${monthLabel(list.month)}公示时效明细`,
    description: `${list.agencyName}${monthLabel(list.month)}公示、撤下的决定及更正申请的件数`,
    main,
  });
}

/** The objects a refresh writes: the page, the same numbers as JSON, and the list behind each agency's months. */
export function scorecardObjects(
  data: ScorecardData,
  config: SiteConfig,
  lists: readonly ScorecardList[] = [],
): SiteObject[] {
  return [
    siteObject(SCORECARD_KEY, scorecardPage(data, config), CONTENT_TYPES.html),
    siteObject(SCORECARD_DATA_KEY, `${safeJson(data, 2)}\n`, CONTENT_TYPES.json),
    ...lists.map((list) => siteObject(list.key, scorecardListPage(list, config), CONTENT_TYPES.html)),
  ];
}
