/**
 * ADR 0016: the correction form's proof of work, end to end in memory: the challenge as the API hands it out,
 * solved by trying numbers as the page's script does (altcha-lib's own solver here), then checked once.
 */
import { solveChallenge } from 'altcha-lib/v1';
import { describe, expect, it } from 'vitest';
import { MemoryChallengeStore } from '../../../shared/adapters/memory/challenge-store.ts';
import {
  CHALLENGE_MAX_NUMBER,
  CHALLENGE_SECONDS,
  checkFilingChallenge,
  issueFilingChallenge,
} from '../../../shared/app/filing-challenge.ts';
import { payloadOf } from '../../fixtures/challenge.ts';
import { testClock } from '../../fixtures/memory.ts';

describe('the correction form’s challenge', () => {
  it('is solved by trying numbers, checked once, and refused after that or after it expires', async () => {
    const deps = { challenges: new MemoryChallengeStore(), clock: testClock('2026-12-07T02:00:00Z') };
    const challenge = await issueFilingChallenge(deps);
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: CHALLENGE_MAX_NUMBER });
    expect(challenge.salt).toMatch(/\?expires=\d+&$/);
    const expires = Number(/expires=(\d+)/.exec(challenge.salt)?.[1]);
    expect(expires * 1000).toBe(Date.parse('2026-12-07T02:00:00Z') + CHALLENGE_SECONDS * 1000);

    const solution = await solveChallenge(
      challenge.challenge,
      challenge.salt,
      'SHA-256',
      CHALLENGE_MAX_NUMBER,
    ).promise;
    expect(solution).not.toBeNull();
    const payload = payloadOf({ ...challenge, number: solution?.number ?? -1 });
    // Not yet usable by a second filing once the first took it; nor by anyone after its ten minutes.
    const second = await issueFilingChallenge(deps);
    const secondSolution = await solveChallenge(
      second.challenge,
      second.salt,
      'SHA-256',
      CHALLENGE_MAX_NUMBER,
    ).promise;
    expect(await checkFilingChallenge(deps, payload)).toBe('solved');
    await expect(checkFilingChallenge(deps, payload)).rejects.toMatchObject({ code: 'challenge_failed' });
    deps.clock.at('2026-12-07T02:10:01Z');
    await expect(
      checkFilingChallenge(deps, payloadOf({ ...second, number: secondSolution?.number ?? -1 })),
    ).rejects.toMatchObject({ code: 'challenge_failed' });
  });

  it('says `none` for a filing without one, and never throws anything but challenge_failed for junk', async () => {
    const deps = { challenges: new MemoryChallengeStore(), clock: testClock('2026-12-07T02:00:00Z') };
    expect(await checkFilingChallenge(deps, undefined)).toBe('none');
    expect(await checkFilingChallenge(deps, '   ')).toBe('none');
    const junk = [
      '=',
      'bnVsbA==',
      Buffer.from('{"algorithm":"SHA-256","number":1e400,"signature":"00"}').toString('base64'),
      Buffer.from(
        JSON.stringify({ algorithm: 'SHA-256', number: 1, salt: 1, signature: 'a'.repeat(64) }),
      ).toString('base64'),
      '\u200b\u202e',
    ];
    for (const value of junk)
      await expect(checkFilingChallenge(deps, value), value).rejects.toMatchObject({
        code: 'challenge_failed',
      });
  });
});
