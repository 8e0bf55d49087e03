/** The `log` port (ADR 0007): the transparency log's table side. */
import { DynamoTransparencyLog } from '../../../shared/adapters/dynamodb/transparency-log.ts';
import { client, tableName } from './table.ts';

export const log = new DynamoTransparencyLog({ client, tableName });
