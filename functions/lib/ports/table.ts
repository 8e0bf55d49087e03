/**
 * The table's address and the one DynamoDB document client of the process, shared by every port built on the
 * table (decisions, agencies, calendar, catalogue, requests, log). A function that imports none of them needs no
 * TABLE_NAME (its manifest row grants no table).
 */
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client.ts';
import { ENV } from '../../../shared/manifest.ts';
import { optional, readEnv, required } from '../env.ts';

const env = readEnv({
  [ENV.TABLE_NAME]: required(),
  /** Set only by the local platform: DynamoDB Local's address. */
  [ENV.DYNAMODB_ENDPOINT]: optional(),
});

export const tableName: string = env[ENV.TABLE_NAME];

const endpoint = env[ENV.DYNAMODB_ENDPOINT];
export const client = createDocumentClient(endpoint ? { endpoint } : {});
