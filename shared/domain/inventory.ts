/**
 * R12, R13 (四平 §五 选择性公示; §四(四) 数据交换机制): what a case system says its agency decided in a period, so
 * that supervision sees the decisions that were never submitted, not only the ones an agency chose to send.
 *
 * An inventory covers one agency and one period, a day (`2026-11-05`) or a month (`2026-11`). It names the
 * decisions by case number (with their action type and decision date), or, where case numbers may not leave the
 * case system, counts them by action type. A period is reported again by replacing its inventory: the same body
 * twice changes nothing. A case number is matched as people read it (case-number.ts, the uniqueness guard's
 * reading), so `四工信罚[2026]101号` inventoried finds `四工信罚〔2026〕 101号` submitted.
 *
 * Each inventoried decision runs against the publication deadline it would have had if submitted (R5, from its
 * decision date, or from the end of a normal random inspection); a count runs against the latest deadline of its
 * period (decisions of its last day). Past that day and still not submitted, the deadline sweep counts it.
 */
import type { WorkCalendar } from './calendar/work-calendar.ts';
import { caseNumberReading } from './case-number.ts';
import { addDays, daysInMonth, isLocalDate, type LocalDate } from './dates.ts';
import { publicationDeadline } from './deadlines.ts';
import { ACTION_TYPES, type ActionType, type RandomInspection } from './decision.ts';
import { RuleViolationError, ValidationError } from './errors.ts';
import type { AgencySettings } from './settings.ts';

/** Case numbers in one inventory: a month of a large agency (more is reported by day). Keeps the item < 400 KB. */
export const INVENTORY_MAX_ENTRIES = 2_000;
/** Decisions of one action type counted in one period: far above any agency's month. */
export const INVENTORY_MAX_COUNT = 100_000;
/** Inventories in one request (a month of days). */
export const INVENTORY_MAX_PERIODS = 31;

export type InventoryPeriodKind = 'day' | 'month';

export interface InventoryEntryInput {
  readonly caseNumber: string;
  readonly actionType: ActionType;
  /** Required for a month; a day's inventory defaults it to the day. */
  readonly decisionDate?: string | undefined;
  /** R5: a normal random inspection's result is due 20 working days after the inspection ends. */
  readonly randomInspection?:
    | { readonly endDate: string; readonly outcome: RandomInspection['outcome'] }
    | undefined;
}

export interface InventoryInput {
  readonly period: string;
  readonly decisions?: readonly InventoryEntryInput[] | undefined;
  readonly counts?: Readonly<Partial<Record<ActionType, number>>> | undefined;
}

export interface InventoryEntry {
  readonly caseNumber: string;
  /** The case number as the uniqueness guard reads it. */
  readonly reading: string;
  readonly actionType: ActionType;
  readonly decisionDate: LocalDate;
  readonly randomInspection?: RandomInspection;
  /** Set once the deadline sweep found it submitted: the decision's id. */
  readonly submittedAs?: string;
}

export interface InventoryCount {
  readonly actionType: ActionType;
  readonly made: number;
  /** Set once the deadline sweep found as many decisions of the type submitted for the period. */
  readonly settled?: true;
}

export interface Inventory {
  readonly agencyId: string;
  readonly period: string;
  readonly kind: InventoryPeriodKind;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly entries: readonly InventoryEntry[];
  readonly counts: readonly InventoryCount[];
  /** SHA-256 of what was reported (entries and counts, as read): a report of the same body changes nothing. */
  readonly digest: string;
  readonly reportedBy: string;
  readonly reportedAt: string;
  /** The reports of this period before the current one, oldest first: who replaced what, and when. */
  readonly replaced: readonly { readonly digest: string; readonly by: string; readonly at: string }[];
  readonly version: number;
}

/** The inventory's id in lists and logs: `<agency>/<period>`. */
export function inventoryId(agencyId: string, period: string): string {
  return `${agencyId}/${period}`;
}

/** `<agency>/<period>` back to its parts: a period has no `/`. */
export function parseInventoryId(id: string): { agencyId: string; period: string } {
  const at = id.lastIndexOf('/');
  return { agencyId: id.slice(0, at), period: id.slice(at + 1) };
}

/** The day or month a period names, as its first and last day. */
export function periodRange(
  period: string,
  field = 'period',
): {
  kind: InventoryPeriodKind;
  from: LocalDate;
  to: LocalDate;
} {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period) && isLocalDate(period)) {
    return { kind: 'day', from: period, to: period };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  const year = Number(month?.[1]);
  const number = Number(month?.[2]);
  if (month && number >= 1 && number <= 12 && year >= 1900) {
    const from = `${period}-01` as LocalDate;
    return { kind: 'month', from, to: addDays(from, daysInMonth(year, number) - 1) };
  }
  throw new ValidationError(
    'invalid_inventory_period',
    `the period is a day (YYYY-MM-DD) or a month (YYYY-MM) that exists, not ${JSON.stringify(period.slice(0, 20))}`,
    { field },
  );
}

/**
 * The inventory as it is stored: each entry's date defaulted and checked, case numbers read once, counts as a
 * list. Refuses what cannot be an honest inventory: a period that has not started, a date outside the period or
 * after today, the same case number twice, an action type both named and counted.
 */
export function readInventory(
  input: InventoryInput,
  context: { readonly agencyId: string; readonly today: LocalDate; readonly field?: string },
): Omit<Inventory, 'digest' | 'reportedBy' | 'reportedAt' | 'replaced' | 'version'> {
  const at = context.field ? `${context.field}.` : '';
  const { kind, from, to } = periodRange(input.period, `${at}period`);
  if (from > context.today) {
    throw new ValidationError(
      'inventory_period_in_future',
      `the period ${input.period} has not started yet (today is ${context.today})`,
      { field: `${at}period` },
    );
  }
  const decisions = input.decisions ?? [];
  if (decisions.length > INVENTORY_MAX_ENTRIES) {
    throw new ValidationError(
      'inventory_too_large',
      `an inventory names at most ${INVENTORY_MAX_ENTRIES} decisions; report this period by day`,
      { field: `${at}decisions` },
    );
  }
  const seen = new Map<string, number>();
  const entries = decisions.map((d, i): InventoryEntry => {
    const field = `${at}decisions[${i}]`;
    const date = d.decisionDate ?? (kind === 'day' ? from : undefined);
    if (date === undefined) {
      throw new ValidationError(
        'inventory_decision_date_required',
        'a month’s inventory gives each decision its decision date',
        { field: `${field}.decisionDate` },
      );
    }
    if (!isLocalDate(date) || date < from || date > to) {
      throw new ValidationError(
        'inventory_date_outside_period',
        `the decision date ${date.slice(0, 10)} is not in the period ${input.period}`,
        { field: `${field}.decisionDate` },
      );
    }
    if (date > context.today) {
      throw new ValidationError(
        'inventory_date_in_future',
        `the decision date ${date} is after today (${context.today})`,
        { field: `${field}.decisionDate` },
      );
    }
    if (d.randomInspection && d.actionType !== 'inspection') {
      throw new ValidationError(
        'random_inspection_not_allowed',
        'a random inspection’s result is only an inspection’s (actionType inspection)',
        { field: `${field}.randomInspection` },
      );
    }
    const inspection = d.randomInspection;
    if (inspection && (!isLocalDate(inspection.endDate) || inspection.endDate > date)) {
      throw new ValidationError(
        'inspection_after_decision',
        'the random inspection ends no later than the decision date',
        { field: `${field}.randomInspection.endDate` },
      );
    }
    const reading = caseNumberReading(d.caseNumber);
    if (reading === '') {
      throw new ValidationError('required', 'the case number has no visible character', {
        field: `${field}.caseNumber`,
      });
    }
    const before = seen.get(reading);
    if (before !== undefined) {
      throw new ValidationError(
        'inventory_duplicate_case_number',
        `decisions[${before}] and decisions[${i}] are one case number as people read it`,
        { field: `${field}.caseNumber` },
      );
    }
    seen.set(reading, i);
    return {
      caseNumber: d.caseNumber,
      reading,
      actionType: d.actionType,
      decisionDate: date,
      ...(inspection ? { randomInspection: inspection as RandomInspection } : {}),
    };
  });
  const named = new Set(entries.map((e) => e.actionType));
  const counts: InventoryCount[] = [];
  for (const actionType of ACTION_TYPES) {
    const made = input.counts?.[actionType];
    if (made === undefined) continue;
    if (!Number.isInteger(made) || made < 0 || made > INVENTORY_MAX_COUNT) {
      throw new ValidationError(
        'invalid_inventory_count',
        `a count is a whole number from 0 to ${INVENTORY_MAX_COUNT}`,
        { field: `${at}counts.${actionType}` },
      );
    }
    if (named.has(actionType)) {
      throw new ValidationError(
        'inventory_counts_overlap',
        `the ${actionType} decisions of one period are named or counted, not both`,
        { field: `${at}counts.${actionType}` },
      );
    }
    counts.push({ actionType, made });
  }
  return { agencyId: context.agencyId, period: input.period, kind, from, to, entries, counts };
}

/** R5: the last day an inventoried decision could have been published on time. */
export function entryDue(
  entry: Pick<InventoryEntry, 'actionType' | 'decisionDate' | 'randomInspection'>,
  settings: AgencySettings,
  calendar: WorkCalendar,
): LocalDate {
  return publicationDeadline({
    content: {
      actionType: entry.actionType,
      decisionDate: entry.decisionDate,
      ...(entry.randomInspection ? { randomInspection: entry.randomInspection } : {}),
    },
    settings,
    calendar,
  }).due;
}

/** R5: a count is late once the decisions of the period's last day are (the latest deadline in it). */
export function countDue(
  inventory: Pick<Inventory, 'to'>,
  count: Pick<InventoryCount, 'actionType'>,
  settings: AgencySettings,
  calendar: WorkCalendar,
): LocalDate {
  return entryDue({ actionType: count.actionType, decisionDate: inventory.to }, settings, calendar);
}

/**
 * The day the deadline sweep next looks at the inventory: the earliest deadline of what is not yet found
 * submitted, or none when everything was.
 */
export function nextInventoryDue(
  inventory: Pick<Inventory, 'entries' | 'counts' | 'to'>,
  settings: AgencySettings,
  calendar: WorkCalendar,
): LocalDate | undefined {
  let next: LocalDate | undefined;
  const consider = (due: LocalDate) => {
    if (next === undefined || due < next) next = due;
  };
  for (const entry of inventory.entries)
    if (!entry.submittedAs) consider(entryDue(entry, settings, calendar));
  for (const count of inventory.counts) {
    if (!count.settled) consider(countDue(inventory, count, settings, calendar));
  }
  return next;
}

/** A day's inventory inside a month that has its own, or the reverse: the two would count one decision twice. */
export function overlapError(period: string, other: string): RuleViolationError {
  return new RuleViolationError(
    'inventory_period_overlaps',
    `the period ${period} overlaps the inventory of ${other}: report a month by day or as a whole, not both`,
    { field: 'period', details: { overlaps: other } },
  );
}
