/** Agencies and their deadline settings, one item each in the single table (docs/data-model.md). */
import type { Agency, AgencyRegistry } from '../../ports.ts';
import { AGENCY_SK, agencyFromItem, agencyItem, agencyKeys, defaultAgency } from './agency-keys.ts';
import { type DocumentClient, SCAN_PAGE_ITEMS } from './client.ts';

export class DynamoAgencyDirectory implements AgencyRegistry {
  readonly #client: DocumentClient;
  readonly #table: string;

  constructor({ client, tableName }: { readonly client: DocumentClient; readonly tableName: string }) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(agencyId: string): Promise<Agency> {
    return (await this.find(agencyId)) ?? defaultAgency(agencyId);
  }

  /** The stored agency, or undefined when it was never configured (no defaults filled in). */
  async find(agencyId: string): Promise<Agency | undefined> {
    const { Item } = await this.#client.get({
      TableName: this.#table,
      Key: agencyKeys.profile(agencyId),
      // Consistent, so a deadline is never computed with settings an agency has just changed.
      ConsistentRead: true,
    });
    return Item ? agencyFromItem(Item) : undefined;
  }

  /**
   * Every stored agency, by id. For operators (`npm run agencies -- --list`), not for requests: agencies
   * have no index of their own, so this scans the whole table.
   */
  async list(): Promise<Agency[]> {
    const agencies: Agency[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.scan({
        TableName: this.#table,
        FilterExpression: '#type = :agency AND #sk = :profile',
        ProjectionExpression: '#pk, #sk, #type, #id, #name, #uscc, #settings',
        ExpressionAttributeNames: {
          '#pk': 'pk',
          '#sk': 'sk',
          '#type': 'type',
          '#id': 'id',
          '#name': 'name',
          '#uscc': 'uscc',
          '#settings': 'settings',
        },
        ExpressionAttributeValues: { ':agency': 'agency', ':profile': AGENCY_SK },
        ConsistentRead: true,
        Limit: SCAN_PAGE_ITEMS,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const item of out.Items) agencies.push(agencyFromItem(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return agencies.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Throws SettingsError for settings that loosen the law, ValidationError for a bad name or agency id. */
  async putAgency(agency: Agency): Promise<void> {
    await this.#client.put({ TableName: this.#table, Item: agencyItem(agency) });
  }
}
