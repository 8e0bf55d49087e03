/**
 * Who may act on a reviewed record (a decision, a catalogue item): the transition row's roles, the record's own
 * agency (operators across agencies where the row lets them), and R2's four eyes: the reviewer of a revision is
 * never its author. Both lifecycles' transition tables are checked through here.
 */
import type { AuditActor } from './audit.ts';
import type { Actor, Role } from './decision.ts';
import { AgencyMismatchError, ForbiddenError } from './errors.ts';

/** Who a transition row lets act: a role of agency staff or an operator, or the platform itself. */
export type Acting = Role | 'system';

export function actsAs(actor: Actor, role: Acting): boolean {
  return role === 'system' ? actor.kind === 'system' : actor.kind === 'user' && actor.roles.includes(role);
}

export interface ReviewedRecord {
  readonly agencyId: string;
  /** The author of the revision under review, if one is. */
  readonly underReviewBy: string | undefined;
}

export interface TransitionAuthority {
  readonly actor: Actor;
  readonly event: string;
  readonly by: readonly Acting[];
  /** The record acted on; undefined when the event creates it. */
  readonly record: ReviewedRecord | undefined;
  /** Whether the event reviews the revision under review (R2). */
  readonly reviews: boolean;
  /** What the record is, for the messages: "a decision", "a catalogue item". */
  readonly noun: string;
}

export function authoriseTransition(options: TransitionAuthority): void {
  const refusal = transitionRefusal(options);
  if (refusal) throw refusal;
}

/**
 * Why the actor may not make this transition, or undefined when they may: the checks authoriseTransition throws,
 * as a value, so that what a caller is offered (`allowedActions`) is decided by the very same rules.
 */
export function transitionRefusal(options: TransitionAuthority): Error | undefined {
  const { actor, event, by, record, reviews, noun } = options;
  if (!by.some((role) => actsAs(actor, role))) {
    return new ForbiddenError('role_required', `${event} needs the role ${by.join(' or ')}`);
  }
  if (actor.kind === 'system' || !record) return undefined;
  // Platform operators act across agencies where the row lets them (emergency takedowns, reorganisations);
  // agency staff only ever on their own agency's records.
  const asOperator = by.includes('operator') && actor.roles.includes('operator');
  if (actor.agencyId !== record.agencyId && !asOperator) {
    return new AgencyMismatchError(`${noun} can only be changed by its own agency`);
  }
  // R2: the reviewer is never the author of the revision under review.
  if (reviews && record.underReviewBy === actor.userId) {
    return new ForbiddenError('self_review', 'a reviewer may not review a revision they submitted');
  }
  return undefined;
}

type UserActor = Extract<Actor, { kind: 'user' }>;

/**
 * A token acts for an agency the registry knows, or for none: an id made up in a token never submits, approves
 * or publishes (the directory answers an id never configured with the defaults, marked `registered: false`).
 */
export function requireRegisteredAgency(agency: { readonly id: string; readonly registered?: false }): void {
  if (agency.registered === false) {
    throw new ForbiddenError('unknown_agency', `the agency ${agency.id} is not registered on this platform`);
  }
}

/** Which agency's records a list or report shows: agency staff see their own; platform operators may name another. */
export function agencyScope(actor: UserActor, requested: string | undefined): string {
  return requested && actor.roles.includes('operator') ? requested : actor.agencyId;
}

/**
 * Whether the actor may read a record of this agency: their own, or any as a platform operator. Another agency's
 * record does not exist for them (the use case answers 404).
 */
export function canRead(actor: UserActor, agencyId: string): boolean {
  return agencyId === actor.agencyId || actor.roles.includes('operator');
}

/** The actor as the audit chain records it (R11): the user and their agency, or the platform's own id. */
export function auditActorOf(actor: Actor): AuditActor {
  return actor.kind === 'user'
    ? { userId: actor.userId, agencyId: actor.agencyId, ...(actor.via ? { via: actor.via } : {}) }
    : { userId: actor.userId };
}
