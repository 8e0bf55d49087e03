import {
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient, DocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { CorruptItemError, DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import type { DecisionEvent } from '../../shared/domain/lifecycle.ts';
import { StoreConflictError, type StoredDecision } from '../../shared/ports.ts';
import {
  change,
  creation,
  describeAgencyDirectoryContract,
  describeDecisionStoreContract,
  newAgency,
  PENALTY,
  publisher,
  reviewer,
  submitter,
  type Write,
} from './store-contract.ts';
import { freshTable } from './support/tables.ts';

/** R2: the hash of the projection the reviewer was shown, which an approval records (approval.ts). */
const SHOWN_HASH = 'a'.repeat(64);

const documentClient = () => createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));

describeDecisionStoreContract('DynamoDecisionStore', async () => {
  const { tableName } = await freshTable();
  return new DynamoDecisionStore({ client: documentClient(), tableName });
});

describeAgencyDirectoryContract('DynamoAgencyDirectory', async () => {
  const { tableName } = await freshTable();
  return new DynamoAgencyDirectory({ client: documentClient(), tableName });
});

describe('DynamoDecisionStore on the table', () => {
  let raw: DynamoDBClient;
  let tableName: string;
  let store: DynamoDecisionStore;

  beforeAll(async () => {
    ({ client: raw, tableName } = await freshTable());
    store = new DynamoDecisionStore({ client: documentClient(), tableName });
  });

  const save = async (write: Write) => {
    await store.save(write);
    return write.next;
  };
  const step = (previous: StoredDecision, event: DecisionEvent) => {
    const agencyId = previous.decision.agencyId;
    const actor =
      event.type === 'publish' || event.type === 'confirm_takedown'
        ? publisher
        : event.type === 'correct'
          ? submitter(agencyId)
          : event.type === 'confirm_withdrawal'
            ? // R8: another reviewer than the one who withdrew.
              { ...reviewer(agencyId), userId: 'second.reviewer' }
            : reviewer(agencyId);
    return save(change(previous, event, actor));
  };
  const rawItem = async (pk: string, sk: string) => {
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: tableName, Key: marshall({ pk, sk }), ConsistentRead: true }),
    );
    return Item && unmarshall(Item);
  };
  const partition = async (pk: string) => {
    const { Items = [] } = await raw.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': pk }),
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => unmarshall(item));
  };
  const dueAttributes = async (id: string) => {
    const item = await rawItem(`DEC#${id}`, 'META');
    return Object.keys(item ?? {})
      .filter((name) => /^(publishDue|expiryDue)/.test(name))
      .sort();
  };

  it('writes one decision item with its index keys, one item per revision and audit event, and the guards', async () => {
    const agencyId = newAgency();
    const claim = { key: 'req-1', requestHash: 'sha256-abc', expiresAt: 1_900_000_000 };
    const created = await save(creation({ agencyId, idempotency: claim }));
    const { decision, auditHead, deadlines } = created;
    const { revisions, ...withoutRevisions } = decision;
    const [revision] = revisions;
    const id = decision.id;
    const due = deadlines.publication?.due;
    expect(due).toBe('2025-10-14');

    const items = await partition(`DEC#${id}`);
    expect(items.map((i) => i.sk)).toEqual(['AUDIT#00000001', 'META', 'REV#00001']);
    expect(items[1]).toEqual({
      pk: `DEC#${id}`,
      sk: 'META',
      type: 'decision',
      id,
      agencyId,
      status: 'pending_review',
      version: 1,
      caseNumber: PENALTY.caseNumber,
      actionType: 'penalty',
      decisionDate: '2025-09-28',
      createdAt: decision.createdAt,
      updatedAt: decision.updatedAt,
      decision: withoutRevisions,
      revisionCount: 1,
      latest: revision,
      auditHead,
      deadlines,
      gsi1pk: `AGENCY#${agencyId}#STATUS#pending_review`,
      // R5: the review queue by publication deadline (decision-keys.ts agencyStatusSortKey).
      gsi1sk: `${due}#${id}`,
      gsi2pk: `AGENCY#${agencyId}`,
      gsi2sk: `2025-09-28#${id}`,
      publishDuePk: 'PUBLISH',
      publishDueSk: `${due}#${id}`,
    });
    expect(items[2]).toEqual({ pk: `DEC#${id}`, sk: 'REV#00001', type: 'revision', revision });
    expect(items[0]).toMatchObject({ type: 'audit', event: { seq: 1, subject: id, action: 'submit' } });
    expect(await rawItem(`CASE#${agencyId}#${PENALTY.caseNumber}`, 'CASE')).toEqual({
      pk: `CASE#${agencyId}#${PENALTY.caseNumber}`,
      sk: 'CASE',
      type: 'case',
      agencyId,
      caseNumber: PENALTY.caseNumber,
      decisionId: id,
    });
    expect(await rawItem(`IDEM#${agencyId}#req-1`, 'IDEM')).toEqual({
      pk: `IDEM#${agencyId}#req-1`,
      sk: 'IDEM',
      type: 'idempotency',
      agencyId,
      key: 'req-1',
      requestHash: 'sha256-abc',
      decisionId: id,
      expiresAt: 1_900_000_000,
    });
  });

  it('rewrites a revision only when it changed, and moves the case-number guard', async () => {
    const agencyId = newAgency();
    const created = await save(creation({ agencyId }));
    const id = created.decision.id;
    const approved = await step(created, { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH });
    expect((await rawItem(`DEC#${id}`, 'REV#00001'))?.revision).toEqual(approved.decision.revisions[0]);

    const renumbered = { ...PENALTY, caseNumber: '四工信罚〔2025〕12-1号' };
    const published = await step(approved, { type: 'publish' });
    await step(published, { type: 'correct', content: renumbered, basisDate: '2025-10-09' as never });
    expect(await rawItem(`CASE#${agencyId}#${PENALTY.caseNumber}`, 'CASE')).toBeUndefined();
    expect((await rawItem(`CASE#${agencyId}#${renumbered.caseNumber}`, 'CASE'))?.decisionId).toBe(id);
    expect((await partition(`DEC#${id}`)).map((i) => i.sk)).toEqual([
      'AUDIT#00000001',
      'AUDIT#00000002',
      'AUDIT#00000003',
      'AUDIT#00000004',
      'META',
      'REV#00001',
      'REV#00002',
    ]);
  });

  it('carries a due-date index key exactly while that deadline is set', async () => {
    let stored = await save(creation({ agencyId: newAgency() }));
    const id = stored.decision.id;
    expect(await dueAttributes(id)).toEqual(['publishDuePk', 'publishDueSk']);
    stored = await step(stored, { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH });
    expect(await dueAttributes(id)).toEqual(['publishDuePk', 'publishDueSk']);
    stored = await step(stored, { type: 'publish' });
    expect(stored.deadlines.publication).toBeUndefined();
    expect(await dueAttributes(id)).toEqual(['expiryDuePk', 'expiryDueSk']);
    expect((await rawItem(`DEC#${id}`, 'META'))?.expiryDueSk).toBe(`${stored.deadlines.expiry?.due}#${id}`);
    stored = await step(stored, {
      type: 'correct',
      content: { ...PENALTY, result: '罚款人民币肆万元' },
      basisDate: '2025-10-09' as never,
    });
    expect(await dueAttributes(id)).toEqual(['expiryDuePk', 'expiryDueSk', 'publishDuePk', 'publishDueSk']);
    stored = await step(stored, {
      type: 'withdraw',
      reason: 'revoked',
      explanation: '原决定已被依法撤销',
      legalEventDate: stored.decision.revisions[0]?.content.decisionDate as string,
    });
    // R7: the takedown deadline rides the publishDue index, in its own partition, until it is confirmed; R8: the
    // withdrawal's confirmation rides the expiryDue index (a withdrawn decision has no expiry), in its own.
    expect(Object.keys(stored.deadlines)).toEqual(['takedown', 'confirmation']);
    expect(await dueAttributes(id)).toEqual(['expiryDuePk', 'expiryDueSk', 'publishDuePk', 'publishDueSk']);
    const raw = await rawItem(`DEC#${id}`, 'META');
    expect(raw?.publishDuePk).toBe('TAKEDOWN');
    expect(raw?.publishDueSk).toBe(`${stored.deadlines.takedown?.due}#${id}`);
    expect(raw?.expiryDuePk).toBe('CONFIRM');
    expect(raw?.expiryDueSk).toBe(`${stored.deadlines.confirmation?.due}#${id}`);
    stored = await step(stored, { type: 'confirm_takedown' });
    expect(Object.keys(stored.deadlines)).toEqual(['confirmation']);
    expect(await dueAttributes(id)).toEqual(['expiryDuePk', 'expiryDueSk']);
    stored = await step(stored, { type: 'confirm_withdrawal', comment: '' });
    expect(stored.deadlines).toEqual({});
    expect(await dueAttributes(id)).toEqual([]);
  });

  it('carries the publishing index key exactly while the decision is in publishing', async () => {
    const publishingAttributes = async (id: string) => {
      const item = await rawItem(`DEC#${id}`, 'META');
      return { pk: item?.publishingPk, sk: item?.publishingSk };
    };
    let stored = await save(creation({ agencyId: newAgency() }));
    const id = stored.decision.id;
    expect(await publishingAttributes(id)).toEqual({ pk: undefined, sk: undefined });
    stored = await step(stored, { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH });
    expect(stored.decision.status).toBe('publishing');
    expect(await publishingAttributes(id)).toEqual({
      pk: 'PUBLISHING',
      sk: `${stored.decision.updatedAt}#${id}`,
    });
    stored = await step(stored, { type: 'publish' });
    expect(await publishingAttributes(id)).toEqual({ pk: undefined, sk: undefined });
  });

  it('lets a sweep read from the publishDue index only the decisions that are due', async () => {
    const sweep = await freshTable();
    const sweepStore = new DynamoDecisionStore({ client: documentClient(), tableName: sweep.tableName });
    const agencyId = newAgency();
    const due = creation({ agencyId });
    await sweepStore.save(due);
    const later = creation({
      agencyId,
      content: { ...PENALTY, caseNumber: '四工信罚〔2025〕20号', decisionDate: '2025-10-20' as never },
    });
    await sweepStore.save(later);
    const published = creation({ agencyId, content: { ...PENALTY, caseNumber: '四工信罚〔2025〕1号' } });
    await sweepStore.save(published);
    const approved = change(
      published.next,
      { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH },
      reviewer(agencyId),
    );
    await sweepStore.save(approved);
    await sweepStore.save(change(approved.next, { type: 'publish' }, publisher));

    const { Items = [], ScannedCount } = await sweep.client.send(
      new QueryCommand({
        TableName: sweep.tableName,
        IndexName: 'publishDue',
        KeyConditionExpression: 'publishDuePk = :p AND publishDueSk <= :until',
        ExpressionAttributeValues: marshall({ ':p': 'PUBLISH', ':until': '2025-10-20#\uffff' }),
      }),
    );
    expect(Items.map((item) => unmarshall(item).id)).toEqual([due.next.decision.id]);
    expect(ScannedCount).toBe(1);
  });

  it('puts one stream record per state change on the decision item, with both images', async () => {
    const created = await save(creation({ agencyId: newAgency() }));
    const approved = await step(created, { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH });
    const pk = `DEC#${created.decision.id}`;
    const records = (await streamRecords()).filter(
      (r) => r.dynamodb?.Keys?.pk?.S === pk && r.dynamodb.Keys.sk?.S === 'META',
    );
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
    const images = records.map((r) => ({
      old: r.dynamodb?.OldImage && unmarshall(r.dynamodb.OldImage as never).version,
      new: r.dynamodb?.NewImage && unmarshall(r.dynamodb.NewImage as never).version,
    }));
    expect(images).toEqual([
      { old: undefined, new: 1 },
      { old: 1, new: approved.decision.version },
    ]);
  });

  it('refuses to read a corrupt decision item', async () => {
    const good = await save(creation({ agencyId: newAgency() }));
    const item = await rawItem(`DEC#${good.decision.id}`, 'META');
    await raw.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...item, version: '1' }) }));
    await expect(store.get(good.decision.id)).rejects.toThrow(CorruptItemError);
    await expect(store.get(good.decision.id)).rejects.toThrow(/version is not an integer/);

    await raw.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...item, type: 'audit' }) }));
    await expect(store.get(good.decision.id)).rejects.toThrow(/type is audit/);
  });

  it('lets errors other than a failed condition through unchanged', async () => {
    const missing = new DynamoDecisionStore({ client: documentClient(), tableName: 'no-such-table' });
    await expect(missing.save(creation({ agencyId: newAgency() }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('stores an agency as one profile item', async () => {
    const directory = new DynamoAgencyDirectory({ client: documentClient(), tableName });
    const id = newAgency();
    const settings = {
      agencyId: id,
      publishWithinWorkingDays: { penalty: 5 },
      randomInspectionWithinWorkingDays: 20,
      correctionAnswerWorkingDays: 7,
      expiry: 'keep' as const,
    };
    await directory.putAgency({ id, name: '四平市工业和信息化局', settings });
    expect(await rawItem(`AGENCY#${id}`, 'PROFILE')).toEqual({
      pk: `AGENCY#${id}`,
      sk: 'PROFILE',
      type: 'agency',
      id,
      name: '四平市工业和信息化局',
      settings,
    });
  });

  async function streamRecords(): Promise<_Record[]> {
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: tableName }));
    const streams = new DynamoDBStreamsClient(localDynamoConfig(inject('dynamoEndpoint')));
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: Table?.LatestStreamArn }),
    );
    const records: _Record[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: Table?.LatestStreamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      while (iterator) {
        const { Records = [], NextShardIterator } = await streams.send(
          new GetRecordsCommand({ ShardIterator: iterator }),
        );
        records.push(...Records);
        iterator = Records.length > 0 ? NextShardIterator : undefined;
      }
    }
    streams.destroy();
    return records;
  }
});

// Faults DynamoDB Local never produces (it runs transactions one at a time): a client that answers with them.
describe('DynamoDecisionStore when a transaction is cancelled', () => {
  const cancelled = (...codes: string[]) =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: codes.map((Code) => ({ Code })),
    });
  const answering = (errors: unknown[]) => {
    const sent: unknown[] = [];
    const client = new DocumentClient({
      send: async (command: unknown) => {
        sent.push(command);
        const error = errors[sent.length - 1];
        if (error) throw error;
        return {};
      },
    } as unknown as DynamoDBClient);
    return { store: new DynamoDecisionStore({ client, tableName: 'gongshi' }), sent };
  };
  // A create writes the decision, its revision, its audit event and its case-number guard, in that order.
  const overlap = cancelled('None', 'None', 'None', 'TransactionConflict');

  it('retries a transaction that overlapped another one', async () => {
    const { store, sent } = answering([overlap]);
    await store.save(creation({ agencyId: newAgency() }));
    expect(sent).toHaveLength(2);
  });

  it('reports a lasting overlap as the conflict of the item it is on', async () => {
    const { store, sent } = answering([overlap, overlap, overlap, overlap]);
    const error = await store.save(creation({ agencyId: newAgency() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConflictError);
    expect(error).toMatchObject({ code: 'case_number_taken' });
    expect(sent).toHaveLength(4);
  });

  it('lets any other cancellation reason through unchanged, without retrying', async () => {
    const throttled = cancelled('ThrottlingError', 'None', 'None', 'None');
    const { store, sent } = answering([throttled]);
    await expect(store.save(creation({ agencyId: newAgency() }))).rejects.toBe(throttled);
    expect(sent).toHaveLength(1);
  });
});
