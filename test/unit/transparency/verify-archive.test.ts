/**
 * ADR 0022: `npm run verify-archive` over a site's log as the platform wrote it: an honest export passes; an
 * edited line, a removed line and a file of a day never anchored each fail, saying why.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuditArchive } from '../../../shared/adapters/memory/audit-archive.ts';
import { exportAuditDays } from '../../../shared/app/audit-anchors.ts';
import { renderAuditExport } from '../../../shared/domain/audit-export.ts';
import { canonicalJson } from '../../../shared/domain/canonical-json.ts';
import { type LocalDate, shanghaiDate } from '../../../shared/domain/dates.ts';
import { formatArchiveReport, verifyArchive } from '../../../shared/transparency/verify-archive.ts';
import { chain } from '../../fixtures/audit-chains.ts';
import { fetcherOf, platform, SITE_URL } from './scenario.ts';

const A = chain('D0001', ['2026-12-05T16:30:00Z', '2026-12-06T03:00:00Z', '2026-12-06T15:59:59Z']);
const B = chain('C0002', ['2026-12-06T01:00:00Z']);
const KEY = 'audit/2026/12/06.ndjson';

async function exported() {
  const p = platform({ start: '2026-12-06T16:00:00Z' });
  const archive = new MemoryAuditArchive();
  const events = [...A, ...B];
  await exportAuditDays(
    {
      log: p.log,
      archive,
      audit: { eventsOn: async (day: LocalDate) => events.filter((e) => shanghaiDate(e.at) === day) },
    },
    new Date('2026-12-06T16:20:00Z'),
  );
  await p.checkpoint(new Date('2026-12-06T16:21:00Z'));
  const body = archive.objects.get(KEY) ?? '';
  const check = (text: string, name = `exports/${KEY}`) =>
    verifyArchive({ siteUrl: SITE_URL, fetch: fetcherOf(p.site), file: { name, body: text } });
  return { p, body, check };
}

describe('verifying an audit export against the site’s log (ADR 0022)', () => {
  it('passes the export the platform wrote and anchored', async () => {
    const { body, check } = await exported();
    const report = await check(body);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ day: '2026-12-06', events: 4, subjects: 2, anchor: { seq: 1 } });
    expect(formatArchiveReport(KEY, report)[0]).toMatch(/^OK: .* anchored by transparency log entry 1/);
  });

  it('fails an edited line, naming the line and the anchored digest', async () => {
    const { body, check } = await exported();
    const lines = body.split('\n');
    const edited = JSON.parse(lines[1] ?? '{}');
    edited.after = { step: 'forged' };
    lines[1] = canonicalJson(edited);
    const report = await check(lines.join('\n'));
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/line 2 \(D0001 event 1\) was altered/),
        expect.stringMatching(/hashes to .*but log entry 1 anchored .*not the export that was anchored/),
      ]),
    );
    expect(formatArchiveReport(KEY, report).every((line) => line.startsWith('FAIL '))).toBe(true);
  });

  it('fails a removed line, by the gap it leaves and the digest', async () => {
    const { body, check } = await exported();
    const lines = body.split('\n');
    lines.splice(2, 1); // D0001 event 2
    const report = await check(lines.join('\n'));
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/D0001 event 3 follows event 1: events 2–2 are missing/),
        expect.stringMatching(/the summary counts 4 events, the file has 3/),
        expect.stringMatching(/not the export that was anchored/),
      ]),
    );
  });

  it('fails a file of a day the log never anchored, even one that holds up on its own', async () => {
    const { check } = await exported();
    const later = chain('D0003', ['2026-12-07T02:00:00Z']);
    const report = await check(
      renderAuditExport('2026-12-07' as LocalDate, later),
      'audit/2026/12/07.ndjson',
    );
    expect(report.problems).toEqual([
      "the site's transparency log has no anchor of 2026-12-07 (audit-2026-12-07): this export was never anchored",
    ]);
  });

  it('fails a file that is not an export at all, without throwing', async () => {
    const { check } = await exported();
    const report = await check('not json\n', 'notes.txt');
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/line 1 is not JSON/),
        expect.stringMatching(/no summary line/),
        expect.stringMatching(/says which day it exports/),
      ]),
    );
  });
});
