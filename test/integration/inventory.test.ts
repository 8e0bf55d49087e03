import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, type LocalDate, shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call, currentIfMatch } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

// R12, R13 over HTTP: a case system's inventory of 10 decisions, 3 never submitted. The platform's clock is the
// real one, so the month is two months back: past every 7-working-day deadline, Spring Festival included.
const AGENCY = agencyId('inventory-sp');
const today = shanghaiDate(new Date());
const month = addDays(`${today.slice(0, 7)}-01` as LocalDate, -45).slice(0, 7);
const day = (n: number) => `${month}-${String(n).padStart(2, '0')}`;
const numbered = (n: number) => `吉四库存罚〔2026〕${n}号`;
const TEN = Array.from({ length: 10 }, (_, i) => ({
  caseNumber: numbered(i + 1),
  actionType: 'penalty',
  decisionDate: day(i + 1),
}));

let caseSystem: string;
let reviewer: string;
const eventually = eventuallyWithin(30_000);

describe('POST /v1/decisions/inventory', () => {
  beforeAll(async () => {
    caseSystem = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'case-system-xzcf' });
    reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  });

  it('takes a month of case numbers, and the same body again changes nothing', async () => {
    const first = await call('POST', '/v1/decisions/inventory', {
      token: caseSystem,
      body: { inventories: [{ period: month, decisions: TEN }] },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(207);
    expect(first.body).toMatchObject({ accepted: 1, rejected: 0 });
    expect(first.body.results[0]).toMatchObject({ status: 201, period: month, version: 1, decisions: 10 });
    const again = await call('POST', '/v1/decisions/inventory', {
      token: caseSystem,
      body: { inventories: [{ period: month, decisions: TEN }] },
    });
    expect(again.body.results[0]).toMatchObject({ status: 200, unchanged: true, version: 1 });
  });

  it('answers each period apart: a bad one gets its problem, the good one is stored', async () => {
    const before = addDays(`${month}-01` as LocalDate, -1).slice(0, 7);
    const reply = await call('POST', '/v1/decisions/inventory', {
      token: caseSystem,
      body: {
        inventories: [
          { period: before, counts: { license: 2 } },
          { period: day(15), counts: { license: 0 } },
          { period: '2026-02-30', decisions: [] },
        ],
      },
    });
    expect(reply.status).toBe(207);
    expect(reply.body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(reply.body.results[0]).toMatchObject({ status: 201, period: before, counted: 2 });
    // The month was reported as a whole: a day of it is refused (409), and so is a day that does not exist (422).
    expect(reply.body.results[1]).toMatchObject({
      status: 409,
      problem: { code: 'inventory_period_overlaps' },
    });
    expect(reply.body.results[2]).toMatchObject({
      status: 422,
      problem: { code: 'invalid_inventory_period' },
    });
  });

  it('refuses what is not an inventory, and callers who are not a submitter', async () => {
    const post = (body: unknown, token = caseSystem) =>
      call('POST', '/v1/decisions/inventory', { token, body });
    expect((await post({ inventories: [] })).status).toBe(400);
    expect((await post({ inventories: Array.from({ length: 32 }, () => ({ period: month })) })).status).toBe(
      400,
    );
    expect((await post({ inventories: [{ period: month, decisions: [{ caseNumber: 'x' }] }] })).status).toBe(
      400,
    );
    expect((await post({ inventories: [{ period: month, counts: { penalty: 1.5 } }] })).status).toBe(400);
    expect((await post({ inventories: [{ period: month }], extra: 1 })).status).toBe(400);
    const raw = await call('POST', '/v1/decisions/inventory', {
      token: caseSystem,
      raw: '{"inventories": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('content-type')).toContain('application/problem+json');
    expect((await post({ inventories: [{ period: month }] }, reviewer)).status).toBe(403);
    expect((await call('POST', '/v1/decisions/inventory', { body: { inventories: [] } })).status).toBe(401);
  });

  it('shows in the compliance report: 10 made, 7 submitted however spelt, 3 never submitted and listed', async () => {
    const spellings = [
      '吉四库存罚[2026]1号',
      '吉四库存罚（２０２６）2号',
      '吉四库存罚〔2026〕 3号',
      '吉四库存罚〔2026〕\u200b4号',
      numbered(5),
      numbered(6),
      numbered(7),
    ];
    const ids: string[] = [];
    for (const [i, caseNumber] of spellings.entries()) {
      const reply = await call('POST', '/v1/decisions', {
        token: caseSystem,
        body: companyPenalty({ caseNumber, decisionDate: day(i + 1) }),
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      ids.push(reply.body.id);
    }
    for (const id of ids.slice(0, 2)) {
      const reviewed = await call('POST', `/v1/decisions/${id}/review`, {
        token: reviewer,
        headers: await currentIfMatch(reviewer, id),
        body: { outcome: 'approve', comment: '同意' },
      });
      expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    }
    await eventually(async () => {
      for (const id of ids.slice(0, 2)) {
        expect((await call('GET', `/v1/decisions/${id}`, { token: reviewer })).body.status).toBe('published');
      }
    });
    const period = `from=${month}-01&to=${month}-28`;
    const report = await call('GET', `/v1/reports/compliance?${period}`, { token: reviewer });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.inventory).toMatchObject({
      made: 10,
      submitted: 7,
      published: 2,
      exempt: 0,
      neverSubmitted: 3,
      neverSubmittedPastDeadline: 3,
    });
    expect(
      report.body.inventory.neverSubmittedDecisions.map((d: { caseNumber: string }) => d.caseNumber),
    ).toEqual([numbered(8), numbered(9), numbered(10)]);
    const csv = await call('GET', `/v1/reports/compliance?${period}&format=csv&table=inventory`, {
      token: reviewer,
    });
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split(/\r?\n/);
    expect(lines).toHaveLength(11);
    expect(lines.filter((l) => l.includes('未报送') && l.endsWith(',是'))).toHaveLength(3);
    const summary = await call('GET', `/v1/reports/compliance?${period}&format=csv`, { token: reviewer });
    expect(String(summary.body)).toMatch(/其中未报送,3,inventory\.neverSubmitted/);
  });
});
