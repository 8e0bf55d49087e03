import { describe, expect, it } from 'vitest';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../../shared/app/decisions.ts';
import { handleDecisionChange, type PublisherDependencies } from '../../../shared/app/publish.ts';
import type { Actor, DecisionContent } from '../../../shared/domain/decision.ts';
import type { Dependencies } from '../../../shared/ports.ts';
import { COMPANY_PENALTY } from '../../fixtures/decisions.ts';
import { residentIdBornOn } from '../../fixtures/ids.ts';
import { memoryPlatform, testClock } from '../../fixtures/memory.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };

const content = COMPANY_PENALTY;

/** Where a decision published in September 2025 is listed: its month's part and page, the feeds, the home page. */
const LISTINGS = ['data/2025-09.ndjson', 'months/2025-09.html', 'feed.json', 'atom.xml', 'index.html'];

/** A bucket whose puts fail while `failing` is set: the fault a publish must survive. */
class FlakyBucket extends MemorySiteBucket {
  failing = false;
  override async put(...args: Parameters<MemorySiteBucket['put']>) {
    if (this.failing) throw new Error('S3 is unavailable');
    return super.put(...args);
  }
}

function setup() {
  const site = new FlakyBucket();
  const deps = memoryPlatform({ clock: testClock('2025-09-29T02:00:00Z', 1000), site });
  return { deps, site };
}

async function approved(deps: Dependencies & PublisherDependencies, body: DecisionContent = content) {
  const { view } = await submitDecision(deps, { actor: submitter, content: body });
  await reviewDecision(deps, {
    actor: reviewer,
    id: view.id,
    ifMatch: view.version,
    outcome: 'approve',
    comment: '',
  });
  return view.id;
}

describe('the publisher', () => {
  it('marks a decision published only after every object is written, then sets its expiry', async () => {
    const { deps, site } = setup();
    const id = await approved(deps);
    expect(
      await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
    const stored = await deps.store.get(id);
    expect(stored?.decision.status).toBe('published');
    expect(stored?.deadlines.expiry?.due).toBe('2030-09-30');
    expect(site.objects.has(`decisions/${id}.html`)).toBe(true);
    expect(site.objects.has(`decisions/${id}.json`)).toBe(true);
    // The static assets go once per bucket; the decision itself costs the plan's fixed number of writes, and
    // two more for the transparency log (its chunk and its head), whatever the size of the log.
    // The static assets, and the placeholders of the catalogue and the scorecard, written on the first run.
    const STATIC =
      /^(assets\/|404\.html$|correction\.html$|transparency\/index\.html$|sitemaps\/site\.xml$|catalog\/index\.html$|scorecard\.html$)/;
    // ADR 0017: the search index and the company page apart (test/unit/site/search.test.ts counts them).
    const INDEX = /^(search|companies)\//;
    expect(site.log.filter((w) => !STATIC.test(w.key) && !INDEX.test(w.key))).toHaveLength(13);
    expect(site.log.some((w) => INDEX.test(w.key))).toBe(true);
    const second = await approved(deps, { ...content, caseNumber: '四工信罚〔2025〕13号' });
    site.log.length = 0;
    await handleDecisionChange(deps, { id: second, oldStatus: 'pending_review', newStatus: 'publishing' });
    const written = site.log.map((w) => w.key);
    const page = `decisions/${second}.html`;
    const json = `decisions/${second}.json`;
    expect(written).toEqual(expect.arrayContaining([page, json, ...LISTINGS]));
    expect(site.objects.get(page)?.body).toContain('四工信罚〔2025〕13号');
    expect(JSON.parse(site.objects.get(json)?.body ?? '{}')).toMatchObject({
      id: second,
      caseNumber: '四工信罚〔2025〕13号',
    });
    for (const listing of LISTINGS) expect(site.objects.get(listing)?.body, listing).toContain(second);
    // No listing links to a page before the page is there.
    const pagesWritten = Math.max(written.indexOf(page), written.indexOf(json));
    for (const listing of LISTINGS) expect(written.indexOf(listing), listing).toBeGreaterThan(pagesWritten);
    // The log entry names a document already on the site; head.json is the reconcile and checkpoint runs'.
    expect(written.indexOf('transparency/log/000000.ndjson')).toBeGreaterThan(written.indexOf(json));
    expect(written).not.toContain('transparency/log/head.json');
    expect(new Set(written).size).toBe(written.length);
  });

  it('leaves the record unpublished when an S3 write fails, and publishes on the retry', async () => {
    const { deps, site } = setup();
    const id = await approved(deps);
    site.failing = true;
    await expect(
      handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).rejects.toThrow('S3 is unavailable');
    expect((await deps.store.get(id))?.decision.status).toBe('publishing');
    site.failing = false;
    expect(
      await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
    expect((await deps.store.get(id))?.decision.status).toBe('published');
  });

  it('gives the same site for a redelivered record, and ignores it once published', async () => {
    const { deps, site } = setup();
    const id = await approved(deps);
    const change = { id, oldStatus: 'pending_review', newStatus: 'publishing' } as const;
    await handleDecisionChange(deps, change);
    const snapshot = new Map([...site.objects].map(([k, v]) => [k, v.body]));
    expect(await handleDecisionChange(deps, change)).toBe('skipped');
    expect(new Map([...site.objects].map(([k, v]) => [k, v.body]))).toEqual(snapshot);
  });

  it('replaces the pages by a notice on revocation, without the withdrawn content', async () => {
    const { deps, site } = setup();
    const id = await approved(deps);
    await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
    await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'revoked',
      ...(await legalEventFor(deps.store, id, 'revoked')),
      explanation: '已被复议撤销',
    });
    site.log.length = 0;
    expect(await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' })).toBe(
      'withdrawn',
    );
    // The listings stop showing the content before the pages are replaced: none shows what is gone.
    const written = site.log.map((w) => w.key);
    const pagesWritten = Math.min(
      written.indexOf(`decisions/${id}.html`),
      written.indexOf(`decisions/${id}.json`),
    );
    expect(pagesWritten).toBeGreaterThanOrEqual(0);
    for (const listing of LISTINGS) {
      expect(written.indexOf(listing), listing).toBeGreaterThanOrEqual(0);
      expect(written.indexOf(listing), listing).toBeLessThan(pagesWritten);
    }
    const page = site.objects.get(`decisions/${id}.html`)?.body ?? '';
    expect(page).toContain('已被复议撤销');
    expect(page).not.toContain('四平市鑫达化工有限公司');
    expect(page).not.toContain('危险化学品');
    // R7: the record says the site no longer shows the decision, and no takedown deadline runs.
    const stored = await deps.store.get(id);
    expect(stored?.decision.takedownConfirmedAt).toBeDefined();
    expect(stored?.deadlines.takedown).toBeUndefined();
    expect((await deps.store.auditTrail(id)).at(-1)).toMatchObject({
      action: 'confirm_takedown',
      actor: { userId: 'system:publisher' },
    });
    // Redelivered: nothing more is written.
    const version = stored?.decision.version;
    await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' });
    expect((await deps.store.get(id))?.decision.version).toBe(version);
  });

  it('keeps the takedown deadline while the site cannot be updated (R7)', async () => {
    const { deps, site } = setup();
    const id = await approved(deps);
    await handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
    await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'revoked',
      ...(await legalEventFor(deps.store, id, 'revoked')),
      explanation: '已被复议撤销',
    });
    site.failing = true;
    await expect(
      handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' }),
    ).rejects.toThrow(/unavailable/);
    const stored = await deps.store.get(id);
    expect(stored?.decision.takedownConfirmedAt).toBeUndefined();
    expect(stored?.deadlines.takedown).toMatchObject({ kind: 'revocation_takedown', rule: 'R7' });
    site.failing = false;
    await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' });
    expect((await deps.store.get(id))?.deadlines.takedown).toBeUndefined();
  });

  it('ignores stream changes that do not touch the public side', async () => {
    const { deps } = setup();
    expect(
      await handleDecisionChange(deps, { id: 'x', oldStatus: undefined, newStatus: 'pending_review' }),
    ).toBe('skipped');
    expect(
      await handleDecisionChange(deps, { id: 'x', oldStatus: 'pending_review', newStatus: 'withdrawn' }),
    ).toBe('skipped');
  });
});

describe('the publish gate (R4, ADR 0012)', () => {
  it('writes nothing, not even the log, for a decision whose objects would hold a phone number, and says where', async () => {
    const { deps, site } = setup();
    // An agency registered with its hotline in its name: the one text no mask runs over.
    const { agencies } = deps;
    await agencies.putAgency({
      ...(await agencies.get('sp')),
      name: '四平市工业和信息化局（值班手机138 1234 5678）',
    });
    const blocked: { id: string; kinds: string[] }[] = [];
    const gated = {
      ...deps,
      onPersonalDataBlocked: (id: string, findings: readonly { kind: string }[]) =>
        blocked.push({ id, kinds: findings.map((f) => f.kind) }),
    };
    const id = await approved(gated);
    const writesBefore = site.log.length;
    expect(
      await handleDecisionChange(gated, { id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('personal_data_blocked');
    expect(
      site.log
        .slice(writesBefore)
        .filter(
          (w) =>
            !w.key.startsWith('assets/') &&
            !/^(404|correction|scorecard)\.html$|^(transparency|catalog)\/index\.html$|^sitemaps\/site\.xml$/.test(
              w.key,
            ),
        ),
    ).toEqual([]);
    expect((await deps.log.head()).size).toBe(0);
    expect((await deps.store.get(id))?.decision.status).toBe('publishing');
    expect(blocked).toEqual([{ id, kinds: expect.arrayContaining(['mobile']) }]);
    expect(JSON.stringify(blocked)).not.toContain('1234');
  });

  it('refuses the listing part that still holds another decision’s leak, and publishes once it is gone', async () => {
    const { deps, site } = setup();
    const first = await approved(deps);
    await handleDecisionChange(deps, { id: first, oldStatus: 'pending_review', newStatus: 'publishing' });
    // A listing part written before the gate existed, holding a resident ID in a row.
    const part = 'data/2025-09.ndjson';
    const old = site.objects.get(part);
    expect(old).toBeDefined();
    const leaked = `${old?.body}`.replace('现场检查', `现场检查，身份证${residentIdBornOn('1990-01-01')}`);
    await site.put({
      key: part,
      body: leaked,
      contentType: 'application/x-ndjson',
      cacheControl: 'no-cache',
    });
    const second = await approved(deps, { ...content, caseNumber: '四工信罚〔2025〕13号' });
    expect(
      await handleDecisionChange(deps, { id: second, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('personal_data_blocked');
    expect(site.objects.has(`decisions/${second}.html`)).toBe(false);
    await site.put({
      key: part,
      body: `${old?.body}`,
      contentType: 'application/x-ndjson',
      cacheControl: 'no-cache',
    });
    expect(
      await handleDecisionChange(deps, { id: second, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
  });
});
