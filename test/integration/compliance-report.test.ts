import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call, currentIfMatch } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

// R12 over HTTP. The platform's clock is the real one, so the dates are counted back from today.
const AGENCY = agencyId('report-sp');
const OTHER = agencyId('report-cz');
const today = shanghaiDate(new Date());
const recent = today;
// Sixty days back is past any 7-working-day deadline, Spring Festival included.
const old = addDays(today, -60);
const from = addDays(today, -90);
const path = (query: string) => `/v1/reports/compliance?${query}`;
const period = `from=${from}&to=${today}`;

let submitter: string;
let reviewer: string;
let otherReviewer: string;
let otherSubmitter: string;
let operator: string;
const ids: Record<string, string> = {};

const eventually = eventuallyWithin(30_000);

async function submit(overrides: Record<string, unknown>, token = submitter): Promise<string> {
  const reply = await call('POST', '/v1/decisions', { token, body: companyPenalty(overrides) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.id;
}

async function review(id: string, outcome: 'approve' | 'reject') {
  const reply = await call('POST', `/v1/decisions/${id}/review`, {
    token: reviewer,
    headers: await currentIfMatch(reviewer, id),
    body: { outcome, comment: outcome === 'reject' ? '证据不足' : '同意' },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

describe('GET /v1/reports/compliance', () => {
  beforeAll(async () => {
    submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
    reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
    otherReviewer = await tokenFor({ agency: OTHER, roles: ['reviewer'], user: 'zhou.min' });
    otherSubmitter = await tokenFor({ agency: OTHER, roles: ['submitter'], user: 'hu.bin' });
    operator = await tokenFor({ agency: 'platform', roles: ['operator'], user: 'ops.sun' });

    ids.onTime = await submit({ decisionDate: recent });
    ids.late = await submit({ decisionDate: old });
    ids.overdue = await submit({ decisionDate: old });
    ids.rejected = await submit({ decisionDate: old });
    ids.exempt = await submit({ decisionDate: old, exemption: { reason: 'trade_secret' } });
    ids.discarded = await submit({ decisionDate: old });
    ids.outside = await submit({ decisionDate: addDays(from, -1) });
    ids.foreign = await submit({ decisionDate: old, caseNumber: '=HYPERLINK("http://x")' }, otherSubmitter);
    await review(ids.onTime, 'approve');
    await review(ids.late, 'approve');
    await review(ids.rejected, 'reject');
    await review(ids.exempt, 'approve');
    // Never published: its submitter discards it (not a withdrawal), and the report counts it apart.
    const discarded = await call('POST', `/v1/decisions/${ids.discarded}/discard`, {
      token: submitter,
      headers: await currentIfMatch(submitter, ids.discarded),
      body: { reason: '原决定已被撤销，尚未公开' },
    });
    expect(discarded.status, JSON.stringify(discarded.body)).toBe(200);
    for (const id of [ids.onTime, ids.late] as string[]) {
      await eventually(async () => {
        const reply = await call('GET', `/v1/decisions/${id}`, { token: reviewer });
        expect(reply.body.status).toBe('published');
      });
    }
  });

  const idsOf = (t: { decisions: { id: string }[] }) => t.decisions.map((d) => d.id).sort();

  it('gives a reviewer the counts of their agency, each with the decisions behind it', async () => {
    const reply = await call('GET', path(period), { token: reviewer });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/json');
    const report = reply.body;
    expect(report).toMatchObject({ agencyId: AGENCY, from, to: today, today });
    expect(report.submitted.count).toBe(6);
    expect(idsOf(report.publishedOnTime)).toEqual([ids.onTime]);
    expect(idsOf(report.publishedLate)).toEqual([ids.late]);
    expect(idsOf(report.pendingPastDeadline)).toEqual([ids.overdue, ids.rejected].sort());
    expect(idsOf(report.rejectedNotResubmitted)).toEqual([ids.rejected]);
    expect(idsOf(report.exempt.byReason.trade_secret)).toEqual([ids.exempt]);
    expect(idsOf(report.discarded)).toEqual([ids.discarded]);
    expect(report.withdrawn.count).toBe(0);
    expect(report.withdrawnLate.count).toBe(0);
    expect(idsOf(report.selectivePublication.pastDeadlineNeverPublished)).toEqual(
      [ids.overdue, ids.rejected].sort(),
    );
    expect(report.publishedOnTime.decisions[0]).toMatchObject({
      publishedOn: today,
      workingDaysToPublish: 0,
    });
    expect(report.medianWorkingDaysToPublish).toEqual(expect.any(Number));
    // R9: no correction request was filed on this agency's decisions in the period.
    expect(report.correctionRequestsAnsweredOnTime).toEqual({ count: 0, requests: [] });
    expect(report.correctionRequestsFiled).toEqual({ count: 0, requests: [] });
    // R10: the agency keeps no catalogue item, so none is past its update deadline.
    expect(report.staleCatalogueItems).toEqual({ count: 0, items: [] });
  });

  it('answers CSV with a BOM for Excel, one table a file, Chinese headers and labels', async () => {
    // Raw bytes: Response.text() would drop the very BOM under test.
    const csv = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${inject('apiUrl')}${path(query)}`, {
        headers: { authorization: `Bearer ${reviewer}`, ...headers },
      });
    const linesOf = async (reply: Response) => {
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('text/csv');
      const bytes = Buffer.from(await reply.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      // One table: no blank line between sections.
      expect(lines.slice(0, -1)).not.toContain('');
      return lines;
    };
    for (const reply of [await csv(`${period}&format=csv`), await csv(period, { accept: 'text/csv' })]) {
      expect(decodeURIComponent(reply.headers.get('content-disposition') ?? '')).toContain(
        '执法公示报告-汇总-',
      );
      const lines = await linesOf(reply);
      expect(lines[0]).toBe('项目,数量,指标代码');
      expect(lines).toContain('报送决定数,6,submitted');
      expect(lines).toContain('逾期未公开,2,pendingPastDeadline');
      expect(lines).toContain('未公开即作废,1,discarded');
      expect(lines).toContain('逾期撤下,0,withdrawnLate');
      expect(lines).toContain('更正申请按期答复,0,correctionRequestsAnsweredOnTime');
    }
    const decisions = await linesOf(await csv(`${period}&format=csv&table=decisions`));
    expect(decisions[0]).toBe(
      '决定编号,决定书文号,决定日期,状态,公开期限,公开日期,公开用时（工作日）,计入项目',
    );
    const rows = decisions.slice(1, -1);
    expect(rows).toHaveLength(6);
    const rejected = rows.find((l) => l.startsWith(ids.rejected as string)) ?? '';
    expect(rejected).toContain('已退回');
    expect(rejected).toContain('逾期未公开；退回后未重新报送');
    // R9: the correction requests of the period, none here: the header alone.
    const requests = await linesOf(await csv(`${period}&format=csv&table=requests`));
    expect(requests[0]).toBe(
      '申请编号,决定编号,决定书文号,状态,收到日期,答复期限,答复日期,答复结果,计入项目',
    );
    expect(requests.slice(1, -1)).toEqual([]);
    const bad = await csv(`${period}&format=csv&table=everything`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('shows another agency’s reviewer only their own, and an operator the agency named', async () => {
    const other = await call('GET', path(`${period}&agency=${AGENCY}`), { token: otherReviewer });
    expect(other.status).toBe(200);
    expect(other.body.agencyId).toBe(OTHER);
    expect(idsOf(other.body.submitted)).toEqual([ids.foreign]);
    // A case number that Excel would run as a formula is written as text.
    const csv = await call('GET', path(`${period}&format=csv&table=decisions`), { token: otherReviewer });
    expect(csv.body).toContain(`${ids.foreign},"'=HYPERLINK(""http://x"")"`);
    const operated = await call('GET', path(`${period}&agency=${AGENCY}`), { token: operator });
    expect(operated.status).toBe(200);
    expect(operated.body).toMatchObject({ agencyId: AGENCY, submitted: { count: 6 } });
  });

  it('refuses a submitter (403) and no token (401)', async () => {
    const reply = await call('GET', path(period), { token: submitter });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('role_required');
    expect((await call('GET', path(period))).status).toBe(401);
  });

  it('refuses bad dates with 400 and a period over 366 days with 422', async () => {
    for (const query of [
      '',
      `from=${from}`,
      `to=${today}`,
      `from=2025/09/01&to=${today}`,
      'from=2025-02-30&to=2025-03-01',
      `from=${today}&to=${from}`,
      `${period}&format=xml`,
      `${period}&colour=red`,
    ]) {
      const reply = await call('GET', path(query), { token: reviewer });
      expect(reply.status, query).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
    }
    const long = await call('GET', path('from=2024-01-01&to=2025-01-01'), { token: reviewer });
    expect(long.status).toBe(422);
    expect(long.body.code).toBe('period_too_long');
  });
});

describe('R14 in the compliance report: major decisions and legal reviewers', () => {
  const MAJOR_AGENCY = agencyId('report-major');
  let majorSubmitter: string;
  let majorReviewer: string;
  const major: Record<string, string> = {};

  beforeAll(async () => {
    majorSubmitter = await tokenFor({ agency: MAJOR_AGENCY, roles: ['submitter'], user: 'li.na' });
    majorReviewer = await tokenFor({ agency: MAJOR_AGENCY, roles: ['reviewer'], user: 'wang.fang' });
    const post = async (overrides: Record<string, unknown>) => {
      const reply = await call('POST', '/v1/decisions', {
        token: majorSubmitter,
        body: companyPenalty({ decisionDate: recent, ...overrides }),
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body.id as string;
    };
    major.reviewed = await post({
      majorDecision: true,
      legalReview: { opinionNumber: '四工信法审〔2025〕7号', reviewedOn: recent },
    });
    major.ordinary = await post({});
    // Refused (422 legal_review_required): never stored, so never a decision of the report; counted as an attempt.
    const refused = await call('POST', '/v1/decisions', {
      token: majorSubmitter,
      body: companyPenalty({ decisionDate: recent, majorDecision: true }),
    });
    expect(refused.status).toBe(422);
    const staff = Array.from({ length: 10 }, (_, i) => ({
      name: `执法员${i}`,
      certificateNumber: `吉A2203${String(i).padStart(4, '0')}`,
      area: '四平市',
      ...(i === 0 ? { legalReviewer: true } : {}),
    }));
    const item = await call('POST', '/v1/catalog/items', {
      token: majorSubmitter,
      body: { kind: 'staff', title: '行政执法人员名单', legalBasis: [], staff },
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
  });

  it('counts the major decisions with their legal review, and the reviewers’ share against 5 %', async () => {
    const reply = await call('GET', path(period), { token: majorReviewer });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const report = reply.body;
    expect(report.submitted.count).toBe(2);
    expect(report.majorDecisions.count).toBe(1);
    expect(report.majorDecisions.decisions.map((d: { id: string }) => d.id)).toEqual([major.reviewed]);
    expect(report.majorDecisions.withLegalReview.count).toBe(1);
    expect(report.majorDecisions.withoutLegalReview.count).toBe(0);
    expect(report.majorDecisions.refusedWithoutLegalReview).toBe(1);
    expect(report.legalReviewers).toEqual({
      enforcementStaff: 10,
      legalReviewers: 1,
      share: 0.1,
      minimumShare: 0.05,
      meetsMinimum: true,
    });
    const csv = await call('GET', path(`${period}&format=csv`), { token: majorReviewer });
    const text = typeof csv.body === 'string' ? csv.body : JSON.stringify(csv.body);
    expect(text).toContain('重大执法决定,1,majorDecisions');
    expect(text).toContain('重大执法决定（经法制审核）,1,majorDecisions.withLegalReview');
    expect(text).toContain('法制审核人员占比（不少于5%）,0.1,legalReviewers.share');
    expect(text).toContain('未经法制审核被拒绝提交（次）,1,majorDecisions.refusedWithoutLegalReview');
  });
});
