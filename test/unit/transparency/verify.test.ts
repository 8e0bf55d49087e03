import { describe, expect, it } from 'vitest';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import { rebuildSite } from '../../../shared/app/rebuild-site.ts';
import { transparencyCheckpoint } from '../../../shared/app/transparency.ts';
import { canonicalJson } from '../../../shared/domain/canonical-json.ts';
import {
  hashLogEntry,
  type LogEntry,
  type SignedCheckpoint,
  signCheckpoint,
} from '../../../shared/domain/transparency-log.ts';
import type { DecisionScanner } from '../../../shared/ports.ts';
import { parseCheckpoint, serializeLogChunk } from '../../../shared/site/transparency.ts';
import { formatReport, type VerifyReport, verifySite } from '../../../shared/transparency/verify.ts';
import { fetcherOf, keyPair, platform, SITE_URL, tamper } from './scenario.ts';

const CHUNK0 = 'transparency/log/000000.ndjson';
const HOUR = 60 * 60_000;

type Platform = ReturnType<typeof platform>;

async function verify(
  p: Platform,
  more: { now?: Date; saved?: SignedCheckpoint[] } = {},
): Promise<VerifyReport> {
  return verifySite({
    siteUrl: SITE_URL,
    fetch: fetcherOf(p.site),
    now: more.now ?? p.now(),
    savedCheckpoints: (more.saved ?? []).map((checkpoint, i) => ({
      name: `saved-${i + 1}.json`,
      checkpoint,
    })),
  });
}

/** The scenario, checkpointed: three published (one corrected), one notice, one removed. */
async function checkpointed() {
  const p = platform();
  const ids = await p.scenario();
  await p.checkpoint();
  return { p, ids };
}

function objects(report: VerifyReport): string[] {
  return [...new Set(report.problems.map((problem) => problem.object))];
}

/** The tiled log's objects (ADR 0021): the same entries again, so an edit to the log shows there too. */
const TILED = /^(tlog\/|transparency\/proofs\/|transparency\/log\.vkey)/;

/** The report without what the tiled log says: what the chunks and JSON checkpoints alone show. */
function chained(report: VerifyReport): VerifyReport {
  return { ...report, problems: report.problems.filter((x) => !TILED.test(x.object)) };
}

function lines(p: Platform, key = CHUNK0): string[] {
  return (p.site.objects.get(key)?.body ?? '').split('\n').filter((l) => l !== '');
}

async function setLines(p: Platform, entries: readonly string[], key = CHUNK0): Promise<void> {
  await tamper(p.site, key, () => `${entries.join('\n')}\n`);
}

describe('verifying a site', () => {
  it('passes the site as the platform wrote it, and says what it checked', async () => {
    const { p } = await checkpointed();
    const report = await verify(p);
    expect(report.problems).toEqual([]);
    expect(report.log).toMatchObject({ entries: 7, chunks: 1 });
    expect(report.checkpoints).toMatchObject({ verified: 1, latest: { size: 7 } });
    expect(report.decisions).toEqual({ checked: 4, published: 2, notices: 1, removed: 1 });
    const printed = formatReport(SITE_URL, report);
    expect(printed.at(-1)).toMatch(/^OK: /);
    expect(printed[1]).toContain('7 entries in 1 chunk');
  });

  it('passes a log holding a day’s audit anchor: not a decision, no page to check (ADR 0022)', async () => {
    const p = platform();
    await p.scenario();
    await p.log.append({
      time: p.now().toISOString(),
      decisionId: 'audit-2025-09-28',
      action: 'anchor',
      document: 'audit/2025/09/28.ndjson',
      sha256: 'd'.repeat(64),
    });
    await p.checkpoint();
    const report = await verify(p);
    expect(report.problems).toEqual([]);
    expect(report.log).toMatchObject({ entries: 8 });
    expect(report.decisions).toEqual({ checked: 4, published: 2, notices: 1, removed: 1 });
    expect(report.notes.join('\n')).toContain(
      '1 day(s) of audit exports anchored (the last audit-2025-09-28)',
    );
  });

  it('passes a new site whose publishers have written the chunks but no head.json yet, with a note', async () => {
    const p = platform();
    await p.published();
    await p.published();
    expect(p.site.objects.has('transparency/head.json')).toBe(false);
    const report = await verify(p);
    expect(report.problems).toEqual([]);
    expect(report.log).toMatchObject({ entries: 2, chunks: 1 });
    expect(report.notes).toContainEqual(
      expect.stringContaining('head.json is missing while the log holds 2 entries'),
    );
  });

  it('passes a log checkpointed several times, walking back through every checkpoint', async () => {
    const p = platform();
    await p.published();
    await p.checkpoint();
    await p.published();
    await p.checkpoint();
    const third = await p.published();
    await p.withdrawn(third, 'revoked');
    await p.checkpoint();
    const report = await verify(p);
    expect(report.problems).toEqual([]);
    expect(report.checkpoints).toMatchObject({ verified: 3, latest: { size: 4, previous: 2 } });
  });

  it('names a log entry edited in place', async () => {
    const { p } = await checkpointed();
    const all = lines(p);
    all[1] = (all[1] as string).replace('"revision":1', '"revision":3');
    await setLines(p, all);
    const full = await verify(p);
    const report = chained(full);
    expect(objects(report)).toEqual([CHUNK0]);
    expect(report.problems[0]?.message).toMatch(/^line 2: entry 2 was altered/);
    // The tiled log's checkpoint signed a root the edited entries no longer make; its bundle holds the original.
    expect(full.problems).toContainEqual({
      object: 'tlog/checkpoint',
      message: expect.stringContaining('the log was changed after it was checkpointed'),
    });
    expect(full.problems).toContainEqual({
      object: 'tlog/tile/entries/000.p/7',
      message: "entry 2 differs from the log's entry 2",
    });
  });

  it('names a deleted entry where the gap is, and a deleted last entry by the checkpoint that covered it', async () => {
    const { p } = await checkpointed();
    const all = lines(p);
    await setLines(
      p,
      all.filter((_, i) => i !== 2),
    );
    let report = chained(await verify(p));
    expect(report.problems).toEqual([
      {
        object: CHUNK0,
        message: expect.stringContaining('line 3: entry 4 follows entry 2: entries 3–3 are missing'),
      },
    ]);

    // Cut off the end, and head.json with it: only the signed checkpoint still knows there were 7.
    await setLines(p, all.slice(0, 6));
    const sixth = JSON.parse(all[5] as string) as LogEntry;
    await tamper(p.site, 'transparency/head.json', (body) =>
      body.replace('"size": 7', '"size": 6').replace(/"headHash": "\w+"/, `"headHash": "${sixth.hash}"`),
    );
    report = await verify(p);
    expect(report.problems).toContainEqual({
      object: 'transparency/checkpoint.json',
      message: expect.stringContaining(
        'covers 7 entries, but the log holds 6: entries were removed after they were checkpointed',
      ),
    });
  });

  it('names a reordered chunk', async () => {
    const { p } = await checkpointed();
    const all = lines(p);
    [all[3], all[4]] = [all[4] as string, all[3] as string];
    await setLines(p, all);
    const report = await verify(p);
    expect(report.problems.filter((problem) => problem.object === CHUNK0).length).toBeGreaterThan(0);
    expect(report.problems.some((problem) => /reordered/.test(problem.message))).toBe(true);
  });

  it('catches a log rewritten consistently (every hash recomputed) by its checkpoint', async () => {
    const { p, ids } = await checkpointed();
    // Someone removes the correction from history and rechains everything after it.
    const entries = lines(p).map((line) => JSON.parse(line) as LogEntry);
    const kept = entries.filter((e) => !(e.decisionId === ids.corrected && e.action === 'correct'));
    const rechained: LogEntry[] = [];
    for (const [i, e] of kept.entries()) {
      const prevHash = rechained[i - 1]?.hash ?? '0'.repeat(64);
      const unhashed = { ...e, seq: i + 1, prevHash };
      rechained.push({ ...unhashed, hash: hashLogEntry(unhashed) });
    }
    await tamper(p.site, CHUNK0, () => serializeLogChunk(rechained));
    await tamper(p.site, 'transparency/head.json', (body) =>
      body
        .replace(/"size": \d+/, '"size": 6')
        .replace(/"headHash": "\w+"/, `"headHash": "${rechained[5]?.hash}"`),
    );
    const report = await verify(p);
    // The chain itself is whole now; the signed checkpoint is what no longer fits.
    expect(report.problems).toContainEqual({
      object: 'transparency/checkpoint.json',
      message: expect.stringContaining('covers 7 entries, but the log holds 6'),
    });
    // And the corrected page no longer hashes to what the log now says of it.
    expect(objects(report)).toContain(`decisions/${ids.corrected}.json`);
  });

  it('names a forged checkpoint, and one signed by another key', async () => {
    const { p } = await checkpointed();
    const original = p.site.objects.get('transparency/checkpoint.json')?.body ?? '';
    await tamper(p.site, 'transparency/checkpoint.json', (body) =>
      body.replace(/"time": "[^"]+"/, '"time": "2025-09-28T00:00:00.000Z"'),
    );
    let report = await verify(p);
    expect(report.problems).toContainEqual({
      object: 'transparency/checkpoint.json',
      message: expect.stringContaining('its signature does not verify'),
    });
    expect(objects(report)).toContain('transparency/checkpoints/7.json');

    const checkpoint = parseCheckpoint('c', original);
    const foreign = signCheckpoint(checkpoint, keyPair().privateKey);
    await tamper(p.site, 'transparency/checkpoint.json', () => `${JSON.stringify(foreign, null, 2)}\n`);
    report = await verify(p);
    expect(report.problems).toContainEqual({
      object: 'transparency/checkpoint.json',
      message: expect.stringContaining('is signed by key'),
    });
  });

  it('names a decision page edited after publication, with both hashes', async () => {
    const { p, ids } = await checkpointed();
    const key = `decisions/${ids.kept}.json`;
    await tamper(p.site, key, (body) => body.replace('罚款人民币伍万元', '罚款人民币伍仟元'));
    const report = await verify(p);
    expect(objects(report)).toContain(key);
    const problem = report.problems.find((x) => x.object === key);
    expect(problem?.message).toMatch(
      /^hashes to [0-9a-f]{12}…, but its latest log entry 1 \(publish, .*\) says [0-9a-f]{12}…/,
    );
    // The month's listing still says what was published: it no longer matches the page either.
    expect(report.problems).toContainEqual({
      object: 'data/2025-09.ndjson',
      message: `its line for decision ${ids.kept} differs from ${key}`,
    });
  });

  // ADR 0021: each entry commits to every rendering of its decision; an edit to any of them is named.
  it.each([
    [
      'its page',
      (id: string) => `decisions/${id}.html`,
      '罚款人民币伍万元',
      '罚款人民币伍仟元',
      /the page for decision/,
    ],
    [
      'its NDJSON line',
      () => 'data/2025-09.ndjson',
      '罚款人民币伍万元',
      '罚款人民币伍仟元',
      /the line for decision/,
    ],
    ['its CSV row', () => 'data/2025-09.csv', '罚款人民币伍万元', '罚款人民币伍仟元', /the row for decision/],
    [
      'its feed.json item',
      () => 'feed.json',
      '罚款人民币伍万元',
      '罚款人民币伍仟元',
      /the item for decision/,
    ],
    [
      'its atom.xml entry',
      () => 'atom.xml',
      '罚款人民币伍万元',
      '罚款人民币伍仟元',
      /the entry for decision/,
    ],
  ])('names %s edited after publication', async (_what, keyOf, from, to, message) => {
    const { p, ids } = await checkpointed();
    const honest = await verify(p);
    expect(honest.problems).toEqual([]);
    const key = keyOf(ids.kept);
    await tamper(p.site, key, (body) => {
      expect(body).toContain(from);
      return body.replace(from, to);
    });
    const report = await verify(p);
    const named = report.problems.filter((x) => x.object === key);
    expect(named.map((x) => x.message)).toContainEqual(expect.stringMatching(message));
    expect(named.find((x) => message.test(x.message))?.message).toMatch(
      /hashes to [0-9a-f]{12}…, but its latest log entry \d+ \(publish, .*\) commits to [0-9a-f]{12}…/,
    );
  });

  it("names a withdrawal's tombstone edited in feed.json and in atom.xml", async () => {
    const { p, ids } = await checkpointed();
    for (const key of ['feed.json', 'atom.xml']) {
      await tamper(p.site, key, (body) => {
        expect(body).toContain('原决定已被行政复议决定撤销');
        return body.replaceAll('原决定已被行政复议决定撤销', '原决定已依法变更');
      });
    }
    const report = await verify(p);
    expect(report.problems).toContainEqual({
      object: 'feed.json',
      message: expect.stringMatching(new RegExp(`^the tombstone for decision ${ids.revoked} hashes to`)),
    });
    expect(report.problems).toContainEqual({
      object: 'atom.xml',
      message: expect.stringMatching(new RegExp(`^the deleted-entry for decision ${ids.revoked} hashes to`)),
    });
  });

  it('names a page the log says is public but the site lacks, and one it says was deleted but is back', async () => {
    const { p, ids } = await checkpointed();
    const notice = p.site.objects.get(`decisions/${ids.revoked}.json`);
    await p.site.delete(`decisions/${ids.revoked}.json`);
    await p.site.put({
      key: `decisions/${ids.inError}.json`,
      body: notice?.body ?? '',
      contentType: 'application/json; charset=utf-8',
      cacheControl: 'public, max-age=60',
    });
    const report = await verify(p);
    expect(report.problems).toContainEqual({
      object: `decisions/${ids.revoked}.json`,
      message: expect.stringMatching(
        /^missing: its latest log entry 6 \(withdraw, .*\) says the site holds it/,
      ),
    });
    expect(report.problems).toContainEqual({
      object: `decisions/${ids.inError}.json`,
      message: expect.stringContaining('is still on the site, but its latest log entry 7'),
    });
  });

  it('names a decision taken off the listings but left in the log', async () => {
    const { p, ids } = await checkpointed();
    await tamper(p.site, 'data/2025-09.ndjson', (body) =>
      body
        .split('\n')
        .filter((line) => !line.includes(`"id":"${ids.kept}"`))
        .join('\n'),
    );
    const report = await verify(p);
    expect(report.problems).toEqual([
      {
        object: 'data/2025-09.ndjson',
        message: expect.stringContaining(`does not list decision ${ids.kept}, which its latest log entry 1`),
      },
    ]);
  });

  it('names a removed decision put back into a sitemap', async () => {
    const { p, ids } = await checkpointed();
    await tamper(p.site, 'sitemaps/2025-09.xml', (body) =>
      body.replace(
        '</urlset>',
        `  <url><loc>${SITE_URL}decisions/${ids.inError}.html</loc><lastmod>2025-09-29T02:00:00.000Z</lastmod></url>\n</urlset>`,
      ),
    );
    const report = await verify(p);
    expect(report.problems).toEqual([
      {
        object: 'sitemaps/2025-09.xml',
        message: expect.stringMatching(
          new RegExp(`^still lists decision ${ids.inError}, which its latest log entry 7 \\(withdraw`),
        ),
      },
    ]);
  });

  it('names a withdrawal the log never recorded', async () => {
    const { p, ids } = await checkpointed();
    const all = lines(p).filter((line) => !line.includes('"action":"withdraw"'));
    await setLines(p, all);
    await tamper(p.site, 'transparency/head.json', (body) => body.replace('"size": 7', '"size": 5'));
    const report = await verify(p, { now: p.now() });
    const about = (id: string) =>
      report.problems.filter((x) => x.message.includes(id) || x.object.includes(id)).map((x) => x.object);
    expect(about(ids.revoked)).toEqual(
      expect.arrayContaining(['data/2025-09.ndjson', 'feed.json', `decisions/${ids.revoked}.json`]),
    );
    expect(about(ids.inError)).toEqual(expect.arrayContaining(['feed.json']));
  });

  it('names missing log files and checkpoints, and checkpoints that stopped', async () => {
    const { p } = await checkpointed();
    await p.site.delete('transparency/checkpoints/7.json');
    let report = await verify(p);
    expect(objects(report)).toEqual(['transparency/checkpoints/7.json']);

    await p.site.delete('transparency/checkpoint.json');
    report = await verify(p, { now: new Date(p.now().getTime() + 2 * HOUR) });
    expect(report.problems).toContainEqual({
      object: 'transparency/checkpoint.json',
      message: expect.stringContaining('missing: the log has 7 entries since'),
    });
    // A young log has simply not been checkpointed yet.
    report = await verify(p);
    expect(objects(report)).toEqual([]);
    expect(report.notes).toContain('no checkpoint yet: the log is younger than the first one');

    await p.site.delete(CHUNK0);
    report = await verify(p);
    expect(report.problems).toContainEqual({
      object: CHUNK0,
      message: 'missing: head.json says the log has 7 entries, so this chunk holds entries 1–7',
    });
  });

  it('says when entries are older than an hour and no checkpoint covers them', async () => {
    const { p } = await checkpointed();
    await p.published();
    expect((await verify(p)).notes).toContain('entries 8–8 are newer than the latest checkpoint');
    const later = await verify(p, { now: new Date(p.now().getTime() + 2 * HOUR) });
    expect(later.problems).toContainEqual({
      object: 'tlog/checkpoint',
      message: expect.stringContaining('no tiled checkpoint covers them'),
    });
    expect(chained(later).problems).toEqual([
      {
        object: 'transparency/checkpoint.json',
        message: expect.stringContaining(
          'entries 8–8 are more than 60 minutes old and no checkpoint covers them',
        ),
      },
    ]);
  });

  it('holds a checkpoint the reader saved against the log as it is now', async () => {
    const { p, ids } = await checkpointed();
    const saved = parseCheckpoint('c', p.site.objects.get('transparency/checkpoint.json')?.body ?? '');
    expect((await verify(p, { saved: [saved] })).problems).toEqual([]);
    // Later the operator rewrites history, re-signs it with a fresh key and publishes that key: the site's own
    // checkpoints agree again, but what the reader kept does not.
    const entries = lines(p).map((line) => JSON.parse(line) as LogEntry);
    const edited = entries.map((e) =>
      e.decisionId === ids.kept ? { ...e, time: '2025-09-29T01:00:00.000Z' } : e,
    );
    const rechained: LogEntry[] = [];
    for (const e of edited) {
      const unhashed = { ...e, prevHash: rechained.at(-1)?.hash ?? '0'.repeat(64) };
      rechained.push({ ...unhashed, hash: hashLogEntry(unhashed) });
    }
    await tamper(p.site, CHUNK0, () => serializeLogChunk(rechained));
    await tamper(p.site, 'transparency/head.json', (body) =>
      body.replace(/"headHash": "\w+"/, `"headHash": "${rechained.at(-1)?.hash}"`),
    );
    const fresh = keyPair();
    const resigned = signCheckpoint({ ...saved, headHash: rechained.at(-1)?.hash ?? '' }, fresh.privateKey);
    const body = `${JSON.stringify(resigned, null, 2)}\n`;
    await tamper(p.site, 'transparency/checkpoint.json', () => body);
    await tamper(p.site, 'transparency/checkpoints/7.json', () => body);
    await tamper(p.site, 'transparency/public-key.pem', () => fresh.publicKey);
    const report = chained(await verify(p, { saved: [saved] }));
    expect(objects(report)).toEqual(['saved-1.json']);
    expect(report.problems.map((x) => x.message)).toEqual([
      expect.stringContaining('is signed by key'),
      expect.stringContaining('the log up to it was changed after it was checkpointed'),
    ]);
  });

  it('prints one line per problem, naming the object', async () => {
    const { p, ids } = await checkpointed();
    await p.site.delete(`decisions/${ids.kept}.json`);
    const printed = formatReport(SITE_URL, await verify(p));
    expect(printed).toContain('FAILED: 1 problem');
    expect(printed.at(-1)).toMatch(new RegExp(`^decisions/${ids.kept}\\.json: missing: `));
    expect(canonicalJson(printed)).not.toContain('undefined');
  });

  it('passes a site published before the log existed once it is rebuilt, checkpointed and logged', async () => {
    const { p, ids } = await checkpointed();
    // The table as it was before this version: no LOG# items. The site keeps its old log files for now.
    const before = new MemoryTransparencyLog();
    const deps = { ...p.deps, log: before, scanner: p.deps.store as unknown as DecisionScanner };
    const report = await rebuildSite(deps);
    // The kept, the corrected and the revoked decision are shown and logged now; the removed one is not shown.
    expect(report).toMatchObject({ decisions: 3, logged: 3 });
    await transparencyCheckpoint({ ...deps, signingKey: p.signingKey }, p.now());
    const verified = await verify(p);
    expect(verified.problems).toEqual([]);
    expect(verified.log.entries).toBe(3);
    const actions = (await before.entries(0)).map((e) => [e.decisionId, e.action]);
    expect(actions).toEqual(
      expect.arrayContaining([
        [ids.kept, 'publish'],
        [ids.corrected, 'correct'],
        [ids.revoked, 'withdraw'],
      ]),
    );
    // A second rebuild logs nothing more.
    expect(await rebuildSite(deps)).toMatchObject({ logged: 0 });
  });
});
