import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SWEEP_BUDGET_MS,
  SWEEP_MARGIN_MS,
  sweepDeadline,
} from '../../../functions/lib/schedule-event.ts';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../../shared/app/decisions.ts';
import { handleDecisionChange, type PublisherDependencies } from '../../../shared/app/publish.ts';
import { deadlineSweep, reconcileSweep, siteHeartbeat, withdrawalSweep } from '../../../shared/app/sweeps.ts';
import { addDays, type LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor, DecisionContent } from '../../../shared/domain/decision.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';
import type { Dependencies } from '../../../shared/ports.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { residentIdBornOn } from '../../fixtures/ids.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter = (agencyId: string): User => ({
  kind: 'user',
  userId: 'li.na',
  agencyId,
  roles: ['submitter'],
});
const reviewer = (agencyId: string): User => ({
  kind: 'user',
  userId: 'wang.fang',
  agencyId,
  roles: ['reviewer'],
});

const company = companyPenaltyContent;

function person(): DecisionContent {
  const id = residentIdBornOn('1985-03-12');
  return company({
    party: { kind: 'natural_person', name: '欧阳明华', idType: 'resident_id', idNumber: id },
    content: '无证经营',
  });
}

function setup() {
  const deps = {
    ...memoryPlatform({ clock: testClock('2025-09-29T02:00:00Z', 100), ids: sequentialIds('D', 4) }),
    requests: new MemoryCorrectionRequestStore(),
    catalog: new MemoryCatalogStore(),
    uploads: new MemoryUploadStore(),
  };
  return { deps, agencies: deps.agencies };
}

async function published(
  deps: Dependencies & PublisherDependencies,
  content: DecisionContent,
  agencyId = 'sp',
) {
  const { view } = await submitDecision(deps, { actor: submitter(agencyId), content });
  await reviewDecision(deps, {
    actor: reviewer(agencyId),
    id: view.id,
    ifMatch: view.version,
    outcome: 'approve',
    comment: '',
  });
  await handleDecisionChange(deps, { id: view.id, oldStatus: 'pending_review', newStatus: 'publishing' });
  return view.id;
}

/** Midnight Asia/Shanghai of a date, as the instant a schedule event carries. */
const shanghaiMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

describe('the withdrawal sweep (R6)', () => {
  it("takes a natural person's decision down 2 years after publication, not the day before", async () => {
    const { deps } = setup();
    const id = await published(deps, person());
    expect((await deps.store.get(id))?.deadlines.expiry?.due).toBe('2027-09-30');

    expect(await withdrawalSweep(deps, shanghaiMidnight('2027-09-29'))).toEqual({
      due: 0,
      withdrawn: 0,
      skipped: 0,
      complete: true,
    });
    expect((await deps.store.get(id))?.decision.status).toBe('published');

    expect(await withdrawalSweep(deps, shanghaiMidnight('2027-09-30'))).toEqual({
      due: 1,
      withdrawn: 1,
      skipped: 0,
      complete: true,
    });
    const stored = await deps.store.get(id);
    expect(stored?.decision.status).toBe('withdrawn');
    expect(stored?.decision.withdrawal).toMatchObject({
      reason: 'expired',
      explanation: '公开期限届满，依规定撤下',
    });
    // R7: until the publisher confirms the pages are gone, only the takedown deadline runs.
    expect(Object.keys(stored?.deadlines ?? {})).toEqual(['takedown']);
    const trail = await deps.store.auditTrail(id);
    expect(trail.at(-1)?.actor).toMatchObject({ userId: 'system:withdrawal-sweep' });

    // Idempotent: the withdrawn decision left the expiry index.
    expect(await withdrawalSweep(deps, shanghaiMidnight('2027-10-01'))).toEqual({
      due: 0,
      withdrawn: 0,
      skipped: 0,
      complete: true,
    });
    expect(await deps.store.auditTrail(id)).toHaveLength(trail.length);
  });

  it("keeps a legal person's decision up for 5 years", async () => {
    const { deps } = setup();
    const id = await published(deps, company());
    expect((await withdrawalSweep(deps, shanghaiMidnight('2030-09-29'))).withdrawn).toBe(0);
    expect((await deps.store.get(id))?.decision.status).toBe('published');
    expect((await withdrawalSweep(deps, shanghaiMidnight('2030-09-30'))).withdrawn).toBe(1);
    expect((await deps.store.get(id))?.decision.status).toBe('withdrawn');
  });

  it("reads each agency's settings once per run, however many of its decisions are due", async () => {
    const { deps } = setup();
    for (let i = 0; i < 3; i++) await published(deps, person());
    await published(deps, person(), 'cc');
    const get = vi.spyOn(deps.agencies, 'get');
    expect((await withdrawalSweep(deps, shanghaiMidnight('2027-09-30'))).withdrawn).toBe(4);
    expect(get.mock.calls.map(([id]) => id).sort()).toEqual(['cc', 'sp']);
  });

  it('acts on the records the expiry index returns, reading no decision again (one read per due)', async () => {
    const { deps } = setup();
    const ids = [await published(deps, person()), await published(deps, person())];
    const get = vi.spyOn(deps.store, 'get');
    const listDue = vi.spyOn(deps.store, 'listDue');
    expect((await withdrawalSweep(deps, shanghaiMidnight('2027-09-30'))).withdrawn).toBe(2);
    expect(get).not.toHaveBeenCalled();
    expect(listDue).not.toHaveBeenCalled();
    get.mockRestore();
    for (const id of ids) {
      const stored = await deps.store.get(id);
      expect(stored?.decision).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'expired' } });
      expect(stored?.decision.revisions).toHaveLength(1);
    }
  });

  it('leaves the records of an agency that keeps them up', async () => {
    const { deps, agencies } = setup();
    await agencies.putAgency({
      id: 'keeper',
      name: '保留机关',
      settings: { ...DEFAULT_AGENCY_SETTINGS('keeper'), expiry: 'keep' },
    });
    const id = await published(deps, person(), 'keeper');
    expect((await deps.store.get(id))?.deadlines.expiry).toBeUndefined();
    expect((await withdrawalSweep(deps, shanghaiMidnight('2031-01-01'))).withdrawn).toBe(0);
    expect((await deps.store.get(id))?.decision.status).toBe('published');
  });

  it('skips a decision whose agency switched to keep after publication', async () => {
    const { deps, agencies } = setup();
    const id = await published(deps, person(), 'later');
    await agencies.putAgency({
      id: 'later',
      name: '后改机关',
      settings: { ...DEFAULT_AGENCY_SETTINGS('later'), expiry: 'keep' },
    });
    expect(await withdrawalSweep(deps, shanghaiMidnight('2027-09-30'))).toEqual({
      due: 1,
      withdrawn: 0,
      skipped: 1,
      complete: true,
    });
    expect((await deps.store.get(id))?.decision.status).toBe('published');
  });

  it('walks every page of what is due', async () => {
    const { deps } = setup();
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await published(deps, person()));
    expect(
      await withdrawalSweep(deps, shanghaiMidnight('2027-09-30'), { pageSize: 2, concurrency: 2 }),
    ).toEqual({
      due: 7,
      withdrawn: 7,
      skipped: 0,
      complete: true,
    });
  });
});

describe('a sweep on a time budget', () => {
  it('stops paging when the time is up and leaves the rest due for the next run', async () => {
    const { deps } = setup();
    for (let i = 0; i < 5; i++) await published(deps, person());
    const at = shanghaiMidnight('2027-09-30');
    // A budget already spent: the first page is read (a run always makes progress), no further one.
    const spent = { pageSize: 2, deadlineMs: 1_000, wallClock: () => 1_000 };
    expect(await withdrawalSweep(deps, at, spent)).toEqual({
      due: 2,
      withdrawn: 2,
      skipped: 0,
      complete: false,
    });
    // The next runs continue where this one stopped: what it did not reach is still due.
    expect(await withdrawalSweep(deps, at, spent)).toMatchObject({ withdrawn: 2, complete: false });
    expect(await withdrawalSweep(deps, at, spent)).toEqual({
      due: 1,
      withdrawn: 1,
      skipped: 0,
      complete: true,
    });
    // A budget with time left walks every page.
    let clock = 0;
    const ample = { pageSize: 1, deadlineMs: 1_000, wallClock: () => (clock += 10) };
    expect(await withdrawalSweep(deps, at, ample)).toMatchObject({ due: 0, complete: true });
  });

  it('counts only what it reached, and says so', async () => {
    const { deps } = setup();
    for (let i = 0; i < 3; i++) {
      await submitDecision(deps, {
        actor: submitter('sp'),
        content: company({ decisionDate: '2025-09-15' }),
      });
    }
    const at = new Date('2025-09-29T02:00:00Z');
    const spent = { pageSize: 2, deadlineMs: 1_000, wallClock: () => 1_000 };
    expect(await deadlineSweep(deps, at, spent)).toMatchObject({ overdue: 2, complete: false });
    expect(await deadlineSweep(deps, at, { pageSize: 2 })).toMatchObject({ overdue: 3, complete: true });
  });

  it('takes the deadline from the Lambda context less a margin, or a default budget', () => {
    const context = { getRemainingTimeInMillis: () => 60_000 };
    expect(sweepDeadline(context, 1_000)).toBe(1_000 + 60_000 - SWEEP_MARGIN_MS);
    expect(sweepDeadline({ getRemainingTimeInMillis: () => 1_000 }, 1_000)).toBe(1_000);
    expect(sweepDeadline(undefined, 1_000)).toBe(1_000 + DEFAULT_SWEEP_BUDGET_MS);
  });
});

describe('listDue', () => {
  it('returns only the entries due on or before the date, oldest first, in pages', async () => {
    const { deps } = setup();
    await submitDecision(deps, { actor: submitter('sp'), content: company({ decisionDate: '2025-09-28' }) });
    await submitDecision(deps, { actor: submitter('sp'), content: company({ decisionDate: '2025-09-15' }) });
    await submitDecision(deps, { actor: submitter('sp'), content: company({ decisionDate: '2025-09-20' }) });
    const all = await deps.store.listDue('publication', '2099-01-01' as never);
    const dues = all.items.map((i) => i.due);
    expect(dues).toEqual([...dues].sort());
    expect(all.items).toHaveLength(3);
    const first = await deps.store.listDue('publication', '2099-01-01' as never, undefined, 2);
    expect(first.items).toHaveLength(2);
    const second = await deps.store.listDue('publication', '2099-01-01' as never, first.cursor, 2);
    expect(second.items).toHaveLength(1);
    expect(second.cursor).toBeUndefined();
    const earliest = all.items[0];
    const upTo = await deps.store.listDue('publication', earliest?.due as never);
    expect(upTo.items.map((i) => i.id)).toEqual([earliest?.id]);
  });
});

describe('the deadline sweep (R5)', () => {
  it('counts pending decisions past their deadline and due within 2 working days', async () => {
    const { deps } = setup();
    // Decided 2025-09-15: due 2025-09-24 (7 working days), overdue on 2025-09-29.
    await submitDecision(deps, { actor: submitter('sp'), content: company({ decisionDate: '2025-09-15' }) });
    // Decided 2025-09-19: due 2025-09-30, within 2 working days of 2025-09-29.
    await submitDecision(deps, { actor: submitter('sp'), content: company({ decisionDate: '2025-09-19' }) });
    // Decided 2025-09-28: due well after the National Day holiday.
    await submitDecision(deps, { actor: submitter('sp'), content: company({ decisionDate: '2025-09-28' }) });
    const result = await deadlineSweep(deps, new Date('2025-09-29T02:00:00Z'));
    expect(result).toMatchObject({ overdue: 1, dueSoon: 1 });
    expect(result.overdueIds).toHaveLength(1);
  });
});

describe('exemption reviews (R3, 四平 §四(三)4)', () => {
  it('reminds the agency from the review date of an exemption for hampering enforcement, and not before', async () => {
    const { deps } = setup();
    const content = company({
      decisionDate: '2025-09-15',
      exemption: {
        reason: 'hampers_enforcement',
        note: '关联案件尚在调查',
        reviewOn: '2025-12-01' as LocalDate,
      },
    });
    const { view } = await submitDecision(deps, { actor: submitter('sp'), content });
    // Pending review, the exemption is not confirmed yet: nothing to review again.
    expect((await deps.store.get(view.id))?.deadlines.exemptionReview).toBeUndefined();
    await reviewDecision(deps, {
      actor: reviewer('sp'),
      id: view.id,
      ifMatch: view.version,
      outcome: 'approve',
      comment: '',
    });
    const stored = await deps.store.get(view.id);
    expect(stored?.decision.status).toBe('exempt');
    expect(stored?.deadlines.exemptionReview).toMatchObject({
      kind: 'exemption_review',
      rule: 'R3',
      due: '2025-12-01',
    });
    // Another exempt decision without a review date is never reminded.
    const secret = await submitDecision(deps, {
      actor: submitter('sp'),
      content: company({ caseNumber: '四工信罚〔2025〕13号', exemption: { reason: 'trade_secret' } }),
    });
    await reviewDecision(deps, {
      actor: reviewer('sp'),
      id: secret.view.id,
      ifMatch: secret.view.version,
      outcome: 'approve',
      comment: '',
    });

    expect(await deadlineSweep(deps, shanghaiMidnight('2025-11-30'))).toMatchObject({
      exemptionReviewsDue: 0,
      exemptionReviewsDueIds: [],
    });
    expect(await deadlineSweep(deps, shanghaiMidnight('2025-12-01'))).toMatchObject({
      exemptionReviewsDue: 1,
      exemptionReviewsDueIds: [view.id],
    });
    // Until the exemption is corrected the reminder repeats: the sweep counts what is due, as for overdue items.
    expect(await deadlineSweep(deps, shanghaiMidnight('2026-01-05'))).toMatchObject({
      exemptionReviewsDue: 1,
    });
  });
});

describe('unconfirmed takedowns (R7)', () => {
  it('counts a takedown past its deadline as overdue, and the reconcile sweep takes it down', async () => {
    const { deps } = setup();
    const id = await published(deps, company());
    // The stream record of the withdrawal is lost: the publisher never took the pages down.
    await withdrawDecision(deps, {
      actor: submitter('sp'),
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'revoked',
      ...(await legalEventFor(deps.store, id, 'revoked')),
      explanation: '已被复议撤销',
    });
    const takedown = (await deps.store.get(id))?.deadlines.takedown;
    expect(takedown).toMatchObject({ kind: 'revocation_takedown', rule: 'R7', amount: 3 });
    const due = takedown?.due as LocalDate;
    expect(await deadlineSweep(deps, shanghaiMidnight(due))).toMatchObject({ overdueTakedowns: 0 });
    const late = shanghaiMidnight(addDays(due, 1));
    expect(await deadlineSweep(deps, late)).toMatchObject({ overdueTakedowns: 1, overdueTakedownIds: [id] });

    expect(await reconcileSweep(deps, late)).toEqual({
      stuck: 1,
      retried: 1,
      failed: 0,
      complete: true,
      // transparency/head.json, which publishers leave to this run
      logWritten: 1,
      approvalMismatches: [],
      personalDataBlocked: [],
    });
    const stored = await deps.store.get(id);
    expect(stored?.decision.takedownConfirmedAt).toBeDefined();
    expect(stored?.deadlines.takedown).toBeUndefined();
    expect((await deps.site.read(`decisions/${id}.html`))?.body).toContain('已被复议撤销');
    expect(await deadlineSweep(deps, late)).toMatchObject({ overdueTakedowns: 0 });
    expect(await reconcileSweep(deps, late)).toMatchObject({ stuck: 0, retried: 0 });
  });

  it('makes an emergency takedown due on the day it is ordered (R8)', async () => {
    const { deps } = setup();
    const id = await published(deps, company());
    const operator: User = { kind: 'user', userId: 'ops.sun', agencyId: 'platform', roles: ['operator'] };
    await withdrawDecision(deps, {
      actor: operator,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'emergency',
      ...(await legalEventFor(deps.store, id, 'emergency')),
      explanation: '严重损害',
    });
    const takedown = (await deps.store.get(id))?.deadlines.takedown;
    expect(takedown?.due).toBe('2025-09-29');
    const next = shanghaiMidnight('2025-09-30');
    expect(await deadlineSweep(deps, next)).toMatchObject({ overdueTakedowns: 1 });
  });
});

describe('the reconcile sweep and the heartbeat', () => {
  it('reads only the decisions stuck in publishing, not every pending one', async () => {
    const { deps } = setup();
    for (let i = 0; i < 5; i++) await submitDecision(deps, { actor: submitter('sp'), content: company() });
    const approve = async () => {
      const { view } = await submitDecision(deps, { actor: submitter('sp'), content: company() });
      await reviewDecision(deps, {
        actor: reviewer('sp'),
        id: view.id,
        ifMatch: view.version,
        outcome: 'approve',
        comment: '',
      });
      return view.id;
    };
    const stuck = await approve();
    // The clock of setup() moves 100 ms a call: the second decision entered publishing after the first.
    const recent = await approve();
    const store = deps.store;
    const at = new Date(Date.parse(String((await store.get(stuck))?.decision.updatedAt)) + 2 * 60_000);
    const listDue = vi.spyOn(store, 'listDue');
    const get = vi.spyOn(store, 'get');
    expect(await reconcileSweep(deps, at)).toMatchObject({ stuck: 1, retried: 1, failed: 0 });
    const read = await Promise.all(
      listDue.mock.results.map((r) => r.value as ReturnType<typeof store.listDue>),
    );
    expect(read.flatMap((page) => page.items.map((i) => i.id))).toEqual([stuck]);
    expect(get.mock.calls.map(([id]) => id)).not.toContain(recent);
    listDue.mockRestore();
    get.mockRestore();
    expect((await store.get(stuck))?.decision.status).toBe('published');
    expect((await store.get(recent))?.decision.status).toBe('publishing');
  });

  it('publishes again a decision stuck in publishing, and measures the site age', async () => {
    const { deps } = setup();
    const { view } = await submitDecision(deps, { actor: submitter('sp'), content: company() });
    await reviewDecision(deps, {
      actor: reviewer('sp'),
      id: view.id,
      ifMatch: view.version,
      outcome: 'approve',
      comment: '',
    });
    const soon = new Date(Date.parse('2025-09-29T02:01:00Z'));
    const idle = {
      stuck: 0,
      retried: 0,
      failed: 0,
      complete: true,
      logWritten: 0,
      approvalMismatches: [],
      personalDataBlocked: [],
    };
    expect(await reconcileSweep(deps, soon)).toEqual(idle);
    const later = new Date(Date.parse('2025-09-29T02:10:00Z'));
    // The retried publication writes its chunk; the run then brings transparency/head.json up to it.
    expect(await reconcileSweep(deps, later)).toEqual({ ...idle, stuck: 1, retried: 1, logWritten: 1 });
    expect((await deps.store.get(view.id))?.decision.status).toBe('published');

    const beat = await siteHeartbeat(deps, new Date(Date.parse('2025-09-29T03:00:00Z')));
    expect(beat.siteAgeMinutes).toBe(59);
    expect(JSON.parse((await deps.site.read('heartbeat.json'))?.body ?? '{}')).toEqual({
      time: '2025-09-29T03:00:00.000Z',
    });
  });
});
