import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryInventoryStore } from '../../../shared/adapters/memory/inventory-store.ts';
import { reviewDecision, submitDecision } from '../../../shared/app/decisions.ts';
import { inventoryFigures, inventorySweep, reportInventory } from '../../../shared/app/inventory.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { refreshScorecard } from '../../../shared/app/scorecard.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import { countDue, entryDue } from '../../../shared/domain/inventory.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';
import { spelling } from '../../fixtures/case-numbers.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const caseSystem: User = { kind: 'user', userId: 'case-system:xzcf', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
const TODAY = '2025-11-20T02:00:00Z';

/** 四工信罚〔2025〕101号 … 110号, decided on the working days from 2025-10-09 (after the National Day holiday). */
const numbered = (n: number) => `四工信罚〔2025〕${100 + n}号`;
const decided = (n: number) => `2025-10-${String(8 + n).padStart(2, '0')}` as LocalDate;

function setup() {
  const deps = {
    ...memoryPlatform({ clock: testClock(TODAY), ids: sequentialIds('D', 3) }),
    inventories: new MemoryInventoryStore(),
  };
  const submit = async (caseNumber: string, decisionDate: string, overrides: Record<string, unknown> = {}) =>
    (
      await submitDecision(deps, {
        actor: { ...caseSystem, userId: 'li.na' },
        content: companyPenaltyContent({ caseNumber, decisionDate, ...overrides }),
      })
    ).view.id;
  const approve = async (id: string) => {
    await reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '',
    });
    return handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
  };
  const report = (period: string, body: Record<string, unknown>) =>
    reportInventory(deps, { actor: caseSystem, inventory: { period, ...body } });
  const figures = (from: string, to: string, today = '2025-11-20') =>
    inventoryFigures(deps, {
      agencyId: 'sp',
      settings: DEFAULT_AGENCY_SETTINGS('sp'),
      from: from as LocalDate,
      to: to as LocalDate,
      today: today as LocalDate,
    });
  return { deps, submit, approve, report, figures };
}

const TEN = Array.from({ length: 10 }, (_, i) => ({
  caseNumber: numbered(i + 1),
  actionType: 'penalty' as const,
  decisionDate: decided(i + 1),
}));

describe('inventories of what case systems decided (R12, R13)', () => {
  it('sets 10 inventoried decisions against the table: 7 submitted however spelt, 3 never, listed and counted by the sweep once late', async () => {
    const { deps, submit, approve, report, figures } = setup();
    expect(await report('2025-10', { decisions: TEN })).toMatchObject({
      status: 201,
      version: 1,
      decisions: 10,
    });
    // Submitted as the clerks typed them: other brackets, full-width digits, a space, a zero-width space.
    const spellings = [
      '四工信罚[2025]101号',
      '四工信罚（２０２５）102号',
      '四工信罚〔2025〕 103号',
      '四工信罚〔2025〕1\u200b04号',
      numbered(5),
      numbered(6),
      numbered(7),
    ];
    const ids: string[] = [];
    for (const [i, spelt] of spellings.entries()) {
      ids.push(await submit(spelt, decided(i + 1), i === 4 ? { exemption: { reason: 'trade_secret' } } : {}));
    }
    for (const id of ids.slice(0, 4)) expect(await approve(id)).toBe('published');
    await reviewDecision(deps, {
      actor: reviewer,
      id: ids[4] as string,
      ifMatch: await versionOf(deps.store, ids[4] as string),
      outcome: 'approve',
      comment: '',
    });

    const october = await figures('2025-10-01', '2025-10-31');
    expect(october).toMatchObject({
      made: 10,
      submitted: 7,
      published: 4,
      exempt: 1,
      neverSubmitted: 3,
      neverSubmittedPastDeadline: 3,
    });
    expect(october.neverSubmittedDecisions.map((d) => d.caseNumber)).toEqual([
      numbered(8),
      numbered(9),
      numbered(10),
    ]);
    expect(october.decisions.find((d) => d.caseNumber === numbered(1))).toMatchObject({
      decisionId: ids[0],
      status: 'published',
      pastDeadline: false,
    });
    // Before their deadlines nothing is late, and the sweep has nothing to read yet.
    expect((await figures('2025-10-01', '2025-10-31', '2025-10-20')).neverSubmittedPastDeadline).toBe(0);
    expect(await inventorySweep(deps, new Date('2025-10-20T02:00:00Z'))).toEqual({
      unsubmitted: 0,
      inventoryIds: [],
    });
    // 101号 decided 10-09 is due 10-17 (7 working days, the 调休 Saturday 10-11 among them); 110号 decided 10-18 by 10-28.
    expect(await inventorySweep(deps, new Date(TODAY))).toEqual({
      unsubmitted: 3,
      inventoryIds: ['sp/2025-10'],
    });
    // The ones found submitted are marked, and looked up no more.
    const marked = await deps.inventories.get('sp', '2025-10');
    expect(marked?.entries.filter((e) => e.submittedAs).map((e) => e.submittedAs)).toEqual(ids);
    // The public scorecard shows the three as counts, never their case numbers.
    await refreshScorecard({ ...deps, catalog: new MemoryCatalogStore() }, new Date(TODAY));
    const data = JSON.parse(String((await deps.site.read('data/scorecard.json'))?.body));
    expect(data.agencies[0].inventory).toEqual({
      reporting: true,
      made: 10,
      submitted: 7,
      neverSubmitted: 3,
      neverSubmittedPastDeadline: 3,
    });
    const page = String((await deps.site.read('scorecard.html'))?.body);
    expect(page).toMatch(
      /data-series="inventory-never-submitted"><th scope="row">[^<]*(<wbr>[^<]*)*<\/th><td>3</,
    );
    for (const n of [8, 9, 10]) expect(page).not.toContain(`${100 + n}号`);
    // One of the three turns up late: the sweep counts two.
    await submit(numbered(8), decided(8));
    expect(await inventorySweep(deps, new Date(TODAY))).toMatchObject({ unsubmitted: 2 });
    expect((await figures('2025-10-01', '2025-10-31')).neverSubmitted).toBe(2);
  });

  it('is idempotent per period: the same body changes nothing, another replaces it and keeps what was found', async () => {
    const { deps, submit, report } = setup();
    await report('2025-10', { decisions: TEN });
    expect(await report('2025-10', { decisions: TEN })).toMatchObject({
      status: 200,
      unchanged: true,
      version: 1,
    });
    await submit(numbered(1), decided(1));
    await inventorySweep(deps, new Date(TODAY));
    const replaced = await report('2025-10', { decisions: TEN.slice(0, 9) });
    expect(replaced).toMatchObject({ status: 200, unchanged: false, version: 3 });
    const stored = await deps.inventories.get('sp', '2025-10');
    expect(stored?.entries).toHaveLength(9);
    expect(stored?.entries[0]?.submittedAs).toBeDefined();
    expect(stored?.replaced).toHaveLength(1);
  });

  it('counts by action type where case numbers stay in the case system', async () => {
    const { deps, submit, report, figures } = setup();
    await report('2025-09-15', { counts: { penalty: 3, license: 0 } });
    await submit('四工信罚〔2025〕201号', '2025-09-15');
    await submit('四工信罚〔2025〕202号', '2025-09-15');
    const september = await figures('2025-09-01', '2025-09-30');
    expect(september).toMatchObject({
      made: 3,
      submitted: 2,
      neverSubmitted: 1,
      neverSubmittedPastDeadline: 1,
    });
    expect(september.counts.find((c) => c.actionType === 'penalty')).toMatchObject({ made: 3, submitted: 2 });
    expect(await inventorySweep(deps, new Date(TODAY))).toEqual({
      unsubmitted: 1,
      inventoryIds: ['sp/2025-09-15'],
    });
    await submit('四工信罚〔2025〕203号', '2025-09-15');
    expect(await inventorySweep(deps, new Date(TODAY))).toEqual({ unsubmitted: 0, inventoryIds: [] });
    expect((await deps.inventories.get('sp', '2025-09-15'))?.counts.every((c) => c.settled)).toBe(true);
    expect(await deps.inventories.listDue('2025-12-31' as LocalDate)).toEqual([]);
  });

  it('refuses what cannot be an honest inventory, and stores nothing of it', async () => {
    const { deps, report } = setup();
    const refused = async (period: string, body: Record<string, unknown>) => {
      const error = await report(period, body).then(
        () => undefined,
        (e: unknown) => e as { code: string; field?: string },
      );
      return error && { code: error.code, field: error.field };
    };
    expect(await refused('2025-13', { decisions: [] })).toEqual({
      code: 'invalid_inventory_period',
      field: 'period',
    });
    expect(await refused('2025-02-30', { decisions: [] })).toMatchObject({
      code: 'invalid_inventory_period',
    });
    expect(await refused('2025-12', { decisions: [] })).toMatchObject({ code: 'inventory_period_in_future' });
    expect(
      await refused('2025-10', { decisions: [{ caseNumber: numbered(1), actionType: 'penalty' }] }),
    ).toEqual({
      code: 'inventory_decision_date_required',
      field: 'decisions[0].decisionDate',
    });
    expect(
      await refused('2025-10', {
        decisions: [{ caseNumber: numbered(1), actionType: 'penalty', decisionDate: '2025-09-30' }],
      }),
    ).toMatchObject({ code: 'inventory_date_outside_period' });
    expect(
      await refused('2025-11', {
        decisions: [{ caseNumber: numbered(1), actionType: 'penalty', decisionDate: '2025-11-21' }],
      }),
    ).toMatchObject({ code: 'inventory_date_in_future' });
    // One number twice, as people read it.
    expect(
      await refused('2025-10-09', {
        decisions: [
          { caseNumber: numbered(1), actionType: 'penalty' },
          { caseNumber: '四工信罚【２０２５】101号', actionType: 'license' },
        ],
      }),
    ).toEqual({ code: 'inventory_duplicate_case_number', field: 'decisions[1].caseNumber' });
    expect(
      await refused('2025-10-09', {
        decisions: [{ caseNumber: numbered(1), actionType: 'penalty' }],
        counts: { penalty: 4 },
      }),
    ).toEqual({ code: 'inventory_counts_overlap', field: 'counts.penalty' });
    expect(await refused('2025-10-09', { counts: { penalty: -1 } })).toMatchObject({
      code: 'invalid_inventory_count',
    });
    expect(
      await refused('2025-10-09', {
        decisions: [
          {
            caseNumber: numbered(1),
            actionType: 'penalty',
            randomInspection: { endDate: '2025-10-01', outcome: 'normal' },
          },
        ],
      }),
    ).toMatchObject({ code: 'random_inspection_not_allowed' });
    expect(await deps.inventories.list('sp', '2025', '2025-12-31')).toEqual([]);
    // A month and its days are one or the other.
    await report('2025-10', { decisions: [] });
    expect(await refused('2025-10-09', { decisions: [] })).toMatchObject({
      code: 'inventory_period_overlaps',
    });
    await report('2025-09-15', { decisions: [] });
    expect(await refused('2025-09', { decisions: [] })).toMatchObject({ code: 'inventory_period_overlaps' });
  });

  it('property: a decision submitted under any spelling of an inventoried number is found, another serial never is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 9_999 }),
        fc.integer({ min: 1, max: 9_999 }),
        fc.gen(),
        async (serial, other, gen) => {
          fc.pre(serial !== other);
          const { deps, submit, report, figures } = setup();
          await report('2025-10-09', {
            decisions: [
              { caseNumber: gen(spelling, '四工信罚', 2025, serial), actionType: 'penalty' },
              { caseNumber: gen(spelling, '四工信罚', 2025, other), actionType: 'penalty' },
            ],
          });
          await submit(gen(spelling, '四工信罚', 2025, serial), '2025-10-09');
          const found = await figures('2025-10-09', '2025-10-09');
          expect(found).toMatchObject({ made: 2, submitted: 1, neverSubmitted: 1 });
          expect(await inventorySweep(deps, new Date(TODAY))).toMatchObject({ unsubmitted: 1 });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('runs each inventoried decision from its own legal event on the State Council calendar (R5, art. 85)', () => {
    const settings = DEFAULT_AGENCY_SETTINGS('sp');
    const calendar = memoryPlatform({ clock: testClock(TODAY) }).calendar;
    const due = (decisionDate: string, extra = {}) =>
      entryDue(
        { actionType: 'penalty', decisionDate: decisionDate as LocalDate, ...extra },
        settings,
        calendar,
      );
    // Decided the day before National Day 2025: 1–8 October are off, so the 7th working day is 16 October.
    expect(due('2025-09-30')).toBe('2025-10-16');
    // Decided 9 October: Saturday 11 October is a 调休 working day and counts; the 7th is 17 October.
    expect(due('2025-10-09')).toBe('2025-10-17');
    expect(due('2025-10-18')).toBe('2025-10-28');
    // A normal random inspection runs 20 working days from the inspection's end (Sunday 28 September counts).
    expect(
      entryDue(
        {
          actionType: 'inspection',
          decisionDate: '2025-10-09' as LocalDate,
          randomInspection: { endDate: '2025-09-26' as LocalDate, outcome: 'normal' },
        },
        settings,
        calendar,
      ),
    ).toBe('2025-10-30');
    // A month's count runs from its last day.
    expect(countDue({ to: '2025-09-30' as LocalDate }, { actionType: 'penalty' }, settings, calendar)).toBe(
      '2025-10-16',
    );
  });
});
