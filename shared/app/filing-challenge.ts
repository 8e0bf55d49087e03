/**
 * R9, ADR 0016: a proof of work the correction form's page computes before it posts, with no third-party service.
 * The protocol is ALTCHA's (version 1, altcha-lib): the API hands out a challenge, the SHA-256 of a random salt
 * and a secret number up to CHALLENGE_MAX_NUMBER, signed with the deployment's key (HMAC); the browser finds the
 * number by trying them all, and the filing carries the solution back. Checking it costs one hash and one HMAC,
 * finding it about CHALLENGE_MAX_NUMBER / 2 hashes; each solution is taken once (the store marks it spent) and
 * expires after CHALLENGE_SECONDS.
 *
 * A filing without a solution is still taken (R9: anyone may file, and a form without JavaScript cannot solve
 * it), but as `unchallenged`: a stricter rate per address, and held out of R12's counts until an agency answers
 * it. A solution that does not hold (forged, expired, used) is refused and nothing is stored.
 */
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Payload as AltchaPayload, Challenge } from 'altcha-lib/v1/types';
import type { ChallengeOutcome } from '../domain/correction-request.ts';
import { ValidationError } from '../domain/errors.ts';
import type { ChallengeStore, Clock } from '../ports.ts';

/** The secret number lies in 0..this: a browser tries about half of them, a few tenths of a second. */
export const CHALLENGE_MAX_NUMBER = 100_000;
/** How long a challenge may be solved and used. */
export const CHALLENGE_SECONDS = 10 * 60;
/** The longest payload a browser sends (a base64 JSON of five short fields). */
const MAX_PAYLOAD_LENGTH = 2_000;

export type { Challenge as FilingChallenge };

export interface ChallengeDependencies {
  readonly challenges: ChallengeStore;
  readonly clock: Clock;
}

export async function issueFilingChallenge(deps: ChallengeDependencies): Promise<Challenge> {
  const now = deps.clock.now();
  return createChallenge({
    algorithm: 'SHA-256',
    hmacKey: await deps.challenges.key(),
    maxNumber: CHALLENGE_MAX_NUMBER,
    expires: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
  });
}

function refused(message: string): ValidationError {
  return new ValidationError('challenge_failed', message, {
    field: 'challenge',
    details: { issues: [{ field: 'challenge', code: 'challenge_failed', message }] },
  });
}

interface Payload {
  readonly algorithm: 'SHA-256';
  readonly challenge: string;
  readonly salt: string;
  readonly signature: string;
  readonly number: number;
}

function decode(solution: string): Payload | undefined {
  if (solution.length > MAX_PAYLOAD_LENGTH) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(solution, 'base64').toString('utf8')) as Partial<Payload>;
    return typeof payload === 'object' &&
      payload !== null &&
      payload.algorithm === 'SHA-256' &&
      typeof payload.challenge === 'string' &&
      typeof payload.salt === 'string' &&
      typeof payload.signature === 'string' &&
      /^[0-9a-f]{64}$/.test(payload.signature) &&
      Number.isSafeInteger(payload.number) &&
      (payload.number ?? -1) >= 0 &&
      (payload.number ?? Number.POSITIVE_INFINITY) <= CHALLENGE_MAX_NUMBER
      ? (payload as Payload)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the filing's solution says: `solved` when it holds (and is now used up), `none` when there is none.
 * Throws `challenge_failed` (422) for one that does not hold: the page was open too long, or it was forged or
 * sent twice. The expiry is read against the platform's clock, not the machine's.
 */
export async function checkFilingChallenge(
  deps: ChallengeDependencies,
  solution: string | undefined,
): Promise<ChallengeOutcome> {
  const text = solution?.trim() ?? '';
  if (text === '') return 'none';
  const stale = '验证已失效，请刷新页面后重新提交（页面打开过久，或同一验证已经用过）。';
  const payload = decode(text);
  if (!payload) throw refused(stale);
  const expires = Number(extractParams(payload as AltchaPayload).expires);
  const now = deps.clock.now();
  if (!Number.isSafeInteger(expires) || expires * 1000 < now.getTime()) throw refused(stale);
  if (expires * 1000 > now.getTime() + CHALLENGE_SECONDS * 1000 + 60_000) throw refused(stale);
  if (!(await verifySolution(payload as AltchaPayload, await deps.challenges.key(), false)))
    throw refused(stale);
  // Once: the first filing that spends it wins, concurrent or later ones are refused.
  if (!(await deps.challenges.spend(payload.signature, new Date(expires * 1000)))) throw refused(stale);
  return 'solved';
}
