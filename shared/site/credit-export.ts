/**
 * The 双公示 export (ADR 0018): a month's administrative penalties and licences as the national 双公示 data items
 * that 信用中国 and the provincial credit platforms import, one table each (行政处罚 XZCF, 行政许可 XZXK). Built
 * from the site's own public entries (the listing parts), never from records, so every cell is masked exactly as
 * the decision page shows it (R4); a withdrawn decision is not exported (R7). Items the platform does not keep
 * are left empty. The CSV is written here; the XLSX from the same tables by shared/app/credit-export.ts.
 */
import { csvFile } from './html.ts';
import { displayDate, type Month } from './keys.ts';
import { correctedAt, type MonthEntry, type PublishedEntry, publicUntil } from './model.ts';

/** A cell: text (written as text, whatever it looks like) or a number (amounts). */
export type ExportCell = { readonly text: string } | number | undefined;

export interface ExportTable {
  /** The sheet's name in the XLSX, and the table's name. */
  readonly name: string;
  /** The platforms' abbreviation, which names the CSV: `exports/2025-10-xzcf.csv`. */
  readonly code: 'xzcf' | 'xzxk';
  readonly header: readonly string[];
  readonly rows: readonly (readonly ExportCell[])[];
}

/** The agency directory's own codes (统一社会信用代码), by agency id; an agency without one leaves the column empty. */
export type AgencyCodes = ReadonlyMap<string, string>;

export const PENALTY_HEADER = [
  '行政相对人名称',
  '行政相对人代码',
  '法定代表人',
  '证件类型',
  '行政处罚决定书文号',
  '违法行为类型',
  '违法事实',
  '处罚依据',
  '处罚类别',
  '处罚内容',
  '罚款金额（万元）',
  '没收违法所得、没收非法财物的金额（万元）',
  '暂扣或吊销证照名称及编号',
  '处罚决定日期',
  '处罚有效期',
  '公示截止期',
  '处罚机关',
  '处罚机关统一社会信用代码',
  '数据来源单位',
  '数据来源单位统一社会信用代码',
  '备注',
] as const;

export const LICENCE_HEADER = [
  '行政相对人名称',
  '行政相对人代码',
  '法定代表人',
  '证件类型',
  '行政许可决定文书名称',
  '行政许可决定文书号',
  '许可类别',
  '许可证书名称',
  '许可编号',
  '许可内容',
  '许可决定日期',
  '有效期自',
  '有效期至',
  '许可机关',
  '许可机关统一社会信用代码',
  '当前状态',
  '数据来源单位',
  '数据来源单位统一社会信用代码',
  '备注',
] as const;

export const exportCsvKey = (month: Month, code: ExportTable['code']) => `exports/${month}-${code}.csv`;
export const exportXlsxKey = (month: Month) => `exports/${month}.xlsx`;
export const EXPORTS_PREFIX = 'exports/';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const text = (value: string | undefined): ExportCell => (value === undefined ? undefined : { text: value });

/** Yuan as 万元, to the fen: 50000 → 5, 1234.56 → 0.123456. */
function tenThousands(yuan: number | undefined): number | undefined {
  return yuan === undefined ? undefined : Number((yuan / 10_000).toFixed(6));
}

/** The party and the agency as both tables give them. */
function common(entry: PublishedEntry, codes: AgencyCodes) {
  const { party } = entry;
  return {
    party: [text(party.name), text(party.idNumber), text(party.legalRepresentative), text(party.idTypeLabel)],
    agency: text(entry.agency.name),
    agencyCode: text(codes.get(entry.agency.id)),
  };
}

/** 备注: where the decision is published, and when it was last corrected (R8). */
function note(entry: PublishedEntry): ExportCell {
  const corrected = correctedAt(entry);
  return text(`${corrected ? `更正于${displayDate(corrected)}；` : ''}公示网址：${entry.url}`);
}

function penaltyRow(entry: PublishedEntry, codes: AgencyCodes): ExportCell[] {
  const { party, agency, agencyCode } = common(entry, codes);
  const { penalty } = entry;
  return [
    ...party,
    text(entry.caseNumber),
    text(entry.violationType),
    text(entry.content),
    text(entry.legalBasis),
    text(penalty?.typeLabels.join(';')),
    text(entry.result),
    tenThousands(penalty?.fineYuan),
    tenThousands(penalty?.confiscationYuan),
    undefined,
    text(entry.decisionDate),
    text(penalty?.validUntil),
    text(publicUntil(entry)),
    agency,
    agencyCode,
    agency,
    agencyCode,
    note(entry),
  ];
}

function licenceRow(entry: PublishedEntry, codes: AgencyCodes): ExportCell[] {
  const { party, agency, agencyCode } = common(entry, codes);
  return [
    ...party,
    undefined,
    text(entry.caseNumber),
    undefined,
    undefined,
    undefined,
    text(entry.result),
    text(entry.decisionDate),
    undefined,
    undefined,
    agency,
    agencyCode,
    // A withdrawn licence decision is not exported, so what is exported is in force as far as the site knows.
    text('有效'),
    agency,
    agencyCode,
    note(entry),
  ];
}

/** The month's two tables from its listing entries, in publication order. */
export function creditExportTables(entries: readonly MonthEntry[], codes: AgencyCodes): ExportTable[] {
  const published = entries
    .filter((e): e is PublishedEntry => e.status === 'published')
    .sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : 0));
  return [
    {
      name: '行政处罚',
      code: 'xzcf',
      header: PENALTY_HEADER,
      rows: published.filter((e) => e.actionType === 'penalty').map((e) => penaltyRow(e, codes)),
    },
    {
      name: '行政许可',
      code: 'xzxk',
      header: LICENCE_HEADER,
      rows: published.filter((e) => e.actionType === 'license').map((e) => licenceRow(e, codes)),
    },
  ];
}

/** The CSV of one table: as the month CSVs, codes of digits only kept as text for Excel (ADR 0018). */
export function exportCsv(table: ExportTable): string {
  return csvFile(
    table.header,
    table.rows.map((row) => row.map((cell) => (typeof cell === 'object' ? cell.text : cell))),
  );
}

/** Every string a table holds, for the publish gate (R4) before anything is written. */
export function exportTableText(table: ExportTable): string {
  return [table.header, ...table.rows.map((row) => row.map((c) => (typeof c === 'object' ? c.text : '')))]
    .map((row) => row.join('\t'))
    .join('\n');
}
