/**
 * R5 on the local platform (ADR 0013): an operator loads a year's notice over HTTP; each refusal is a 422
 * problem+json naming its code and field and stores nothing; other roles get 403; a re-load needs If-Match.
 * Then, on a table of this file's own, the recompute-deadlines handler moves a deadline counted provisionally
 * over 2027 when the 2027 notice is loaded, audits it in the decision's chain, and a second run changes nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/aws-config.ts';
import { verifyAuditChain } from '../../shared/domain/audit.ts';
import { statutoryHolidays } from '../../shared/domain/calendar/provisional.ts';
import { notice2027 } from '../fixtures/calendar.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { call, type Reply } from './support/http.ts';
import { freshTable } from './support/tables.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-calendar');
let operator: string;
let submitter: string;
let reviewer: string;

// Years no other test file counts deadlines in: the shared table holds them for the whole run.
const LOADED = 2090;
const REFUSED = 2091;

/** A notice with exactly the statutory days of Decree 795 off, as the lunar table computes them. */
function statutoryNotice(year: number) {
  return {
    notice: `国办发明电〔${year - 1}〕1号`,
    holidays: Object.fromEntries(statutoryHolidays(year).map((h) => [h.date, h.name])),
    workdays: {},
  };
}

beforeAll(async () => {
  operator = await tokenFor({ agency: AGENCY, roles: ['operator'], user: 'ops.zhang' });
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
});

const put = (year: number | string, body: unknown, token = operator, ifMatch?: string) =>
  call('PUT', `/v1/calendar/${year}`, {
    token,
    body,
    ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
  });

function refused(reply: Reply, status: number, code: string, field?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toContain('application/problem+json');
  expect(reply.body.code).toBe(code);
  if (field !== undefined) expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('PUT /v1/calendar/{year} (R5)', () => {
  it('is for operators: submitters and reviewers get 403', async () => {
    refused(await put(LOADED, statutoryNotice(LOADED), submitter), 403, 'role_required');
    refused(await put(LOADED, statutoryNotice(LOADED), reviewer), 403, 'role_required');
  });

  it('refuses each bad notice with 422 naming the field, and stores nothing', async () => {
    const bad = (change: (n: ReturnType<typeof statutoryNotice>) => void) => {
      const notice = statutoryNotice(REFUSED);
      change(notice);
      return notice;
    };
    const newYear = `${REFUSED}-01-01`;
    const cases: [unknown, string, string][] = [
      [
        bad((n) => Object.assign(n.holidays, { [`${REFUSED}-02-30`]: '春节' })),
        'invalid_date',
        `holidays.${REFUSED}-02-30`,
      ],
      [
        bad((n) => Object.assign(n.holidays, { '2090-12-31': '元旦' })),
        'date_outside_year',
        'holidays.2090-12-31',
      ],
      [bad((n) => Object.assign(n.holidays, { [newYear]: '' })), 'festival_required', `holidays.${newYear}`],
      [
        bad((n) => Object.assign(n.workdays, { [`${REFUSED}-01-02`]: '元旦' })),
        'workday_not_weekend',
        `workdays.${REFUSED}-01-02`,
      ],
      [
        bad((n) => Object.assign(n.workdays, { [newYear]: '元旦' })),
        'holiday_and_workday',
        `workdays.${newYear}`,
      ],
      [bad((n) => delete n.holidays[newYear]), 'statutory_holiday_missing', `holidays.${newYear}`],
      [bad((n) => Object.assign(n, { notice: '' })), 'notice_required', 'notice'],
    ];
    for (const [body, code, field] of cases) refused(await put(REFUSED, body), 422, code, field);
    refused(await put(2103, statutoryNotice(2099)), 422, 'year_out_of_range', 'year');
    refused(await put(2003, statutoryNotice(2099)), 422, 'year_out_of_range', 'year');
    const after = await call('GET', `/v1/calendar/${REFUSED}`, { token: reviewer });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ year: REFUSED, provisional: true });
    expect(after.body.version).toBeUndefined();
  });

  it('loads a year, shows every day of it, and replaces it only with If-Match', async () => {
    const loaded = await put(LOADED, statutoryNotice(LOADED));
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(loaded.headers.get('etag')).toBe('"1"');
    const read = await call('GET', `/v1/calendar/${LOADED}`, { token: submitter });
    expect(read.body).toMatchObject({
      year: LOADED,
      provisional: false,
      source: '国办发明电〔2089〕1号',
      version: 1,
    });
    expect(read.body.days).toHaveLength(365);
    expect(read.body.days[0]).toEqual({
      date: '2090-01-01',
      kind: 'holiday',
      working: false,
      festival: '元旦',
    });
    refused(await put(LOADED, statutoryNotice(LOADED)), 428, 'if_match_required');
    refused(await put(LOADED, statutoryNotice(LOADED), operator, '"7"'), 412, 'version_mismatch');
    const again = await put(
      LOADED,
      { ...statutoryNotice(LOADED), notice: '国办发明电〔2089〕2号' },
      operator,
      '"1"',
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ version: 2, source: '国办发明电〔2089〕2号' });
  });
});

describe('the recompute-deadlines schedule (R5), on a table of its own', () => {
  type Handler = (event: unknown) => Promise<{ moved: number; recomputed: number; years: number[] }>;
  let recompute: Handler;
  let deps: typeof import('../../functions/lib/dependencies.ts') &
    typeof import('../../functions/lib/ports/calendar.ts') &
    typeof import('../../functions/lib/ports/table.ts');
  let app: typeof import('../../shared/app/decisions.ts');
  let calendarApp: typeof import('../../shared/app/calendar.ts');

  beforeAll(async () => {
    const { client, tableName } = await freshTable();
    client.destroy();
    // The handlers read their configuration when first imported: this worker's environment must hold it first.
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      GONGSHI_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    deps = {
      ...(await import('../../functions/lib/dependencies.ts')),
      ...(await import('../../functions/lib/ports/calendar.ts')),
      ...(await import('../../functions/lib/ports/table.ts')),
    };
    app = await import('../../shared/app/decisions.ts');
    calendarApp = await import('../../shared/app/calendar.ts');
    recompute = (await import('../../functions/recompute-deadlines/handler.ts'))
      .handler as unknown as Handler;
  });

  afterAll(() => {
    deps?.client.destroy();
  });

  it('moves the deadline of 2026-12-28 when the 2027 notice is loaded, audits it, and a second run changes nothing', async () => {
    const clock = { now: () => new Date('2026-12-29T02:00:00Z') };
    await deps.calendarReady();
    const { view } = await app.submitDecision(
      { ...deps.deps, clock },
      {
        actor: { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] },
        content: companyPenalty({ caseNumber: '四工信罚〔2026〕88号', decisionDate: '2026-12-28' }) as never,
      },
    );
    expect((await deps.deps.store.get(view.id))?.deadlines.publication).toMatchObject({
      due: '2027-01-07',
      provisional: true,
    });
    const loaded = await calendarApp.loadCalendarYear(
      { calendars: deps.calendars, clock },
      {
        actor: { kind: 'user', userId: 'ops.zhang', agencyId: AGENCY, roles: ['operator'] },
        year: 2027,
        body: notice2027(),
        ifMatch: undefined,
      },
    );
    const time = new Date(Date.parse(loaded.loadedAt ?? '') + calendarApp.CALENDAR_CACHE_MS).toISOString();

    expect(await recompute({ time })).toMatchObject({ years: [2027], recomputed: 1, moved: 1 });
    const after = await deps.deps.store.get(view.id);
    expect(after?.deadlines.publication).toMatchObject({ due: '2027-01-06', provisional: false });
    const trail = await deps.deps.store.auditTrail(view.id);
    expect(trail.at(-1)).toMatchObject({
      action: 'recompute_deadlines',
      detail: { deadlines: [{ kind: 'publication', oldDue: '2027-01-07', newDue: '2027-01-06' }] },
    });
    expect(verifyAuditChain(trail, after ? { expectedHead: after.auditHead } : {}).valid).toBe(true);
    expect((await deps.calendars.get(2027))?.recomputedVersion).toBe(1);

    expect(await recompute({ time })).toMatchObject({ years: [], recomputed: 0, moved: 0 });
    expect(await deps.deps.store.auditTrail(view.id)).toHaveLength(trail.length);
  });
});
