/**
 * ADR 0022 (R11): the daily audit export and the anchors it leaves, over the memory adapters: yesterday's events
 * (China time) of every record, written once and anchored once; a catch-up of the days since the last anchor;
 * and an audit chain rewritten with every hash recomputed, caught against the log and the archived heads.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuditArchive } from '../../../shared/adapters/memory/audit-archive.ts';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import { exportAuditDays, MAX_EXPORT_DAYS, verifyAgainstAnchors } from '../../../shared/app/audit-anchors.ts';
import { type AuditEvent, verifyAuditChain } from '../../../shared/domain/audit.ts';
import { auditExportKey, checkAuditExport } from '../../../shared/domain/audit-export.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { shanghaiDate } from '../../../shared/domain/dates.ts';
import { sha256Hex } from '../../../shared/domain/transparency-log.ts';
import type { AuditDayReader } from '../../../shared/ports.ts';
import { chain, rewritten } from '../../fixtures/audit-chains.ts';

function reader(events: readonly AuditEvent[]): AuditDayReader {
  return { eventsOn: async (day: LocalDate) => events.filter((e) => shanghaiDate(e.at) === day) };
}

// 2026-12-06 in China runs from 2026-12-05T16:00Z to 2026-12-06T16:00Z.
const A = chain('D0001', ['2026-12-05T16:30:00Z', '2026-12-06T03:00:00Z', '2026-12-06T15:59:59Z']);
const B = chain('C0002', ['2026-12-06T01:00:00Z', '2026-12-06T17:00:00Z']);
const NOW = new Date('2026-12-06T16:20:00Z'); // 00:20 on 12-07 in China

describe('the daily audit export (ADR 0022)', () => {
  it('writes yesterday’s events of every record, by subject then seq, with their heads, and anchors the file', async () => {
    const log = new MemoryTransparencyLog();
    const archive = new MemoryAuditArchive();
    // A log already anchored up to the day before, so this run exports one day.
    await log.append({
      time: '2026-12-05T16:20:00Z',
      decisionId: 'audit-2026-12-05',
      action: 'anchor',
      document: auditExportKey('2026-12-05' as LocalDate),
      sha256: 'a'.repeat(64),
    });
    const [day, ...more] = await exportAuditDays({ log, archive, audit: reader([...A, ...B]) }, NOW);
    expect(more).toEqual([]);
    expect(day).toMatchObject({
      day: '2026-12-06',
      key: 'audit/2026/12/06.ndjson',
      events: 4,
      written: true,
    });
    const body = archive.objects.get('audit/2026/12/06.ndjson') ?? '';
    const lines = body.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).subject ?? 'summary')).toEqual([
      'C0002',
      'D0001',
      'D0001',
      'D0001',
      'summary',
    ]);
    const parsed = checkAuditExport(body);
    expect(parsed.findings).toEqual([]);
    expect(parsed.summary?.heads).toEqual({
      C0002: { seq: 1, hash: B[0]?.hash },
      D0001: { seq: 3, hash: A[2]?.hash },
    });
    const anchor = await log.logged({ decisionId: 'audit-2026-12-06', action: 'anchor' });
    expect(anchor).toMatchObject({
      action: 'anchor',
      document: 'audit/2026/12/06.ndjson',
      sha256: sha256Hex(body),
    });
  });

  it('rewrites nothing when run again, and refuses to anchor a day whose archived file no longer matches', async () => {
    const log = new MemoryTransparencyLog();
    const archive = new MemoryAuditArchive();
    const ports = { log, archive, audit: reader([...A, ...B]) };
    const first = await exportAuditDays(ports, NOW);
    const size = (await log.head()).size;
    expect(await exportAuditDays(ports, NOW)).toEqual([]);
    expect((await log.head()).size).toBe(size);
    // The object was written by an earlier run whose anchor was lost: it is kept, and anchored as it is.
    const lost = new MemoryTransparencyLog();
    const again = await exportAuditDays({ ...ports, log: lost }, NOW);
    expect(again.at(-1)).toMatchObject({ day: '2026-12-06', written: false, sha256: first.at(-1)?.sha256 });
    // The table changed since: the archive's file is not what the day's events are now.
    const other = new MemoryTransparencyLog();
    await expect(
      exportAuditDays({ log: other, archive, audit: reader([...rewritten(A, 2), ...B]) }, NOW),
    ).rejects.toThrow(/another digest/);
  });

  it(`catches up every day since the last anchored one, at most ${MAX_EXPORT_DAYS} a run, oldest first`, async () => {
    const log = new MemoryTransparencyLog();
    const archive = new MemoryAuditArchive();
    await log.append({
      time: '2026-11-20T16:20:00Z',
      decisionId: 'audit-2026-11-20',
      action: 'anchor',
      document: auditExportKey('2026-11-20' as LocalDate),
      sha256: 'b'.repeat(64),
    });
    const ports = { log, archive, audit: reader([...A, ...B]) };
    const first = await exportAuditDays(ports, NOW);
    expect(first.map((d) => d.day)).toEqual([
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    const second = await exportAuditDays(ports, NOW);
    expect(second[0]?.day).toBe('2026-11-28');
    const third = await exportAuditDays(ports, NOW);
    expect(third.map((d) => d.day)).toEqual(['2026-12-05', '2026-12-06']);
    expect(third.map((d) => d.events)).toEqual([0, 4]);
    expect(await exportAuditDays(ports, NOW)).toEqual([]);
  });
});

describe('an audit chain against its anchors (ADR 0022)', () => {
  async function anchored() {
    const log = new MemoryTransparencyLog();
    const archive = new MemoryAuditArchive();
    // The publisher logged the decision with its audit head at event 2.
    await log.append({
      time: '2026-12-06T03:00:01Z',
      decisionId: 'D0001',
      action: 'publish',
      revision: 1,
      document: 'decisions/D0001.json',
      sha256: 'c'.repeat(64),
      audit: { seq: 2, hash: A[1]?.hash ?? '' },
    });
    return { log, archive };
  }

  const check = (ports: Awaited<ReturnType<typeof anchored>>, events: readonly AuditEvent[]) =>
    verifyAgainstAnchors(ports, 'D0001', events, verifyAuditChain(events, { subject: 'D0001' }));

  it('passes the chain as it was anchored', async () => {
    const ports = await anchored();
    await exportAuditDays({ ...ports, audit: reader([...A, ...B]) }, NOW);
    expect(await check(ports, A)).toMatchObject({ valid: true, length: 3 });
  });

  it('names the log entry a chain rewritten with every hash recomputed contradicts', async () => {
    const ports = await anchored();
    const forged = rewritten(A, 1);
    expect(verifyAuditChain(forged)).toMatchObject({ valid: true });
    const verdict = await check(ports, forged);
    expect(verdict).toMatchObject({ valid: false, problem: 'anchor_mismatch', index: 1 });
    expect((verdict as { message: string }).message).toMatch(
      /event 2 .*transparency log entry 1 \(publish\).*rewritten/,
    );
  });

  it('names the archived export when the rewrite is after the last log entry', async () => {
    const ports = await anchored();
    await exportAuditDays({ ...ports, audit: reader([...A, ...B]) }, NOW);
    const verdict = await check(ports, rewritten(A, 3));
    expect(verdict).toMatchObject({ valid: false, problem: 'anchor_mismatch', index: 2 });
    expect((verdict as { message: string }).message).toContain('the archived audit export of 2026-12-06');
  });

  it('names an archived export that is not the one the log anchored', async () => {
    const ports = await anchored();
    await exportAuditDays({ ...ports, audit: reader([...A, ...B]) }, NOW);
    ports.archive.objects.set('audit/2026/12/06.ndjson', 'edited\n');
    const verdict = await check(ports, A);
    expect(verdict).toMatchObject({ valid: false, problem: 'anchor_mismatch' });
    expect((verdict as { message: string }).message).toMatch(/export of 2026-12-06 does not match/);
  });
});
