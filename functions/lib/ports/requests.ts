/** The `requests` port (R9): correction requests and the rate limiter of their filing, on the same table. */
import { DynamoCorrectionRequestStore } from '../../../shared/adapters/dynamodb/correction-request-store.ts';
import { DynamoRateLimiter } from '../../../shared/adapters/dynamodb/rate-limiter.ts';
import { client, tableName } from './table.ts';

export const requests = new DynamoCorrectionRequestStore({ client, tableName });
export const limiter = new DynamoRateLimiter({ client, tableName });
