/**
 * The 双公示 export (ADR 0018): for the current and the previous Asia/Shanghai month, the month's penalties and
 * licences as the credit platforms import them, written as `exports/{YYYY-MM}-xzcf.csv`, `-xzxk.csv` and one
 * `exports/{YYYY-MM}.xlsx` with a sheet each. Read from the site's own listing parts (masked as published, R4),
 * never from the records; the agencies' own codes from the directory. A scheduled function writes it, so the
 * publisher's bundle never carries the XLSX writer; the full rebuild writes it for every month.
 */
import writeXlsxFile from 'write-excel-file/node';
import { shanghaiDate } from '../domain/dates.ts';
import type { AgencyDirectory, SiteBucket, SiteObjectWrite } from '../ports.ts';
import {
  type AgencyCodes,
  creditExportTables,
  type ExportTable,
  exportCsv,
  exportCsvKey,
  exportTableText,
  exportXlsxKey,
  XLSX_CONTENT_TYPE,
} from '../site/credit-export.ts';
import { CACHE_DYNAMIC, CONTENT_TYPES, MONTHS_KEY, type Month, monthNdjsonKey } from '../site/keys.ts';
import { type MonthEntry, parseMonthShard, parseMonthsState, partsOf } from '../site/model.ts';
import { assertNothingPersonal } from './publish-gate.ts';

export interface CreditExportDependencies {
  readonly site: SiteBucket;
  readonly agencies: AgencyDirectory;
}

export interface CreditExportResult {
  readonly months: readonly Month[];
  readonly penalties: number;
  readonly licences: number;
}

/** The month of `now` in Asia/Shanghai and the one before it: a late publication still lands in last month. */
export function exportMonths(now: Date): Month[] {
  const [year, month] = shanghaiDate(now)
    .slice(0, 7)
    .split('-')
    .map((n) => Number(n)) as [number, number];
  const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  return [previous as Month, `${year}-${String(month).padStart(2, '0')}` as Month];
}

/** The agencies' own codes, read once per agency. */
export async function agencyCodes(
  agencies: AgencyDirectory,
  entries: readonly MonthEntry[],
): Promise<AgencyCodes> {
  const codes = new Map<string, string>();
  for (const id of new Set(entries.map((e) => e.agency.id))) {
    const { uscc } = await agencies.get(id);
    if (uscc !== undefined) codes.set(id, uscc);
  }
  return codes;
}

/**
 * The XLSX of the tables, one sheet each. Every text cell is a string cell with the text format `@`, so Excel
 * never reads a code of digits (a USCC, an ID, a case number) as a number; amounts are numbers.
 */
export async function exportXlsx(tables: readonly ExportTable[]): Promise<Uint8Array> {
  const textCell = (value: string) => ({ type: String, value, format: '@' }) as const;
  const sheets = tables.map((table) => ({
    sheet: table.name,
    stickyRowsCount: 1,
    columns: table.header.map(() => ({ width: 20 })),
    data: [
      table.header.map((h) => ({ ...textCell(h), fontWeight: 'bold' as const })),
      ...table.rows.map((row) =>
        row.map((cell) =>
          cell === undefined
            ? null
            : typeof cell === 'number'
              ? { type: Number, value: cell }
              : textCell(cell.text),
        ),
      ),
    ],
  }));
  const buffer = await writeXlsxFile(sheets).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * A month's export objects from its entries. R4: the gate reads the CSV text and every cell of the XLSX before
 * either is made, and refuses the whole month when a certain finding survives (PersonalDataBlockedError).
 */
export async function creditExportObjects(
  month: Month,
  entries: readonly MonthEntry[],
  codes: AgencyCodes,
): Promise<{ objects: SiteObjectWrite[]; tables: ExportTable[] }> {
  const tables = creditExportTables(entries, codes);
  const csvs = tables.map((table) => ({ key: exportCsvKey(month, table.code), body: exportCsv(table) }));
  assertNothingPersonal([
    ...csvs,
    ...tables.map((t) => ({ key: `${exportXlsxKey(month)}#${t.name}`, body: exportTableText(t) })),
  ]);
  const objects: SiteObjectWrite[] = [
    ...csvs.map((c) => ({ ...c, contentType: CONTENT_TYPES.csv, cacheControl: CACHE_DYNAMIC })),
    {
      key: exportXlsxKey(month),
      body: await exportXlsx(tables),
      contentType: XLSX_CONTENT_TYPE,
      cacheControl: CACHE_DYNAMIC,
    },
  ];
  return { objects, tables };
}

/** Every entry of a month's listing parts as the site holds them now. */
async function monthEntries(site: SiteBucket, month: Month, parts: number): Promise<MonthEntry[]> {
  const entries: MonthEntry[] = [];
  for (let part = 1; part <= parts; part++) {
    const key = monthNdjsonKey(month, part);
    entries.push(...parseMonthShard(key, (await site.read(key))?.body));
  }
  return entries;
}

/** The schedule's run: the exports of the current and the previous month, for the months the site lists. */
export async function refreshCreditExports(
  deps: CreditExportDependencies,
  now: Date,
): Promise<CreditExportResult> {
  const state = parseMonthsState(MONTHS_KEY, (await deps.site.read(MONTHS_KEY))?.body);
  const written: Month[] = [];
  let penalties = 0;
  let licences = 0;
  for (const month of exportMonths(now)) {
    const parts = partsOf(state, month).length;
    if (parts === 0) continue;
    const entries = await monthEntries(deps.site, month, parts);
    const { objects, tables } = await creditExportObjects(
      month,
      entries,
      await agencyCodes(deps.agencies, entries),
    );
    for (const object of objects) await deps.site.put(object);
    penalties += tables.find((t) => t.code === 'xzcf')?.rows.length ?? 0;
    licences += tables.find((t) => t.code === 'xzxk')?.rows.length ?? 0;
    written.push(month);
  }
  return { months: written, penalties, licences };
}
