import { describe, expect, it, vi } from 'vitest';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { reconcileSweep } from '../../../shared/app/sweeps.ts';
import { syncLogToSite } from '../../../shared/app/transparency.ts';
import {
  checkCheckpointSignature,
  checkLogRun,
  EMPTY_LOG,
  keyIdOf,
  type LogEntry,
  sha256Hex,
} from '../../../shared/domain/transparency-log.ts';
import { parseCheckpoint, parseLogChunk, parseLogHead } from '../../../shared/site/transparency.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { KEY, platform, tamper } from '../transparency/scenario.ts';

const CHUNK0 = 'transparency/log/000000.ndjson';

function chunk(site: MemorySiteBucket, key = CHUNK0): LogEntry[] {
  return parseLogChunk(key, site.objects.get(key)?.body ?? '');
}

/** A bucket whose puts under a prefix fail while `failing` is set. */
class FlakyBucket extends MemorySiteBucket {
  failing: string | undefined;
  override async put(...args: Parameters<MemorySiteBucket['put']>) {
    if (this.failing !== undefined && args[0].key.startsWith(this.failing))
      throw new Error('S3 is unavailable');
    return super.put(...args);
  }
}

describe('the transparency log of the publisher', () => {
  it('records every publication, correction and withdrawal with the SHA-256 of the JSON it leaves', async () => {
    const p = platform();
    const ids = await p.scenario();
    const entries = chunk(p.site);
    expect(entries.map((e) => [e.seq, e.decisionId, e.action])).toEqual([
      [1, ids.kept, 'publish'],
      [2, ids.corrected, 'publish'],
      [3, ids.revoked, 'publish'],
      [4, ids.inError, 'publish'],
      [5, ids.corrected, 'correct'],
      [6, ids.revoked, 'withdraw'],
      [7, ids.inError, 'withdraw'],
    ]);
    expect(checkLogRun(entries)).toEqual([]);
    const page = (id: string) => p.site.objects.get(`decisions/${id}.json`)?.body ?? '';
    // The current page of each decision hashes to its latest entry: the corrected version, the notice (R7).
    expect(entries[0]?.sha256).toBe(sha256Hex(page(ids.kept)));
    expect(entries[4]).toMatchObject({ revision: 2, sha256: sha256Hex(page(ids.corrected)) });
    expect(entries[5]).toMatchObject({ reason: 'revoked', sha256: sha256Hex(page(ids.revoked)) });
    expect(page(ids.revoked)).toContain('"status": "withdrawn"');
    // Published in error: nothing stays, and the log says so.
    expect(entries[6]).toMatchObject({ reason: 'published_in_error', sha256: null });
    expect(p.site.objects.has(`decisions/${ids.inError}.json`)).toBe(false);
    // Publishers leave head.json to the reconcile run, after which the site's head and the table's agree.
    expect(p.site.objects.has('transparency/head.json')).toBe(false);
    await reconcileSweep(p.deps, p.now());
    const head = parseLogHead('head', p.site.objects.get('transparency/head.json')?.body ?? '');
    expect(head).toEqual(await p.log.head());
    expect(head).toMatchObject({ size: 7, headHash: entries[6]?.hash });
  });

  it('logs a redelivered or retried event once', async () => {
    const p = platform();
    const id = await p.published();
    await p.withdrawn(id, 'revoked');
    const { handleDecisionChange } = await import('../../../shared/app/publish.ts');
    // The stream delivers the withdrawal again; a retried publish of the same revision appends nothing either.
    await handleDecisionChange(p.deps, { id, oldStatus: 'published', newStatus: 'withdrawn' });
    const [first] = chunk(p.site) as [LogEntry];
    const { seq, prevHash, hash, ...draft } = first;
    expect(await p.log.append({ ...draft, time: '2025-10-01T00:00:00.000Z' })).toEqual({
      entry: first,
      appended: false,
    });
    expect(chunk(p.site).map((e) => e.action)).toEqual(['publish', 'withdraw']);
    expect((await p.log.head()).size).toBe(2);
  });

  it('rewrites one chunk per publication, whatever the size of the log, and leaves head.json to the sweeps', async () => {
    const p = platform();
    await p.published();
    for (let n = 0; n < 1005; n++) {
      await p.log.append({
        time: new Date(Date.UTC(2025, 8, 29, 3, 0, 0, n)).toISOString(),
        decisionId: `X${n}`,
        action: 'publish',
        revision: 1,
        document: `decisions/X${n}.json`,
        sha256: sha256Hex(String(n)),
      });
    }
    await syncLogToSite(p.deps);
    expect(chunk(p.site)).toHaveLength(1000);
    p.site.log.length = 0;
    const reads = vi.spyOn(p.site, 'read');
    const id = await p.published();
    const log = p.site.log.filter((w) => w.key.startsWith('transparency/'));
    expect(log).toEqual([{ op: 'put', key: 'transparency/log/000001.ndjson' }]);
    const logReads = reads.mock.calls.map(([key]) => key).filter((key) => key.startsWith('transparency/'));
    expect(logReads).toEqual(['transparency/log/000001.ndjson']);
    expect(chunk(p.site, 'transparency/log/000001.ndjson').at(-1)).toMatchObject({
      seq: 1007,
      decisionId: id,
    });
  });

  it('has the reconcile run repair an earlier chunk a publisher left short when the site has no head.json yet', async () => {
    const p = platform();
    const drafts = Array.from({ length: 1003 }, (_, n) => ({
      time: new Date(Date.UTC(2025, 8, 29, 3, 0, 0, n)).toISOString(),
      decisionId: `S${n}`,
      action: 'publish' as const,
      revision: 1,
      document: `decisions/S${n}.json`,
      sha256: sha256Hex(String(n)),
    }));
    for (const draft of drafts.slice(0, 995)) await p.log.append(draft);
    await syncLogToSite(p.deps, { covering: 995 });
    // The publishers of entries 996–1000 stopped after their append; 1001–1003 were shown by their own.
    for (const draft of drafts.slice(995)) await p.log.append(draft);
    await syncLogToSite(p.deps, { covering: 1003 });
    expect(chunk(p.site)).toHaveLength(995);
    expect(p.site.objects.has('transparency/head.json')).toBe(false);
    await reconcileSweep(p.deps, p.now());
    expect(chunk(p.site).map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(parseLogHead('head', p.site.objects.get('transparency/head.json')?.body ?? '').size).toBe(1003);
  });

  it('keeps every entry of concurrent publishers, in one chain, on the site', async () => {
    const p = platform();
    // What each publisher does on the log's side: append, then catch the site up, all at once.
    await Promise.all(
      Array.from({ length: 10 }, async (_, n) => {
        await p.log.append({
          time: new Date(Date.UTC(2025, 8, 29, 3, 0, n)).toISOString(),
          decisionId: `C${n}`,
          action: 'publish',
          revision: 1,
          document: `decisions/C${n}.json`,
          sha256: sha256Hex(String(n)),
        });
        await syncLogToSite(p.deps);
      }),
    );
    const entries = chunk(p.site);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(entries.map((e) => e.decisionId)).size).toBe(10);
    expect(checkLogRun(entries, EMPTY_LOG)).toEqual([]);
    expect(parseLogHead('head', p.site.objects.get('transparency/head.json')?.body ?? '').size).toBe(10);
  });

  it('lets a publisher whose entry the site already shows write nothing, so a crowd of publishers writes the log once', async () => {
    const p = platform();
    const draft = (n: number) => ({
      time: new Date(Date.UTC(2025, 8, 29, 3, 0, n)).toISOString(),
      decisionId: `C${n}`,
      action: 'publish' as const,
      revision: 1,
      document: `decisions/C${n}.json`,
      sha256: sha256Hex(String(n)),
    });
    const entries = [];
    for (let n = 0; n < 20; n++) entries.push((await p.log.append(draft(n))).entry);
    // Twenty publishers catch the site up at once, each for its own entry: the first shows all twenty.
    const results = await Promise.all(entries.map((e) => syncLogToSite(p.deps, { covering: e.seq })));
    const writes = p.site.log.filter((w) => w.key.startsWith('transparency/')).length;
    expect(results.reduce((sum, r) => sum + r.written, 0)).toBe(writes);
    expect(writes).toBeLessThanOrEqual(4);
    expect(chunk(p.site).map((e) => e.seq)).toEqual(entries.map((e) => e.seq));
    expect(checkLogRun(chunk(p.site), EMPTY_LOG)).toEqual([]);
  });

  it('records the entry before the site is written, and the reconcile sweep puts a lost log write right', async () => {
    const site = new FlakyBucket();
    const p = platform({ site });
    await p.published();
    site.failing = 'transparency/';
    const { submitDecision, reviewDecision } = await import('../../../shared/app/decisions.ts');
    const { handleDecisionChange } = await import('../../../shared/app/publish.ts');
    const { reviewer, submitter } = await import('../transparency/scenario.ts');
    const { view } = await submitDecision(p.deps, { actor: submitter, content: companyPenaltyContent() });
    await reviewDecision(p.deps, {
      actor: reviewer,
      id: view.id,
      ifMatch: view.version,
      outcome: 'approve',
      comment: '',
    });
    await expect(
      handleDecisionChange(p.deps, { id: view.id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).rejects.toThrow('S3 is unavailable');
    // The table has the entry; the site's log does not, and the record is not yet published.
    expect((await p.log.head()).size).toBe(2);
    expect(chunk(site)).toHaveLength(1);
    expect((await p.deps.store.get(view.id))?.decision.status).toBe('publishing');
    site.failing = undefined;
    const later = new Date(p.now().getTime() + 10 * 60_000);
    expect(await reconcileSweep(p.deps, later)).toMatchObject({ stuck: 1, retried: 1, failed: 0 });
    expect(chunk(site).map((e) => e.decisionId)).toEqual([expect.any(String), view.id]);
    expect((await p.deps.store.get(view.id))?.decision.status).toBe('published');
  });

  it('lets the reconcile sweep write a log the site lost, and rewrite a chunk edited behind its back', async () => {
    const p = platform();
    await p.scenario();
    const before = p.site.objects.get(CHUNK0)?.body;
    await p.site.delete('transparency/head.json');
    await p.site.delete(CHUNK0);
    const later = new Date(p.now().getTime() + 10 * 60_000);
    expect(await reconcileSweep(p.deps, later)).toMatchObject({ failed: 0, logWritten: 2 });
    expect(p.site.objects.get(CHUNK0)?.body).toBe(before);

    await tamper(p.site, CHUNK0, (body) => body.replace('"action":"correct"', '"action":"publish"'));
    await tamper(p.site, 'transparency/head.json', (body) => body.replace('"size": 7', '"size": 6'));
    expect(await reconcileSweep(p.deps, later)).toMatchObject({ failed: 0, logWritten: 2 });
    expect(p.site.objects.get(CHUNK0)?.body).toBe(before);
    expect(await reconcileSweep(p.deps, later)).toMatchObject({ logWritten: 0 });
  });
});

describe('the checkpoint', () => {
  it('signs the head the site shows, publishes the key, and links each checkpoint to the one before', async () => {
    const p = platform();
    await p.published();
    await p.published();
    const first = await p.checkpoint(new Date('2025-09-29T02:15:00Z'));
    expect(first).toMatchObject({ size: 2, created: true });
    const head = await p.log.head();
    const current = parseCheckpoint('c', p.site.objects.get('transparency/checkpoint.json')?.body ?? '');
    expect(current).toMatchObject({ size: 2, headHash: head.headHash, time: '2025-09-29T02:15:00.000Z' });
    expect(current.previous).toBeUndefined();
    expect(p.site.objects.get('transparency/checkpoints/2.json')?.body).toBe(
      p.site.objects.get('transparency/checkpoint.json')?.body,
    );
    const publicKey = p.site.objects.get('transparency/public-key.pem')?.body ?? '';
    expect(publicKey).toBe(KEY.publicKey);
    expect(current.keyId).toBe(keyIdOf(publicKey));
    expect(checkCheckpointSignature(current, publicKey)).toBe('valid');

    // Nothing new: nothing signed, nothing written.
    expect(await p.checkpoint(new Date('2025-09-29T02:30:00Z'))).toMatchObject({
      size: 2,
      created: false,
      written: 0,
    });
    await p.published();
    const second = await p.checkpoint(new Date('2025-09-29T02:45:00Z'));
    expect(second).toMatchObject({ size: 3, created: true, checkpoint: { previous: 2 } });
    expect(p.site.objects.has('transparency/checkpoints/2.json')).toBe(true);
    expect(parseCheckpoint('c', p.site.objects.get('transparency/checkpoint.json')?.body ?? '').size).toBe(3);
  });

  it('catches the site up first, so a checkpoint never covers entries a reader cannot download', async () => {
    const p = platform();
    await p.published();
    await p.site.delete(CHUNK0);
    await p.site.delete('transparency/head.json');
    const result = await p.checkpoint();
    expect(result.written).toBeGreaterThanOrEqual(2 + 2 + 1);
    expect(chunk(p.site)).toHaveLength(1);
  });

  it('writes the checkpoint files again when a run stored the checkpoint but the site lost them', async () => {
    const p = platform();
    await p.published();
    await p.checkpoint();
    await p.site.delete('transparency/checkpoint.json');
    await p.site.delete('transparency/checkpoints/1.json');
    expect(await p.checkpoint()).toMatchObject({ created: false, written: 2 });
    expect(p.site.objects.has('transparency/checkpoints/1.json')).toBe(true);
  });

  it('signs nothing while the log is empty, and refuses a key that is not Ed25519', async () => {
    const p = platform();
    expect(await p.checkpoint()).toMatchObject({ size: 0, created: false });
    await p.published();
    const { transparencyCheckpoint } = await import('../../../shared/app/transparency.ts');
    await expect(
      transparencyCheckpoint(
        { ...p.deps, signingKey: { privateKeyPem: async () => 'placeholder' } },
        p.now(),
      ),
    ).rejects.toThrow('not a private key');
  });
});
