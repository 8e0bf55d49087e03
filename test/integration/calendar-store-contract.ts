/**
 * The CalendarStore contract (R5, ADR 0013), run on the memory adapter (unit) and on DynamoDB Local
 * (integration): a year and its audit event written together, conditional on the version read; the sweep's
 * mark keeps the version; every loaded year listed in order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, EMPTY_HEAD, headOf, verifyAuditChain } from '../../shared/domain/audit.ts';
import { parseCalendarNotice } from '../../shared/domain/calendar/notice.ts';
import type { CalendarStore, CalendarYearWrite, StoredCalendarYear } from '../../shared/ports.ts';
import { StoreConflictError } from '../../shared/ports.ts';
import { notice2027 } from '../fixtures/calendar.ts';

function load(
  year: number,
  previous?: StoredCalendarYear,
  notice = '国办发明电〔2026〕99号',
): CalendarYearWrite {
  const calendar = { ...parseCalendarNotice(2027, { ...notice2027(), notice }), year };
  const audit = appendAudit(previous?.auditHead ?? EMPTY_HEAD, {
    subject: `calendar-${year}`,
    action: previous ? 'reload_calendar_year' : 'load_calendar_year',
    actor: { userId: 'ops.zhang', agencyId: 'province' },
    at: '2026-12-01T00:00:00.000Z',
  });
  const next: StoredCalendarYear = {
    calendar,
    version: (previous?.version ?? 0) + 1,
    loadedAt: '2026-12-01T00:00:00.000Z',
    loadedBy: 'ops.zhang',
    auditHead: headOf([audit]),
  };
  return { ...(previous ? { previous } : {}), next, audit };
}

export function describeCalendarStoreContract(name: string, makeStore: () => Promise<CalendarStore>): void {
  describe(`${name} keeps the CalendarStore contract`, () => {
    let store: CalendarStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it('writes a year with its audit event, re-loads it on its version, and refuses a stale or second first load', async () => {
      const first = load(2031);
      await store.save(first);
      expect(await store.get(2031)).toEqual(first.next);
      await expect(store.save(load(2031))).rejects.toBeInstanceOf(StoreConflictError);
      const second = load(2031, first.next, '国办发明电〔2030〕2号');
      await store.save(second);
      await expect(store.save(load(2031, first.next))).rejects.toMatchObject({ code: 'version_conflict' });
      expect((await store.get(2031))?.calendar.source).toBe('国办发明电〔2030〕2号');
      const trail = await store.auditTrail(2031);
      expect(trail.map((e) => e.action)).toEqual(['load_calendar_year', 'reload_calendar_year']);
      expect(verifyAuditChain(trail, { expectedHead: second.next.auditHead }).valid).toBe(true);
    });

    it("keeps the version on the sweep's mark, and lists every year in order", async () => {
      await store.save(load(2033));
      const loaded = load(2032);
      await store.save(loaded);
      await store.save({ previous: loaded.next, next: { ...loaded.next, recomputedVersion: 1 } });
      expect(await store.get(2032)).toMatchObject({ version: 1, recomputedVersion: 1 });
      expect((await store.auditTrail(2032)).length).toBe(1);
      const years = (await store.list()).map((s) => s.calendar.year);
      expect(years.filter((y) => y >= 2031 && y <= 2033)).toEqual([2031, 2032, 2033]);
      expect(await store.get(2040)).toBeUndefined();
    });
  });
}
