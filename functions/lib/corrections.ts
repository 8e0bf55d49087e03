/**
 * R9's composition root: the decision dependencies plus the correction request store and the rate limiter, on
 * the same table and the same DocumentClient.
 */
import { DynamoCorrectionRequestStore } from '../../shared/adapters/dynamodb/correction-request-store.ts';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/rate-limiter.ts';
import { client, deps, env } from './dependencies.ts';

export const correctionDeps = {
  ...deps,
  requests: new DynamoCorrectionRequestStore({ client, tableName: env.TABLE_NAME }),
  limiter: new DynamoRateLimiter({ client, tableName: env.TABLE_NAME }),
};
