/**
 * AuditDayReader on the single table (ADR 0022): the audit events of one day, of every kind of record, from one
 * partition of the sparse auditByDay index (only audit items carry its key), by subject then seq. The index is
 * eventually consistent: the export reads yesterday's partition after midnight, long after its last write.
 */
import type { AuditEvent } from '../../domain/audit.ts';
import type { LocalDate } from '../../domain/dates.ts';
import type { AuditDayReader } from '../../ports.ts';
import type { DocumentClient } from './client.ts';
import { indexNamed } from './table-indexes.ts';
import { AUDIT_DAY_PREFIX, eventFromItem } from './table-keys.ts';

const AUDIT_BY_DAY = indexNamed('auditByDay');

export class DynamoAuditDays implements AuditDayReader {
  readonly #client: DocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DocumentClient; readonly tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async eventsOn(day: LocalDate): Promise<readonly AuditEvent[]> {
    const events: AuditEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.query({
        TableName: this.#table,
        IndexName: AUDIT_BY_DAY.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': AUDIT_BY_DAY.partitionKey },
        ExpressionAttributeValues: { ':pk': `${AUDIT_DAY_PREFIX}${day}` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      events.push(...out.Items.map(eventFromItem));
      start = out.LastEvaluatedKey;
    } while (start);
    return events;
  }
}
