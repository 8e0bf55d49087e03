import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localDynamoConfig } from '../../../infra/local/aws-config.ts';
import {
  type DevKeys,
  loadOrCreateDevKeys,
  mintClientToken,
  mintToken,
} from '../../../infra/local/dev-keys.ts';
import { agencyItem } from '../../../shared/adapters/dynamodb/agency-keys.ts';
import type { Role } from '../../../shared/domain/decision.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';

/**
 * A bearer token the local API of the global setup accepts: signed with its dev key. The agency it names is
 * registered first (its id as its name, the statutory defaults), as an operator registers every agency before
 * its staff sign in, unless `registered: false` (a token for an agency the registry does not know, refused with
 * 403 unknown_agency). An agency a test configured already keeps its settings.
 */
export async function tokenFor(subject: {
  agency: string;
  roles: readonly Role[];
  user: string;
  ttlSeconds?: number;
  registered?: false;
}): Promise<string> {
  keys ??= loadOrCreateDevKeys(inject('dataDir'));
  const { registered, ...claims } = subject;
  if (registered !== false) await register(subject.agency);
  return mintToken(await keys, claims);
}

/** R13: a case system's machine credential for the same API, its agency registered like tokenFor's. */
export async function clientTokenFor(subject: {
  client: string;
  agency: string;
  registered?: false;
}): Promise<string> {
  keys ??= loadOrCreateDevKeys(inject('dataDir'));
  const { registered, ...claims } = subject;
  if (registered !== false) await register(subject.agency);
  return mintClientToken(await keys, claims);
}

let keys: Promise<DevKeys> | undefined;
let client: DynamoDBDocumentClient | undefined;
const registeredAgencies = new Set<string>();

async function register(agencyId: string): Promise<void> {
  if (registeredAgencies.has(agencyId)) return;
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient(localDynamoConfig(inject('dynamoEndpoint'))));
  const item = agencyItem({ id: agencyId, name: agencyId, settings: DEFAULT_AGENCY_SETTINGS(agencyId) });
  try {
    await client.send(
      new PutCommand({
        TableName: inject('tableName'),
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
  registeredAgencies.add(agencyId);
}
