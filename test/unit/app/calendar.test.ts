/**
 * R5: a year's notice loaded at run time (ADR 0013): checked in full, stored with its audit chain, seen by the
 * handlers' calendar within its refresh period, and the recompute sweep moving the deadlines counted
 * provisionally over it, each move audited, a second run changing nothing.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryCalendarStore } from '../../../shared/adapters/memory/calendar-store.ts';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import {
  CALENDAR_CACHE_MS,
  getCalendarYear,
  loadCalendarYear,
  recomputeSweep,
  refreshingCalendar,
} from '../../../shared/app/calendar.ts';
import { recordLawChange, submitCatalogItem } from '../../../shared/app/catalog.ts';
import { submitDecision } from '../../../shared/app/decisions.ts';
import { PreconditionError } from '../../../shared/app/errors.ts';
import { appendAudit, EMPTY_HEAD, headOf, verifyAuditChain } from '../../../shared/domain/audit.ts';
import { noticeYear, parseCalendarNotice } from '../../../shared/domain/calendar/notice.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { correctionAnswerDeadline } from '../../../shared/domain/deadlines.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';
import type { Dependencies } from '../../../shared/ports.ts';
import { notice2027 } from '../../fixtures/calendar.ts';
import { dutiesInput } from '../../fixtures/catalog.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';

type Notice = ReturnType<typeof notice2027>;
type User = Extract<Actor, { kind: 'user' }>;
const operator: User = { kind: 'user', userId: 'ops.zhang', agencyId: 'province', roles: ['operator'] };
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };

function refusal(run: () => unknown): { code: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a notice is checked before anything is stored (R5)', () => {
  const with_ = (change: (n: Notice) => unknown) => {
    const notice = notice2027();
    change(notice);
    return () => parseCalendarNotice(2027, notice);
  };

  it('accepts the fabricated 2027 notice, and the real 2025 and 2026 arrangements as the library holds them', () => {
    const year = parseCalendarNotice(2027, notice2027());
    expect(year.source).toBe('国办发明电〔2026〕99号');
    expect(year.holidays['2027-04-05']).toBe('清明节');
    const library = createDefaultCalendar();
    for (const y of [2025, 2026]) {
      const holidays: Record<string, string> = {};
      const workdays: Record<string, string> = {};
      for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
        const info = library.day(d.toISOString().slice(0, 10) as never);
        if (info.kind === 'holiday') holidays[info.date] = info.name ?? '';
        if (info.kind === 'adjusted_workday') workdays[info.date] = info.name ?? '';
      }
      expect(() => parseCalendarNotice(y, { notice: 'x', holidays, workdays })).not.toThrow();
    }
  });

  const cases: [string, (n: Notice) => unknown, string, string][] = [
    [
      'a date that does not exist',
      (n) => (n.holidays['2027-02-30'] = '春节'),
      'invalid_date',
      'holidays.2027-02-30',
    ],
    [
      'a date of another year',
      (n) => (n.holidays['2026-12-31'] = '元旦'),
      'date_outside_year',
      'holidays.2026-12-31',
    ],
    [
      'a holiday without its festival',
      (n) => (n.holidays['2027-01-01'] = ' '),
      'festival_required',
      'holidays.2027-01-01',
    ],
    [
      'a 调休 working day on a weekday',
      (n) => (n.workdays['2027-02-17'] = '春节'),
      'workday_not_weekend',
      'workdays.2027-02-17',
    ],
    [
      'a 调休 working day without its festival',
      (n) => (n.workdays['2027-02-20'] = ''),
      'festival_required',
      'workdays.2027-02-20',
    ],
    [
      'a day both off and working',
      (n) => (n.workdays['2027-02-06'] = '春节'),
      'holiday_and_workday',
      'workdays.2027-02-06',
    ],
    // Decree 795: 除夕 is a day off since 2025; a notice of 春节 from 初一 only is not the law.
    [
      '春节 without 除夕',
      (n) => delete n.holidays['2027-02-05'],
      'statutory_holiday_missing',
      'holidays.2027-02-05',
    ],
    [
      '国庆 with 2 days',
      (n) => delete n.holidays['2027-10-03'],
      'statutory_holiday_missing',
      'holidays.2027-10-03',
    ],
    [
      '中秋 named as another festival',
      (n) => (n.holidays['2027-09-15'] = '国庆节'),
      'statutory_holiday_missing',
      'holidays.2027-09-15',
    ],
    ['no notice named', (n) => (n.notice = ''), 'notice_required', 'notice'],
    ['a field not of a notice', (n) => Object.assign(n, { extra: 1 }), 'unknown_field', 'extra'],
  ];
  it.each(cases)('refuses %s, naming the field', (_, change, code, field) => {
    expect(refusal(with_(change))).toEqual({ code, field });
  });

  it('refuses a year outside 2004–2099, or not four digits', () => {
    expect(refusal(() => noticeYear('2003'))).toEqual({ code: 'year_out_of_range', field: 'year' });
    expect(refusal(() => noticeYear('2100'))).toEqual({ code: 'year_out_of_range', field: 'year' });
    expect(refusal(() => noticeYear('27'))).toEqual({ code: 'invalid_year', field: 'year' });
    expect(noticeYear('2027')).toBe(2027);
  });
});

function setup() {
  let now = Date.parse('2026-12-29T02:00:00Z');
  let n = 0;
  const calendars = new MemoryCalendarStore();
  const live = refreshingCalendar(calendars, { maxAgeMs: 0 });
  const deps: Dependencies & {
    calendars: MemoryCalendarStore;
    requests: MemoryCorrectionRequestStore;
    catalog: MemoryCatalogStore;
  } = {
    requests: new MemoryCorrectionRequestStore(),
    catalog: new MemoryCatalogStore(),
    store: new MemoryDecisionStore(),
    agencies: new MemoryAgencyDirectory(),
    calendar: live.calendar,
    calendars,
    clock: {
      now: () => {
        now += 100;
        return new Date(now);
      },
    },
    ids: { next: () => `D${String(++n).padStart(4, '0')}` },
  };
  return { deps, live, setNow: (iso: string) => (now = Date.parse(iso)) };
}

describe('loading a year (R5)', () => {
  it('stores the year with an audit chain; a re-load needs If-Match and is audited too', async () => {
    const { deps } = setup();
    const first = await loadCalendarYear(deps, {
      actor: operator,
      year: 2027,
      body: notice2027(),
      ifMatch: undefined,
    });
    expect(first).toMatchObject({
      year: 2027,
      version: 1,
      provisional: false,
      source: '国办发明电〔2026〕99号',
    });
    expect(first.days).toHaveLength(365);
    expect(first.days.find((d) => d.date === '2027-01-03')).toEqual({
      date: '2027-01-03',
      kind: 'adjusted_workday',
      working: true,
      festival: '元旦',
    });
    await expect(
      loadCalendarYear(deps, { actor: operator, year: 2027, body: notice2027(), ifMatch: undefined }),
    ).rejects.toMatchObject({ code: 'if_match_required' });
    await expect(
      loadCalendarYear(deps, { actor: operator, year: 2027, body: notice2027(), ifMatch: 3 }),
    ).rejects.toBeInstanceOf(PreconditionError);
    const second = await loadCalendarYear(deps, {
      actor: operator,
      year: 2027,
      body: { ...notice2027(), notice: '国办发明电〔2026〕100号' },
      ifMatch: 1,
    });
    expect(second).toMatchObject({ version: 2, source: '国办发明电〔2026〕100号' });
    const trail = await deps.calendars.auditTrail(2027);
    expect(trail.map((e) => e.action)).toEqual(['load_calendar_year', 'reload_calendar_year']);
    expect(verifyAuditChain(trail).valid).toBe(true);
  });

  it('stores nothing when the notice is refused', async () => {
    const { deps } = setup();
    const body = { ...notice2027(), workdays: { '2027-02-17': '春节' } };
    await expect(
      loadCalendarYear(deps, { actor: operator, year: 2027, body, ifMatch: undefined }),
    ).rejects.toMatchObject({ code: 'workday_not_weekend' });
    expect(await deps.calendars.list()).toEqual([]);
    expect((await getCalendarYear(deps, 2027)).provisional).toBe(true);
  });

  it("the handlers' calendar sees the year at its next refresh, not before", async () => {
    let clock = 0;
    const calendars = new MemoryCalendarStore();
    const live = refreshingCalendar(calendars, { maxAgeMs: CALENDAR_CACHE_MS, now: () => clock });
    await live.refresh();
    expect(live.calendar.day('2027-01-03' as never)).toMatchObject({ kind: 'weekend', provisional: true });
    await loadCalendarYear(
      { calendars, clock: { now: () => new Date('2026-12-01T00:00:00Z') } },
      { actor: operator, year: 2027, body: notice2027(), ifMatch: undefined },
    );
    clock = CALENDAR_CACHE_MS - 1;
    await live.refresh();
    expect(live.calendar.isCovered(2027)).toBe(false);
    clock = CALENDAR_CACHE_MS;
    await live.refresh();
    expect(live.calendar.day('2027-01-03' as never)).toMatchObject({
      kind: 'adjusted_workday',
      provisional: false,
    });
  });
});

describe('the recompute sweep (R5)', () => {
  it('moves the provisional deadlines over 2027 when its notice loads, audits each move, and a second run changes nothing', async () => {
    const { deps, live } = setup();
    await live.refresh();
    // Across the year's end: 7 working days from Monday 2026-12-28, counted on the statutory holidays alone.
    const { view: yearEnd } = await submitDecision(deps, {
      actor: submitter,
      content: companyPenaltyContent({ caseNumber: '四工信罚〔2026〕41号', decisionDate: '2026-12-28' }),
    });
    const before = await deps.store.get(yearEnd.id);
    expect(before?.deadlines.publication).toMatchObject({ due: '2027-01-07', provisional: true });
    // Within 2026 only: official already, never touched.
    const { view: official } = await submitDecision(deps, {
      actor: submitter,
      content: companyPenaltyContent({ caseNumber: '四工信罚〔2026〕40号', decisionDate: '2026-12-01' }),
    });
    const officialBefore = await deps.store.get(official.id);
    expect(officialBefore?.deadlines.publication?.provisional).toBe(false);

    await loadCalendarYear(deps, { actor: operator, year: 2027, body: notice2027(), ifMatch: undefined });
    const loadedAt = (await deps.calendars.get(2027))?.loadedAt ?? '';
    const now = new Date(Date.parse(loadedAt) + CALENDAR_CACHE_MS);

    const run = await recomputeSweep(deps, now);
    expect(run).toEqual({
      years: [2027],
      examined: 1,
      recomputed: 1,
      moved: 1,
      conflicts: 0,
      complete: true,
    });
    const after = await deps.store.get(yearEnd.id);
    // Sunday 2027-01-03 is a 调休 working day: the 7th working day comes one day earlier.
    expect(after?.deadlines.publication).toMatchObject({ due: '2027-01-06', provisional: false });
    expect(after?.deadlines.publication?.explanation).toContain('2027-01-03（星期日）为元旦调休上班日');
    expect(after?.decision.version).toBe(before?.decision.version);
    const trail = await deps.store.auditTrail(yearEnd.id);
    expect(trail.at(-1)).toMatchObject({
      action: 'recompute_deadlines',
      actor: { userId: 'system:recompute-deadlines' },
      detail: {
        deadlines: [
          {
            kind: 'publication',
            oldDue: '2027-01-07',
            newDue: '2027-01-06',
            provisional: false,
            calendarSources: [
              '国务院办公厅历年部分节假日安排（chinese-days 数据）',
              '国办发明电〔2026〕99号',
            ],
          },
        ],
      },
    });
    expect(verifyAuditChain(trail, after ? { expectedHead: after.auditHead } : {}).valid).toBe(true);
    expect(await deps.store.get(official.id)).toEqual(officialBefore);
    // The year is marked done: the next run reads nothing.
    expect((await deps.calendars.get(2027))?.recomputedVersion).toBe(1);
    expect(await recomputeSweep(deps, now)).toEqual({
      years: [],
      examined: 0,
      recomputed: 0,
      moved: 0,
      conflicts: 0,
      complete: true,
    });
    expect(await deps.store.auditTrail(yearEnd.id)).toHaveLength(trail.length);
  });

  it("moves a 春节 deadline by the notice's longer holiday, and does not mark a year loaded less than a refresh period ago", async () => {
    const { deps, live, setNow } = setup();
    setNow('2027-02-01T02:00:00Z');
    await live.refresh();
    const { view } = await submitDecision(deps, {
      actor: submitter,
      content: companyPenaltyContent({ caseNumber: '四工信罚〔2027〕3号', decisionDate: '2027-02-01' }),
    });
    expect((await deps.store.get(view.id))?.deadlines.publication).toMatchObject({
      due: '2027-02-12',
      provisional: true,
    });
    await loadCalendarYear(deps, { actor: operator, year: 2027, body: notice2027(), ifMatch: undefined });
    const loadedAt = Date.parse((await deps.calendars.get(2027))?.loadedAt ?? '');
    const early = await recomputeSweep(deps, new Date(loadedAt + 1000));
    expect(early).toMatchObject({ recomputed: 1, moved: 1 });
    // 02-05..02-12 off, then the weekend: the 4th to 7th working days are 02-15..02-18.
    expect((await deps.store.get(view.id))?.deadlines.publication).toMatchObject({
      due: '2027-02-18',
      provisional: false,
    });
    expect((await deps.calendars.get(2027))?.recomputedVersion).toBeUndefined();
    // Walked again after the refresh period: nothing moves, and the year is marked done.
    expect(await recomputeSweep(deps, new Date(loadedAt + CALENDAR_CACHE_MS))).toMatchObject({
      years: [2027],
      examined: 1,
      recomputed: 0,
      moved: 0,
    });
    expect((await deps.calendars.get(2027))?.recomputedVersion).toBe(1);
  });
});

describe('the recompute sweep over correction requests (R9) and catalogue items (R10)', () => {
  it("moves an open request's answer deadline and an item's law-change deadline, each audited in its own chain", async () => {
    const { deps, live } = setup();
    await live.refresh();
    // R9: a request received on 2026-12-28, answered within 7 working days: counted provisionally into 2027.
    const deadline = correctionAnswerDeadline(
      '2026-12-28' as LocalDate,
      DEFAULT_AGENCY_SETTINGS('sp'),
      deps.calendar,
    );
    expect(deadline).toMatchObject({ due: '2027-01-07', provisional: true });
    const filed = appendAudit(EMPTY_HEAD, {
      subject: 'R0001',
      action: 'file',
      actor: { userId: 'public' },
      at: '2026-12-28T02:00:00.000Z',
    });
    const request = {
      id: 'R0001',
      decisionId: 'D9999',
      agencyId: 'sp',
      caseNumber: '四工信罚〔2026〕39号',
      status: 'open' as const,
      version: 1,
      filedAt: '2026-12-28T02:00:00.000Z',
      updatedAt: '2026-12-28T02:00:00.000Z',
      deadline,
      what: '罚款金额有误',
      evidence: '决定书原件',
      attachments: [],
      contact: { name: '张三', phone: '13800138000' },
    };
    await deps.requests.save({ next: { request, auditHead: headOf([filed]) }, audit: filed });
    // R10: a law change effective 2026-12-28: 20 working days, counted provisionally into 2027.
    const catalogDeps = { ...deps, uploads: undefined as never };
    const item = await submitCatalogItem(catalogDeps, { actor: submitter, input: dutiesInput() });
    const recorded = await recordLawChange(catalogDeps, {
      actor: submitter,
      input: { title: '条例修订', kind: 'regulation', effectiveDate: '2026-12-28', itemIds: [item.id] },
    });
    expect(recorded.lawChange.deadline).toMatchObject({ due: '2027-01-26', provisional: true });

    await loadCalendarYear(deps, { actor: operator, year: 2027, body: notice2027(), ifMatch: undefined });
    const loadedAt = Date.parse((await deps.calendars.get(2027))?.loadedAt ?? '');
    const run = await recomputeSweep(deps, new Date(loadedAt + CALENDAR_CACHE_MS));
    expect(run).toMatchObject({ recomputed: 2, moved: 2, conflicts: 0, complete: true });

    const answered = await deps.requests.get('R0001');
    expect(answered?.request.deadline).toMatchObject({ due: '2027-01-06', provisional: false });
    const requestTrail = await deps.requests.auditTrail('R0001');
    expect(requestTrail.at(-1)).toMatchObject({
      action: 'recompute_deadlines',
      detail: { deadlines: [{ kind: 'correction_answer', oldDue: '2027-01-07', newDue: '2027-01-06' }] },
    });
    expect(verifyAuditChain(requestTrail).valid).toBe(true);

    const updated = await deps.catalog.get(item.id);
    // The Sunday 01-03 worked: the 20th working day comes a day earlier.
    expect(updated?.item.lawChanges[0]?.deadline).toMatchObject({ due: '2027-01-25', provisional: false });
    const itemTrail = await deps.catalog.auditTrail(item.id);
    expect(itemTrail.at(-1)).toMatchObject({
      action: 'recompute_deadlines',
      detail: { deadlines: [{ kind: 'catalog_update', oldDue: '2027-01-26', newDue: '2027-01-25' }] },
    });
    expect(verifyAuditChain(itemTrail).valid).toBe(true);
    expect(await recomputeSweep(deps, new Date(loadedAt + CALENDAR_CACHE_MS))).toMatchObject({ moved: 0 });
  });
});
