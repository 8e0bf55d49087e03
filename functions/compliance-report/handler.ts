import {
  type ComplianceReport,
  complianceReport,
  type RequestTally,
  type Tally,
} from '../../shared/app/reports.ts';
import { isLocalDate, type LocalDate, shanghaiDate } from '../../shared/domain/dates.ts';
import { HttpProblem } from '../../shared/http/problem.ts';
import { json, parseWith, queryOf } from '../../shared/http/request.ts';
import { ComplianceQuerySchema } from '../../shared/http/schemas.ts';
import { csvFile } from '../../shared/site/html.ts';
import { authenticated } from '../lib/authenticated.ts';
import { correctionDeps } from '../lib/corrections.ts';
import type { HttpResult } from '../lib/handler.ts';
import { catalog } from '../lib/ports/catalog.ts';

// R12: a supervisor reads the report in Excel as often as a program reads it as JSON.
export const handler = authenticated('compliance-report', async ({ event, actor }) => {
  const q = parseWith(ComplianceQuerySchema, queryOf(event), 'query');
  const from = realDate(q.from, 'from');
  const to = realDate(q.to, 'to');
  if (to < from)
    throw invalid('to', 'period_reversed', `the period cannot end (${to}) before it starts (${from})`);
  const report = await complianceReport(
    { ...correctionDeps, catalog },
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
  return csv ? csvResponse(report) : json(200, report);
});

function invalid(field: string, code: string, message: string): HttpProblem {
  return new HttpProblem(400, 'invalid_request', 'the query does not have the expected shape', {
    errors: [{ field, code, message }],
  });
}

/** The pattern passed the schema; the calendar decides whether the day exists (2025-02-30 does not). */
function realDate(value: string, field: 'from' | 'to'): LocalDate {
  if (isLocalDate(value)) return value;
  throw invalid(field, 'invalid_date', `${field} must be a real calendar date written YYYY-MM-DD`);
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
      '不予公开（按理由）',
      t,
    ]),
    ['withdrawn', '撤下', report.withdrawn],
    ...Object.entries(report.withdrawn.byReason).map(([reason, t]): [string, string, Tally] => [
      `withdrawn.${reason}`,
      '撤下（按理由）',
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

function csvResponse(report: ComplianceReport): HttpResult {
  const counts = countRows(report);
  const behind = new Map<string, string[]>();
  for (const [metric, , t] of counts) {
    if (metric === 'submitted') continue;
    for (const d of t.decisions) behind.set(d.id, [...(behind.get(d.id) ?? []), metric]);
  }
  const requestCounts = requestRows(report);
  const requestsBehind = new Map<string, string[]>();
  for (const [metric, , t] of requestCounts) {
    if (!t || metric === 'correctionRequestsFiled') continue;
    for (const r of t.requests) requestsBehind.set(r.id, [...(requestsBehind.get(r.id) ?? []), metric]);
  }
  const stale = report.staleCatalogueItems;
  const rows: (string | number | undefined)[][] = [
    ...counts.map(([metric, label, t]) => [metric, label, t.count]),
    ...requestCounts.map(([metric, label, t]) => [metric, label, t ? t.count : '']),
    ['medianWorkingDaysToPublish', '公开用时中位数（工作日）', report.medianWorkingDaysToPublish ?? ''],
    ['staleCatalogueItems', '逾期未更新的事前公开事项（截至今日）', stale.count],
    ['legalReviewers.enforcementStaff', '执法人员（事前公开名单）', report.legalReviewers.enforcementStaff],
    ['legalReviewers.legalReviewers', '法制审核人员', report.legalReviewers.legalReviewers],
    ['legalReviewers.share', '法制审核人员占比（不少于5%）', report.legalReviewers.share ?? ''],
    [
      'majorDecisions.refusedWithoutLegalReview',
      '未经法制审核被拒绝提交（次）',
      report.majorDecisions.refusedWithoutLegalReview,
    ],
    // R8: corrections of published decisions, reviewed the working day they were submitted (立即) or not.
    ['publishedCorrections.submitted', '已公开决定的更正', report.publishedCorrections.submitted.count],
    [
      'publishedCorrections.reviewedOnTime',
      '已公开决定的更正，提交当日审核',
      report.publishedCorrections.reviewedOnTime.count,
    ],
    [
      'publishedCorrections.reviewedLate',
      '已公开决定的更正，逾期审核',
      report.publishedCorrections.reviewedLate.count,
    ],
    [
      'publishedCorrections.pendingPastDeadline',
      '已公开决定的更正，逾期未审核',
      report.publishedCorrections.pendingPastDeadline.count,
    ],
    [],
    ['id', 'caseNumber', 'decisionDate', 'status', 'due', 'publishedOn', 'workingDaysToPublish', 'counts'],
    // Every decision of the period is behind `submitted`: one row each, naming the other counts it is in.
    ...report.submitted.decisions.map((d) => [
      d.id,
      d.caseNumber,
      d.decisionDate,
      d.status,
      d.due,
      d.publishedOn ?? '',
      d.workingDaysToPublish ?? '',
      (behind.get(d.id) ?? []).join(';'),
    ]),
    [],
    ['requestId', 'decisionId', 'caseNumber', 'status', 'filedOn', 'due', 'answeredOn', 'outcome', 'counts'],
    // R9: every request filed in the period, naming the counts it is behind (a held one: correctionRequestsHeld).
    ...[
      ...(report.correctionRequestsFiled?.requests ?? []),
      ...(report.correctionRequestsHeld?.requests ?? []),
    ].map((r) => [
      r.id,
      r.decisionId,
      r.caseNumber,
      r.status,
      r.filedOn,
      r.due,
      r.answeredOn ?? '',
      r.outcome ?? '',
      (requestsBehind.get(r.id) ?? []).join(';'),
    ]),
    // R10: the catalogue items behind staleCatalogueItems, in a section of their own.
    ...(stale.count === 0
      ? []
      : [
          [],
          ['catalogueItemId', 'kind', 'title', 'due', 'workingDaysOverdue', 'lawChangeIds'],
          ...stale.items.map((i) => [
            i.id,
            i.kind,
            i.title,
            i.due,
            i.workingDaysOverdue,
            i.lawChangeIds.join(';'),
          ]),
        ]),
  ];
  const name = `compliance-${report.agencyId}-${report.from}-${report.to}.csv`.replace(/[^\w.-]/g, '_');
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
    body: csvFile(['metric', 'label', 'count'], rows),
  };
}
