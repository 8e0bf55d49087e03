import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { agencyItem } from '../../shared/adapters/dynamodb/agency-keys.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../shared/domain/settings.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call, currentIfMatch } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

// 政府信息公开条例 art. 49, 50 over HTTP. The platform's clock is the real one: the report is of this year, so far.
const AGENCY = agencyId('annual-sp');
const OTHER = agencyId('annual-cz');
const NAME = '四平市工业和信息化局';
const today = shanghaiDate(new Date());
const year = Number(today.slice(0, 4));
const path = (query: string) => `/v1/reports/annual?${query}`;
const TITLE = `${NAME} ${year}年度政府信息公开工作年度报告（行政执法信息公开部分）`;

let submitter: string;
let reviewer: string;
let otherReviewer: string;
let operator: string;
let published: string;

/** The agency as an operator registers it, with its name: the title of its report. */
async function registerNamed(id: string, name: string): Promise<void> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(localDynamoConfig(inject('dynamoEndpoint'))));
  const Item = agencyItem({ id, name, settings: DEFAULT_AGENCY_SETTINGS(id) });
  await client.send(new PutCommand({ TableName: inject('tableName'), Item }));
}

describe('GET /v1/reports/annual', () => {
  beforeAll(async () => {
    await registerNamed(AGENCY, NAME);
    submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
    reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
    otherReviewer = await tokenFor({ agency: OTHER, roles: ['reviewer'], user: 'zhou.min' });
    operator = await tokenFor({ agency: 'platform', roles: ['operator'], user: 'ops.sun' });
    const submitted = await call('POST', '/v1/decisions', {
      token: submitter,
      body: companyPenalty({ decisionDate: today }),
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    published = submitted.body.id;
    const reviewed = await call('POST', `/v1/decisions/${published}/review`, {
      token: reviewer,
      headers: await currentIfMatch(reviewer, published),
      body: { outcome: 'approve', comment: '同意' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    await eventuallyWithin(30_000)(async () => {
      const reply = await call('GET', `/v1/decisions/${published}`, { token: reviewer });
      expect(reply.body.status).toBe('published');
    });
  });

  it('answers JSON: this year so far, said to be incomplete', async () => {
    const reply = await call('GET', path(`year=${year}`), { token: reviewer });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/json');
    expect(reply.body).toMatchObject({
      agencyId: AGENCY,
      agencyName: NAME,
      year,
      from: `${year}-01-01`,
      to: today,
      today,
      complete: false,
      decisions: { submitted: 1, published: 1, publishedOnTime: 1, publishedLate: 0, pendingPastDeadline: 0 },
      withdrawals: { count: 0, late: 0 },
      correctionRequests: { filed: 0, answeredOnTime: 0, openPastDeadline: 0 },
      catalogue: { lawChangesRecorded: 0, itemUpdatesOwed: 0, staleToday: 0 },
    });
    // Last year is over: the whole of it, and nothing of this agency's in it.
    const last = await call('GET', path(`year=${year - 1}&format=json`), { token: reviewer });
    expect(last.body).toMatchObject({ to: `${year - 1}-12-31`, complete: true, decisions: { submitted: 0 } });
  });

  it('answers one CSV table for Excel, with Chinese headers and a Chinese file name', async () => {
    const csv = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${inject('apiUrl')}${path(query)}`, {
        headers: { authorization: `Bearer ${reviewer}`, ...headers },
      });
    for (const reply of [
      await csv(`year=${year}&format=csv`),
      await csv(`year=${year}`, { accept: 'text/csv' }),
    ]) {
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('text/csv');
      const disposition = reply.headers.get('content-disposition') ?? '';
      expect(disposition).toContain(`filename="annual-report-${AGENCY}-${year}.csv"`);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${TITLE}.csv`)}`);
      const bytes = Buffer.from(await reply.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe('类别,项目,数量,指标代码');
      expect(lines.slice(0, -1)).not.toContain('');
      expect(lines).toContain('一、行政执法决定公开情况,作出并报送的行政执法决定,1,decisions.submitted');
      expect(lines).toContain('一、行政执法决定公开情况,按期公开,1,decisions.publishedOnTime');
      expect(lines).toContain('二、已公开信息撤下情况,逾期撤下,0,withdrawals.late');
      expect(lines).toContain(
        '三、更正申请办理情况,答复结果：不予更正,0,correctionRequests.byOutcome.reject',
      );
      expect(lines).toContain('四、事前公开信息更新情况,逾期更新,0,catalogue.updatedLate');
    }
  });

  it('answers a printable page in Chinese that loads nothing', async () => {
    for (const reply of [
      await call('GET', path(`year=${year}&format=html`), { token: reviewer }),
      await call('GET', path(`year=${year}`), {
        token: reviewer,
        headers: { accept: 'text/html,*/*;q=0.8' },
      }),
    ]) {
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('text/html');
      expect(reply.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      const page = reply.body as string;
      expect(page).toContain('<html lang="zh-CN">');
      expect(page).toContain(`<h1>${TITLE}</h1>`);
      expect(page).toContain('本年度尚未结束');
      expect(page).toContain('@page{size:A4');
      expect(page).not.toMatch(/\b(?:src|href)=/);
    }
  });

  it('shows an operator any agency, and another agency’s staff nothing of it (404)', async () => {
    const operated = await call('GET', path(`year=${year}&agency=${AGENCY}`), { token: operator });
    expect(operated.status).toBe(200);
    expect(operated.body).toMatchObject({ agencyId: AGENCY, decisions: { submitted: 1 } });
    const other = await call('GET', path(`year=${year}&agency=${AGENCY}`), { token: otherReviewer });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    const own = await call('GET', path(`year=${year}`), { token: otherReviewer });
    expect(own.body).toMatchObject({ agencyId: OTHER, decisions: { submitted: 0 } });
    const unknown = await call('GET', path(`year=${year}&agency=no-such-agency`), { token: operator });
    expect(unknown.status).toBe(404);
  });

  it('refuses a submitter (403), no token (401), a bad query (400) and a year not begun (422)', async () => {
    const submitterReply = await call('GET', path(`year=${year}`), { token: submitter });
    expect(submitterReply.status).toBe(403);
    expect(submitterReply.body.code).toBe('role_required');
    expect((await call('GET', path(`year=${year}`))).status).toBe(401);
    for (const query of [
      '',
      'year=abc',
      'year=20255',
      `year=${year}&format=xml`,
      `year=${year}&format=pdf`,
      `year=${year}&colour=red`,
    ]) {
      const reply = await call('GET', path(query), { token: reviewer });
      expect(reply.status, query).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
    }
    const future = await call('GET', path(`year=${year + 1}`), { token: reviewer });
    expect(future.status).toBe(422);
    expect(future.headers.get('content-type')).toContain('application/problem+json');
    expect(future.body).toMatchObject({ code: 'year_in_future', errors: [{ field: 'year' }] });
    const early = await call('GET', path('year=2007'), { token: reviewer });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('year_too_early');
  });
});
