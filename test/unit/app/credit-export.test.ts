import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditExportObjects,
  exportMonths,
  refreshCreditExports,
} from '../../../shared/app/credit-export.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { PersonalDataBlockedError } from '../../../shared/app/publish-gate.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor, DecisionContent } from '../../../shared/domain/decision.ts';
import { projectPublic } from '../../../shared/domain/projection.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';
import { validateDecisionContent } from '../../../shared/domain/validation.ts';
import { LICENCE_HEADER, PENALTY_HEADER } from '../../../shared/site/credit-export.ts';
import type { Month } from '../../../shared/site/keys.ts';
import { publishedEntry } from '../../../shared/site/model.ts';
import { adversarialCaseArb } from '../../fixtures/adversarial.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { residentIdBornOn, usccCheck } from '../../fixtures/ids.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { SITE_CONFIG } from '../../fixtures/site.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };

/** A valid USCC of digits only, as many real codes are (the case Excel turns into 9.11404E+17). */
function digitsOnlyUscc(prefix: string): string {
  for (let n = 0; n < 1000; n++) {
    const first17 = `${prefix}${String(n).padStart(17 - prefix.length, '0')}`;
    const check = usccCheck(first17);
    if (/\d/.test(check)) return first17 + check;
  }
  throw new Error('no digits-only code');
}
const AGENCY_USCC = digitsOnlyUscc('1122030000');
const COMPANY_USCC = digitsOnlyUscc('9114040100');

/** A careful RFC 4180 reader (quotes, doubled quotes, CRLF), after the BOM. */
function readCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (quoted) {
      if (c === '"' && body.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body.charAt(i + 1) === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function readXlsx(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return book;
}

async function setup() {
  const deps = memoryPlatform({ clock: testClock('2025-10-01T02:00:00Z'), ids: sequentialIds('D', 3) });
  await deps.agencies.putAgency({
    id: 'sp',
    name: '四平市工业和信息化局',
    uscc: AGENCY_USCC,
    settings: DEFAULT_AGENCY_SETTINGS('sp'),
  });
  const publish = async (content: DecisionContent, at: string) => {
    deps.clock.at(at);
    const { id } = (await submitDecision(deps, { actor: submitter, content })).view;
    await reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '',
    });
    await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
    return id;
  };
  return { deps, publish };
}

const personId = residentIdBornOn('1990-03-07');

describe('the 双公示 export (ADR 0018)', () => {
  it('exports the current and previous Shanghai month', () => {
    expect(exportMonths(new Date('2025-12-31T16:30:00Z'))).toEqual(['2025-12', '2026-01']);
    expect(exportMonths(new Date('2025-10-15T02:00:00Z'))).toEqual(['2025-09', '2025-10']);
  });

  it('writes each month’s penalties and licences as CSV and XLSX, masked as the site, codes kept as text', async () => {
    const { deps, publish } = await setup();
    await publish(
      companyPenaltyContent({
        party: {
          kind: 'legal_person',
          name: '长治市某某化工有限公司',
          idType: 'uscc',
          idNumber: COMPANY_USCC,
          legalRepresentative: '刘建国',
        },
        violationType: '安全生产类',
        penalty: { types: ['fine'], fineYuan: 50000, validUntil: '2026-09-27' },
      }),
      '2025-10-09T02:00:00Z',
    );
    await publish(
      companyPenaltyContent({
        caseNumber: '20250001',
        party: { kind: 'natural_person', name: '张三丰', idType: 'resident_id', idNumber: personId },
        content: `张三丰（身份证号${personId}）未按规定落实安全管理制度`,
      }),
      '2025-10-10T02:00:00Z',
    );
    await publish(
      companyPenaltyContent({
        actionType: 'license',
        penalty: undefined,
        result: '准予许可：危险化学品经营许可',
      }),
      '2025-10-11T02:00:00Z',
    );
    const revoked = await publish(companyPenaltyContent(), '2025-10-12T02:00:00Z');
    await withdrawDecision(deps, {
      actor: reviewer,
      id: revoked,
      ifMatch: await versionOf(deps.store, revoked),
      reason: 'revoked',
      ...(await legalEventFor(deps.store, revoked, 'revoked')),
      explanation: '原决定被撤销',
    });
    await handleDecisionChange(deps, { id: revoked, oldStatus: 'published', newStatus: 'withdrawn' });

    const result = await refreshCreditExports(deps, new Date('2025-10-20T02:00:00Z'));
    expect(result).toEqual({ months: ['2025-10'], penalties: 2, licences: 1 });

    const csv = deps.site.objects.get('exports/2025-10-xzcf.csv');
    expect(csv?.contentType).toContain('text/csv');
    const [header, company, person, ...rest] = readCsv(csv?.body ?? '');
    expect(rest).toEqual([]);
    expect(header).toEqual([...PENALTY_HEADER]);
    const col = (row: string[] | undefined, name: string) => row?.[PENALTY_HEADER.indexOf(name as never)];
    // Digits only: a leading tab keeps Excel from making a number of it; trimmed, the code is whole.
    expect(col(company, '行政相对人代码')).toBe(`\t${COMPANY_USCC}`);
    expect(col(company, '处罚机关统一社会信用代码')).toBe(`\t${AGENCY_USCC}`);
    expect(col(company, '罚款金额（万元）')).toBe('5');
    expect(col(company, '违法行为类型')).toBe('安全生产类');
    expect(col(company, '处罚有效期')).toBe('2026-09-27');
    expect(col(company, '公示截止期')).toBe('2030-10-09');
    expect(col(company, '法定代表人')).toBe('刘建国');
    expect(col(person, '行政相对人名称')).toBe('张**');
    expect(col(person, '公示截止期')).toBe('2027-10-10');
    expect(col(person, '行政处罚决定书文号')).toBe('\t20250001');
    expect(csv?.body).not.toContain(personId);
    expect(csv?.body).not.toContain('张三丰');
    const licences = readCsv(deps.site.objects.get('exports/2025-10-xzxk.csv')?.body ?? '');
    expect(licences[0]).toEqual([...LICENCE_HEADER]);
    expect(licences).toHaveLength(2);
    expect(licences[1]?.[LICENCE_HEADER.indexOf('许可内容')]).toBe('准予许可：危险化学品经营许可');
    expect(licences[1]?.[LICENCE_HEADER.indexOf('当前状态')]).toBe('有效');

    const xlsx = deps.site.objects.get('exports/2025-10.xlsx');
    expect(xlsx?.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = await readXlsx(xlsx?.bytes ?? new Uint8Array());
    expect(book.worksheets.map((s) => s.name)).toEqual(['行政处罚', '行政许可']);
    const sheet = book.getWorksheet('行政处罚');
    const cell = (row: number, name: string) =>
      sheet?.getRow(row).getCell(PENALTY_HEADER.indexOf(name as never) + 1);
    expect(cell(1, '行政相对人名称')?.value).toBe('行政相对人名称');
    // A string cell with the text format: Excel keeps all 18 digits.
    expect(cell(2, '行政相对人代码')?.value).toBe(COMPANY_USCC);
    expect(cell(2, '行政相对人代码')?.type).toBe(ExcelJS.ValueType.String);
    expect(cell(2, '行政相对人代码')?.numFmt).toBe('@');
    expect(cell(2, '处罚机关统一社会信用代码')?.value).toBe(AGENCY_USCC);
    expect(cell(3, '行政处罚决定书文号')?.value).toBe('20250001');
    expect(cell(3, '行政处罚决定书文号')?.type).toBe(ExcelJS.ValueType.String);
    expect(cell(2, '罚款金额（万元）')?.value).toBe(5);
    expect(cell(3, '行政相对人名称')?.value).toBe('张**');
    expect(sheet?.rowCount).toBe(3);
    const texts: string[] = [];
    for (const s of book.worksheets) s.eachRow((r) => r.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('\n')).not.toContain(personId);
    expect(texts.join('\n')).not.toContain('张三丰');
  });

  it('R4: no natural person’s name or ID survives in the CSV or a cell of the XLSX, however written', async () => {
    const codes = new Map([['sp', AGENCY_USCC]]);
    await fc.assert(
      fc.asyncProperty(adversarialCaseArb, async ({ content, secrets }) => {
        const valid = validateDecisionContent(content, { today: '2025-10-10' as LocalDate });
        const projection = projectPublic({
          id: 'D001',
          agency: { id: 'sp', name: '四平市工业和信息化局' },
          revision: 1,
          content: valid,
        });
        if (!projection.publishable) return;
        const entry = publishedEntry(
          {
            kind: 'publish',
            document: projection.document,
            publishedAt: '2025-10-10T02:00:00Z',
            corrections: [],
          },
          SITE_CONFIG,
        );
        const { objects } = await creditExportObjects('2025-10' as Month, [entry], codes);
        const csvCells = objects.flatMap((o) => (typeof o.body === 'string' ? readCsv(o.body) : [])).flat();
        const xlsx = objects.find((o) => o.key.endsWith('.xlsx'))?.body as Uint8Array;
        const book = await readXlsx(xlsx);
        const cells: string[] = [...csvCells];
        for (const s of book.worksheets) s.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
        // Cell by cell, in the skeleton of its digits (full-width and other digits are what \d misses).
        const digitsOf = (s: string) => s.normalize('NFKC').replace(/\D/g, '');
        for (const secret of secrets) {
          const digits = digitsOf(secret.canonical);
          if (digits.length < 7) continue;
          for (const cell of cells) expect(digitsOf(cell)).not.toContain(digits);
        }
        if (valid.party.kind === 'natural_person') {
          for (const cell of cells) expect(cell).not.toContain(valid.party.name);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('R4: the gate refuses a month whose export would hold a resident ID', async () => {
    const content = validateDecisionContent(companyPenaltyContent(), { today: '2025-10-10' as LocalDate });
    const projection = projectPublic({ id: 'D001', agency: { id: 'sp', name: '局' }, revision: 1, content });
    if (!projection.publishable) throw new Error('publishable');
    const entry = publishedEntry(
      {
        kind: 'publish',
        document: projection.document,
        publishedAt: '2025-10-10T02:00:00Z',
        corrections: [],
      },
      SITE_CONFIG,
    );
    // A listing part edited behind the platform's back: the export must not carry what the gate would refuse.
    const tampered = { ...entry, content: `证人身份证号${personId}` };
    await expect(creditExportObjects('2025-10' as Month, [tampered], new Map())).rejects.toBeInstanceOf(
      PersonalDataBlockedError,
    );
  });
});
