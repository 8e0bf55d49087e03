/** The `audit-days` port (ADR 0022): the audit events of one day, of every subject, by the auditByDay index. */
import { DynamoAuditDays } from '../../../shared/adapters/dynamodb/audit-days.ts';
import { client, tableName } from './table.ts';

export const auditDays = new DynamoAuditDays({ client, tableName });
