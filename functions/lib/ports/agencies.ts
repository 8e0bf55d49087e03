/** The `agencies` port: the registry, kept a minute by the warm function (ADR 0010). */
import { DynamoAgencyDirectory } from '../../../shared/adapters/dynamodb/agency-directory.ts';
import { AGENCY_CACHE_MS, cachedAgencies } from '../../../shared/app/agency-cache.ts';
import { client, tableName } from './table.ts';

// A submission is then one TransactWriteItems.
export const agencies = cachedAgencies(new DynamoAgencyDirectory({ client, tableName }), {
  maxAgeMs: AGENCY_CACHE_MS,
});
