/**
 * Bulk data per month. The NDJSON shard is the month's state and is written by model.ts; the CSV is derived
 * from it for people who open data in Excel: a BOM, Chinese headers, RFC 4180 quoting, formula guard.
 */
import { csvCell, csvFile } from './html.ts';
import { displayDate } from './keys.ts';
import { correctedAt, type MonthEntry } from './model.ts';

export const CSV_HEADER = [
  '决定编号',
  '状态',
  '决定书文号',
  '执法类别',
  '执法机关',
  '行政相对人',
  '相对人类别',
  '证件类型',
  '证件号码',
  '法定代表人（负责人）',
  '执法方式',
  '执法内容',
  '执法决定（结果）',
  '执法依据',
  '处罚种类',
  '罚款金额（元）',
  '没收金额（元）',
  '决定日期',
  '公开日期',
  '最近更正日期',
  '撤下原因',
  '撤下说明',
  '撤下日期',
  '网址',
] as const;

function csvRow(entry: MonthEntry): (string | number | undefined)[] {
  const common = {
    id: entry.id,
    caseNumber: entry.caseNumber,
    type: entry.actionTypeLabel,
    agency: entry.agency.name,
    decisionDate: entry.decisionDate,
    publishedAt: displayDate(entry.publishedAt),
  };
  if (entry.status === 'withdrawn') {
    // R7: a withdrawn decision's row keeps only what its notice shows.
    const w = entry.withdrawal;
    return [
      common.id,
      '已撤下',
      common.caseNumber,
      common.type,
      common.agency,
      // 行政相对人 … 没收金额: twelve columns of withdrawn content, left empty.
      ...Array<undefined>(12).fill(undefined),
      common.decisionDate,
      common.publishedAt,
      undefined,
      w.reasonLabel,
      w.explanation,
      displayDate(w.withdrawnAt),
      entry.url,
    ];
  }
  const corrected = correctedAt(entry);
  return [
    common.id,
    '公示中',
    common.caseNumber,
    common.type,
    common.agency,
    entry.party.name,
    entry.party.kindLabel,
    entry.party.idTypeLabel,
    entry.party.idNumber,
    entry.party.legalRepresentative,
    entry.method,
    entry.content,
    entry.result,
    entry.legalBasis,
    entry.penalty?.typeLabels.join('、'),
    entry.penalty?.fineYuan,
    entry.penalty?.confiscationYuan,
    common.decisionDate,
    common.publishedAt,
    corrected ? displayDate(corrected) : undefined,
    undefined,
    undefined,
    undefined,
    entry.url,
  ];
}

export function monthCsv(entries: readonly MonthEntry[]): string {
  return csvFile(CSV_HEADER, entries.map(csvRow));
}

/** The decision's row of its month's CSV as the file holds it, without the line break: what the log commits to. */
export function csvRowText(entry: MonthEntry): string {
  return csvRow(entry).map(csvCell).join(',');
}
