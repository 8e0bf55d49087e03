/** Agencies and their deadline settings, one item each in the single table (docs/data-model.md). */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency, AgencyDirectory } from '../../ports.ts';
import { agencyFromItem, agencyItem, defaultAgency, keys } from './keys.ts';

export class DynamoAgencyDirectory implements AgencyDirectory {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor({
    client,
    tableName,
  }: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(agencyId: string): Promise<Agency> {
    const { Item } = await this.#client.send(
      // Consistent, so a deadline is never computed with settings an agency has just changed.
      new GetCommand({ TableName: this.#table, Key: keys.agency(agencyId), ConsistentRead: true }),
    );
    return Item ? agencyFromItem(Item) : defaultAgency(agencyId);
  }

  /** Throws SettingsError for settings that loosen the law, ValidationError for a bad name or agency id. */
  async putAgency(agency: Agency): Promise<void> {
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: agencyItem(agency) }));
  }
}
