/**
 * R12, R13 (四平 §五 选择性公示): case systems report what their agencies decided (`POST /v1/decisions/inventory`);
 * the compliance report and the scorecard set it against what was submitted and published, and the deadline sweep
 * counts what passed its publication deadline without ever being submitted. inventory.ts holds the rules.
 */

import { digestOf } from '../domain/audit.ts';
import { auditActorOf } from '../domain/authority.ts';
import { addDays, type LocalDate, shanghaiDate } from '../domain/dates.ts';
import type { ActionType, Actor, DecisionStatus } from '../domain/decision.ts';
import {
  countDue,
  entryDue,
  type Inventory,
  type InventoryInput,
  inventoryId,
  nextInventoryDue,
  overlapError,
  parseInventoryId,
  periodRange,
  readInventory,
} from '../domain/inventory.ts';
import type { AgencySettings } from '../domain/settings.ts';
import { type Dependencies, type InventoryStore, isVersionConflict, type StoredDecision } from '../ports.ts';
import { mapLimited } from './pool.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

export type InventoryDependencies = Pick<Dependencies, 'store' | 'agencies' | 'calendar' | 'clock'> & {
  readonly inventories: InventoryStore;
};

/** Guard reads in flight at once, as the report's reads. */
const READ_CONCURRENCY = 8;
const LIST_PAGE = 100;

export interface InventoryReported {
  readonly period: string;
  /** 201: a first report of the period; 200: a replacement, or the same report again (`unchanged`). */
  readonly status: 200 | 201;
  readonly unchanged: boolean;
  readonly version: number;
  readonly decisions: number;
  readonly counted: number;
}

/**
 * Stores one inventory of the caller's agency: new, replacing the period's previous one, or nothing at all when
 * the same body comes again. What the deadline sweep already found submitted stays found.
 */
export async function reportInventory(
  deps: InventoryDependencies,
  input: { readonly actor: UserActor; readonly inventory: InventoryInput; readonly field?: string },
): Promise<InventoryReported> {
  const { actor } = input;
  const now = deps.clock.now();
  const agencyId = actor.agencyId;
  const read = readInventory(input.inventory, {
    agencyId,
    today: shanghaiDate(now),
    ...(input.field ? { field: input.field } : {}),
  });
  const digest = digestOf({ period: read.period, entries: read.entries, counts: read.counts });
  const previous = await deps.inventories.get(agencyId, read.period);
  const summary = { period: read.period, decisions: read.entries.length, counted: countedOf(read.counts) };
  if (previous?.digest === digest) {
    return { ...summary, status: 200, unchanged: true, version: previous.version };
  }
  if (!previous) await refuseOverlap(deps.inventories, agencyId, read.period);
  const found = new Map(previous?.entries.map((e) => [e.reading, e.submittedAs]) ?? []);
  const next: Inventory = {
    ...read,
    // What the sweep found submitted stays found: a decision is never unsubmitted by a report.
    entries: read.entries.map((e) => {
      const submittedAs = found.get(e.reading);
      return submittedAs ? { ...e, submittedAs } : e;
    }),
    digest,
    reportedBy: auditActorOf(actor).userId,
    reportedAt: now.toISOString(),
    replaced: previous
      ? [
          ...previous.replaced,
          { digest: previous.digest, by: previous.reportedBy, at: previous.reportedAt },
        ].slice(-20)
      : [],
    version: (previous?.version ?? 0) + 1,
  };
  const { settings } = await deps.agencies.get(agencyId);
  const due = nextInventoryDue(next, settings, deps.calendar);
  await deps.inventories.save({ ...(previous ? { previous } : {}), next, ...(due ? { due } : {}) });
  return { ...summary, status: previous ? 200 : 201, unchanged: false, version: next.version };
}

function countedOf(counts: Inventory['counts']): number {
  return counts.reduce((sum, c) => sum + c.made, 0);
}

/** A month and the days in it are reported one way or the other, never both. */
async function refuseOverlap(store: InventoryStore, agencyId: string, period: string): Promise<void> {
  const month = period.slice(0, 7);
  const { kind } = periodRange(period);
  const others =
    kind === 'day'
      ? await store.list(agencyId, month, month)
      : await store.list(agencyId, `${month}-01`, `${month}-31`);
  const other = others.find((o) => o.period !== period);
  if (other) throw overlapError(period, other.period);
}

// ---- the report's figures ------------------------------------------------------------------------------------

export interface InventoriedDecision {
  readonly period: string;
  readonly caseNumber: string;
  readonly actionType: ActionType;
  readonly decisionDate: string;
  /** R5: the last day it could have been published on time. */
  readonly due: string;
  readonly decisionId: string | null;
  readonly status: DecisionStatus | null;
  /** Never submitted and past its deadline as of the report's today. */
  readonly pastDeadline: boolean;
}

export interface InventoriedCount {
  readonly period: string;
  readonly actionType: ActionType;
  readonly made: number;
  /** Decisions of the type decided in the period and submitted (any status but discarded). */
  readonly submitted: number;
  readonly published: number;
  readonly exempt: number;
  readonly neverSubmitted: number;
  readonly due: string;
  readonly pastDeadline: boolean;
}

export interface InventoryFigures {
  /** The periods reported by the agency's case systems that overlap the report's, with when. */
  readonly periods: readonly {
    readonly period: string;
    readonly reportedAt: string;
    readonly reportedBy: string;
  }[];
  /** Decisions the case systems say were made in the report's period (named and counted). */
  readonly made: number;
  readonly submitted: number;
  readonly published: number;
  readonly exempt: number;
  readonly neverSubmitted: number;
  /** Of those never submitted, how many are past the deadline they would have had. */
  readonly neverSubmittedPastDeadline: number;
  /** The named decisions never submitted, oldest first: the list behind the figure. */
  readonly neverSubmittedDecisions: readonly InventoriedDecision[];
  /** Every named decision with what became of it. */
  readonly decisions: readonly InventoriedDecision[];
  /** Counted periods (case numbers kept in the case system): counts against counts, no list. */
  readonly counts: readonly InventoriedCount[];
}

export type InventoryReadDependencies = Pick<Dependencies, 'store' | 'calendar'> & {
  readonly inventories: Pick<InventoryStore, 'list'>;
};

/**
 * R12: the inventories of the agency for the period set against the table. A named decision counts in the
 * period of its decision date; a counted period counts in the report when its whole period lies inside it (a
 * month's count cannot be split into days).
 */
export async function inventoryFigures(
  deps: InventoryReadDependencies,
  input: {
    readonly agencyId: string;
    readonly settings: AgencySettings;
    readonly from: LocalDate;
    readonly to: LocalDate;
    readonly today: LocalDate;
  },
): Promise<InventoryFigures> {
  const { agencyId, settings, from, to, today } = input;
  const inventories = (await deps.inventories.list(agencyId, from.slice(0, 7), to)).filter(
    (i) => i.to >= from && i.from <= to,
  );
  const named = inventories.flatMap((inventory) =>
    inventory.entries
      .filter((e) => e.decisionDate >= from && e.decisionDate <= to)
      .map((entry) => ({ inventory, entry })),
  );
  const decisions = await mapLimited(named, READ_CONCURRENCY, async ({ inventory, entry }) => {
    const stored = await deps.store.findByCaseNumber(agencyId, entry.caseNumber);
    const live = stored && stored.decision.status !== 'discarded' ? stored : undefined;
    const due = entryDue(entry, settings, deps.calendar);
    return {
      row: {
        period: inventory.period,
        caseNumber: entry.caseNumber,
        actionType: entry.actionType,
        decisionDate: entry.decisionDate,
        due,
        decisionId: live?.decision.id ?? null,
        status: live?.decision.status ?? null,
        pastDeadline: !live && today > due,
      } satisfies InventoriedDecision,
      stored: live,
    };
  });
  decisions.sort(
    (a, b) =>
      a.row.decisionDate.localeCompare(b.row.decisionDate) ||
      a.row.caseNumber.localeCompare(b.row.caseNumber),
  );
  const counts: InventoriedCount[] = [];
  for (const inventory of inventories) {
    if (inventory.from < from || inventory.to > to) continue;
    for (const count of inventory.counts) {
      const found = await decidedIn(deps, agencyId, inventory, count.actionType);
      const due = countDue(inventory, count, settings, deps.calendar);
      const submitted = found.length;
      counts.push({
        period: inventory.period,
        actionType: count.actionType,
        made: count.made,
        submitted,
        published: found.filter(isPublished).length,
        exempt: found.filter((s) => s.decision.status === 'exempt').length,
        neverSubmitted: Math.max(0, count.made - submitted),
        due,
        pastDeadline: count.made > submitted && today > due,
      });
    }
  }
  const rows = decisions.map((d) => d.row);
  const stored = decisions.flatMap((d) => (d.stored ? [d.stored] : []));
  const never = rows.filter((r) => r.decisionId === null);
  const sum = (pick: (c: InventoriedCount) => number) => counts.reduce((s, c) => s + pick(c), 0);
  return {
    periods: inventories.map((i) => ({
      period: i.period,
      reportedAt: i.reportedAt,
      reportedBy: i.reportedBy,
    })),
    made: rows.length + sum((c) => c.made),
    // A count may be met by more decisions than it names: what exceeds it is not "submitted" of the inventory.
    submitted: stored.length + sum((c) => Math.min(c.made, c.submitted)),
    published: stored.filter(isPublished).length + sum((c) => Math.min(c.made, c.published)),
    exempt:
      stored.filter((s) => s.decision.status === 'exempt').length + sum((c) => Math.min(c.made, c.exempt)),
    neverSubmitted: never.length + sum((c) => c.neverSubmitted),
    neverSubmittedPastDeadline:
      never.filter((r) => r.pastDeadline).length + sum((c) => (c.pastDeadline ? c.neverSubmitted : 0)),
    neverSubmittedDecisions: never,
    decisions: rows,
    counts,
  };
}

function isPublished(stored: StoredDecision): boolean {
  return stored.decision.publishedAt !== undefined;
}

/** The decisions of a type decided in the inventory's period, submitted (not discarded), read from the listing. */
async function decidedIn(
  deps: Pick<Dependencies, 'store'>,
  agencyId: string,
  inventory: Pick<Inventory, 'from' | 'to'>,
  actionType: ActionType,
): Promise<StoredDecision[]> {
  const found: StoredDecision[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.list({
      agencyId,
      actionType,
      decidedFrom: inventory.from,
      decidedTo: inventory.to,
      limit: LIST_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    found.push(...page.items.filter((s) => s.decision.status !== 'discarded'));
    cursor = page.cursor;
  } while (cursor);
  return found;
}

// ---- the deadline sweep --------------------------------------------------------------------------------------

export interface InventorySweepResult {
  /** Inventoried decisions past their publication deadline and still not submitted (named and counted). */
  readonly unsubmitted: number;
  /** `<agency>/<period>` of the inventories they are in: what the operator's log line names. */
  readonly inventoryIds: readonly string[];
}

/**
 * R12: the inventories whose next deadline has passed. Each named decision past its deadline is looked up by its
 * case number: found, it is marked submitted and never looked up again; not found, it counts (every run, until it
 * is submitted, like an overdue decision). A counted period past its deadline is counted against the listing the
 * same way. The inventory goes back on the index at its next deadline, or off it once everything was found.
 */
export async function inventorySweep(deps: InventoryDependencies, now: Date): Promise<InventorySweepResult> {
  const today = shanghaiDate(now);
  const due = await deps.inventories.listDue(addDays(today, -1));
  let unsubmitted = 0;
  const inventoryIds: string[] = [];
  for (const { id } of due) {
    const { agencyId, period } = parseInventoryId(id);
    const inventory = await deps.inventories.get(agencyId, period);
    if (!inventory) continue;
    const { settings } = await deps.agencies.get(agencyId);
    const entries = await mapLimited(inventory.entries, READ_CONCURRENCY, async (entry) => {
      if (entry.submittedAs || today <= entryDue(entry, settings, deps.calendar))
        return { entry, missing: 0 };
      const stored = await deps.store.findByCaseNumber(agencyId, entry.caseNumber);
      if (stored && stored.decision.status !== 'discarded') {
        return { entry: { ...entry, submittedAs: stored.decision.id }, missing: 0, marked: true };
      }
      return { entry, missing: 1 };
    });
    const counts = await mapLimited(inventory.counts, READ_CONCURRENCY, async (count) => {
      if (count.settled || today <= countDue(inventory, count, settings, deps.calendar))
        return { count, missing: 0 };
      const found = (await decidedIn(deps, agencyId, inventory, count.actionType)).length;
      return found >= count.made
        ? { count: { ...count, settled: true as const }, missing: 0, marked: true }
        : { count, missing: count.made - found };
    });
    const missing = [...entries, ...counts].reduce((sum, r) => sum + r.missing, 0);
    if (missing > 0) {
      unsubmitted += missing;
      inventoryIds.push(inventoryId(agencyId, inventory.period));
    }
    const next: Inventory = {
      ...inventory,
      entries: entries.map((r) => r.entry),
      counts: counts.map((r) => r.count),
      version: inventory.version + 1,
    };
    // Only a new mark is written: an inventory with nothing newly found stays as it is.
    if (![...entries, ...counts].some((r) => 'marked' in r)) continue;
    const nextDue = nextInventoryDue(next, settings, deps.calendar);
    try {
      await deps.inventories.save({ previous: inventory, next, ...(nextDue ? { due: nextDue } : {}) });
    } catch (error) {
      // A report replaced it meanwhile: the next run reads the new one.
      if (!isVersionConflict(error)) throw error;
    }
  }
  return { unsubmitted, inventoryIds };
}
