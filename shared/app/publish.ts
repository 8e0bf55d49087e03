/**
 * The publisher: follows the table's stream (the outbox) and keeps the public site right. A decision entering
 * `publishing` is rendered from its public projection and written; only when every object is written does
 * the record become `published`, by a conditional write. A withdrawal replaces the pages by a notice or
 * removes them. Each of them is first recorded in the transparency log (ADR 0007) with the hash of the
 * document it leaves, and the site's log is brought up to date after the pages. Redelivery is harmless: the
 * plan is idempotent, an event is logged once, and a decision no longer `publishing` is left alone.
 * R2: what is published is byte for byte what was approved, or nothing: the projection rendered now must hash
 * as the one its reviewer approved (ADR 0011), else nothing is written and the decision stays `publishing`.
 */
import { approvalBinding } from '../domain/approval.ts';
import type { WorkCalendar } from '../domain/calendar/work-calendar.ts';
import type { Actor, DecisionStatus } from '../domain/decision.ts';
import { IllegalTransitionError } from '../domain/errors.ts';
import type {
  AgencyDirectory,
  Clock,
  DecisionStore,
  SiteBucket,
  StoredDecision,
  TransparencyLogStore,
} from '../ports.ts';
import { isVersionConflict, SiteConflictError } from '../ports.ts';
import { keysToRead, planSiteChange } from '../site/plan.ts';
import { planSearchChange, searchKeysToRead } from '../site/search-plan.ts';
import type { SiteConfig, SiteEvent, SiteOperation } from '../site/types.ts';
import {
  assertNothingPersonal,
  type GateFinding,
  gateFindings,
  objectsOnEmptySite,
  PersonalDataBlockedError,
} from './publish-gate.ts';
import {
  ASSETS_VERSION_KEY,
  currentSiteEvent,
  publishEvent,
  putPlaceholder,
  staticSiteObjects,
  withdrawEvent,
} from './site-events.ts';
import { transitionDecision } from './transitions.ts';
import { ensureLogged, recordInLog, syncLogToSite } from './transparency.ts';

export const PUBLISHER: Actor = { kind: 'system', userId: 'system:publisher' };

export interface PublisherDependencies {
  readonly store: DecisionStore;
  readonly agencies: AgencyDirectory;
  readonly calendar: WorkCalendar;
  readonly clock: Clock;
  readonly site: SiteBucket;
  readonly siteConfig: SiteConfig;
  /** The transparency log every publication, correction and withdrawal is recorded in. */
  readonly log: TransparencyLogStore;
  /**
   * R4: told when the publish gate refuses a decision (ADR 0012), with where and what kind it found, never the
   * value: the handlers log it and count `PersonalDataBlocked`.
   */
  readonly onPersonalDataBlocked?: (id: string, findings: readonly GateFinding[]) => void;
}

/** A change of a decision's META item, as the stream reports it. */
export interface DecisionChange {
  readonly id: string;
  readonly oldStatus: DecisionStatus | undefined;
  readonly newStatus: DecisionStatus | undefined;
  /** R8: a correction of the published decision was under review before / is after the change. */
  readonly correctionBefore?: boolean;
  readonly correctionAfter?: boolean;
}

export type PublicationAction = 'publish' | 'withdraw' | 'refresh';

/** The transitions that change the public side; everything else on the stream is ignored. */
export function publicationAction(change: DecisionChange): PublicationAction | undefined {
  if (change.newStatus === 'publishing') return 'publish';
  // R8: a correction of a published decision submitted or sent back: the page says so, or shows it again.
  if (change.newStatus === 'published' && (change.correctionBefore || change.correctionAfter)) {
    return 'refresh';
  }
  if (
    change.newStatus === 'withdrawn' &&
    (change.oldStatus === 'published' || change.oldStatus === 'publishing')
  ) {
    return 'withdraw';
  }
  return undefined;
}

/**
 * `approval_mismatch` (R2): the projection of the approved revision no longer hashes as the one approved (the
 * revision, the agency's name or the masking changed since): nothing was written, not even the transparency log,
 * and the decision stays `publishing`, where the reconcile sweep finds it again; the handlers raise an alarm.
 * `personal_data_blocked` (R4, ADR 0012): the publish gate found a certain finding in an object about to be
 * written: nothing was written either, the decision stays `publishing`, and the handlers raise an alarm.
 */
export type PublicationOutcome =
  | 'published'
  | 'withdrawn'
  /** R8: a published decision's page now shows what its correction's state says (under way, withheld, back). */
  | 'refreshed'
  | 'skipped'
  | 'approval_mismatch'
  | 'personal_data_blocked';

export async function handleDecisionChange(
  deps: PublisherDependencies,
  change: DecisionChange,
): Promise<PublicationOutcome> {
  const action = publicationAction(change);
  if (!action) return 'skipped';
  const stored = await deps.store.get(change.id);
  if (!stored) return 'skipped';
  await ensureStaticAssets(deps);
  if (action === 'publish') return publish(deps, stored);
  if (action === 'refresh') return refresh(deps, stored);
  if (stored.decision.status !== 'withdrawn') return 'skipped';
  const event = await withdrawEvent(deps.agencies, stored.decision);
  const logged = await recordInLog(deps, event, stored.auditHead);
  // R4: a takedown is not gated: it removes what is public, and its notice is masked as the decision's text is.
  await applySiteEvent(deps, event);
  await syncLogToSite(deps, { covering: logged.seq });
  await confirmTakedown(deps, stored);
  return 'withdrawn';
}

/**
 * R7 (行政处罚法 art. 48/85): once the site no longer shows the decision, the record says so and its takedown
 * deadline ends. A redelivery (already confirmed) or a concurrent change is left alone: whoever changed it
 * saved the state the sweep watches, and a takedown still unconfirmed is retried by the reconcile sweep.
 */
async function confirmTakedown(deps: PublisherDependencies, stored: StoredDecision): Promise<void> {
  if (stored.decision.takedownConfirmedAt !== undefined) return;
  try {
    await transitionDecision(
      deps,
      stored,
      { type: 'confirm_takedown' },
      { actor: PUBLISHER, now: deps.clock.now() },
    );
  } catch (error) {
    if (error instanceof IllegalTransitionError) return;
    if (isVersionConflict(error)) return;
    throw error;
  }
}

/**
 * What refuses a publication before anything is written, the log included: R2, the projection is not the one
 * approved (approvals recorded before they were bound carry no hash, `unbound`, and pass); R4, the gate finds
 * personal data in what it would write (ADR 0012).
 */
function refusedBeforeWriting(
  deps: PublisherDependencies,
  stored: StoredDecision,
  event: Extract<SiteEvent, { kind: 'publish' }>,
): PublicationOutcome | undefined {
  if (approvalBinding(stored.decision, event.document).kind === 'mismatch') return 'approval_mismatch';
  const blocked = gateFindings(objectsOnEmptySite(event, deps.siteConfig));
  if (blocked.length === 0) return undefined;
  deps.onPersonalDataBlocked?.(stored.decision.id, blocked);
  return 'personal_data_blocked';
}

/**
 * Writes the event's site change, gated when it publishes content; `personal_data_blocked` when the gate stops
 * it there (the listing parts hold other decisions too: one published before the gate can stop this one).
 */
async function writeGated(
  deps: PublisherDependencies,
  stored: StoredDecision,
  event: SiteEvent,
  gate: boolean,
): Promise<PublicationOutcome | undefined> {
  try {
    await applySiteEvent(deps, event, { gate });
    return undefined;
  } catch (error) {
    if (!(error instanceof PersonalDataBlockedError)) throw error;
    deps.onPersonalDataBlocked?.(stored.decision.id, error.findings);
    return 'personal_data_blocked';
  }
}

/**
 * R8: a published decision whose correction was submitted or sent back: its page says that a correction is under
 * way (the HTML only), or shows a notice in its place (withheld), or shows the published revision again. Nothing
 * changes on the record; the withheld notice and the restoration are logged (the public JSON changes), and what
 * is published again passes the gate as any publication does. A record no longer published is left to its own
 * stream record.
 */
async function refresh(deps: PublisherDependencies, stored: StoredDecision): Promise<PublicationOutcome> {
  if (stored.decision.status !== 'published') return 'skipped';
  const event = await currentSiteEvent(deps.agencies, stored.decision);
  if (event.kind === 'publish') {
    const refused = refusedBeforeWriting(deps, stored, event);
    if (refused) return refused;
  }
  // A withheld notice and a restoration are events of their own; the note on the page alone is the same
  // content rendered anew, logged as a republication when the page differs from what the log holds (ADR 0021).
  const logs = event.kind === 'withdraw' || event.restoring !== undefined;
  const logged = logs
    ? await recordInLog(deps, event, stored.auditHead)
    : await ensureLogged(deps, event, stored.auditHead);
  const written = await writeGated(deps, stored, event, event.kind === 'publish');
  if (written) return written;
  if (logged) await syncLogToSite(deps, { covering: logged.seq });
  return 'refreshed';
}

async function publish(deps: PublisherDependencies, initial: StoredDecision): Promise<PublicationOutcome> {
  let stored = initial;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Redelivered after success, or withdrawn meanwhile: the withdrawal's own record cleans up.
    if (stored.decision.status !== 'publishing') return 'skipped';
    const event = await publishEvent(deps.agencies, stored.decision);
    const refused = refusedBeforeWriting(deps, stored, event);
    if (refused) return refused;
    const logged = await recordInLog(deps, event, stored.auditHead);
    const written = await writeGated(deps, stored, event, true);
    if (written) return written;
    await syncLogToSite(deps, { covering: logged.seq });
    try {
      await transitionDecision(
        deps,
        stored,
        { type: 'publish' },
        { actor: PUBLISHER, now: deps.clock.now() },
      );
      return 'published';
    } catch (error) {
      if (!isVersionConflict(error)) throw error;
      const reread = await deps.store.get(stored.decision.id);
      if (!reread) return 'skipped';
      stored = reread;
    }
  }
  throw new Error(`decision ${initial.decision.id} kept changing while it was being published`);
}

/** Reads the state objects, plans, writes in order; a concurrent writer's change means read and plan again. */
async function applySiteEvent(
  deps: PublisherDependencies,
  event: SiteEvent,
  options: { readonly gate?: boolean } = {},
): Promise<void> {
  const gated = (operations: SiteOperation[]) => {
    if (options.gate) assertNothingPersonal(objectsWritten(operations));
    return operations;
  };
  // ADR 0017: the search index and the company pages link the decision's page: after it is written on a
  // publication, unlinked before it goes on a withdrawal.
  const search = () =>
    applySitePlan(
      deps.site,
      (current) => searchKeysToRead(event, current, deps.siteConfig),
      (current) => gated(planSearchChange(event, current, deps.siteConfig)),
    );
  if (event.kind === 'withdraw') await search();
  await applySitePlan(
    deps.site,
    (current) => keysToRead(event, current),
    (current) => gated(planSiteChange(event, current, deps.siteConfig)),
  );
  if (event.kind === 'publish') await search();
}

function objectsWritten(operations: readonly SiteOperation[]) {
  return operations.flatMap((operation) => (operation.op === 'delete' ? [] : [operation.object]));
}

/**
 * One change of the site: the state objects at `keys` are read with their ETags, `plan` turns them into ordered
 * operations, and every write of a state object is conditional on the ETag read (or on its absence), so two
 * publishers never lose each other's update: the loser reads and plans again. `keys` may depend on what was
 * read (a listing part is found through the month list, ADR 0009): it is asked again until it adds no key.
 */
export async function applySitePlan(
  site: SiteBucket,
  keys: readonly string[] | ((current: ReadonlyMap<string, string | undefined>) => readonly string[]),
  plan: (current: ReadonlyMap<string, string | undefined>) => readonly SiteOperation[],
): Promise<void> {
  const keysFor = typeof keys === 'function' ? keys : () => keys;
  for (let attempt = 0; ; attempt++) {
    const current = new Map<string, string | undefined>();
    const etags = new Map<string, string | undefined>();
    for (let round = 0; ; round++) {
      const missing = keysFor(current).filter((key) => !current.has(key));
      if (missing.length === 0) break;
      if (round >= 4) throw new Error(`the keys to read did not settle: ${missing.join(', ')}`);
      const read = await Promise.all(missing.map(async (key) => [key, await site.read(key)] as const));
      for (const [key, object] of read) {
        current.set(key, object?.body);
        etags.set(key, object?.etag);
      }
    }
    try {
      for (const operation of plan(current)) {
        if (operation.op === 'delete') {
          await site.delete(operation.key);
          continue;
        }
        const { key } = operation.object;
        const etag = etags.get(key);
        const condition = !etags.has(key)
          ? undefined
          : etag
            ? { ifMatch: etag }
            : { ifNoneMatch: '*' as const };
        await site.put(operation.object, condition);
      }
      return;
    } catch (error) {
      if (!(error instanceof SiteConflictError) || attempt >= SITE_PLAN_ATTEMPTS - 1) throw error;
      // Publishers that lost to each other would meet again at once: each waits a random while, longer
      // every time up to a second, so one gets through. A loser competes with every publisher that starts
      // meanwhile (the reconcile sweep runs 4 at once, all on the same month's files; each round one of
      // them wins): at 8 attempts one decision of 12 lost every round in 2 of 3 durability runs.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.random() * Math.min(SITE_PLAN_MAX_WAIT_MS, 20 * 2 ** attempt)),
      );
    }
  }
}

/**
 * Conflicting writes a site change retries before it gives up (the stream or the reconcile sweep retries it):
 * with one chance in four per round, 30 rounds leave about one in 5 000 to the next run.
 */
const SITE_PLAN_ATTEMPTS = 30;
const SITE_PLAN_MAX_WAIT_MS = 1_000;

const assetsChecked = new WeakMap<SiteBucket, string>();

/**
 * The stylesheet, the scripts, the 404 and correction pages: written when this code's version of them is not
 * the one in the bucket (one small read per process), so a deploy that changes them updates the site. The
 * catalogue and scorecard placeholders then too, where those pages do not exist yet.
 */
export async function ensureStaticAssets(
  deps: Pick<PublisherDependencies, 'site' | 'siteConfig'>,
): Promise<void> {
  const { version, objects, placeholders } = staticSiteObjects(deps.siteConfig);
  if (assetsChecked.get(deps.site) === version) return;
  const stored = await deps.site.read(ASSETS_VERSION_KEY);
  if (stored?.body !== version) {
    // Before the version marker (last of `objects`): a failure meanwhile writes them all again.
    for (const object of placeholders) await putPlaceholder(deps.site, object);
    for (const object of objects) await deps.site.put(object);
  }
  assetsChecked.set(deps.site, version);
}
