/**
 * What every CorrectionRequestStore and RateLimiter must do, run against each adapter (DynamoDB Local in the
 * integration project, memory in the unit project), as store-contract.ts does for decisions. Records are built
 * with the real domain: `decideRequest` for each change, `appendAudit` for the chain.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, EMPTY_HEAD, verifyAuditChain } from '../../shared/domain/audit.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import {
  type CorrectionRequestEvent,
  decideRequest,
  type RequestActor,
  type RequesterContact,
  validateCorrectionFiling,
} from '../../shared/domain/correction-request.ts';
import type { LocalDate } from '../../shared/domain/dates.ts';
import { correctionAnswerDeadline } from '../../shared/domain/deadlines.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../shared/domain/settings.ts';
import {
  type CorrectionRequestStore,
  type CorrectionRequestWrite,
  InvalidCursorError,
  OpenRequestsLimitError,
  type RateLimiter,
  StoreConflictError,
  type StoredCorrectionRequest,
} from '../../shared/ports.ts';

const calendar = createDefaultCalendar();
const run = randomUUID().slice(0, 8);
let counter = 0;
export const newAgency = () => `agency-${run}-${++counter}`;
export const newDecision = () => `dec-${run}-${++counter}`;
// Zero-padded so that ids sort in filing order, as time-ordered ids do.
const newId = () => `req-${run}-${String(++counter).padStart(5, '0')}`;

export const CONTACT = { name: '刘建国', phone: '13812345678', email: 'liu.jianguo@example.com' } as const;

let clock = Date.parse('2025-09-30T02:00:00Z');
const tick = () => {
  clock += 60_000;
  return new Date(clock).toISOString();
};

const reviewer = (agencyId: string): RequestActor => ({
  kind: 'user',
  userId: 'wang.fang',
  agencyId,
  roles: ['reviewer'],
});

export type Write = CorrectionRequestWrite & { readonly next: StoredCorrectionRequest };

export function filing(
  agencyId: string,
  decisionId: string,
  options: { at?: string; id?: string; openLimit?: number; contact?: RequesterContact } = {},
): Write {
  const at = options.at ?? tick();
  const event: CorrectionRequestEvent = {
    type: 'file',
    id: options.id ?? newId(),
    decisionId,
    agencyId,
    caseNumber: '四工信罚〔2025〕12号',
    filing: validateCorrectionFiling({
      what: '罚款金额有误',
      evidence: '决定书原件',
      attachments: [{ name: 'a.pdf', contentType: 'application/pdf', size: 100 }],
      contact: options.contact ?? CONTACT,
    }),
    deadline: correctionAnswerDeadline(
      at.slice(0, 10) as LocalDate,
      DEFAULT_AGENCY_SETTINGS(agencyId),
      calendar,
    ),
    challenge: 'solved',
  };
  const { request, audit } = decideRequest(undefined, event, { actor: { kind: 'public' }, at });
  const chained = appendAudit(EMPTY_HEAD, audit);
  return {
    next: { request, auditHead: { seq: chained.seq, hash: chained.hash } },
    audit: chained,
    ...(options.openLimit === undefined
      ? {}
      : { openLimits: { perDecision: options.openLimit, overall: 1000 } }),
  };
}

export function rejection(previous: StoredCorrectionRequest, reasons = '经核对，公示内容准确'): Write {
  const { request, audit } = decideRequest(
    previous.request,
    { type: 'reject', reasons },
    { actor: reviewer(previous.request.agencyId), at: tick() },
  );
  const chained = appendAudit(previous.auditHead, audit);
  return { previous, next: { request, auditHead: { seq: chained.seq, hash: chained.hash } }, audit: chained };
}

export function describeCorrectionRequestStoreContract(
  name: string,
  create: () => Promise<CorrectionRequestStore>,
): void {
  describe(`${name} (the correction request store contract)`, () => {
    let store: CorrectionRequestStore;
    beforeAll(async () => {
      store = await create();
    });

    it('stores a filing with its audit event and reads it back whole, contact included', async () => {
      const write = filing(newAgency(), newDecision());
      await store.save(write);
      expect(await store.get(write.next.request.id)).toEqual(write.next);
      expect(await store.auditTrail(write.next.request.id)).toEqual([write.audit]);
      expect((await store.get(write.next.request.id))?.request.contact).toEqual(CONTACT);
    });

    it('answers undefined for an unknown request and an empty trail', async () => {
      expect(await store.get(`missing-${run}`)).toBeUndefined();
      expect(await store.auditTrail(`missing-${run}`)).toEqual([]);
    });

    it('refuses a second filing with the same id, and a stale version', async () => {
      const write = filing(newAgency(), newDecision());
      await store.save(write);
      await expect(store.save(write)).rejects.toMatchObject({ code: 'version_conflict' });
      const answered = rejection(write.next);
      await store.save(answered);
      await expect(store.save(rejection(write.next, '另一理由'))).rejects.toBeInstanceOf(StoreConflictError);
      const trail = await store.auditTrail(write.next.request.id);
      expect(trail.map((e) => e.action)).toEqual(['file', 'reject']);
      expect(verifyAuditChain(trail, { expectedHead: answered.next.auditHead }).valid).toBe(true);
    });

    it('lets exactly one of several concurrent answers win', async () => {
      const write = filing(newAgency(), newDecision());
      await store.save(write);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => store.save(rejection(write.next, `理由${i}`))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'version_conflict' });
      }
    });

    it('caps one requester’s open requests on a decision, and frees a place when one is answered', async () => {
      const agencyId = newAgency();
      const decisionId = newDecision();
      const first = filing(agencyId, decisionId, { openLimit: 2 });
      await store.save(first);
      await store.save(filing(agencyId, decisionId, { openLimit: 2 }));
      const third = filing(agencyId, decisionId, { openLimit: 2 });
      await expect(store.save(third)).rejects.toBeInstanceOf(OpenRequestsLimitError);
      // Nothing of the refused filing was written.
      expect(await store.get(third.next.request.id)).toBeUndefined();
      expect(await store.auditTrail(third.next.request.id)).toEqual([]);
      // Another requester on the same decision, and the same one on another decision, are not affected.
      await store.save(
        filing(agencyId, decisionId, {
          openLimit: 2,
          contact: { name: '王女士', email: 'wang@example.com' },
        }),
      );
      await store.save(filing(agencyId, newDecision(), { openLimit: 2 }));
      await store.save(rejection(first.next));
      await store.save(filing(agencyId, decisionId, { openLimit: 2 }));
    });

    it('never lets one requester’s concurrent filings exceed the cap', async () => {
      const agencyId = newAgency();
      const decisionId = newDecision();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.save(filing(agencyId, decisionId, { openLimit: 3 }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(3);
      const listed = await store.list({ agencyId, status: 'open', limit: 100 });
      expect(listed.items.length).toBe(results.filter((r) => r.status === 'fulfilled').length);
    });

    it('lists an agency’s open requests oldest first and answered ones newest first, in pages', async () => {
      const agencyId = newAgency();
      const writes = [];
      for (let i = 0; i < 5; i++) {
        const write = filing(agencyId, newDecision());
        await store.save(write);
        writes.push(write);
      }
      await store.save(filing(newAgency(), newDecision()));
      const ids = writes.map((w) => w.next.request.id);
      const first = await store.list({ agencyId, status: 'open', limit: 2 });
      expect(first.items.map((s) => s.request.id)).toEqual(ids.slice(0, 2));
      expect(first.cursor).toEqual(expect.any(String));
      const second = await store.list({ agencyId, status: 'open', limit: 3, cursor: first.cursor as string });
      expect(second.items.map((s) => s.request.id)).toEqual(ids.slice(2));
      expect(second.cursor).toBeUndefined();

      for (const write of writes.slice(0, 3)) await store.save(rejection(write.next));
      const rejected = await store.list({ agencyId, status: 'rejected', limit: 10 });
      expect(rejected.items.map((s) => s.request.id)).toEqual(ids.slice(0, 3).reverse());
      expect((await store.list({ agencyId, status: 'open', limit: 10 })).items).toHaveLength(2);
      expect((await store.list({ agencyId, status: 'accepted', limit: 10 })).items).toEqual([]);
    });

    it('lists by filing instant within a range', async () => {
      const agencyId = newAgency();
      const early = filing(agencyId, newDecision(), { at: '2025-11-03T01:00:00.000Z' });
      const late = filing(agencyId, newDecision(), { at: '2025-11-05T01:00:00.000Z' });
      await store.save(early);
      await store.save(late);
      const page = await store.list({
        agencyId,
        status: 'open',
        filedFrom: '2025-11-04T00:00:00.000Z',
        filedTo: '2025-11-06T00:00:00.000Z',
        limit: 10,
      });
      expect(page.items.map((s) => s.request.id)).toEqual([late.next.request.id]);
    });

    it('refuses a cursor of another list, or one it never gave', async () => {
      const agencyId = newAgency();
      for (let i = 0; i < 2; i++) await store.save(filing(agencyId, newDecision()));
      const { cursor } = await store.list({ agencyId, status: 'open', limit: 1 });
      await expect(
        store.list({ agencyId: newAgency(), status: 'open', limit: 1, cursor: cursor as string }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(
        store.list({ agencyId, status: 'open', limit: 1, cursor: 'nonsense' }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('lists open requests due by a date from the answer index, and drops answered ones', async () => {
      const agencyId = newAgency();
      // 2025-09-30 → due 2025-10-16; 2030 filings are far in the future and never due here.
      const due = filing(agencyId, newDecision(), { at: '2025-09-30T02:00:00.000Z' });
      const answered = filing(agencyId, newDecision(), { at: '2025-09-30T03:00:00.000Z' });
      await store.save(due);
      await store.save(answered);
      await store.save(rejection(answered.next));
      const found = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDue('2025-10-16' as LocalDate, cursor, 1);
        found.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      const ours = found.filter(
        (item) => item.id === due.next.request.id || item.id === answered.next.request.id,
      );
      expect(ours).toEqual([{ id: due.next.request.id, due: '2025-10-16' }]);
      const before = await store.listDue('2025-10-15' as LocalDate, undefined, 100);
      expect(before.items.map((i) => i.id)).not.toContain(due.next.request.id);
    });
  });
}

export function describeRateLimiterContract(name: string, create: () => Promise<RateLimiter>): void {
  describe(`${name} (the rate limiter contract)`, () => {
    let limiter: RateLimiter;
    beforeAll(async () => {
      limiter = await create();
    });
    const key = () => `k-${run}-${++counter}`;

    it('allows the limit in a window, then refuses until the window ends', async () => {
      const k = key();
      const at = new Date('2025-09-30T02:03:20Z'); // 200 s into a 600-s window
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await limiter.take(k, 3, 600, at));
      expect(answers.slice(0, 3)).toEqual([
        { allowed: true, remaining: 2 },
        { allowed: true, remaining: 1 },
        { allowed: true, remaining: 0 },
      ]);
      expect(answers[3]).toEqual({ allowed: false, retryAfterSeconds: 400 });
      expect(await limiter.take(k, 3, 600, new Date('2025-09-30T02:10:00Z'))).toEqual({
        allowed: true,
        remaining: 2,
      });
    });

    it('keeps keys apart', async () => {
      const [a, b] = [key(), key()];
      const at = new Date('2025-09-30T02:00:00Z');
      expect(await limiter.take(a, 1, 60, at)).toMatchObject({ allowed: true });
      expect(await limiter.take(a, 1, 60, at)).toMatchObject({ allowed: false });
      expect(await limiter.take(b, 1, 60, at)).toMatchObject({ allowed: true });
    });

    it('never lets concurrent takes exceed the limit', async () => {
      const k = key();
      const at = new Date('2025-09-30T02:00:00Z');
      const answers = await Promise.all(Array.from({ length: 12 }, () => limiter.take(k, 5, 600, at)));
      expect(answers.filter((a) => a.allowed)).toHaveLength(5);
    });
  });
}
