/**
 * R5, R6 at scale: with 10 000 decisions not yet due in the table, a sweep reads no more than what is due.
 * Only the read side is measured, so the META items are written directly (BatchWriteItem, built by decision-keys.ts's
 * `decisionItem`, exactly what the store writes): seeding 10 000 decisions through the API would take minutes
 * and the revision, audit and guard items it adds are not in the due-date indexes anyway.
 */
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { createDocumentClient, DocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { decisionItem } from '../../shared/adapters/dynamodb/decision-keys.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import type { Item } from '../../shared/adapters/dynamodb/table-keys.ts';
import type { LocalDate } from '../../shared/domain/dates.ts';
import { creation, newAgency, PENALTY } from './store-contract.ts';
import { freshTable } from './support/tables.ts';

const NOT_DUE = 10_000;
const DUE = 5;
const TODAY = '2025-09-29' as LocalDate;
// BatchWriteItem takes 25 items; a few batches in flight keep DynamoDB Local busy without throttling it.
const BATCH = 25;
const IN_FLIGHT = 16;

async function writeAll(client: DynamoDBDocumentClient, tableName: string, items: readonly Item[]) {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  const writeBatch = async (batch: readonly Item[]) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < batches.length; i = next++) await writeBatch(batches[i] as Item[]);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

describe('a sweep with 10 000 decisions not yet due', () => {
  it('reads from the publishDue index exactly the due ones', { timeout: 120_000 }, async () => {
    const { client, tableName } = await freshTable();
    const documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
    const agencyId = newAgency();
    const item = (n: number, decisionDate: string) =>
      decisionItem(
        creation({
          agencyId,
          content: {
            ...PENALTY,
            caseNumber: `四工信罚〔2025〕${n}号`,
            decisionDate: decisionDate as LocalDate,
          },
        }).next,
      );
    // Decided 2025-09-28: due after the National Day holiday, weeks after TODAY. Decided early in September:
    // due before TODAY.
    const items = [
      ...Array.from({ length: NOT_DUE }, (_, n) => item(n, '2025-09-28')),
      ...Array.from({ length: DUE }, (_, n) => item(NOT_DUE + n, `2025-09-0${n + 1}`)),
    ];
    const seeding = Date.now();
    // The SDK's document client, for the batches of the seed only: the adapters have no batch write.
    await writeAll(DynamoDBDocumentClient.from(documents.dynamo), tableName, items);
    const seedMs = Date.now() - seeding;

    // Counts what every query hands back (items returned, and items DynamoDB evaluated): what a sweep reads.
    let returned = 0;
    let scanned = 0;
    let queries = 0;
    const counting = new DocumentClient({
      send: async (command: unknown) => {
        const out = (await documents.dynamo.send(command as never)) as {
          Items?: unknown[];
          ScannedCount?: number;
        };
        if (command instanceof QueryCommand) {
          queries += 1;
          returned += out.Items?.length ?? 0;
          scanned += out.ScannedCount ?? 0;
        }
        return out;
      },
    } as unknown as DynamoDBClient);
    const store = new DynamoDecisionStore({ client: counting, tableName });

    const due: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listDue('publication', TODAY, cursor);
      due.push(...page.items.map((i) => i.id));
      cursor = page.cursor;
    } while (cursor !== undefined);

    const dueIds = items.slice(NOT_DUE).map((i) => String(i.id));
    expect(due.sort()).toEqual(dueIds.sort());
    expect(returned).toBe(DUE);
    expect(scanned).toBe(DUE);
    console.log(
      `listDue with ${NOT_DUE} not due: ${returned} items returned, ${scanned} scanned, ${queries} quer${queries === 1 ? 'y' : 'ies'} for ${due.length} due (read/due = ${(scanned / due.length).toFixed(2)}); seeded in ${seedMs} ms`,
    );
    client.destroy();
    documents.destroy();
  });
});
