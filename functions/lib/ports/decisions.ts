/** The `decisions` port: the decisions of the table (DecisionStore). */
import { DynamoDecisionStore } from '../../../shared/adapters/dynamodb/decision-store.ts';
import type { DecisionStore } from '../../../shared/ports.ts';
import { client, tableName } from './table.ts';

export const decisions: DecisionStore = new DynamoDecisionStore({ client, tableName });
