/**
 * R5: the working-day calendar updated at run time (ADR 0013). Operators load a year's State Council notice;
 * every handler's calendar picks it up within CALENDAR_CACHE_MS, without a redeploy; and the recompute sweep
 * moves every stored deadline that was counted provisionally over that year, auditing each move.
 */
import { appendAudit, type ChainHead, headOf } from '../domain/audit.ts';
import { auditActorOf } from '../domain/authority.ts';
import { type CalendarYearView, calendarYearView, parseCalendarNotice } from '../domain/calendar/notice.ts';
import { createCalendarWith } from '../domain/calendar/sources.ts';
import type { WorkCalendar } from '../domain/calendar/work-calendar.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { lawChangeDeadline } from '../domain/catalog.ts';
import { addDays, type LocalDate, yearOf, ymd } from '../domain/dates.ts';
import { correctionAnswerDeadline, type Deadline } from '../domain/deadlines.ts';
import type { Actor } from '../domain/decision.ts';
import type {
  AgencyDirectory,
  CalendarStore,
  CatalogStore,
  CorrectionRequestStore,
  DecisionDeadlines,
  DecisionStore,
  DueItem,
  Page,
  StoredCalendarYear,
  StoredDecision,
} from '../ports.ts';
import { isVersionConflict } from '../ports.ts';
import { cachedAgencies } from './agency-cache.ts';
import { deadlinesFor } from './deadlines.ts';
import { NotFoundError, requireVersion } from './errors.ts';

/** How long a warm handler keeps the loaded years before it reads them again (ADR 0013). */
export const CALENDAR_CACHE_MS = 60_000;

export const RECOMPUTE_SWEEP: Actor = { kind: 'system', userId: 'system:recompute-deadlines' };

/** The calendar of the library, the shipped overrides and the loaded years. */
export function calendarOf(loaded: readonly StoredCalendarYear[]): WorkCalendar {
  return createCalendarWith(loaded.map((stored) => stored.calendar));
}

/**
 * A calendar that code reads synchronously (`deps.calendar.day(…)`) while the years behind it are read from the
 * store: `refresh()` before an invocation reads them again when they are older than `maxAgeMs`, concurrent
 * callers share one read, and a failed read keeps nothing (the next call reads again).
 */
export interface RefreshingCalendar {
  readonly calendar: WorkCalendar;
  refresh(): Promise<void>;
}

export function refreshingCalendar(
  store: Pick<CalendarStore, 'list'>,
  options: { readonly maxAgeMs?: number; readonly now?: () => number } = {},
): RefreshingCalendar {
  const { maxAgeMs = CALENDAR_CACHE_MS, now = () => performance.now() } = options;
  // Until the first refresh: the shipped years, as before years could be loaded.
  let current = calendarOf([]);
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const calendar: WorkCalendar = {
    get coveredYears() {
      return current.coveredYears;
    },
    day: (date) => current.day(date),
    isCovered: (year) => current.isCovered(year),
    yearSource: (year) => current.yearSource(year),
  };
  return {
    calendar,
    refresh() {
      const at = now();
      if (at - readAt < maxAgeMs) return Promise.resolve();
      reading ??= store
        .list()
        .then((loaded) => {
          current = calendarOf(loaded);
          readAt = at;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    },
  };
}

export interface CalendarYearAnswer extends CalendarYearView {
  /** Set for a loaded year: what If-Match names on a re-load. */
  readonly version?: number;
  readonly loadedAt?: string;
  readonly loadedBy?: string;
}

function answerOf(calendar: WorkCalendar, year: number, stored?: StoredCalendarYear): CalendarYearAnswer {
  return {
    ...calendarYearView(calendar, year),
    ...(stored ? { version: stored.version, loadedAt: stored.loadedAt, loadedBy: stored.loadedBy } : {}),
  };
}

/** R5: every day of the year as the handlers now count it, read from the store (not a warm cache). */
export async function getCalendarYear(
  deps: { readonly calendars: CalendarStore },
  year: number,
): Promise<CalendarYearAnswer> {
  const loaded = await deps.calendars.list();
  return answerOf(
    calendarOf(loaded),
    year,
    loaded.find((s) => s.calendar.year === year),
  );
}

/**
 * R5: loads (or, with If-Match naming its version, re-loads) a year's notice. Checked in full first
 * (parseCalendarNotice): bad input stores nothing. The year and its audit event are written together.
 */
export async function loadCalendarYear(
  deps: { readonly calendars: CalendarStore; readonly clock: { now(): Date } },
  input: {
    readonly actor: Extract<Actor, { kind: 'user' }>;
    readonly year: number;
    readonly body: unknown;
    readonly ifMatch: number | undefined;
  },
): Promise<CalendarYearAnswer> {
  const { actor, year, ifMatch } = input;
  const calendar = parseCalendarNotice(year, input.body);
  const previous = await deps.calendars.get(year);
  if (previous) requireVersion(previous.version, ifMatch, { required: true, changed: 'read' });
  else if (ifMatch !== undefined) throw new NotFoundError(`the calendar of ${year} (If-Match ${ifMatch})`);
  const at = deps.clock.now().toISOString();
  const audit = appendAudit(previous?.auditHead ?? headOf([]), {
    subject: `calendar-${year}`,
    action: previous ? 'reload_calendar_year' : 'load_calendar_year',
    actor: auditActorOf(actor),
    at,
    ...(previous
      ? {
          before: {
            source: previous.calendar.source,
            holidays: Object.keys(previous.calendar.holidays).length,
            workdays: Object.keys(previous.calendar.workdays).length,
          },
        }
      : {}),
    after: {
      source: calendar.source,
      holidays: Object.keys(calendar.holidays).length,
      workdays: Object.keys(calendar.workdays).length,
    },
  });
  const next: StoredCalendarYear = {
    calendar,
    version: (previous?.version ?? 0) + 1,
    loadedAt: at,
    loadedBy: actor.userId,
    auditHead: headOf([audit]),
  };
  await deps.calendars.save({ ...(previous ? { previous } : {}), next, audit });
  const others = (await deps.calendars.list()).filter((s) => s.calendar.year !== year);
  return answerOf(calendarOf([...others, next]), year, next);
}

// ---- the recompute sweep -----------------------------------------------------------------------------

/** The deadlines of a decision that count working days, and so can be provisional. */
const WORKING_DAY_KEYS = ['publication', 'takedown', 'confirmation'] as const;

/**
 * A deadline counted over year Y is due in Y, or early in Y+1 when it starts in late December: no period of
 * the platform is longer than 20 working days, which never reach past March of the next year.
 */
function windowOf(year: number): { readonly from: LocalDate; readonly to: LocalDate } {
  return { from: ymd(year, 1, 1), to: ymd(year + 1, 3, 31) };
}

/** The years a deadline's counted days fall in: (from, due]. */
function yearsOf(deadline: Deadline): number[] {
  const years: number[] = [];
  for (let y = yearOf(addDays(deadline.from, 1)); y <= yearOf(deadline.due); y += 1) years.push(y);
  return years;
}

export interface DeadlineMove {
  readonly kind: Deadline['kind'];
  readonly oldDue: LocalDate;
  readonly newDue: LocalDate;
  /** Still provisional: the period also runs over a year that is still not published. */
  readonly provisional: boolean;
  /** The notices (or data) the recomputed period was counted on, one a year. */
  readonly calendarSources: readonly string[];
}

/**
 * R5: the deadlines of one decision counted provisionally over a year that is now official, recomputed with
 * `calendar`. Only a deadline of the same kind, start and length is replaced: the sweep re-dates a period, it
 * never changes one (a correction or new settings do that, with their own audit event). Empty when nothing moves.
 */
export function recomputedDeadlines(
  stored: StoredDecision,
  fresh: DecisionDeadlines,
  calendar: WorkCalendar,
): { readonly deadlines: DecisionDeadlines; readonly moves: readonly DeadlineMove[] } {
  const deadlines: Record<string, Deadline> = { ...stored.deadlines } as Record<string, Deadline>;
  const moves: DeadlineMove[] = [];
  for (const key of WORKING_DAY_KEYS) {
    const old = stored.deadlines[key];
    const recomputed = fresh[key];
    const move = old && recomputed ? moveOf(old, recomputed, calendar) : undefined;
    if (!move || !recomputed) continue;
    deadlines[key] = recomputed;
    moves.push(move);
  }
  return { deadlines: deadlines as DecisionDeadlines, moves };
}

export interface RecomputeSweepResult {
  /** Loaded years whose deadlines were looked at this run (not yet marked done). */
  readonly years: readonly number[];
  /** Records read from the due-date windows of those years (decisions, correction requests, catalogue items). */
  readonly examined: number;
  /** Records whose deadlines moved (one audit event each). */
  readonly recomputed: number;
  /** Deadlines that moved (a record may have more than one). */
  readonly moved: number;
  /** Records changed by someone else meanwhile: the next run looks again. */
  readonly conflicts: number;
  readonly complete: boolean;
}

export interface RecomputeDependencies {
  readonly store: Pick<DecisionStore, 'get' | 'save' | 'listDueBetween'>;
  readonly requests: Pick<CorrectionRequestStore, 'get' | 'save' | 'listDue'>;
  readonly catalog: Pick<CatalogStore, 'get' | 'save' | 'listDue'>;
  readonly agencies: AgencyDirectory;
  readonly calendars: CalendarStore;
}

/** One record's recompute: the number of deadlines that moved, or a lost race. */
type Outcome = number | 'conflict';

/** The kinds of record whose deadlines count working days, each with the query of its window and its recompute. */
interface Source {
  readonly name: string;
  list(window: Window, cursor: string | undefined, pageSize: number): Promise<Page<DueItem>>;
  recompute(id: string): Promise<Outcome>;
}

interface Window {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/**
 * R5, R9, R10: for each loaded year not yet marked done, reads the open deadlines due in that year's window from
 * the sparse due-date indexes (a Query, never a Scan): decisions' publication, takedown and confirmation
 * deadlines with both bounds; open correction requests (R9) and catalogue items with an open law change (R10),
 * whose partitions hold only what is open, up to the window's end. Each deadline counted provisionally over a
 * year now official is recomputed with the calendar as stored now, and each record whose deadlines moved is
 * saved with a `recompute_deadlines` audit event in the same transaction. A year is marked done (its version)
 * once a complete run has walked it after every warm handler has had time to refresh (CALENDAR_CACHE_MS): a
 * handler that still counted on the old calendar during that minute cannot leave a provisional deadline
 * behind. Idempotent: what moved is no longer provisional over that year, and a second run changes nothing.
 */
export async function recomputeSweep(
  deps: RecomputeDependencies,
  now: Date,
  options: {
    readonly pageSize?: number;
    readonly deadlineMs?: number;
    readonly wallClock?: () => number;
  } = {},
): Promise<RecomputeSweepResult> {
  const { pageSize = 50, deadlineMs = Number.POSITIVE_INFINITY, wallClock = Date.now } = options;
  const loaded = await deps.calendars.list();
  const calendar = calendarOf(loaded);
  const run: Run = {
    deps,
    calendar,
    // One read of each agency's settings per run (ADR 0010).
    agencies: cachedAgencies(deps.agencies),
    at: now.toISOString(),
  };
  const sources = sourcesOf(run);
  const pending = loaded.filter((s) => s.recomputedVersion !== s.version);
  let examined = 0;
  let recomputed = 0;
  let moved = 0;
  let conflicts = 0;
  let complete = true;
  const seen = new Set<string>();
  for (const year of pending) {
    const window = windowOf(year.calendar.year);
    let yearComplete = true;
    for (const source of sources) {
      let cursor: string | undefined;
      do {
        if (wallClock() >= deadlineMs) {
          yearComplete = false;
          break;
        }
        const page = await source.list(window, cursor, pageSize);
        for (const { id } of page.items) {
          if (seen.has(`${source.name}#${id}`)) continue;
          seen.add(`${source.name}#${id}`);
          examined += 1;
          const outcome = await source.recompute(id);
          if (outcome === 'conflict') {
            conflicts += 1;
            yearComplete = false;
          } else if (outcome > 0) {
            recomputed += 1;
            moved += outcome;
          }
        }
        cursor = page.cursor;
      } while (cursor !== undefined);
    }
    if (!yearComplete) complete = false;
    const settled = now.getTime() - Date.parse(year.loadedAt) >= CALENDAR_CACHE_MS;
    if (yearComplete && settled) {
      try {
        await deps.calendars.save({ previous: year, next: { ...year, recomputedVersion: year.version } });
      } catch (error) {
        // Re-loaded meanwhile: the new version is looked at by the next run.
        if (!isVersionConflict(error)) throw error;
      }
    }
  }
  return {
    years: pending.map((s) => s.calendar.year),
    examined,
    recomputed,
    moved,
    conflicts,
    complete,
  };
}

interface Run {
  readonly deps: RecomputeDependencies;
  readonly calendar: WorkCalendar;
  readonly agencies: AgencyDirectory;
  readonly at: string;
}

function sourcesOf(run: Run): readonly Source[] {
  const { deps } = run;
  const decisions = (kind: 'publication' | 'takedown' | 'confirmation'): Source => ({
    name: 'decision',
    list: (w, cursor, size) => deps.store.listDueBetween(kind, w.from, w.to, cursor, size),
    recompute: (id) => recomputeDecision(run, id),
  });
  return [
    decisions('publication'),
    decisions('takedown'),
    decisions('confirmation'),
    {
      name: 'correction_request',
      list: (w, cursor, size) => deps.requests.listDue(w.to, cursor, size),
      recompute: (id) => recomputeRequest(run, id),
    },
    {
      name: 'catalog_item',
      list: (w, cursor, size) => deps.catalog.listDue('update', w.to, cursor, size),
      recompute: (id) => recomputeCatalogItem(run, id),
    },
  ];
}

/** The move of one deadline, when it was counted provisionally over a year now official and moves. */
function moveOf(old: Deadline, recomputed: Deadline, calendar: WorkCalendar): DeadlineMove | undefined {
  if (!old.provisional || !yearsOf(old).some((y) => calendar.isCovered(y))) return undefined;
  const samePeriod =
    recomputed.kind === old.kind && recomputed.from === old.from && recomputed.amount === old.amount;
  if (!samePeriod || canonicalJson(recomputed) === canonicalJson(old)) return undefined;
  return {
    kind: old.kind,
    oldDue: old.due,
    newDue: recomputed.due,
    provisional: recomputed.provisional,
    calendarSources: [...new Set(yearsOf(recomputed).map((y) => calendar.yearSource(y).source))],
  };
}

function recomputeAudit(run: Run, subject: string, head: ChainHead, moves: readonly DeadlineMove[]) {
  return appendAudit(head, {
    subject,
    action: 'recompute_deadlines',
    actor: { userId: RECOMPUTE_SWEEP.userId },
    at: run.at,
    detail: { reason: 'calendar_notice_loaded', deadlines: moves },
  });
}

async function saved(save: () => Promise<void>, moves: number): Promise<Outcome> {
  try {
    await save();
    return moves;
  } catch (error) {
    if (isVersionConflict(error)) return 'conflict';
    throw error;
  }
}

async function recomputeDecision(run: Run, id: string): Promise<Outcome> {
  const stored = await run.deps.store.get(id);
  if (!stored) return 0;
  if (!WORKING_DAY_KEYS.some((key) => stored.deadlines[key]?.provisional)) return 0;
  const agency = await run.agencies.get(stored.decision.agencyId);
  const fresh = deadlinesFor(stored.decision, agency.settings, run.calendar);
  const { deadlines, moves } = recomputedDeadlines(stored, fresh, run.calendar);
  if (moves.length === 0) return 0;
  const audit = recomputeAudit(run, id, stored.auditHead, moves);
  // Same version: the deadlines are re-dated, the decision is not changed, and the ETags staff hold stay good.
  const next = { decision: stored.decision, auditHead: headOf([audit]), deadlines };
  return saved(() => run.deps.store.save({ previous: stored, next, audit }), moves.length);
}

/** R9: an open request's answer deadline, with the agency's current settings (a change of length is not ours). */
async function recomputeRequest(run: Run, id: string): Promise<Outcome> {
  const stored = await run.deps.requests.get(id);
  if (stored?.request.status !== 'open' || !stored.request.deadline.provisional) return 0;
  const old = stored.request.deadline;
  const agency = await run.agencies.get(stored.request.agencyId);
  const deadline = correctionAnswerDeadline(old.from, agency.settings, run.calendar);
  const move = moveOf(old, deadline, run.calendar);
  if (!move) return 0;
  const audit = recomputeAudit(run, id, stored.auditHead, [move]);
  const next = { request: { ...stored.request, deadline }, auditHead: headOf([audit]) };
  return saved(() => run.deps.requests.save({ previous: stored, next, audit }), 1);
}

/** R10: each open law change's update deadline of the item; the index then holds the earliest again. */
async function recomputeCatalogItem(run: Run, id: string): Promise<Outcome> {
  const stored = await run.deps.catalog.get(id);
  if (!stored) return 0;
  const moves: DeadlineMove[] = [];
  const lawChanges = stored.item.lawChanges.map((change) => {
    const fresh = lawChangeDeadline(change.deadline.from, run.calendar);
    const move = moveOf(change.deadline, fresh, run.calendar);
    if (!move) return change;
    moves.push(move);
    return { ...change, deadline: fresh };
  });
  if (moves.length === 0) return 0;
  const audit = recomputeAudit(run, id, stored.auditHead, moves);
  const next = { item: { ...stored.item, lawChanges }, auditHead: headOf([audit]) };
  return saved(() => run.deps.catalog.save({ previous: stored, next, audit }), moves.length);
}
