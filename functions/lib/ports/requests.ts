/**
 * The `requests` port (R9): correction requests, the rate limiter of their filing and the key of the form's
 * challenges (ADR 0016), on the same table.
 */
import { DynamoChallengeStore } from '../../../shared/adapters/dynamodb/challenge-store.ts';
import { DynamoCorrectionRequestStore } from '../../../shared/adapters/dynamodb/correction-request-store.ts';
import { DynamoRateLimiter } from '../../../shared/adapters/dynamodb/rate-limiter.ts';
import { client, tableName } from './table.ts';

export const requests = new DynamoCorrectionRequestStore({ client, tableName });
export const limiter = new DynamoRateLimiter({ client, tableName });
export const challenges = new DynamoChallengeStore({ client, tableName });
