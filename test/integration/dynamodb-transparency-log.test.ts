/**
 * The transparency log's store on DynamoDB Local (ADR 0007): sequencing by a conditional head under concurrent
 * appends, one entry per marker, chunk reads, checkpoints. A table of this file's own.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import {
  checkLogRun,
  EMPTY_LOG,
  type LogDraft,
  sha256Hex,
  signCheckpoint,
} from '../../shared/domain/transparency-log.ts';
import { KEY } from '../fixtures/signing-keys.ts';
import { freshTable } from './support/tables.ts';

let log: DynamoTransparencyLog;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  client.destroy();
  log = new DynamoTransparencyLog({
    client: createDocumentClient(localDynamoConfig(inject('dynamoEndpoint'))),
    tableName,
  });
});

function draft(id: string, over: Partial<LogDraft> = {}): LogDraft {
  return {
    time: new Date().toISOString(),
    decisionId: id,
    action: 'publish',
    revision: 1,
    document: `decisions/${id}.json`,
    sha256: sha256Hex(id),
    ...over,
  };
}

describe('the transparency log on DynamoDB', () => {
  it('starts empty', async () => {
    expect(await log.head()).toEqual(EMPTY_LOG);
    expect(await log.latestCheckpoint()).toBeUndefined();
  });

  it('gives twelve concurrent appends twelve numbers in one chain, none lost, none twice', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, n) => log.append(draft(`A${n}`))));
    expect(results.every((r) => r.appended)).toBe(true);
    expect(results.map((r) => r.entry.seq).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    const entries = await log.entries(0);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(checkLogRun(entries)).toEqual([]);
    const head = await log.head();
    expect(head).toEqual({ size: 12, headHash: entries[11]?.hash, time: entries[11]?.time });
  });

  it("appends a decision's event once, even when it is sent twice at once", async () => {
    const [a, b] = await Promise.all([log.append(draft('TWICE')), log.append(draft('TWICE'))]);
    expect([a?.appended, b?.appended].sort()).toEqual([false, true]);
    expect(a?.entry).toEqual(b?.entry);
    expect(await log.logged({ decisionId: 'TWICE', action: 'publish', revision: 1 })).toEqual(a?.entry);
    expect(await log.logged({ decisionId: 'TWICE', action: 'withdraw' })).toBeUndefined();
    // A correction and the withdrawal are events of their own.
    expect((await log.append(draft('TWICE', { action: 'correct', revision: 2 }))).appended).toBe(true);
    const withdrawal = draft('TWICE', { action: 'withdraw', reason: 'published_in_error', sha256: null });
    expect((await log.append(withdrawal)).entry).toMatchObject({ action: 'withdraw', sha256: null });
    expect((await log.append(withdrawal)).appended).toBe(false);
  });

  it('reads every entry of a decision, in order, with the audit heads they carry (ADR 0022)', async () => {
    const audit = { seq: 3, hash: sha256Hex('head') };
    const first = await log.append(draft('ALL', { audit }));
    await log.append(draft('OTHER'));
    const second = await log.append(draft('ALL', { action: 'correct', revision: 2 }));
    const all = await log.entriesOf('ALL');
    expect(all.map((e) => e.seq)).toEqual([first.entry.seq, second.entry.seq]);
    expect(all[0]?.audit).toEqual(audit);
    expect(await log.entriesOf('NONE')).toEqual([]);
  });

  it('reads any run of a chunk, in order', async () => {
    const head = await log.head();
    expect((await log.entries(0, 3, 5)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect((await log.entries(0, head.size)).map((e) => e.seq)).toEqual([head.size]);
    expect(await log.entries(0, head.size + 1)).toEqual([]);
    await expect(log.entries(0, 999, 1001)).rejects.toThrow(RangeError);
  });

  it('keeps checkpoints, the first of a size winning', async () => {
    const head = await log.head();
    const first = signCheckpoint(
      { size: head.size, headHash: head.headHash, time: '2025-10-09T02:15:00.000Z' },
      KEY.privateKey,
    );
    const second = signCheckpoint({ ...first, time: '2025-10-09T02:30:00.000Z' }, KEY.privateKey);
    expect(await log.putCheckpoint(first)).toEqual(first);
    expect(await log.putCheckpoint(second)).toEqual(first);
    const earlier = signCheckpoint(
      { size: 3, headHash: (await log.entries(0, 3, 3))[0]?.hash ?? '', time: '2025-10-09T02:00:00.000Z' },
      KEY.privateKey,
    );
    await log.putCheckpoint(earlier);
    expect(await log.latestCheckpoint()).toEqual(first);
    const all = [];
    for await (const checkpoint of log.checkpoints()) all.push(checkpoint.size);
    expect(all).toEqual([3, head.size]);
  });
});
