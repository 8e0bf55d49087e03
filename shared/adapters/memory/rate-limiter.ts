/** RateLimiter in memory: the DynamoDB limiter's fixed windows and answers, for use-case tests. */
import type { RateDecision, RateLimiter } from '../../ports.ts';
import { correctionKeys, rateWindow, retryAfter } from '../dynamodb/correction-request-keys.ts';

export class MemoryRateLimiter implements RateLimiter {
  readonly #counts = new Map<string, { count: number; end: number }>();

  async take(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateDecision> {
    const window = rateWindow(now, windowSeconds);
    const { pk } = correctionKeys.rateLimit(key, window.start);
    const seconds = Math.floor(now.getTime() / 1000);
    // What TTL would have deleted by now.
    for (const [k, v] of this.#counts) if (v.end < seconds) this.#counts.delete(k);
    const count = this.#counts.get(pk)?.count ?? 0;
    if (count >= limit) return { allowed: false, retryAfterSeconds: retryAfter(window.end, now) };
    this.#counts.set(pk, { count: count + 1, end: window.end });
    return { allowed: true, remaining: limit - count - 1 };
  }

  /** Counters currently held (for tests: a flood leaves one per key and window). */
  get size(): number {
    return this.#counts.size;
  }
}
