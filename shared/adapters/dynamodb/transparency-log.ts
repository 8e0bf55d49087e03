/**
 * TransparencyLogStore on the single table (docs/data-model.md, ADR 0007). An append is one TransactWriteItems:
 * the head moved from the size it was read at, the entry, and the decision's marker, each conditional. Two
 * publishers that read the same head cannot both commit: the loser rereads the head and tries again, so the
 * sequence has no gaps and no forks however many publishers run at once.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  appendLogEntry,
  chunkRange,
  type LogDraft,
  type LogEntry,
  type LogHead,
  logMarker,
  type SignedCheckpoint,
} from '../../domain/transparency-log.ts';
import type { LogAppendResult, TransparencyLogStore, TreeState } from '../../ports.ts';
import type { DocumentClient } from './client.ts';
import { CorruptItemError, type Item } from './table-keys.ts';
import {
  checkpointFromItem,
  logCheckpointItem,
  logEntryFromItem,
  logEntryItem,
  logHeadFromItem,
  logHeadItem,
  logKeys,
  logMarkerItem,
  logMarkerSeq,
  logTreeFromItem,
  logTreeItem,
} from './transparency-log-keys.ts';

/** Appends racing for the head: each loser rereads and retries, with a growing random pause. */
const APPEND_ATTEMPTS = 30;

export class DynamoTransparencyLog implements TransparencyLogStore {
  readonly #client: DocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DocumentClient; readonly tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async head(): Promise<LogHead> {
    return logHeadFromItem(await this.#get(logKeys.head()));
  }

  async append(draft: LogDraft): Promise<LogAppendResult> {
    const TableName = this.#table;
    for (let attempt = 1; ; attempt++) {
      const head = await this.head();
      const entry = appendLogEntry(head, draft);
      try {
        await this.#client.transactWrite([
          {
            Put: {
              TableName,
              Item: logHeadItem(entry),
              ...(head.size === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: '#size = :size',
                    ExpressionAttributeNames: { '#size': 'size' },
                    ExpressionAttributeValues: { ':size': head.size },
                  }),
            },
          },
          {
            Put: {
              TableName,
              Item: logEntryItem(entry),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName,
              Item: logMarkerItem(entry),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]);
        return { entry, appended: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [headCode, entryCode, markerCode] = [0, 1, 2].map(
          (i) => error.CancellationReasons?.[i]?.Code ?? 'None',
        );
        // Logged before (a redelivery, a retried publish): the entry that exists is the answer.
        if (markerCode === 'ConditionalCheckFailed') {
          const logged = await this.logged(draft);
          if (!logged)
            throw new CorruptItemError(`marker of ${draft.decisionId}`, 'refused an append but is gone');
          return { entry: logged, appended: false };
        }
        const raced = [headCode, entryCode, markerCode].every((code) =>
          ['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(code ?? 'None'),
        );
        if (!raced || attempt >= APPEND_ATTEMPTS) throw error;
        // Every publication goes through the one head item: under a crowd the pause grows (full jitter, doubling
        // up to about a third of a second), so the crowd spreads out instead of colliding again in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  async entries(chunk: number, from?: number, to?: number): Promise<readonly LogEntry[]> {
    const range = chunkRange(chunk, from, to);
    if (!range) return [];
    const { fromSeq, toSeq } = range;
    const items = await this.#queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': logKeys.chunkPartition(chunk),
        ':from': logKeys.entrySortKey(fromSeq),
        ':to': logKeys.entrySortKey(toSeq),
      },
    });
    return items.map(logEntryFromItem);
  }

  async tree(): Promise<TreeState | undefined> {
    const item = await this.#get(logKeys.tree());
    return item ? logTreeFromItem(item) : undefined;
  }

  async putTree(state: TreeState, from: number | undefined): Promise<boolean> {
    try {
      await this.#client.put({
        TableName: this.#table,
        Item: logTreeItem(state),
        ...(from === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#size = :size',
              ExpressionAttributeNames: { '#size': 'size' },
              ExpressionAttributeValues: { ':size': from },
            }),
      });
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | undefined> {
    const out = await this.#client.query({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': logKeys.checkpointPartition },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    const [item] = out.Items;
    return item ? checkpointFromItem(item) : undefined;
  }

  async putCheckpoint(checkpoint: SignedCheckpoint): Promise<SignedCheckpoint> {
    try {
      await this.#client.put({
        TableName: this.#table,
        Item: logCheckpointItem(checkpoint),
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return checkpoint;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      // Another run checkpointed this size first: its checkpoint is the one.
      const stored = await this.#get(logKeys.checkpoint(checkpoint.size));
      if (!stored) throw error;
      return checkpointFromItem(stored);
    }
  }

  async *checkpoints(): AsyncIterable<SignedCheckpoint> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.query({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': logKeys.checkpointPartition },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const item of out.Items) yield checkpointFromItem(item);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  async logged(
    draft: Pick<LogDraft, 'decisionId' | 'action' | 'revision' | 'reinstatement' | 'correction' | 'after'>,
  ): Promise<LogEntry | undefined> {
    const key = logKeys.marker(draft.decisionId, logMarker(draft));
    const marker = await this.#get(key);
    if (!marker) return undefined;
    const seq = logMarkerSeq(marker);
    const item = await this.#get(logKeys.entry(seq));
    if (!item) throw new CorruptItemError(`${key.pk} / ${key.sk}`, `names entry ${seq}, which is missing`);
    return logEntryFromItem(item);
  }

  async latestOf(decisionId: string): Promise<LogEntry | undefined> {
    const markers = await this.#queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': logKeys.marker(decisionId, '-').pk },
    });
    const seq = Math.max(0, ...markers.map(logMarkerSeq));
    if (seq === 0) return undefined;
    const item = await this.#get(logKeys.entry(seq));
    if (!item) throw new CorruptItemError(`marker of ${decisionId}`, `names entry ${seq}, which is missing`);
    return logEntryFromItem(item);
  }

  async entriesOf(decisionId: string): Promise<readonly LogEntry[]> {
    const markers = await this.#queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': logKeys.marker(decisionId, '-').pk },
    });
    const seqs = markers.map(logMarkerSeq).sort((a, b) => a - b);
    return Promise.all(
      seqs.map(async (seq) => {
        const item = await this.#get(logKeys.entry(seq));
        if (!item)
          throw new CorruptItemError(`marker of ${decisionId}`, `names entry ${seq}, which is missing`);
        return logEntryFromItem(item);
      }),
    );
  }

  async #get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const out = await this.#client.get({ TableName: this.#table, Key: key, ConsistentRead: true });
    return out.Item;
  }

  async #queryAll(input: {
    KeyConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  }): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.query({
        TableName: this.#table,
        ...input,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      items.push(...out.Items);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
