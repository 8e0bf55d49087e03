import { describe, expect, it } from 'vitest';
import { agencyItem, defaultAgency } from '../../../shared/adapters/dynamodb/agency-keys.ts';
import {
  correctionAuditItem,
  correctionRequestItem,
} from '../../../shared/adapters/dynamodb/correction-request-keys.ts';
import {
  auditItem,
  caseGuardItem,
  decisionItem,
  idempotencyItem,
  revisionItem,
} from '../../../shared/adapters/dynamodb/decision-keys.ts';
import { TABLE } from '../../../shared/adapters/dynamodb/table.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { CORRECTION_REQUEST_STATUSES } from '../../../shared/domain/correction-request.ts';
import { DECISION_STATUSES } from '../../../shared/domain/decision.ts';
import type { StoredDecision } from '../../../shared/ports.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { filing, rejection } from '../../integration/correction-request-store-contract.ts';

/**
 * The table's TTL deletes whatever carries its attribute. Decisions, revisions, correction requests and audit
 * events must never expire (R11), so only idempotency records and rate-limit counters may carry it (the
 * counters' own test, on DynamoDB Local, is test/integration/dynamodb-correction-store.test.ts).
 */
describe("the table's time to live", () => {
  const revision = { number: 1, content: companyPenaltyContent() };

  it('is set on idempotency records', () => {
    const item = idempotencyItem('sp', { key: 'k', requestHash: 'h', expiresAt: 1_900_000_000 }, 'D1');
    expect(item[TABLE.ttlAttribute]).toBe(1_900_000_000);
  });

  it('is never set on a decision, its revisions, audit events, case guards or agencies, whatever the status', () => {
    for (const status of DECISION_STATUSES) {
      const stored = {
        decision: {
          id: 'D1',
          agencyId: 'sp',
          status,
          version: 3,
          createdAt: '2025-09-28T02:00:00.000Z',
          updatedAt: '2025-09-29T02:00:00.000Z',
          revisions: [revision],
        },
        auditHead: { seq: 3, hash: 'h3' },
        deadlines: { publication: '2025-10-14', expiry: '2027-09-29' },
      } as unknown as StoredDecision;
      expect(decisionItem(stored), status).not.toHaveProperty(TABLE.ttlAttribute);
    }
    const others = [
      revisionItem('D1', revision as never),
      auditItem({
        subject: 'D1',
        seq: 1,
        prevHash: '0',
        hash: 'h1',
        action: 'submit',
        actor: { kind: 'user', userId: 'u', agencyId: 'sp', roles: ['submitter'] },
        at: '2025-09-28T02:00:00.000Z',
      } as never),
      caseGuardItem('sp', '四公市监罚〔2025〕1号', 'D1'),
      agencyItem(defaultAgency('sp')),
    ];
    for (const item of others) expect(item).not.toHaveProperty(TABLE.ttlAttribute);
  });

  it('is never set on a correction request (R9), whatever its status, nor on its audit events', async () => {
    const filed = filing('sp', 'D1');
    await new MemoryCorrectionRequestStore().save(filed);
    for (const status of CORRECTION_REQUEST_STATUSES) {
      const stored = { ...filed.next, request: { ...filed.next.request, status } };
      expect(correctionRequestItem(stored), status).not.toHaveProperty(TABLE.ttlAttribute);
    }
    for (const write of [filed, rejection(filed.next)]) {
      expect(correctionAuditItem(write.audit)).not.toHaveProperty(TABLE.ttlAttribute);
    }
  });
});
