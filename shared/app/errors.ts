/** Refusals of the use cases that are not rules of the domain: a missing record, a stale precondition. */
export class NotFoundError extends Error {
  readonly code = 'not_found';
  constructor(what: string) {
    super(`${what} does not exist`);
    this.name = 'NotFoundError';
  }
}

/** If-Match names a version that is no longer current (412), or is missing where required (428). */
export abstract class PreconditionError extends Error {
  abstract readonly code: 'version_mismatch' | 'if_match_required';
  readonly currentVersion: number | undefined;
  constructor(message: string, currentVersion?: number) {
    super(message);
    this.name = 'PreconditionError';
    this.currentVersion = currentVersion;
  }
}

/** If-Match names a version that is no longer current (412). */
export class VersionMismatchError extends PreconditionError {
  readonly code = 'version_mismatch';
}

/** If-Match is missing where a change must name the version it was made on (428). */
export class IfMatchRequiredError extends PreconditionError {
  readonly code = 'if_match_required';
}

/**
 * Optimistic concurrency for every versioned record (decisions, catalogue items): `ifMatch` must name the
 * current version; where `required`, it must be sent at all. `changed` says what the caller did ("corrected").
 */
export function requireVersion(
  current: number,
  ifMatch: number | undefined,
  options: { readonly required: boolean; readonly changed: string },
): void {
  if (ifMatch === undefined) {
    if (options.required) {
      throw new IfMatchRequiredError(
        `send If-Match: "${current}" (the version you ${options.changed})`,
        current,
      );
    }
    return;
  }
  if (ifMatch !== current) {
    throw new VersionMismatchError(
      `version ${ifMatch} is no longer current (now ${current}); reload and apply your change again`,
      current,
    );
  }
}

/** The same Idempotency-Key was used with another request body. */
export class IdempotencyMismatchError extends Error {
  readonly code = 'idempotency_key_reused';
  constructor() {
    super('this Idempotency-Key was already used with a different request body');
    this.name = 'IdempotencyMismatchError';
  }
}

/**
 * R9: too many requests from one client. Answered 429 with Retry-After; the request was not stored. (Too many
 * open on one decision is the store's OpenRequestsLimitError.)
 */
export class RateLimitedError extends Error {
  readonly code = 'rate_limited';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
