/**
 * One state change of an aggregate, in one place each: the domain decides, the audit event is chained to the
 * stored head, the deadlines follow (decisions), and the store writes all of it atomically, conditional on the
 * version that was read. Every use case that moves a decision, a catalogue item or a correction request goes
 * through here; what it does about a lost race (isVersionConflict) stays its own.
 */
import { appendAudit, EMPTY_HEAD, headOf } from '../domain/audit.ts';
import {
  type CatalogEvent,
  type CatalogTransitionContext,
  decideCatalog,
} from '../domain/catalog-lifecycle.ts';
import {
  type CorrectionRequestEvent,
  decideRequest,
  type RequestActor,
} from '../domain/correction-request.ts';
import type { Actor } from '../domain/decision.ts';
import { type DecisionEvent, decide } from '../domain/lifecycle.ts';
import type {
  Agency,
  CatalogStore,
  CatalogWrite,
  CorrectionRequestStore,
  Dependencies,
  IdempotencyClaim,
  OpenRequestLimits,
  StoredCatalogItem,
  StoredCorrectionRequest,
  StoredDecision,
} from '../ports.ts';
import { deadlinesFor } from './deadlines.ts';

/**
 * A decision's change. The agency read for the deadlines comes back too, so the caller's view is built from
 * the same settings without a second read (a caller that already read it passes it in).
 */
export async function transitionDecision(
  deps: Pick<Dependencies, 'store' | 'agencies' | 'calendar'>,
  previous: StoredDecision | undefined,
  event: DecisionEvent,
  options: {
    readonly actor: Actor;
    readonly now: Date;
    readonly idempotency?: IdempotencyClaim | undefined;
    readonly agency?: Agency | undefined;
  },
): Promise<{ readonly stored: StoredDecision; readonly agency: Agency }> {
  const { actor, now, idempotency, agency: known } = options;
  const result = decide(previous?.decision, event, { actor, at: now.toISOString(), calendar: deps.calendar });
  const agency =
    known?.id === result.decision.agencyId ? known : await deps.agencies.get(result.decision.agencyId);
  const audit = appendAudit(previous?.auditHead ?? EMPTY_HEAD, result.audit);
  const next: StoredDecision = {
    decision: result.decision,
    auditHead: headOf([audit]),
    deadlines: deadlinesFor(result.decision, agency.settings, deps.calendar),
  };
  await deps.store.save({
    ...(previous ? { previous } : {}),
    next,
    audit,
    ...(idempotency ? { idempotency } : {}),
  });
  return { stored: next, agency };
}

/** A catalogue item's change as a write, for a caller that saves several in one transaction (a law change). */
export function catalogWriteOf(
  previous: StoredCatalogItem | undefined,
  event: CatalogEvent,
  ctx: CatalogTransitionContext,
): CatalogWrite {
  const result = decideCatalog(previous?.item, event, ctx);
  const audit = appendAudit(previous?.auditHead ?? EMPTY_HEAD, result.audit);
  return {
    ...(previous ? { previous } : {}),
    next: { item: result.item, auditHead: headOf([audit]) },
    audit,
  };
}

/** A catalogue item's change. */
export async function transitionCatalogItem(
  deps: { readonly catalog: CatalogStore },
  previous: StoredCatalogItem | undefined,
  event: CatalogEvent,
  ctx: CatalogTransitionContext,
): Promise<StoredCatalogItem> {
  const write = catalogWriteOf(previous, event, ctx);
  await deps.catalog.save(write);
  return write.next;
}

/** A correction request's change; a filing names the ceiling of open requests on its decision (R9). */
export async function transitionRequest(
  deps: { readonly requests: CorrectionRequestStore },
  previous: StoredCorrectionRequest | undefined,
  event: CorrectionRequestEvent,
  ctx: { readonly actor: RequestActor; readonly at: string; readonly openLimits?: OpenRequestLimits },
): Promise<StoredCorrectionRequest> {
  const result = decideRequest(previous?.request, event, { actor: ctx.actor, at: ctx.at });
  const audit = appendAudit(previous?.auditHead ?? EMPTY_HEAD, result.audit);
  const next: StoredCorrectionRequest = { request: result.request, auditHead: headOf([audit]) };
  await deps.requests.save({
    ...(previous ? { previous } : {}),
    next,
    audit,
    ...(ctx.openLimits === undefined ? {} : { openLimits: ctx.openLimits }),
  });
  return next;
}
