/**
 * ADR 0022 (R11): a decision's audit chain rewritten in DynamoDB Local, every hash recomputed and the record's
 * head moved to match, verifies on its own; the audit endpoint still says invalid, naming the day's archived
 * export (in the S3 server's archive bucket) and the log entry that anchored it. An untouched chain stays valid.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../infra/local/aws-config.ts';
import { DynamoAuditDays } from '../../shared/adapters/dynamodb/audit-days.ts';
import { createDocumentClient, type DocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { decisionKeys } from '../../shared/adapters/dynamodb/decision-keys.ts';
import { auditDayAttributes } from '../../shared/adapters/dynamodb/table-keys.ts';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import { S3AuditArchive } from '../../shared/adapters/s3/audit-archive.ts';
import { exportAuditDay } from '../../shared/app/audit-anchors.ts';
import type { AuditEvent } from '../../shared/domain/audit.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { rewritten } from '../fixtures/audit-chains.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { call } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-audit');
let submitter: string;
let documents: DocumentClient;
let s3: S3Client;

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
  s3 = new S3Client({ ...localS3Config(inject('s3Endpoint')), requestChecksumCalculation: 'WHEN_REQUIRED' });
});
afterAll(() => {
  documents.destroy();
  s3.destroy();
});

async function submitted(): Promise<string> {
  const created = await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  // A second event: a correction by its submitter while it waits for review.
  const corrected = await call('PUT', `/v1/decisions/${created.body.id}`, {
    token: submitter,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { ...companyPenalty(), result: '罚款人民币贰万元' },
  });
  expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
  return created.body.id;
}

async function audit(id: string) {
  const reply = await call('GET', `/v1/decisions/${id}/audit`, { token: submitter });
  expect(reply.status).toBe(200);
  return reply.body as { events: AuditEvent[]; verification: Record<string, unknown> };
}

describe('an audit chain rewritten in the table (ADR 0022)', () => {
  it('is valid as written, and invalid, naming the anchor, once rewritten with every hash recomputed', async () => {
    const forgedId = await submitted();
    const keptId = await submitted();
    const before = await audit(forgedId);
    expect(before.verification).toMatchObject({ valid: true });
    expect(before.events.length).toBeGreaterThanOrEqual(2);

    // Today's events exported to the archive bucket and anchored in the log, as the daily run does after midnight.
    const TableName = inject('tableName');
    const day = shanghaiDate(new Date());
    const exported = await exportAuditDay(
      {
        log: new DynamoTransparencyLog({ client: documents, tableName: TableName }),
        archive: new S3AuditArchive({ s3, bucket: inject('archiveBucket') }),
        audit: new DynamoAuditDays({ client: documents, tableName: TableName }),
      },
      day,
      new Date(),
    );
    expect(exported.events).toBeGreaterThanOrEqual(4);
    expect((await audit(forgedId)).verification).toMatchObject({ valid: true });

    // Behind the API's back: the first event's content changed, every hash after it recomputed, the record's
    // head moved to the new last hash. The chain alone cannot tell.
    const forged = rewritten(before.events, 1);
    for (const event of forged) {
      await documents.put({
        TableName,
        Item: {
          ...decisionKeys.audit(forgedId, event.seq),
          type: 'audit',
          event,
          ...auditDayAttributes(event),
        },
      });
    }
    const last = forged.at(-1) as AuditEvent;
    await documents.update({
      TableName,
      Key: decisionKeys.decision(forgedId),
      UpdateExpression: 'SET #head = :head',
      ExpressionAttributeNames: { '#head': 'auditHead' },
      ExpressionAttributeValues: { ':head': { seq: last.seq, hash: last.hash } },
    });

    const after = await audit(forgedId);
    expect(after.events.map((e) => e.hash)).toEqual(forged.map((e) => e.hash));
    expect(after.verification).toMatchObject({ valid: false, problem: 'anchor_mismatch' });
    expect(after.verification.message).toContain(`the archived audit export of ${day}`);
    expect(after.verification.message).toMatch(/the chain was rewritten/);
    expect(after.verification.messageZh).toMatch(/审计链已被改写/);

    // Another decision of the same export, untouched.
    expect((await audit(keptId)).verification).toMatchObject({ valid: true });
  });
});
