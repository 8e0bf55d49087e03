/**
 * The annual report's enforcement section (政府信息公开条例 art. 49, 50) as an agency publishes it: the figures in
 * Chinese, one list of rows for the CSV and the printable page alike, the page itself (A4, no external resource,
 * one inline style whose hash the answer's CSP names), and the three answers. Every text goes through `html` or
 * `csvCell`.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AnnualReport } from '../app/annual-report.ts';
import { kindDefinition, LAW_CHANGE_KIND_LABELS } from '../domain/catalog.ts';
import { ANSWER_OUTCOME_LABELS, ANSWER_OUTCOMES } from '../domain/correction-request.ts';
import {
  EXEMPTION_REASON_LABELS,
  EXEMPTION_REASONS,
  WITHDRAW_REASON_LABELS,
  WITHDRAW_REASONS,
} from '../domain/decision.ts';
import { html, type SafeHtml } from '../site/html.ts';
import { csvDownload } from './csv.ts';

export interface AnnualRow {
  readonly section: string;
  readonly label: string;
  readonly value: number | null;
  /** The JSON path of the figure, for programs reading the CSV. */
  readonly metric: string;
}

export const ANNUAL_SECTIONS = {
  decisions: '一、行政执法决定公开情况',
  withdrawals: '二、已公开信息撤下情况',
  corrections: '三、更正申请办理情况',
  catalogue: '四、事前公开信息更新情况',
} as const;

/** The report's title: `四平市工业和信息化局 2026年度政府信息公开工作年度报告（行政执法信息公开部分）`. */
export function annualReportTitle(report: Pick<AnnualReport, 'agencyName' | 'year'>): string {
  return `${report.agencyName} ${report.year}年度政府信息公开工作年度报告（行政执法信息公开部分）`;
}

/** What the figures cover: the whole year, or the year up to today while it is not over. */
export function annualPeriodText(report: Pick<AnnualReport, 'from' | 'to' | 'complete'>): string {
  const period = `统计期间：${chineseDate(report.from)}至${chineseDate(report.to)}`;
  return report.complete ? period : `${period}（本年度尚未结束，数据截至${chineseDate(report.to)}）`;
}

export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Every figure in report order, with the label a reader finds it by. */
export function annualReportRows(report: AnnualReport): AnnualRow[] {
  const { decisions: d, withdrawals: w, correctionRequests: c, catalogue: k } = report;
  const row = (section: string, label: string, value: number | null, metric: string): AnnualRow => ({
    section,
    label,
    value,
    metric,
  });
  const D = ANNUAL_SECTIONS.decisions;
  const W = ANNUAL_SECTIONS.withdrawals;
  const C = ANNUAL_SECTIONS.corrections;
  const K = ANNUAL_SECTIONS.catalogue;
  return [
    row(D, '作出并报送的行政执法决定', d.submitted, 'decisions.submitted'),
    row(D, '已公开', d.published, 'decisions.published'),
    row(D, '按期公开', d.publishedOnTime, 'decisions.publishedOnTime'),
    row(D, '逾期公开', d.publishedLate, 'decisions.publishedLate'),
    row(D, '公开用时中位数（工作日）', d.medianWorkingDaysToPublish, 'decisions.medianWorkingDaysToPublish'),
    row(D, '逾期未公开（截至报告生成日）', d.pendingPastDeadline, 'decisions.pendingPastDeadline'),
    row(D, '期限内待公开', d.pendingWithinDeadline, 'decisions.pendingWithinDeadline'),
    row(D, '退回后未重新报送', d.rejectedNotResubmitted, 'decisions.rejectedNotResubmitted'),
    row(D, '未公开即作废', d.discarded, 'decisions.discarded'),
    row(D, '依法不予公开', d.exempt, 'decisions.exempt'),
    ...EXEMPTION_REASONS.map((reason) =>
      row(
        D,
        `不予公开：${EXEMPTION_REASON_LABELS[reason]}`,
        d.exemptByReason[reason],
        `decisions.exemptByReason.${reason}`,
      ),
    ),
    row(D, '重大执法决定', d.major, 'decisions.major'),
    row(D, '重大执法决定（经法制审核）', d.majorWithLegalReview, 'decisions.majorWithLegalReview'),
    row(D, '重大执法决定（无法制审核记录）', d.majorWithoutLegalReview, 'decisions.majorWithoutLegalReview'),
    row(
      D,
      '未经法制审核被拒绝提交（次）',
      d.refusedWithoutLegalReview,
      'decisions.refusedWithoutLegalReview',
    ),
    row(W, '撤下', w.count, 'withdrawals.count'),
    ...WITHDRAW_REASONS.map((reason) =>
      row(W, `撤下：${WITHDRAW_REASON_LABELS[reason]}`, w.byReason[reason], `withdrawals.byReason.${reason}`),
    ),
    row(W, '逾期撤下', w.late, 'withdrawals.late'),
    row(C, '收到更正申请', c.filed, 'correctionRequests.filed'),
    row(C, '按期答复', c.answeredOnTime, 'correctionRequests.answeredOnTime'),
    row(C, '逾期答复', c.answeredLate, 'correctionRequests.answeredLate'),
    row(C, '逾期未答复（截至报告生成日）', c.openPastDeadline, 'correctionRequests.openPastDeadline'),
    row(C, '期限内待答复', c.openWithinDeadline, 'correctionRequests.openWithinDeadline'),
    ...ANSWER_OUTCOMES.map((outcome) =>
      row(
        C,
        `答复结果：${ANSWER_OUTCOME_LABELS[outcome]}`,
        c.byOutcome[outcome],
        `correctionRequests.byOutcome.${outcome}`,
      ),
    ),
    row(C, '未经验证、尚未答复的更正申请（答复后计入）', c.held, 'correctionRequests.held'),
    row(
      K,
      '记录的法律、法规、规章、规范性文件变更或机构职能调整',
      k.lawChangesRecorded,
      'catalogue.lawChangesRecorded',
    ),
    row(K, '应更新的事前公开事项（项次）', k.itemUpdatesOwed, 'catalogue.itemUpdatesOwed'),
    row(K, '按期更新', k.updatedOnTime, 'catalogue.updatedOnTime'),
    row(K, '逾期更新', k.updatedLate, 'catalogue.updatedLate'),
    row(K, '逾期未更新（截至报告生成日）', k.overdue, 'catalogue.overdue'),
    row(K, '期限内待更新', k.pending, 'catalogue.pending'),
    row(K, '当前逾期未更新的事前公开事项（不限年度）', k.staleToday, 'catalogue.staleToday'),
  ];
}

const NOTES_ZH = [
  '行政执法决定按决定日期计入所在年度；公开期限为决定作出（或信息形成、变更）之日起7个工作日，双随机抽查正常结果为20个工作日，首日不计（四平 §四(六)），工作日按国家法定节假日和调休安排计算，日期以北京时间为准。',
  '“逾期未公开”“逾期未答复”“逾期未更新”均截至报告生成日（文末所示日期）计算。',
  '撤下按原决定所在年度计入；因原决定被撤销、确认违法、确认无效、要求重新作出或变更而撤下的，应在法律事件发生后3个工作日内撤下。',
  '更正申请按收到日期计入所在年度，答复期限默认为7个工作日；未经验证且尚未答复的申请在答复后计入。',
  '事前公开事项应在法律、法规、规章、规范性文件施行、废止或机构职能调整之日起20个工作日内更新（四平 §四(五)），以更新内容审核通过之日为准。',
] as const;

const STYLE = `@page{size:A4;margin:20mm 18mm}
*{box-sizing:border-box}
body{font-family:SimSun,Songti SC,Noto Serif CJK SC,serif;color:#000;background:#fff;margin:0 auto;max-width:210mm;padding:12mm;font-size:12pt;line-height:1.6}
h1{font-family:SimHei,Heiti SC,Noto Sans CJK SC,sans-serif;font-size:18pt;text-align:center;margin:0 0 6pt}
h2{font-family:SimHei,Heiti SC,Noto Sans CJK SC,sans-serif;font-size:14pt;margin:14pt 0 6pt}
p.period,p.made{text-align:center;margin:0 0 4pt}
table{width:100%;border-collapse:collapse;margin:0 0 8pt;page-break-inside:auto}
tr{page-break-inside:avoid}
th,td{border:1px solid #000;padding:3pt 6pt;vertical-align:top}
th{background:#eee;font-weight:bold}
td.n{text-align:right;white-space:nowrap;width:7em}
ol.notes{font-size:10.5pt}
@media print{body{padding:0;max-width:none}}`;

/**
 * The CSP source of the page's one inline style. The style needs no escaping (no quote, ampersand or angle
 * bracket), so the bytes the browser hashes are these; a unit test holds the page to the hash.
 */
export const ANNUAL_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

function figureTable(rows: readonly AnnualRow[]): SafeHtml {
  return html`<table>
<thead><tr><th scope="col">项目</th><th scope="col">数量</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.label}</td><td class="n">${r.value ?? '—'}</td></tr>\n`)}</tbody>
</table>`;
}

function lawChangeTable(report: AnnualReport): SafeHtml | false {
  const changes = report.catalogue.lawChanges;
  if (changes.length === 0) return false;
  return html`<table>
<caption>本年度记录的变更及事前公开事项更新</caption>
<thead><tr><th scope="col">名称</th><th scope="col">类别</th><th scope="col">施行日期</th><th scope="col">更新期限</th><th scope="col">涉及事项</th><th scope="col">按期更新</th><th scope="col">逾期更新</th><th scope="col">逾期未更新</th><th scope="col">期限内待更新</th></tr></thead>
<tbody>${changes.map(
    (c) =>
      html`<tr><td>${c.title}</td><td>${LAW_CHANGE_KIND_LABELS[c.kind] ?? c.kind}</td><td>${c.effectiveDate}</td><td>${c.due}</td><td class="n">${c.items}</td><td class="n">${c.updatedOnTime}</td><td class="n">${c.updatedLate}</td><td class="n">${c.overdue}</td><td class="n">${c.pending}</td></tr>\n`,
  )}</tbody>
</table>`;
}

function overdueUpdates(report: AnnualReport): SafeHtml | false {
  const late = report.catalogue.updates.filter((u) => u.status === 'overdue' || u.status === 'late');
  if (late.length === 0) return false;
  return html`<table>
<caption>逾期更新或逾期未更新的事前公开事项</caption>
<thead><tr><th scope="col">事项编号</th><th scope="col">事项</th><th scope="col">更新期限</th><th scope="col">更新日期</th></tr></thead>
<tbody>${late.map(
    (u) =>
      html`<tr><td>${u.itemId}</td><td>${kindDefinition(u.kind).label}</td><td>${u.due}</td><td>${u.updatedOn ?? '尚未更新'}</td></tr>\n`,
  )}</tbody>
</table>`;
}

/** The printable page: Chinese, A4, every figure in a table, nothing loaded from anywhere. */
export function annualReportPage(report: AnnualReport): string {
  const rows = annualReportRows(report);
  const title = annualReportTitle(report);
  const sections = Object.values(ANNUAL_SECTIONS).map(
    (section) => html`<h2>${section}</h2>
${figureTable(rows.filter((r) => r.section === section))}
${section === ANNUAL_SECTIONS.catalogue ? [lawChangeTable(report), overdueUpdates(report)] : false}`,
  );
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="period">${annualPeriodText(report)}</p>
${sections}
<h2>说明</h2>
<ol class="notes">${NOTES_ZH.map((note) => html`<li>${note}</li>`)}</ol>
<p class="made">生成日期：${chineseDate(report.today)}</p>
</main>
</body>
</html>
`.toString();
}

/** One table for Excel, as the compliance report's: its Chinese headers first, the metric codes last for programs. */
export function annualCsvAnswer(report: AnnualReport): APIGatewayProxyStructuredResultV2 {
  return csvDownload({
    header: ['类别', '项目', '数量', '指标代码'],
    rows: annualReportRows(report).map((r) => [r.section, r.label, r.value ?? '', r.metric]),
    asciiName: `annual-report-${report.agencyId}-${report.year}.csv`,
    fileName: `${annualReportTitle(report)}.csv`,
  });
}

/**
 * The printable page: nothing but its own inline style may load or run, no framing, no referrer; a file name for
 * those who save it.
 */
export function annualHtmlAnswer(report: AnnualReport): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src ${ANNUAL_STYLE_HASH}; img-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body: annualReportPage(report),
  };
}
