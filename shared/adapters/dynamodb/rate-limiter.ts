/**
 * RateLimiter on the single table: one counter item per key and fixed window, incremented by a conditional
 * UpdateItem (ADD), so concurrent requests never take more than the limit. Each item carries `expiresAt`, and
 * the table's TTL deletes it after its window: a flood leaves a handful of small items that go away by
 * themselves (docs/data-model.md).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { RateDecision, RateLimiter } from '../../ports.ts';
import type { DocumentClient } from './client.ts';
import {
  correctionKeys,
  RATE_COUNT_ATTRIBUTE,
  RATE_LIMIT_GRACE_SECONDS,
  rateWindow,
  retryAfter,
} from './correction-request-keys.ts';
import { TABLE } from './table.ts';

export class DynamoRateLimiter implements RateLimiter {
  readonly #client: DocumentClient;
  readonly #table: string;

  constructor({ client, tableName }: { readonly client: DocumentClient; readonly tableName: string }) {
    this.#client = client;
    this.#table = tableName;
  }

  async take(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateDecision> {
    const window = rateWindow(now, windowSeconds);
    try {
      const out = await this.#client.update({
        TableName: this.#table,
        Key: correctionKeys.rateLimit(key, window.start),
        UpdateExpression: 'ADD #count :one SET #type = :type, #expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: {
          '#count': RATE_COUNT_ATTRIBUTE,
          '#type': 'type',
          '#expiresAt': TABLE.ttlAttribute,
        },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':type': 'rate_limit',
          ':expiresAt': window.end + RATE_LIMIT_GRACE_SECONDS,
        },
        ReturnValues: 'UPDATED_NEW',
      });
      const count = Number(out.Attributes?.[RATE_COUNT_ATTRIBUTE] ?? limit);
      return { allowed: true, remaining: Math.max(0, limit - count) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { allowed: false, retryAfterSeconds: retryAfter(window.end, now) };
    }
  }
}
