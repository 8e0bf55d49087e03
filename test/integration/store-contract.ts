/**
 * What every DecisionStore must do, run against each adapter (DynamoDB Local in the integration project,
 * memory in the unit project), so the use cases' unit tests over the memory store prove something about
 * production. The records are built with the real domain: `decide` for each change, `appendAudit` for the
 * chain, the real deadline rules for the due dates.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditEvent, appendAudit, EMPTY_HEAD, verifyAuditChain } from '../../shared/domain/audit.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import { type LocalDate, shanghaiDate } from '../../shared/domain/dates.ts';
import {
  correctionReviewDeadline,
  exemptionReviewDeadline,
  expiryWithdrawal,
  publicationDeadline,
  revocationTakedownDeadline,
  withdrawalConfirmationDeadline,
} from '../../shared/domain/deadlines.ts';
import {
  type Actor,
  type Decision,
  type DecisionContent,
  type DecisionStatus,
  latestRevision,
} from '../../shared/domain/decision.ts';
import { type DecisionEvent, decide } from '../../shared/domain/lifecycle.ts';
import { type AgencySettings, DEFAULT_AGENCY_SETTINGS } from '../../shared/domain/settings.ts';
import {
  type Agency,
  type AgencyRegistry,
  type DecisionDeadlines,
  type DecisionQuery,
  type DecisionStore,
  type DecisionWrite,
  type IdempotencyClaim,
  InvalidCursorError,
  StoreConflictError,
  type StoredDecision,
} from '../../shared/ports.ts';
import { COMPANY_PARTY_WITH_REPRESENTATIVE, COMPANY_PENALTY } from '../fixtures/decisions.ts';

/** R2: the hash of the projection the reviewer was shown, which an approval records (approval.ts). */
const SHOWN_HASH = 'a'.repeat(64);

const d = (s: string) => s as LocalDate;
const calendar = createDefaultCalendar();

// The legal-person penalty of the tests, with its legal representative (a field the store must keep).
export const PENALTY: DecisionContent = { ...COMPANY_PENALTY, party: COMPANY_PARTY_WITH_REPRESENTATIVE };

export function licence(caseNumber: string, decisionDate: string): DecisionContent {
  const { penalty: _penalty, ...rest } = PENALTY;
  return { ...rest, actionType: 'license', caseNumber, decisionDate: d(decisionDate), result: '准予许可' };
}

export const submitter = (agencyId: string): Actor => ({
  kind: 'user',
  userId: 'li.na',
  agencyId,
  roles: ['submitter'],
});
export const reviewer = (agencyId: string): Actor => ({
  kind: 'user',
  userId: 'wang.fang',
  agencyId,
  roles: ['reviewer'],
});
export const publisher: Actor = { kind: 'system', userId: 'system:publisher' };
export const sweepActor: Actor = { kind: 'system', userId: 'system:withdrawal-sweep' };

// Every test takes agencies and ids of its own, so one store (one table) serves the whole suite.
const run = randomUUID().slice(0, 8);
let counter = 0;
export const newAgency = () => `agency-${run}-${++counter}`;
// Zero-padded so that ids sort in creation order, as time-ordered ids do.
export const newId = () => `dec-${run}-${String(++counter).padStart(5, '0')}`;
let clock = Date.parse('2025-09-28T02:00:00Z');
const now = () => {
  clock += 60_000;
  return new Date(clock).toISOString();
};

function deadlinesFor(decision: Decision): DecisionDeadlines {
  const latest = latestRevision(decision);
  const settings: AgencySettings = DEFAULT_AGENCY_SETTINGS(decision.agencyId);
  const publication = publicationDeadline({
    content: latest.content,
    basisDate: latest.basisDate,
    settings,
    calendar,
  });
  switch (decision.status) {
    case 'pending_review':
    case 'publishing':
      return { publication };
    case 'published': {
      const publishedAt = decision.publishedAt ?? decision.updatedAt;
      const expiry = expiryWithdrawal({ publishedAt, partyKind: latest.content.party.kind });
      if (decision.pendingRevision === undefined) return { expiry };
      // R8: a correction of the published decision is reviewed the working day it was submitted.
      const correctionReview = correctionReviewDeadline(shanghaiDate(latest.submittedAt), calendar);
      return { publication, expiry, correctionReview };
    }
    // R3: a confirmed exemption with a review date, until it is corrected or withdrawn.
    case 'exempt':
      return latest.content.exemption?.reviewOn
        ? {
            exemptionReview: exemptionReviewDeadline(
              latest.content.decisionDate,
              latest.content.exemption.reviewOn,
            ),
          }
        : {};
    // R7: a withdrawal of what had been public, until the publisher confirms the takedown; R8: and, until
    // another reviewer confirms it, the withdrawal made by one person.
    case 'withdrawn': {
      const withdrawal = decision.withdrawal;
      if (!withdrawal) return {};
      const filedOn = shanghaiDate(withdrawal.at);
      const takedown =
        decision.publishedAt && decision.takedownConfirmedAt === undefined
          ? { takedown: revocationTakedownDeadline(withdrawal.legalEventDate ?? filedOn, calendar) }
          : {};
      const confirmation =
        withdrawal.reason !== 'expired' && withdrawal.confirmation === undefined
          ? { confirmation: withdrawalConfirmationDeadline(filedOn, calendar) }
          : {};
      return { ...takedown, ...confirmation };
    }
    default:
      return {};
  }
}

export interface Creation {
  readonly agencyId: string;
  readonly content?: DecisionContent;
  readonly id?: string;
  readonly idempotency?: IdempotencyClaim;
}

export type Write = DecisionWrite & { readonly next: StoredDecision };

export function creation({ agencyId, content = PENALTY, id = newId(), idempotency }: Creation): Write {
  const { decision, audit } = decide(
    undefined,
    { type: 'submit', id, content, basisDate: content.decisionDate },
    { actor: submitter(agencyId), at: now() },
  );
  const event = appendAudit(EMPTY_HEAD, audit);
  const next = {
    decision,
    auditHead: { seq: event.seq, hash: event.hash },
    deadlines: deadlinesFor(decision),
  };
  return { next, audit: event, ...(idempotency ? { idempotency } : {}) };
}

export function change(previous: StoredDecision, event: DecisionEvent, actor: Actor): Write {
  const { decision, audit } = decide(previous.decision, event, { actor, at: now(), calendar });
  const appended = appendAudit(previous.auditHead, audit);
  return {
    previous,
    next: {
      decision,
      auditHead: { seq: appended.seq, hash: appended.hash },
      deadlines: deadlinesFor(decision),
    },
    audit: appended,
  };
}

async function conflictOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreConflictError);
  return (error as StoreConflictError).code;
}

/** A decision as lists return it: only the latest revision rides along. */
function listed(stored: StoredDecision): StoredDecision {
  return { ...stored, decision: { ...stored.decision, revisions: [latestRevision(stored.decision)] } };
}

export function describeDecisionStoreContract(name: string, makeStore: () => Promise<DecisionStore>): void {
  describe(`${name} keeps the DecisionStore contract`, () => {
    let store: DecisionStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    const read = async (id: string): Promise<StoredDecision> => {
      const stored = await store.get(id);
      if (!stored) throw new Error(`decision ${id} was not stored`);
      return stored;
    };
    const create = async (options: Creation): Promise<StoredDecision> => {
      const write = creation(options);
      await store.save(write);
      return write.next;
    };
    const step = async (previous: StoredDecision, event: DecisionEvent, actor: Actor) => {
      const write = change(previous, event, actor);
      await store.save(write);
      return write.next;
    };
    const approve = (s: StoredDecision) =>
      step(
        s,
        { type: 'approve', comment: '同意公开', projectionHash: SHOWN_HASH },
        reviewer(s.decision.agencyId),
      );
    const publish = (s: StoredDecision) => step(s, { type: 'publish' }, publisher);
    const correct = (s: StoredDecision, content: DecisionContent, basisDate: string) =>
      step(s, { type: 'correct', content, basisDate: d(basisDate) }, submitter(s.decision.agencyId));

    async function pages(query: Omit<DecisionQuery, 'cursor'>) {
      const result: { ids: string[]; cursor: string | undefined }[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
        cursor = page.cursor;
        result.push({ ids: page.items.map((s) => s.decision.id), cursor });
        if (result.length > 50) throw new Error('the list never ends');
      } while (cursor !== undefined);
      return result;
    }
    const allIds = async (query: Omit<DecisionQuery, 'cursor'>) => (await pages(query)).flatMap((p) => p.ids);

    describe('reading what was written', () => {
      it('reads back exactly what a create wrote, and nothing for an unknown id', async () => {
        const created = await create({ agencyId: newAgency() });
        expect(await store.get(created.decision.id)).toEqual(created);
        expect(await store.get(newId())).toBeUndefined();
      });

      it('reads back every revision and review as the decision goes through its life', async () => {
        let stored = await create({ agencyId: newAgency() });
        stored = await approve(stored);
        expect(await store.get(stored.decision.id)).toEqual(stored);
        stored = await publish(stored);
        expect(await store.get(stored.decision.id)).toEqual(stored);
        stored = await correct(stored, { ...PENALTY, result: '罚款人民币肆万元' }, '2025-10-20');
        expect(await store.get(stored.decision.id)).toEqual(stored);
        stored = await approve(stored);
        const read = await store.get(stored.decision.id);
        expect(read).toEqual(stored);
        expect(read?.decision.revisions.map((r) => [r.number, r.review?.outcome])).toEqual([
          [1, 'approve'],
          [2, 'approve'],
        ]);
      });

      it('hands out copies: changing what was written or read leaves the stored decision alone', async () => {
        const write = creation({ agencyId: newAgency() });
        const snapshot = structuredClone(write.next);
        await store.save(write);
        (write.next.decision as { status: DecisionStatus }).status = 'published';
        const read = await store.get(snapshot.decision.id);
        (read?.decision.revisions[0]?.content as { result: string }).result = 'changed';
        expect(await store.get(snapshot.decision.id)).toEqual(snapshot);
      });
    });

    describe('conflicts', () => {
      it('refuses a second decision with the same case number in the agency, not in another agency', async () => {
        const agencyId = newAgency();
        await create({ agencyId });
        const duplicate = creation({ agencyId });
        expect(await conflictOf(store.save(duplicate))).toBe('case_number_taken');
        expect(await store.get(duplicate.next.decision.id)).toBeUndefined();
        expect(await store.auditTrail(duplicate.next.decision.id)).toEqual([]);

        const elsewhere = await create({ agencyId: newAgency() });
        expect(await store.get(elsewhere.decision.id)).toEqual(elsewhere);
      });

      it('refuses a change made from a stale version and writes nothing of it', async () => {
        const created = await create({ agencyId: newAgency() });
        const approved = await approve(created);
        const stale = change(
          created,
          { type: 'reject', comment: '事实不清' },
          reviewer(created.decision.agencyId),
        );
        expect(await conflictOf(store.save(stale))).toBe('version_conflict');
        expect(await store.get(created.decision.id)).toEqual(approved);
        expect((await store.auditTrail(created.decision.id)).map((e) => e.action)).toEqual([
          'submit',
          'approve',
        ]);
      });

      it('refuses to create a decision whose id exists', async () => {
        const agencyId = newAgency();
        const created = await create({ agencyId });
        const again = creation({
          agencyId,
          id: created.decision.id,
          content: licence('四工信许〔2025〕1号', '2025-09-28'),
        });
        expect(await conflictOf(store.save(again))).toBe('version_conflict');
        expect(await store.get(created.decision.id)).toEqual(created);
      });

      it('lets exactly one of ten concurrent changes of the same version through', async () => {
        const created = await create({ agencyId: newAgency() });
        const writes = Array.from({ length: 10 }, (_, i) =>
          change(
            created,
            { type: 'approve', comment: `同意 ${i}`, projectionHash: SHOWN_HASH },
            reviewer(created.decision.agencyId),
          ),
        );
        const results = await Promise.allSettled(writes.map((w) => store.save(w)));
        const winners = writes.filter((_, i) => results[i]?.status === 'fulfilled');
        expect(winners).toHaveLength(1);
        const codes = results.flatMap((r) =>
          r.status === 'rejected' ? [(r.reason as StoreConflictError).code] : [],
        );
        expect(codes).toEqual(Array(9).fill('version_conflict'));

        const stored = await read(created.decision.id);
        expect(stored).toEqual(winners[0]?.next);
        const trail = await store.auditTrail(created.decision.id);
        expect(trail).toHaveLength(2);
        expect(verifyAuditChain(trail, { expectedHead: stored.auditHead }).valid).toBe(true);
      });

      it('moves the case number with a correction: the old one is free again, the new one is taken', async () => {
        const agencyId = newAgency();
        const created = await create({ agencyId });
        const renumbered = { ...PENALTY, caseNumber: '四工信罚〔2025〕12-1号' };
        const corrected = await correct(created, renumbered, '2025-09-29');
        expect(await store.get(created.decision.id)).toEqual(corrected);

        const reuse = await create({ agencyId });
        expect(await store.get(reuse.decision.id)).toEqual(reuse);
        expect(await conflictOf(store.save(creation({ agencyId, content: renumbered })))).toBe(
          'case_number_taken',
        );
      });

      it('reads a case number as people do: brackets, spaces and digit forms are one number (R1)', async () => {
        const agencyId = newAgency();
        const created = await create({
          agencyId,
          content: { ...PENALTY, caseNumber: '四工信罚〔2026〕101号' },
        });
        for (const respelt of [
          '四工信罚[2026]101号',
          '四工信罚〔2026〕 101号',
          '四工信罚（２０２６）１０１号',
          '四工信罚【2026】\u200b101号',
        ]) {
          expect(
            await conflictOf(
              store.save(creation({ agencyId, content: { ...PENALTY, caseNumber: respelt } })),
            ),
          ).toBe('case_number_taken');
        }
        // A correction that only respells its own number keeps it, spelt the agency's new way.
        const respelt = await correct(
          created,
          { ...PENALTY, caseNumber: '四工信罚[2026] 101号' },
          '2025-09-29',
        );
        expect(await store.get(created.decision.id)).toEqual(respelt);
        expect(latestRevision(respelt.decision).content.caseNumber).toBe('四工信罚[2026] 101号');
        expect(
          await conflictOf(
            store.save(creation({ agencyId, content: { ...PENALTY, caseNumber: '四工信罚〔2026〕101号' } })),
          ),
        ).toBe('case_number_taken');
        // Another number is another number.
        const other = await create({
          agencyId,
          content: { ...PENALTY, caseNumber: '四工信罚〔2026〕1010号' },
        });
        expect(await store.get(other.decision.id)).toEqual(other);
      });

      it("refuses a correction to another decision's case number and writes nothing of it", async () => {
        const agencyId = newAgency();
        const first = await create({ agencyId });
        const second = await create({
          agencyId,
          content: { ...PENALTY, caseNumber: '四工信罚〔2025〕13号' },
        });
        const clash = change(
          second,
          { type: 'correct', content: PENALTY, basisDate: d('2025-09-29') },
          submitter(agencyId),
        );
        expect(await conflictOf(store.save(clash))).toBe('case_number_taken');
        expect(await store.get(second.decision.id)).toEqual(second);
        expect(await store.get(first.decision.id)).toEqual(first);
        // The second decision still holds its own number.
        expect(
          await conflictOf(
            store.save(creation({ agencyId, content: { ...PENALTY, caseNumber: '四工信罚〔2025〕13号' } })),
          ),
        ).toBe('case_number_taken');
      });

      it('refuses a write whose audit event does not extend the stored chain by one', async () => {
        const created = await create({ agencyId: newAgency() });
        const write = change(
          created,
          { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH },
          reviewer(created.decision.agencyId),
        );
        const skipped = appendAudit(write.next.auditHead, { ...write.audit, at: now() });
        await expect(
          store.save({ ...write, audit: skipped, next: { ...write.next, auditHead: skipped } }),
        ).rejects.toThrow(/does not follow/);
        expect(await store.get(created.decision.id)).toEqual(created);
      });
    });

    describe('idempotency keys', () => {
      const claim = (key: string, expiresAt = Math.floor(Date.now() / 1000) + 86_400): IdempotencyClaim => ({
        key,
        requestHash: `sha256-${key}`,
        expiresAt,
      });

      it('records the claim with the decision and refuses the key a second time', async () => {
        const agencyId = newAgency();
        const key = randomUUID();
        const created = await create({ agencyId, idempotency: claim(key) });
        expect(await store.findIdempotency(agencyId, key)).toEqual({
          agencyId,
          key,
          requestHash: `sha256-${key}`,
          decisionId: created.decision.id,
        });

        const replay = creation({
          agencyId,
          idempotency: claim(key),
          content: licence('四工信许〔2025〕2号', '2025-09-28'),
        });
        expect(await conflictOf(store.save(replay))).toBe('idempotency_key_used');
        expect(await store.get(replay.next.decision.id)).toBeUndefined();
        expect((await store.findIdempotency(agencyId, key))?.decisionId).toBe(created.decision.id);
      });

      it('keeps keys per agency', async () => {
        const key = randomUUID();
        const [a, b] = [newAgency(), newAgency()];
        await create({ agencyId: a, idempotency: claim(key) });
        expect(await store.findIdempotency(b, key)).toBeUndefined();
        const other = await create({ agencyId: b, idempotency: claim(key) });
        expect((await store.findIdempotency(b, key))?.decisionId).toBe(other.decision.id);
      });

      it('treats an expired claim as gone, before DynamoDB has deleted it', async () => {
        const agencyId = newAgency();
        const key = randomUUID();
        await create({ agencyId, idempotency: claim(key, Math.floor(Date.now() / 1000) - 60) });
        expect(await store.findIdempotency(agencyId, key)).toBeUndefined();
        const fresh = await create({
          agencyId,
          idempotency: claim(key),
          content: licence('四工信许〔2025〕3号', '2025-09-28'),
        });
        expect((await store.findIdempotency(agencyId, key))?.decisionId).toBe(fresh.decision.id);
      });
    });

    describe('the audit trail', () => {
      it('returns the whole chain in order, and it verifies against the stored head', async () => {
        const written: AuditEvent[] = [];
        const track = async (write: Write) => {
          await store.save(write);
          written.push(write.audit);
          return write.next;
        };
        const agencyId = newAgency();
        let stored = await track(creation({ agencyId }));
        stored = await track(
          change(
            stored,
            { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH },
            reviewer(agencyId),
          ),
        );
        stored = await track(change(stored, { type: 'publish' }, publisher));
        // Past nine events, so seq 10 must sort after seq 9.
        for (const [i, fine] of [40000, 30000, 20000].entries()) {
          const content = { ...PENALTY, penalty: { types: ['fine' as const], fineYuan: fine } };
          const basisDate = d(`2025-10-2${i}`);
          stored = await track(change(stored, { type: 'correct', content, basisDate }, submitter(agencyId)));
          stored = await track(
            change(
              stored,
              { type: 'approve', comment: '同意', projectionHash: SHOWN_HASH },
              reviewer(agencyId),
            ),
          );
          stored = await track(change(stored, { type: 'publish' }, publisher));
        }

        const trail = await store.auditTrail(stored.decision.id);
        expect(trail.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect(trail).toEqual(written);
        const { auditHead } = await read(stored.decision.id);
        expect(verifyAuditChain(trail, { expectedHead: auditHead })).toMatchObject({
          valid: true,
          length: 12,
        });
      });

      it('is empty for a decision that does not exist', async () => {
        expect(await store.auditTrail(newId())).toEqual([]);
      });
    });

    describe('lists', () => {
      it('pages through a status: no duplicates, no gaps, no cursor on the last page', async () => {
        const agencyId = newAgency();
        const created: StoredDecision[] = [];
        for (let i = 1; i <= 25; i++) {
          created.push(
            await create({ agencyId, content: { ...PENALTY, caseNumber: `四工信罚〔2025〕${i}号` } }),
          );
        }
        // R5: the review queue by publication deadline; one decision date, so one deadline: ties by id.
        const byDeadline = created.map((s) => s.decision.id);

        const byTen = await pages({ agencyId, status: 'pending_review', limit: 10 });
        expect(byTen.map((p) => p.ids.length)).toEqual([10, 10, 5]);
        expect(byTen.map((p) => p.cursor === undefined)).toEqual([false, false, true]);
        expect(byTen.flatMap((p) => p.ids)).toEqual(byDeadline);

        // A last page that is full still says there is nothing more.
        const byFive = await pages({ agencyId, status: 'pending_review', limit: 5 });
        expect(byFive.map((p) => p.ids.length)).toEqual([5, 5, 5, 5, 5]);
        expect(byFive.flatMap((p) => p.ids)).toEqual(byDeadline);

        const first = await store.list({ agencyId, status: 'pending_review', limit: 1 });
        expect(first.items).toEqual([listed(created[0] as StoredDecision)]);
      });

      it('lists the review queue by publication deadline, earliest first, ties by id, and moves a decision whose deadline moves (R5)', async () => {
        const agencyId = newAgency();
        const on = (n: number, date: string) =>
          create({
            agencyId,
            content: { ...PENALTY, caseNumber: `四工信罚〔2025〕${n}号`, decisionDate: d(date) },
          });
        // Created in this order (ids ascending); due 09-29, 09-19, 09-19 and 09-24.
        const a = await on(1, '2025-09-20');
        let b = await on(2, '2025-09-10');
        const c = await on(3, '2025-09-10');
        const dd = await on(4, '2025-09-15');
        const ids = (...s: StoredDecision[]) => s.map((x) => x.decision.id);
        expect(b.deadlines.publication?.due).toBe(c.deadlines.publication?.due);

        const queue = await pages({ agencyId, status: 'pending_review', limit: 2 });
        expect(queue.map((p) => p.ids)).toEqual([ids(b, c), ids(dd, a)]);

        // A correction before publication counts from the corrected decision date: B's deadline moves past A's,
        // and so does its place in the queue, with the same write.
        b = await correct(
          b,
          { ...PENALTY, caseNumber: '四工信罚〔2025〕2号', decisionDate: d('2025-09-25') },
          '2025-09-25',
        );
        expect((b.deadlines.publication?.due ?? '') > (a.deadlines.publication?.due ?? '')).toBe(true);
        expect(await allIds({ agencyId, status: 'pending_review', limit: 3 })).toEqual(ids(c, dd, a, b));

        // Other statuses stay newest created first; what leaves the queue leaves its order.
        await approve(a);
        await approve(dd);
        expect(await allIds({ agencyId, status: 'publishing', limit: 1 })).toEqual(ids(dd, a));
        expect(await allIds({ agencyId, status: 'pending_review', limit: 10 })).toEqual(ids(c, b));
      });

      it('lists each status on its own, and the latest revision with each decision', async () => {
        const agencyId = newAgency();
        const pending = await create({ agencyId });
        let moved = await create({ agencyId, content: { ...PENALTY, caseNumber: '四工信罚〔2025〕99号' } });
        moved = await publish(await approve(moved));
        moved = await correct(
          moved,
          { ...PENALTY, caseNumber: '四工信罚〔2025〕99号', result: '警告' },
          '2025-10-09',
        );

        expect((await store.list({ agencyId, status: 'pending_review', limit: 10 })).items).toEqual([
          listed(pending),
        ]);
        expect((await store.list({ agencyId, status: 'publishing', limit: 10 })).items).toEqual([]);
        const published = await store.list({ agencyId, status: 'published', limit: 10 });
        expect(published.items).toEqual([listed(moved)]);
        expect(published.items[0]?.decision.revisions.map((r) => r.content.result)).toEqual(['警告']);
      });

      it('filters by action type, newest decision date first, in full pages', async () => {
        const agencyId = newAgency();
        const licences: string[] = [];
        for (let day = 1; day <= 12; day++) {
          const date = `2025-09-${String(day).padStart(2, '0')}`;
          if (day % 3 === 0) {
            licences.push(
              (await create({ agencyId, content: licence(`四工信许〔2025〕${day}号`, date) })).decision.id,
            );
          } else {
            await create({
              agencyId,
              content: { ...PENALTY, caseNumber: `四工信罚〔2025〕${day}号`, decisionDate: d(date) },
            });
          }
        }
        const byDate = await pages({ agencyId, actionType: 'license', limit: 3 });
        expect(byDate.map((p) => p.ids.length)).toEqual([3, 1]);
        expect(byDate.flatMap((p) => p.ids)).toEqual([...licences].reverse());
        // R5: the review queue by deadline: the earlier decision date is due first.
        expect(await allIds({ agencyId, status: 'pending_review', actionType: 'license', limit: 2 })).toEqual(
          licences,
        );
        expect(await allIds({ agencyId, actionType: 'penalty', limit: 100 })).toHaveLength(8);
      });

      it('filters by decision date range, inclusive, with or without a status', async () => {
        const agencyId = newAgency();
        const ids = new Map<string, StoredDecision>();
        for (let day = 1; day <= 6; day++) {
          const date = `2025-09-0${day}`;
          const content = { ...PENALTY, caseNumber: `四工信罚〔2025〕${day}号`, decisionDate: d(date) };
          ids.set(date, await create({ agencyId, content }));
        }
        const id = (date: string) => ids.get(date)?.decision.id;
        await approve(ids.get('2025-09-03') as StoredDecision);

        expect(
          await allIds({ agencyId, decidedFrom: d('2025-09-02'), decidedTo: d('2025-09-04'), limit: 2 }),
        ).toEqual([id('2025-09-04'), id('2025-09-03'), id('2025-09-02')]);
        expect(await allIds({ agencyId, decidedFrom: d('2025-09-05'), limit: 10 })).toEqual([
          id('2025-09-06'),
          id('2025-09-05'),
        ]);
        expect(await allIds({ agencyId, decidedTo: d('2025-09-01'), limit: 10 })).toEqual([id('2025-09-01')]);
        expect(
          await allIds({
            agencyId,
            status: 'pending_review',
            decidedFrom: d('2025-09-02'),
            decidedTo: d('2025-09-04'),
            limit: 1,
          }),
        ).toEqual([id('2025-09-02'), id('2025-09-04')]);
        expect(await allIds({ agencyId, decidedFrom: d('2025-10-01'), limit: 10 })).toEqual([]);
      });

      it("never lists another agency's decisions", async () => {
        const [mine, theirs] = [newAgency(), newAgency()];
        const own = await create({ agencyId: mine });
        await create({ agencyId: theirs });
        await create({ agencyId: theirs, content: licence('长工信许〔2025〕1号', '2025-09-28') });
        expect(await allIds({ agencyId: mine, limit: 10 })).toEqual([own.decision.id]);
        expect(await allIds({ agencyId: mine, status: 'pending_review', limit: 10 })).toEqual([
          own.decision.id,
        ]);
        expect(await allIds({ agencyId: newAgency(), limit: 10 })).toEqual([]);
      });

      it('refuses a cursor it did not hand out for this list', async () => {
        const [agencyId, other] = [newAgency(), newAgency()];
        for (const agency of [agencyId, other]) {
          for (let i = 1; i <= 3; i++) {
            await create({ agencyId: agency, content: { ...PENALTY, caseNumber: `四工信罚〔2025〕${i}号` } });
          }
        }
        const byStatus = (await store.list({ agencyId, status: 'pending_review', limit: 1 })).cursor;
        const byDate = (await store.list({ agencyId, limit: 1 })).cursor;
        const theirs = (await store.list({ agencyId: other, limit: 1 })).cursor;
        expect([byStatus, byDate, theirs].every((c) => typeof c === 'string')).toBe(true);

        const refused = [
          'not a cursor',
          '',
          Buffer.from('{}').toString('base64url'),
          Buffer.from('[1,2]').toString('base64url'),
          (byDate as string).slice(0, -4),
        ];
        for (const cursor of refused) {
          await expect(store.list({ agencyId, limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
        }
        await expect(store.list({ agencyId, limit: 1, cursor: byStatus as string })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(store.list({ agencyId, limit: 1, cursor: theirs as string })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(
          store.list({ agencyId, status: 'publishing', limit: 1, cursor: byStatus as string }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(
          store.list({ agencyId, decidedFrom: d('2025-10-01'), limit: 1, cursor: byDate as string }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
        expect((await store.list({ agencyId, limit: 5, cursor: byDate as string })).items).toHaveLength(2);
      });
    });

    describe('a window of the publication index (R5, the recompute sweep)', () => {
      it('reads only what is due between the two dates, both included, oldest first, a page at a time', async () => {
        const agencyId = newAgency();
        // 2031: a year no other test of the contract writes deadlines in. 7 working days from each date.
        const dated = async (decisionDate: string, n: number) =>
          (
            await create({
              agencyId,
              content: { ...PENALTY, caseNumber: `四工信罚〔2031〕${n}号`, decisionDate: d(decisionDate) },
            })
          ).decision.id;
        await dated('2030-12-02', 1);
        const first = await dated('2030-12-23', 2);
        const second = await dated('2031-03-03', 3);
        await dated('2031-04-01', 4);
        const dueOf = async (id: string) => (await read(id)).deadlines.publication?.due;
        expect(await dueOf(first)).toBe('2031-01-02');
        expect(await dueOf(second)).toBe('2031-03-12');
        const found: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listDueBetween('publication', d('2031-01-02'), d('2031-03-12'), cursor, 1);
          found.push(...page.items.map((i) => i.id));
          cursor = page.cursor;
        } while (cursor !== undefined);
        expect(found).toEqual([first, second]);
      });
    });

    describe('the publishing index (the reconcile sweep)', () => {
      // The suite shares one store: read every page and keep only this test's decisions.
      async function publishingSince(since: string): Promise<Map<string, string>> {
        const found = new Map<string, string>();
        let cursor: string | undefined;
        do {
          const page = await store.listDue('publishing', since, cursor, 50);
          for (const { id, due } of page.items) found.set(id, due);
          cursor = page.cursor;
        } while (cursor !== undefined);
        return found;
      }

      it('lists a decision exactly while it is in publishing, by when it got there', async () => {
        const created = await create({ agencyId: newAgency() });
        const id = created.decision.id;
        expect((await publishingSince('9999-12-31T00:00:00.000Z')).has(id)).toBe(false);
        const approved = await approve(created);
        const since = approved.decision.updatedAt;
        expect((await publishingSince(since)).get(id)).toBe(since);
        const justBefore = new Date(Date.parse(since) - 1).toISOString();
        expect((await publishingSince(justBefore)).has(id)).toBe(false);
        await publish(approved);
        expect((await publishingSince('9999-12-31T00:00:00.000Z')).has(id)).toBe(false);
      });
    });

    describe('the takedown index (R7)', () => {
      async function due(kind: 'takedown' | 'publication'): Promise<Map<string, string>> {
        const found = new Map<string, string>();
        let cursor: string | undefined;
        do {
          const page = await store.listDue(kind, d('9999-12-31'), cursor, 50);
          for (const item of page.items) found.set(item.id, item.due);
          cursor = page.cursor;
        } while (cursor !== undefined);
        return found;
      }

      it('lists a withdrawn decision by its takedown deadline until the takedown is confirmed', async () => {
        const agencyId = newAgency();
        const live = await publish(await approve(await create({ agencyId })));
        const id = live.decision.id;
        expect((await due('takedown')).has(id)).toBe(false);
        const withdrawn = await step(
          live,
          {
            type: 'withdraw',
            reason: 'revoked',
            explanation: '已被复议撤销',
            legalEventDate: live.decision.revisions[0]?.content.decisionDate as LocalDate,
          },
          submitter(agencyId),
        );
        expect((await due('takedown')).get(id)).toBe(withdrawn.deadlines.takedown?.due);
        // The two lists share an index but never each other's entries.
        expect((await due('publication')).has(id)).toBe(false);
        await step(withdrawn, { type: 'confirm_takedown' }, publisher);
        expect((await due('takedown')).has(id)).toBe(false);
      });

      it('lists a withdrawal made by one person by its confirmation deadline until another reviewer confirms it (R8)', async () => {
        const agencyId = newAgency();
        const live = await publish(await approve(await create({ agencyId })));
        const id = live.decision.id;
        const confirmations = async () =>
          new Map(
            (await store.listDue('confirmation', '9999-12-31' as LocalDate)).items.map((i) => [i.id, i.due]),
          );
        expect((await confirmations()).has(id)).toBe(false);
        const withdrawn = await step(
          live,
          { type: 'withdraw', reason: 'emergency', explanation: '严重后果' },
          submitter(agencyId),
        );
        expect(withdrawn.deadlines.confirmation).toBeDefined();
        expect((await confirmations()).get(id)).toBe(withdrawn.deadlines.confirmation?.due);
        // It shares the expiry index, never the expiry partition.
        expect(
          (await store.listDue('expiry', '9999-12-31' as LocalDate)).items.map((i) => i.id),
        ).not.toContain(id);
        await step(withdrawn, { type: 'confirm_withdrawal', comment: '' }, reviewer(agencyId));
        expect((await confirmations()).has(id)).toBe(false);
      });

      it('lists a correction of a published decision by its same-day review deadline, in the publication’s place, until it is reviewed (R8)', async () => {
        const agencyId = newAgency();
        const live = await publish(await approve(await create({ agencyId })));
        const id = live.decision.id;
        const content = latestRevision(live.decision).content;
        const corrected = await step(
          live,
          {
            type: 'correct',
            content: { ...content, result: '罚款人民币叁万元' },
            basisDate: content.decisionDate,
          },
          submitter(agencyId),
        );
        const reviews = new Map(
          (await store.listDue('correction_review', d('9999-12-31'))).items.map((i) => [i.id, i.due]),
        );
        expect(reviews.get(id)).toBe(corrected.deadlines.correctionReview?.due);
        expect((await due('publication')).has(id)).toBe(false);
        await step(
          corrected,
          { type: 'reject', comment: '依据不足' },
          { ...reviewer(agencyId), userId: 'sun.li' },
        );
        expect(
          (await store.listDue('correction_review', d('9999-12-31'))).items.map((i) => i.id),
        ).not.toContain(id);
      });
    });

    describe('refusals counted for supervision (R14, R12)', () => {
      it('counts refusals per agency, reason and day, and sums them over a period, inclusive', async () => {
        const agencyId = newAgency();
        const other = newAgency();
        await store.countRefusal(agencyId, 'legal_review_required', d('2025-09-30'));
        await store.countRefusal(agencyId, 'legal_review_required', d('2025-09-30'));
        await store.countRefusal(agencyId, 'legal_review_required', d('2025-10-09'));
        await store.countRefusal(other, 'legal_review_required', d('2025-09-30'));
        expect(
          await store.refusals(agencyId, 'legal_review_required', d('2025-09-30'), d('2025-10-09')),
        ).toBe(3);
        expect(
          await store.refusals(agencyId, 'legal_review_required', d('2025-10-01'), d('2025-10-08')),
        ).toBe(0);
        expect(
          await store.refusals(agencyId, 'legal_review_required', d('2025-10-09'), d('2025-10-09')),
        ).toBe(1);
        expect(await store.refusals(other, 'legal_review_required', d('2025-01-01'), d('2025-12-31'))).toBe(
          1,
        );
        expect(
          await store.refusals(agencyId, 'legal_review_required', d('2025-10-09'), d('2025-09-30')),
        ).toBe(0);
      });
    });

    describe('the exemption review index (R3)', () => {
      async function reviewsDue(onOrBefore: string): Promise<Map<string, string>> {
        const found = new Map<string, string>();
        let cursor: string | undefined;
        do {
          const page = await store.listDue('exemption_review', d(onOrBefore), cursor, 50);
          for (const item of page.items) found.set(item.id, item.due);
          cursor = page.cursor;
        } while (cursor !== undefined);
        return found;
      }

      it('lists an exempt decision by its review date, and not among expiries', async () => {
        const agencyId = newAgency();
        const content: DecisionContent = {
          ...PENALTY,
          exemption: { reason: 'hampers_enforcement', reviewOn: d('2025-12-01') },
        };
        const created = await create({ agencyId, content });
        const id = created.decision.id;
        expect((await reviewsDue('9999-12-31')).has(id)).toBe(false);
        await step(created, { type: 'exempt', comment: '妨害正常执法活动' }, reviewer(agencyId));
        expect((await reviewsDue('2025-11-30')).has(id)).toBe(false);
        expect((await reviewsDue('2025-12-01')).get(id)).toBe('2025-12-01');
        const expiries = await store.listDue('expiry', d('9999-12-31'), undefined, 100);
        expect(expiries.items.some((item) => item.id === id)).toBe(false);
      });
    });

    describe('the expiry index, record by record (R6, the withdrawal sweep)', () => {
      async function expiring(): Promise<Map<string, StoredDecision>> {
        const found = new Map<string, StoredDecision>();
        let cursor: string | undefined;
        do {
          const page = await store.listDueRecords('expiry', d('9999-12-31'), cursor, 50);
          for (const record of page.items) found.set(record.decision.id, record);
          cursor = page.cursor;
        } while (cursor !== undefined);
        return found;
      }
      const expire = (record: StoredDecision) =>
        step(record, { type: 'withdraw', reason: 'expired', explanation: '' }, sweepActor);

      it('lists a published decision as a list shows it, and a withdrawal saved from that keeps every revision', async () => {
        let stored = await publish(await approve(await create({ agencyId: newAgency() })));
        stored = await correct(stored, { ...PENALTY, result: '罚款人民币肆万元' }, '2025-10-20');
        stored = await publish(await approve(stored));
        const id = stored.decision.id;
        const record = (await expiring()).get(id);
        expect(record).toEqual({
          ...stored,
          decision: { ...stored.decision, revisions: [stored.decision.revisions[1]] },
        });
        const withdrawn = await expire(record as StoredDecision);
        const read = await store.get(id);
        expect(read?.decision.status).toBe('withdrawn');
        expect(read?.decision.revisions).toEqual(stored.decision.revisions);
        expect(read).toEqual({
          ...withdrawn,
          decision: { ...withdrawn.decision, revisions: stored.decision.revisions },
        });
        expect((await store.auditTrail(id)).map((e) => e.action).at(-1)).toBe('withdraw');
        expect((await expiring()).has(id)).toBe(false);
      });

      it('refuses a withdrawal saved from a record the decision has moved past, and writes nothing of it', async () => {
        const stored = await publish(await approve(await create({ agencyId: newAgency() })));
        const id = stored.decision.id;
        const record = (await expiring()).get(id) as StoredDecision;
        const corrected = await correct(stored, { ...PENALTY, result: '罚款人民币叁万元' }, '2025-10-21');
        expect(
          await conflictOf(
            store.save(change(record, { type: 'withdraw', reason: 'expired', explanation: '' }, sweepActor)),
          ),
        ).toBe('version_conflict');
        expect(await store.get(id)).toEqual(corrected);
      });
    });
  });
}

/** What every AgencyRegistry (an AgencyDirectory operators can write and list) must do. */
export function describeAgencyDirectoryContract(
  name: string,
  makeDirectory: () => Promise<AgencyRegistry>,
): void {
  describe(`${name} keeps the AgencyDirectory contract`, () => {
    let directory: AgencyRegistry;
    beforeAll(async () => {
      directory = await makeDirectory();
    });

    it('gives an agency never stored the statutory defaults and its id as name', async () => {
      const id = newAgency();
      expect(await directory.get(id)).toEqual({
        id,
        name: id,
        settings: DEFAULT_AGENCY_SETTINGS(id),
        registered: false,
      });
    });

    it('reads back a stored agency with tightened settings', async () => {
      const id = newAgency();
      const agency: Agency = {
        id,
        name: '四平市工业和信息化局',
        settings: {
          ...DEFAULT_AGENCY_SETTINGS(id),
          publishWithinWorkingDays: { penalty: 3 },
          expiry: 'keep',
        },
      };
      await directory.putAgency(agency);
      expect(await directory.get(id)).toEqual(agency);
    });

    it('refuses settings that loosen the law, or that belong to another agency', async () => {
      const id = newAgency();
      const loose = { ...DEFAULT_AGENCY_SETTINGS(id), publishWithinWorkingDays: { penalty: 10 } };
      await expect(directory.putAgency({ id, name: '四平市', settings: loose })).rejects.toMatchObject({
        code: 'invalid_setting',
        field: 'publishWithinWorkingDays.penalty',
      });
      await expect(
        directory.putAgency({ id, name: '四平市', settings: DEFAULT_AGENCY_SETTINGS('someone-else') }),
      ).rejects.toMatchObject({ field: 'settings.agencyId' });
      expect(await directory.get(id)).toEqual({
        id,
        name: id,
        settings: DEFAULT_AGENCY_SETTINGS(id),
        registered: false,
      });
    });

    it('finds only stored agencies, and lists every stored agency by id', async () => {
      const [a, b, never] = [newAgency(), newAgency(), newAgency()];
      expect(await directory.find(never)).toBeUndefined();
      const second: Agency = { id: b, name: '长治市', settings: DEFAULT_AGENCY_SETTINGS(b) };
      const first: Agency = {
        id: a,
        name: '四平市',
        settings: { ...DEFAULT_AGENCY_SETTINGS(a), expiry: 'keep' },
      };
      await directory.putAgency(second);
      await directory.putAgency(first);
      expect(await directory.find(a)).toEqual(first);
      const listed = await directory.list();
      const ids = listed.map((agency) => agency.id);
      expect(ids).toEqual([...ids].sort());
      const byId = (x: Agency, y: Agency) => (x.id < y.id ? -1 : 1);
      expect(listed.filter((agency) => agency.id === a || agency.id === b)).toEqual(
        [first, second].sort(byId),
      );
      expect(ids).not.toContain(never);
    });
  });
}
