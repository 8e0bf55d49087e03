import {
  type ComplianceReport,
  complianceReport,
  type RequestTally,
  type Tally,
} from '../../shared/app/reports.ts';
import { CATALOG_KINDS } from '../../shared/domain/catalog.ts';
import {
  ANSWER_OUTCOME_LABELS,
  type AnswerOutcome,
  CORRECTION_REQUEST_STATUS_LABELS,
  type CorrectionRequestStatus,
} from '../../shared/domain/correction-request.ts';
import { isLocalDate, type LocalDate, shanghaiDate } from '../../shared/domain/dates.ts';
import {
  ACTION_TYPE_LABELS,
  type DecisionStatus,
  EXEMPTION_REASON_LABELS,
  type ExemptionReason,
  WITHDRAW_REASON_LABELS,
  type WithdrawReason,
} from '../../shared/domain/decision.ts';
import { csvDownload } from '../../shared/http/csv.ts';
import { HttpProblem } from '../../shared/http/problem.ts';
import { json, parseWith, queryOf } from '../../shared/http/request.ts';
import { ComplianceQuerySchema } from '../../shared/http/schemas.ts';
import { authenticated } from '../lib/authenticated.ts';
import { correctionDeps } from '../lib/corrections.ts';
import type { HttpResult } from '../lib/handler.ts';
import { catalog } from '../lib/ports/catalog.ts';
import { inventories } from '../lib/ports/inventory.ts';

// R12: a supervisor reads the report in Excel as often as a program reads it as JSON.
export const handler = authenticated('compliance-report', async ({ event, actor }) => {
  const q = parseWith(ComplianceQuerySchema, queryOf(event), 'query');
  const from = realDate(q.from, 'from');
  const to = realDate(q.to, 'to');
  if (to < from)
    throw invalid('period_reversed', 'to', `the period cannot end (${to}) before it starts (${from})`);
  const report = await complianceReport(
    { ...correctionDeps, catalog, inventories },
    {
      actor,
      from,
      to,
      today: shanghaiDate(correctionDeps.clock.now()),
      ...(q.agency ? { agencyId: q.agency } : {}),
    },
  );
  const accept = (event.headers?.accept ?? '').toLowerCase();
  const csv = q.format === 'csv' || (q.format === undefined && accept.includes('text/csv'));
  return csv ? csvResponse(report, q.table ?? 'summary') : json(200, report);
});

function invalid(code: string, field: string, message: string): HttpProblem {
  return new HttpProblem(
    400,
    'invalid_request',
    'the query does not have the expected shape',
    { errors: [{ field, code, message }] },
    { where: 'query' },
  );
}

/** The pattern passed the schema; the calendar decides whether the day exists (2025-02-30 does not). */
function realDate(value: string, field: 'from' | 'to'): LocalDate {
  if (isLocalDate(value)) return value;
  throw invalid('invalid_date', field, `${field} must be a real calendar date written YYYY-MM-DD`);
}

/** The counts in report order, with the label a supervisor reads them by. */
function countRows(report: ComplianceReport): [string, string, Tally][] {
  return [
    ['submitted', '报送决定数', report.submitted],
    ['publishedOnTime', '按期公开', report.publishedOnTime],
    ['publishedLate', '逾期公开', report.publishedLate],
    ['pendingPastDeadline', '逾期未公开', report.pendingPastDeadline],
    ['pendingWithinDeadline', '期限内待公开', report.pendingWithinDeadline],
    ['exempt', '不予公开', report.exempt],
    ...Object.entries(report.exempt.byReason).map(([reason, t]): [string, string, Tally] => [
      `exempt.${reason}`,
      `不予公开：${EXEMPTION_REASON_LABELS[reason as ExemptionReason] ?? reason}`,
      t,
    ]),
    ['withdrawn', '撤下', report.withdrawn],
    ...Object.entries(report.withdrawn.byReason).map(([reason, t]): [string, string, Tally] => [
      `withdrawn.${reason}`,
      `撤下：${WITHDRAW_REASON_LABELS[reason as WithdrawReason] ?? reason}`,
      t,
    ]),
    ['withdrawnLate', '逾期撤下', report.withdrawnLate],
    ['discarded', '未公开即作废', report.discarded],
    ['rejectedNotResubmitted', '退回后未重新报送', report.rejectedNotResubmitted],
    // R14: major decisions, and those with their 法制审核 record.
    ['majorDecisions', '重大执法决定', report.majorDecisions],
    ['majorDecisions.withLegalReview', '重大执法决定（经法制审核）', report.majorDecisions.withLegalReview],
    [
      'majorDecisions.withoutLegalReview',
      '重大执法决定（无法制审核记录）',
      report.majorDecisions.withoutLegalReview,
    ],
  ];
}

/** R12, R13: the inventory's figures, when the report read the inventories. */
function inventoryRows(report: ComplianceReport): (string | number)[][] {
  const i = report.inventory;
  if (!i) return [];
  return [
    ['办案系统报备作出的决定', i.made, 'inventory.made'],
    ['其中已报送', i.submitted, 'inventory.submitted'],
    ['其中已公开', i.published, 'inventory.published'],
    ['其中不予公开', i.exempt, 'inventory.exempt'],
    ['其中未报送', i.neverSubmitted, 'inventory.neverSubmitted'],
    ['其中未报送且已过公开期限', i.neverSubmittedPastDeadline, 'inventory.neverSubmittedPastDeadline'],
  ];
}

/** R9: the correction-request counts, with the label a supervisor reads them by. */
function requestRows(report: ComplianceReport): [string, string, RequestTally | null][] {
  return [
    ['correctionRequestsFiled', '收到更正申请', report.correctionRequestsFiled],
    ['correctionRequestsAnsweredOnTime', '更正申请按期答复', report.correctionRequestsAnsweredOnTime],
    ['correctionRequestsAnsweredLate', '更正申请逾期答复', report.correctionRequestsAnsweredLate],
    ['correctionRequestsOpenPastDeadline', '更正申请逾期未答复', report.correctionRequestsOpenPastDeadline],
    ['correctionRequestsHeld', '未经验证、尚未答复的更正申请（答复后计入）', report.correctionRequestsHeld],
  ];
}

/** R12: what a decision's status is called in the report. */
const DECISION_STATUS_LABELS: Readonly<Record<DecisionStatus, string>> = {
  pending_review: '待审核',
  rejected: '已退回',
  publishing: '正在公开',
  published: '已公开',
  exempt: '不予公开',
  withdrawn: '已撤下',
  discarded: '已作废',
};

/** One table of the report per file, for Excel: its Chinese headers first, the metric codes last for programs. */
export type ComplianceTable = 'summary' | 'decisions' | 'requests' | 'catalogue' | 'inventory';
const TABLE_NAMES: Readonly<Record<ComplianceTable, string>> = {
  summary: '汇总',
  inventory: '办案系统报备决定',
  decisions: '决定明细',
  requests: '更正申请明细',
  catalogue: '逾期事前公开事项',
};

function csvResponse(report: ComplianceReport, table: ComplianceTable): HttpResult {
  const counts = countRows(report);
  const labelOf = new Map<string, string>();
  const behind = new Map<string, string[]>();
  for (const [metric, label, t] of counts) {
    labelOf.set(metric, label);
    if (metric === 'submitted') continue;
    for (const d of t.decisions) behind.set(d.id, [...(behind.get(d.id) ?? []), metric]);
  }
  const requestCounts = requestRows(report);
  const requestsBehind = new Map<string, string[]>();
  for (const [metric, label, t] of requestCounts) {
    labelOf.set(metric, label);
    if (!t || metric === 'correctionRequestsFiled') continue;
    for (const r of t.requests) requestsBehind.set(r.id, [...(requestsBehind.get(r.id) ?? []), metric]);
  }
  const labels = (metrics: readonly string[]) => metrics.map((m) => labelOf.get(m) ?? m).join('；');
  const stale = report.staleCatalogueItems;
  const summary: (string | number | undefined)[][] = [
    ...counts.map(([metric, label, t]) => [label, t.count, metric]),
    ...requestCounts.map(([metric, label, t]) => [label, t ? t.count : '', metric]),
    ['公开用时中位数（工作日）', report.medianWorkingDaysToPublish ?? '', 'medianWorkingDaysToPublish'],
    ['逾期未更新的事前公开事项（截至今日）', stale.count, 'staleCatalogueItems'],
    ['执法人员（事前公开名单）', report.legalReviewers.enforcementStaff, 'legalReviewers.enforcementStaff'],
    ['法制审核人员', report.legalReviewers.legalReviewers, 'legalReviewers.legalReviewers'],
    ['法制审核人员占比（不少于5%）', report.legalReviewers.share ?? '', 'legalReviewers.share'],
    [
      '未经法制审核被拒绝提交（次）',
      report.majorDecisions.refusedWithoutLegalReview,
      'majorDecisions.refusedWithoutLegalReview',
    ],
    // R12, R13: what the case systems reported decided, against what was submitted (选择性公示).
    ...inventoryRows(report),
    // R8: corrections of published decisions, reviewed the working day they were submitted (立即) or not.
    ['已公开决定的更正', report.publishedCorrections.submitted.count, 'publishedCorrections.submitted'],
    [
      '已公开决定的更正，提交当日审核',
      report.publishedCorrections.reviewedOnTime.count,
      'publishedCorrections.reviewedOnTime',
    ],
    [
      '已公开决定的更正，逾期审核',
      report.publishedCorrections.reviewedLate.count,
      'publishedCorrections.reviewedLate',
    ],
    [
      '已公开决定的更正，逾期未审核',
      report.publishedCorrections.pendingPastDeadline.count,
      'publishedCorrections.pendingPastDeadline',
    ],
  ];
  const tables: Record<ComplianceTable, () => [string[], (string | number | undefined)[][]]> = {
    summary: () => [['项目', '数量', '指标代码'], summary],
    // Every decision of the period is behind 报送决定数: one row each, naming the other counts it is in.
    decisions: () => [
      [
        '决定编号',
        '决定书文号',
        '决定日期',
        '状态',
        '公开期限',
        '公开日期',
        '公开用时（工作日）',
        '计入项目',
      ],
      report.submitted.decisions.map((d) => [
        d.id,
        d.caseNumber,
        d.decisionDate,
        DECISION_STATUS_LABELS[d.status as DecisionStatus] ?? d.status,
        d.due,
        d.publishedOn ?? '',
        d.workingDaysToPublish ?? '',
        labels(behind.get(d.id) ?? []),
      ]),
    ],
    // R9: every request filed in the period (a held one too: 未经验证), naming the counts it is behind.
    requests: () => [
      [
        '申请编号',
        '决定编号',
        '决定书文号',
        '状态',
        '收到日期',
        '答复期限',
        '答复日期',
        '答复结果',
        '计入项目',
      ],
      [
        ...(report.correctionRequestsFiled?.requests ?? []),
        ...(report.correctionRequestsHeld?.requests ?? []),
      ].map((r) => [
        r.id,
        r.decisionId,
        r.caseNumber,
        CORRECTION_REQUEST_STATUS_LABELS[r.status as CorrectionRequestStatus] ?? r.status,
        r.filedOn,
        r.due,
        r.answeredOn ?? '',
        r.outcome ? (ANSWER_OUTCOME_LABELS[r.outcome as AnswerOutcome] ?? r.outcome) : '',
        labels(requestsBehind.get(r.id) ?? []),
      ]),
    ],
    // R12: every decision the case systems reported, with what became of it; then the counted periods.
    inventory: () => [
      ['报备期间', '决定书文号', '执法类别', '决定日期', '公开期限', '决定编号', '状态', '逾期未报送'],
      [
        ...(report.inventory?.decisions ?? []).map((d) => [
          d.period,
          d.caseNumber,
          ACTION_TYPE_LABELS[d.actionType],
          d.decisionDate,
          d.due,
          d.decisionId ?? '',
          d.status ? (DECISION_STATUS_LABELS[d.status] ?? d.status) : '未报送',
          d.pastDeadline ? '是' : '',
        ]),
        ...(report.inventory?.counts ?? []).map((c) => [
          c.period,
          `（按数量报备：作出${c.made}件，报送${c.submitted}件，未报送${c.neverSubmitted}件）`,
          ACTION_TYPE_LABELS[c.actionType],
          '',
          c.due,
          '',
          '',
          c.pastDeadline ? '是' : '',
        ]),
      ],
    ],
    // R10: the catalogue items behind 逾期未更新的事前公开事项.
    catalogue: () => [
      ['事项编号', '事项', '名称', '更新期限', '逾期工作日', '法律变更编号'],
      stale.items.map((i) => [
        i.id,
        CATALOG_KINDS.find((k) => k.kind === i.kind)?.label ?? i.kind,
        i.title,
        i.due,
        i.workingDaysOverdue,
        i.lawChangeIds.join('；'),
      ]),
    ],
  };
  const [header, rows] = tables[table]();
  return csvDownload({
    header,
    rows,
    asciiName: `compliance-${report.agencyId}-${report.from}-${report.to}-${table}.csv`,
    // The Chinese name: 报告名-表名.
    fileName: `执法公示报告-${TABLE_NAMES[table]}-${report.from}至${report.to}.csv`,
  });
}
