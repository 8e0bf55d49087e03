/**
 * The one error table: every error a use case can raise becomes a problem+json answer with a stable code.
 * Anything not in the table is a bug: a 500 whose details stay in the log.
 */
import {
  IdempotencyMismatchError,
  IfMatchRequiredError,
  NotFoundError,
  PreconditionError,
  RateLimitedError,
} from '../app/errors.ts';
import {
  AgencyMismatchError,
  CalendarError,
  DomainError,
  ForbiddenError,
  IllegalTransitionError,
  RuleViolationError,
  SettingsError,
  ValidationError,
} from '../domain/errors.ts';
import {
  CaseNumberTakenError,
  IdempotencyKeyTakenError,
  InvalidCursorError,
  isVersionConflict,
  OpenRequestsLimitError,
  RecordTooLargeError,
} from '../ports.ts';
import type { FieldProblem } from './problem.ts';
import { HttpProblem, type Problem, problem } from './problem.ts';

export function toProblem(error: unknown): Problem {
  if (error instanceof HttpProblem)
    return problem(error.status, error.code, error.message, { ...error.extensions }, error.params);
  if (error instanceof ValidationError) {
    const issues = error.details?.issues;
    // An issue's `params` (and a lone error's details) feed the Chinese sentence; problem() leaves them out.
    const errors: readonly (FieldProblem & { readonly params?: unknown })[] = Array.isArray(issues)
      ? (issues as FieldProblem[])
      : [{ field: error.field ?? '', code: error.code, message: error.message, params: error.details ?? {} }];
    return problem(422, error.code, error.message, { errors });
  }
  if (error instanceof ForbiddenError) {
    // Another agency's record (decision, catalogue item, correction request) does not exist for the caller:
    // no hint that the id is taken.
    if (error instanceof AgencyMismatchError) return problem(404, 'not_found', 'no such record');
    return problem(403, error.code, error.message);
  }
  if (error instanceof IllegalTransitionError || error instanceof RuleViolationError) {
    return problem(
      409,
      error.code,
      error.message,
      error.details ? { details: error.details } : {},
      error.field === undefined ? {} : { field: error.field },
    );
  }
  if (error instanceof SettingsError || error instanceof CalendarError || error instanceof DomainError) {
    return problem(422, error.code, error.message, {}, { ...error.details, field: error.field });
  }
  if (error instanceof NotFoundError) return problem(404, 'not_found', error.message);
  if (error instanceof PreconditionError) {
    const extra = error.currentVersion === undefined ? {} : { currentVersion: error.currentVersion };
    return error instanceof IfMatchRequiredError
      ? problem(428, error.code, error.message, extra)
      : problem(412, error.code, error.message, extra);
  }
  if (error instanceof IdempotencyMismatchError) return problem(422, error.code, error.message);
  // R9: a flood of filings, from one client or on one decision; nothing was stored.
  if (error instanceof RateLimitedError || error instanceof OpenRequestsLimitError) {
    return problem(429, error.code, error.message, { retryAfter: error.retryAfterSeconds });
  }
  // Any store's optimistic-concurrency conflict: a decision, a catalogue item, a correction request.
  if (isVersionConflict(error)) {
    return problem(
      409,
      'conflict',
      'someone else changed this record at the same time; reload and try again',
    );
  }
  if (error instanceof CaseNumberTakenError) {
    return problem(409, 'case_number_taken', 'another decision of this agency already has this case number', {
      errors: [
        { field: 'caseNumber', code: 'case_number_taken', message: 'case numbers are unique per agency' },
      ],
    });
  }
  if (error instanceof IdempotencyKeyTakenError) {
    return problem(409, 'idempotency_in_progress', 'a request with this Idempotency-Key is being processed');
  }
  // Valid input whose record would not fit one item of the table: refused before anything was written.
  if (error instanceof RecordTooLargeError) {
    return problem(413, error.code, error.message, { bytes: error.bytes, limit: error.limit });
  }
  if (error instanceof InvalidCursorError)
    return problem(400, 'invalid_cursor', 'the cursor is not one this API gave');
  return problem(500, 'internal_error', 'something went wrong on our side; it has been logged');
}
