/**
 * What every CatalogStore must do (R10), run against each adapter: DynamoDB Local in the integration project,
 * memory in the unit project, so the use cases' tests over the memory store speak for production. Records are
 * built with the real domain: `decideCatalog` for each change, `appendAudit` for the chain.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, EMPTY_HEAD, verifyAuditChain } from '../../shared/domain/audit.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import {
  type CatalogInput,
  type LawChange,
  lawChangeDeadline,
  type OpenLawChange,
  validateCatalogInput,
} from '../../shared/domain/catalog.ts';
import { type CatalogEvent, decideCatalog } from '../../shared/domain/catalog-lifecycle.ts';
import type { LocalDate } from '../../shared/domain/dates.ts';
import type { Actor } from '../../shared/domain/decision.ts';
import {
  type CatalogStore,
  type CatalogWrite,
  InvalidCursorError,
  type LawChangeWrite,
  StoreConflictError,
  type StoredCatalogItem,
} from '../../shared/ports.ts';
import { contactsInput, dutiesInput, flowchartInput, licenceInput, staffInput } from '../fixtures/catalog.ts';

const calendar = createDefaultCalendar();
let clock = Date.parse('2025-09-20T02:00:00Z');
const now = () => {
  clock += 1_000;
  return new Date(clock).toISOString();
};
const submitter = (agencyId: string): Actor => ({
  kind: 'user',
  userId: 'li.na',
  agencyId,
  roles: ['submitter'],
});
const reviewer = (agencyId: string): Actor => ({
  kind: 'user',
  userId: 'wang.fang',
  agencyId,
  roles: ['reviewer'],
});
const publisher: Actor = { kind: 'system', userId: 'system:publisher' };
const newAgency = () => `cat-${randomUUID().slice(0, 8)}`;
const newId = () => `C${randomUUID().replaceAll('-', '').slice(0, 20).toUpperCase()}`;

export function catalogCreation(
  agencyId: string,
  input: CatalogInput = dutiesInput(),
  id = newId(),
): CatalogWrite {
  const { kind, content, attachments } = validateCatalogInput(input);
  const result = decideCatalog(
    undefined,
    { type: 'submit', id, kind, content, attachments },
    { actor: submitter(agencyId), at: now() },
  );
  const audit = appendAudit(EMPTY_HEAD, result.audit);
  return { next: { item: result.item, auditHead: { seq: audit.seq, hash: audit.hash } }, audit };
}

export function catalogChange(previous: StoredCatalogItem, event: CatalogEvent, actor: Actor): CatalogWrite {
  const result = decideCatalog(previous.item, event, { actor, at: now() });
  const audit = appendAudit(previous.auditHead, result.audit);
  return { previous, next: { item: result.item, auditHead: { seq: audit.seq, hash: audit.hash } }, audit };
}

function openLawChange(id: string, effectiveDate: string): OpenLawChange {
  return {
    lawChangeId: id,
    title: '《危险化学品安全管理条例》修订',
    kind: 'regulation',
    effectiveDate: effectiveDate as LocalDate,
    recordedAt: now(),
    deadline: lawChangeDeadline(effectiveDate as LocalDate, calendar),
  };
}

/** A law change effective on the date, putting its deadline on each item, as recordLawChange writes it. */
export function lawChangeWrite(
  agencyId: string,
  items: readonly StoredCatalogItem[],
  effectiveDate: string,
): LawChangeWrite {
  const change = openLawChange(`L${randomUUID().slice(0, 8)}`, effectiveDate);
  const lawChange: LawChange = {
    id: change.lawChangeId,
    agencyId,
    title: change.title,
    kind: change.kind,
    effectiveDate: change.effectiveDate,
    recordedAt: change.recordedAt,
    recordedBy: 'li.na',
    itemIds: items.map((s) => s.item.id),
    deadline: change.deadline,
  };
  const audit = appendAudit(EMPTY_HEAD, {
    subject: lawChange.id,
    action: 'record',
    actor: { userId: 'li.na', agencyId },
    at: change.recordedAt,
    detail: { itemIds: lawChange.itemIds },
  });
  return {
    lawChange: { lawChange, auditHead: { seq: audit.seq, hash: audit.hash } },
    audit,
    items: items.map((s) => catalogChange(s, { type: 'law_change', lawChange: change }, submitter(agencyId))),
  };
}

export function describeCatalogStoreContract(name: string, makeStore: () => Promise<CatalogStore>): void {
  describe(`${name} keeps the CatalogStore contract`, () => {
    let store: CatalogStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    async function created(agencyId: string, input?: CatalogInput): Promise<StoredCatalogItem> {
      const write = catalogCreation(agencyId, input);
      await store.save(write);
      return write.next;
    }

    async function step(stored: StoredCatalogItem, event: CatalogEvent, actor: Actor) {
      const write = catalogChange(stored, event, actor);
      await store.save(write);
      return write.next;
    }

    async function published(agencyId: string, input?: CatalogInput) {
      let stored = await created(agencyId, input);
      stored = await step(stored, { type: 'approve', comment: '同意' }, reviewer(agencyId));
      return step(stored, { type: 'publish' }, publisher);
    }

    it('reads back exactly what a create wrote, and nothing for an unknown id', async () => {
      const write = catalogCreation(newAgency(), flowchartInput());
      await store.save(write);
      expect(await store.get(write.next.item.id)).toEqual(write.next);
      expect(await store.get(newId())).toBeUndefined();
    });

    it('reads back every revision and review as the item goes through its life', async () => {
      const agency = newAgency();
      let stored = await published(agency);
      const { content, attachments } = validateCatalogInput(dutiesInput({ body: '修订后的职责。' }));
      stored = await step(stored, { type: 'revise', content, attachments }, submitter(agency));
      stored = await step(stored, { type: 'reject', comment: '请补充依据' }, reviewer(agency));
      const read = await store.get(stored.item.id);
      expect(read).toEqual(stored);
      expect(read?.item.revisions.map((r) => r.review?.outcome)).toEqual(['approve', 'reject']);
    });

    it('hands out copies: changing what was written or read leaves the stored item alone', async () => {
      const write = catalogCreation(newAgency());
      await store.save(write);
      const bases = (stored: StoredCatalogItem) => stored.item.revisions.flatMap((r) => r.content.legalBasis);
      (write.next.item.revisions.at(0)?.content.legalBasis as string[] | undefined)?.push('篡改');
      const read = (await store.get(write.next.item.id)) as StoredCatalogItem;
      (read.item.revisions.at(0)?.content.legalBasis as string[] | undefined)?.push('篡改');
      expect(bases(write.next)).toContain('篡改');
      expect((await store.get(write.next.item.id))?.item.revisions[0]?.content.legalBasis).not.toContain(
        '篡改',
      );
    });

    it('refuses a change from a stale version, a second create of an id, and writes nothing of either', async () => {
      const agency = newAgency();
      const stored = await created(agency);
      await step(stored, { type: 'approve', comment: '' }, reviewer(agency));
      const stale = catalogChange(stored, { type: 'reject', comment: '退回' }, reviewer(agency));
      await expect(store.save(stale)).rejects.toBeInstanceOf(StoreConflictError);
      await expect(store.save(stale)).rejects.toMatchObject({ code: 'version_conflict' });
      expect((await store.get(stored.item.id))?.item.status).toBe('publishing');
      const again = catalogCreation(agency, dutiesInput(), stored.item.id);
      await expect(store.save(again)).rejects.toMatchObject({ code: 'version_conflict' });
      expect((await store.auditTrail(stored.item.id)).map((e) => e.action)).toEqual(['submit', 'approve']);
    });

    it('lets exactly one of ten concurrent changes of the same version through', async () => {
      const agency = newAgency();
      const stored = await created(agency);
      const writes = Array.from({ length: 10 }, (_, i) =>
        catalogChange(stored, { type: 'reject', comment: `退回 ${i}` }, reviewer(agency)),
      );
      const results = await Promise.allSettled(writes.map((w) => store.save(w)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.auditTrail(stored.item.id)).toHaveLength(2);
    });

    it('refuses a write whose audit event does not extend the stored chain by one', async () => {
      const stored = await created(newAgency());
      const write = catalogChange(stored, { type: 'approve', comment: '' }, reviewer(stored.item.agencyId));
      const skipped = appendAudit(write.next.auditHead, { ...write.audit, at: now() });
      await expect(
        store.save({ ...write, audit: skipped, next: { ...write.next, auditHead: skipped } }),
      ).rejects.toThrow(/does not follow/);
    });

    it('returns the whole audit chain in order, and it verifies against the stored head (R11)', async () => {
      const stored = await published(newAgency());
      const events = await store.auditTrail(stored.item.id);
      expect(events.map((e) => e.action)).toEqual(['submit', 'approve', 'publish']);
      expect(
        verifyAuditChain(events, { expectedHead: stored.auditHead, subject: stored.item.id }).valid,
      ).toBe(true);
      expect(await store.auditTrail(newId())).toEqual([]);
    });

    describe('lists', () => {
      it("lists an agency's items in the order of §四(四), a status or a kind alone, never another agency's", async () => {
        const agency = newAgency();
        const contacts = await created(agency, contactsInput());
        const duties = await published(agency, dutiesInput());
        const staff = await created(agency, staffInput());
        const licence = await created(agency, licenceInput());
        await created(newAgency(), dutiesInput());
        const all = await store.list({ agencyId: agency, limit: 10 });
        expect(all.items.map((s) => s.item.id)).toEqual(
          [staff, duties, licence, contacts].map((s) => s.item.id),
        );
        expect(all.cursor).toBeUndefined();
        expect(all.items[1]?.item.revisions).toHaveLength(1);
        const pending = await store.list({ agencyId: agency, status: 'pending_review', limit: 10 });
        expect(pending.items.map((s) => s.item.kind)).toEqual(['staff', 'licence', 'contacts']);
        const kind = await store.list({ agencyId: agency, kind: 'duties', limit: 10 });
        expect(kind.items.map((s) => s.item.id)).toEqual([duties.item.id]);
        expect(
          (await store.list({ agencyId: agency, status: 'published', kind: 'staff', limit: 10 })).items,
        ).toEqual([]);
      });

      it('pages without duplicates or gaps, no cursor on the last page, and refuses a cursor of another list', async () => {
        const agency = newAgency();
        const ids: string[] = [];
        for (let i = 0; i < 5; i++)
          ids.push((await created(agency, dutiesInput({ title: `职责 ${i}` }))).item.id);
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.list({ agencyId: agency, limit: 2, ...(cursor ? { cursor } : {}) });
          seen.push(...page.items.map((s) => s.item.id));
          cursor = page.cursor;
          pages += 1;
        } while (cursor);
        expect(seen).toEqual(ids);
        expect(pages).toBe(3);
        const first = await store.list({ agencyId: agency, limit: 2 });
        await expect(
          store.list({ agencyId: newAgency(), limit: 2, cursor: first.cursor as string }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(
          store.list({ agencyId: agency, limit: 2, cursor: 'bm90IGEgY3Vyc29y' }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
      });
    });

    describe('law changes (R10)', () => {
      it('records a law change and its deadline on every item in one write, and lists them by due date', async () => {
        const agency = newAgency();
        const a = await published(agency, licenceInput());
        const b = await created(agency, flowchartInput());
        const change = openLawChange(`L${randomUUID().slice(0, 8)}`, '2025-09-26');
        const itemWrites = [a, b].map((s) =>
          catalogChange(s, { type: 'law_change', lawChange: change }, submitter(agency)),
        );
        const lawChange: LawChange = {
          id: change.lawChangeId,
          agencyId: agency,
          title: change.title,
          kind: change.kind,
          effectiveDate: change.effectiveDate,
          recordedAt: change.recordedAt,
          recordedBy: 'li.na',
          itemIds: [a.item.id, b.item.id],
          deadline: change.deadline,
        };
        const audit = appendAudit(EMPTY_HEAD, {
          subject: lawChange.id,
          action: 'record',
          actor: { userId: 'li.na', agencyId: agency },
          at: change.recordedAt,
          detail: { itemIds: lawChange.itemIds },
        });
        const stored = { lawChange, auditHead: { seq: audit.seq, hash: audit.hash } };
        await store.saveLawChange({ lawChange: stored, audit, items: itemWrites });
        expect(await store.getLawChange(lawChange.id)).toEqual(stored);
        expect((await store.lawChangeAuditTrail(lawChange.id)).map((e) => e.action)).toEqual(['record']);
        for (const w of itemWrites) expect(await store.get(w.next.item.id)).toEqual(w.next);

        const due = await store.listDue('update', '2025-10-30' as LocalDate);
        const mine = due.items.filter((i) => i.id === a.item.id || i.id === b.item.id);
        expect(mine).toEqual([
          { id: [a.item.id, b.item.id].sort()[0], due: '2025-10-30' },
          { id: [a.item.id, b.item.id].sort()[1], due: '2025-10-30' },
        ]);
        const before = await store.listDue('update', '2025-10-29' as LocalDate);
        expect(before.items.some((i) => i.id === a.item.id)).toBe(false);

        // An approved revision written after the law change answers it: the item leaves the index.
        const { content, attachments } = validateCatalogInput(licenceInput({ body: '依修订后的条例更新。' }));
        const current = (await store.get(a.item.id)) as StoredCatalogItem;
        let updated = await step(current, { type: 'revise', content, attachments }, submitter(agency));
        updated = await step(updated, { type: 'approve', comment: '' }, reviewer(agency));
        const after = await store.listDue('update', '2099-12-31' as LocalDate);
        expect(after.items.some((i) => i.id === a.item.id)).toBe(false);
        expect(after.items.some((i) => i.id === b.item.id)).toBe(true);
        expect(updated.item.lawChanges).toEqual([]);
      });

      it('writes nothing of a law change when one of its items changed meanwhile', async () => {
        const agency = newAgency();
        const a = await created(agency);
        const b = await created(agency);
        const change = openLawChange(`L${randomUUID().slice(0, 8)}`, '2025-09-26');
        const itemWrites = [a, b].map((s) =>
          catalogChange(s, { type: 'law_change', lawChange: change }, submitter(agency)),
        );
        await step(b, { type: 'reject', comment: '退回' }, reviewer(agency));
        const lawChange: LawChange = {
          id: change.lawChangeId,
          agencyId: agency,
          title: change.title,
          kind: change.kind,
          effectiveDate: change.effectiveDate,
          recordedAt: change.recordedAt,
          recordedBy: 'li.na',
          itemIds: [a.item.id, b.item.id],
          deadline: change.deadline,
        };
        const audit = appendAudit(EMPTY_HEAD, {
          subject: lawChange.id,
          action: 'record',
          actor: { userId: 'li.na' },
          at: change.recordedAt,
        });
        await expect(
          store.saveLawChange({
            lawChange: { lawChange, auditHead: { seq: 1, hash: audit.hash } },
            audit,
            items: itemWrites,
          }),
        ).rejects.toMatchObject({ code: 'version_conflict' });
        expect(await store.getLawChange(lawChange.id)).toBeUndefined();
        expect((await store.get(a.item.id))?.item.lawChanges).toEqual([]);
      });
    });

    it('lists an item on the publishing index exactly while it is in publishing, by when it got there', async () => {
      const agency = newAgency();
      let stored = await created(agency);
      stored = await step(stored, { type: 'approve', comment: '' }, reviewer(agency));
      const listed = await store.listDue('publishing', '2999-01-01T00:00:00.000Z');
      expect(listed.items).toContainEqual({ id: stored.item.id, due: stored.item.updatedAt });
      const early = await store.listDue('publishing', '2000-01-01T00:00:00.000Z');
      expect(early.items.some((i) => i.id === stored.item.id)).toBe(false);
      await step(stored, { type: 'publish' }, publisher);
      const after = await store.listDue('publishing', '2999-01-01T00:00:00.000Z');
      expect(after.items.some((i) => i.id === stored.item.id)).toBe(false);
    });
  });
}
