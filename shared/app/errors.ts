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

/** The same Idempotency-Key was used with another request body. */
export class IdempotencyMismatchError extends Error {
  readonly code = 'idempotency_key_reused';
  constructor() {
    super('this Idempotency-Key was already used with a different request body');
    this.name = 'IdempotencyMismatchError';
  }
}
