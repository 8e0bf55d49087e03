/** ChallengeStore in memory: one random key per instance, as a deployment has one, and the used solutions. */
import { randomBytes } from 'node:crypto';
import type { ChallengeStore } from '../../ports.ts';

export class MemoryChallengeStore implements ChallengeStore {
  readonly #key = randomBytes(32).toString('hex');
  readonly #spent = new Set<string>();

  async key(): Promise<string> {
    return this.#key;
  }

  async spend(signature: string): Promise<boolean> {
    if (this.#spent.has(signature)) return false;
    this.#spent.add(signature);
    return true;
  }
}
