/** Refusals of the use cases that are not rules of the domain: a missing record, a stale precondition. */
export class NotFoundError extends Error {
  readonly code = 'not_found';
  constructor(what: string) {
    super(`${what} does not exist`);
    this.name = 'NotFoundError';
  }
}

/** If-Match names a version that is no longer current (412), or is missing where required (428). */
export class PreconditionError extends Error {
  readonly code: 'version_mismatch' | 'if_match_required';
  readonly currentVersion: number | undefined;
  constructor(code: 'version_mismatch' | 'if_match_required', message: string, currentVersion?: number) {
    super(message);
    this.name = 'PreconditionError';
    this.code = code;
    this.currentVersion = currentVersion;
  }
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
      throw new PreconditionError(
        'if_match_required',
        `send If-Match: "${current}" (the version you ${options.changed})`,
        current,
      );
    }
    return;
  }
  if (ifMatch !== current) {
    throw new PreconditionError(
      'version_mismatch',
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
 * R9: too many requests from one client, or too many open on one decision. Answered 429 with Retry-After; the
 * request was not stored.
 */
export class RateLimitedError extends Error {
  readonly code: 'rate_limited' | 'too_many_open_requests';
  readonly retryAfterSeconds: number;
  constructor(code: 'rate_limited' | 'too_many_open_requests', message: string, retryAfterSeconds: number) {
    super(message);
    this.name = 'RateLimitedError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
