/**
 * Every rule the domain refuses is a named error with a stable `code`. The HTTP layer maps codes to
 * statuses and problem+json bodies; clients branch on `code`, never on `message`.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Where in the input the problem is, when there is one place to point at (`party.idNumber`). */
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = new.target.name;
    this.field = options.field;
    this.details = options.details;
  }
}

/** Input that breaks a rule of the content itself (a wrong check digit, a date that does not exist). */
export class ValidationError extends DomainError {
  readonly code: string;
  constructor(
    code: string,
    message: string,
    options: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message, options);
    this.code = code;
  }
}

/** A lifecycle event that the current status does not allow (see lifecycle.ts). */
export class IllegalTransitionError extends DomainError {
  readonly code = 'illegal_transition';
}

/**
 * R8: `self_confirmation`: a withdrawal is confirmed by another reviewer; `not_submitter`: a discard is the
 * submitter's. `unknown_agency`: the token names an agency the registry does not know.
 */
export type ForbiddenCode =
  | 'unknown_agency'
  | 'self_review'
  | 'agency_mismatch'
  | 'role_required'
  | 'self_confirmation'
  | 'not_submitter';

/**
 * Who may do what: R2 (only a reviewer of the same agency who did not submit the revision may review it),
 * and every event is reserved to the roles of the transition table and to the decision's own agency.
 */
export class ForbiddenError extends DomainError {
  readonly code: ForbiddenCode;
  constructor(code: ForbiddenCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The record belongs to another agency. Answered as if it did not exist (404): the caller gets no hint that the
 * id is taken.
 */
export class AgencyMismatchError extends ForbiddenError {
  declare readonly code: 'agency_mismatch';
  constructor(message: string) {
    super('agency_mismatch', message);
  }
}

/** The event is allowed in this status, but the record or the input breaks a rule that governs it. */
export class RuleViolationError extends DomainError {
  readonly code: string;
  constructor(
    code: string,
    message: string,
    options: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message, options);
    this.code = code;
  }
}

/** An agency setting that would loosen what the regulations require. */
export class SettingsError extends DomainError {
  readonly code = 'invalid_setting';
}

/** The working-day calendar cannot answer (a malformed override file, a date out of any range). */
export class CalendarError extends DomainError {
  readonly code = 'calendar_error';
}
