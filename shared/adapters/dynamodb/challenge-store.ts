/**
 * ADR 0016: the correction form's challenges on the single table. The key is one item (`CHALLENGE#KEY`), made
 * at random by the first function that needs it (a conditional put: two cold starts at once agree on the first
 * one written) and kept by the warm function; nothing to provision or rotate by hand (deleting the item rotates
 * it: challenges handed out in the 10 minutes before then fail once, and their pages ask again). A used
 * solution is an item of its own, put only if absent, deleted by TTL after the challenge's expiry.
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ChallengeStore } from '../../ports.ts';
import type { DocumentClient } from './client.ts';
import { challengeKeys } from './correction-request-keys.ts';
import { TABLE } from './table.ts';

const KEY_ATTRIBUTE = 'key';

export class DynamoChallengeStore implements ChallengeStore {
  readonly #client: DocumentClient;
  readonly #table: string;
  #key: Promise<string> | undefined;

  constructor({ client, tableName }: { readonly client: DocumentClient; readonly tableName: string }) {
    this.#client = client;
    this.#table = tableName;
  }

  key(): Promise<string> {
    this.#key ??= this.#load().catch((error: unknown) => {
      this.#key = undefined;
      throw error;
    });
    return this.#key;
  }

  async spend(signature: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.#client.put({
        TableName: this.#table,
        Item: {
          ...challengeKeys.spent(signature),
          type: 'challenge_spent',
          [TABLE.ttlAttribute]: Math.ceil(expiresAt.getTime() / 1000) + 60,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async #read(): Promise<string | undefined> {
    const { Item } = await this.#client.get({
      TableName: this.#table,
      Key: challengeKeys.key(),
      ConsistentRead: true,
    });
    const key = Item?.[KEY_ATTRIBUTE];
    return typeof key === 'string' && key.length >= 32 ? key : undefined;
  }

  async #load(): Promise<string> {
    const found = await this.#read();
    if (found) return found;
    const made = randomBytes(32).toString('hex');
    try {
      await this.#client.put({
        TableName: this.#table,
        Item: { ...challengeKeys.key(), type: 'challenge_key', [KEY_ATTRIBUTE]: made },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return made;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const first = await this.#read();
      if (!first) throw error;
      return first;
    }
  }
}
