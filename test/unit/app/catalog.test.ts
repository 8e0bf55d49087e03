import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import {
  getCatalogItem,
  listCatalogItems,
  recordLawChange,
  reviewCatalogItem,
  reviseCatalogItem,
  submitCatalogItem,
} from '../../../shared/app/catalog.ts';
import {
  AttachmentIntegrityError,
  type CatalogPublisherDependencies,
  handleCatalogChange,
} from '../../../shared/app/catalog-publish.ts';
import { complianceReport } from '../../../shared/app/reports.ts';
import { deadlineSweep, reconcileSweep } from '../../../shared/app/sweeps.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { type CatalogInput, fileSha256 } from '../../../shared/domain/catalog.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import type { CatalogDependencies } from '../../../shared/ports.ts';
import { sipingAgency } from '../../fixtures/agencies.ts';
import {
  dutiesInput,
  flowchartInput,
  HAZCHEM_REGULATION,
  licenceInput,
  PNG_BYTES,
  staffInput,
} from '../../fixtures/catalog.ts';
import { sequentialIds, testClock } from '../../fixtures/memory.ts';
import { SITE_CONFIG } from '../../fixtures/site.ts';

type User = Extract<Actor, { kind: 'user' }>;
const AGENCY = 'siping-gxj';
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
const selfReviewer: User = {
  kind: 'user',
  userId: 'li.na',
  agencyId: AGENCY,
  roles: ['submitter', 'reviewer'],
};
const foreign: User = { kind: 'user', userId: 'zhou.min', agencyId: 'changzhi-gxj', roles: ['submitter'] };
const operator: User = { kind: 'user', userId: 'ops.sun', agencyId: 'platform', roles: ['operator'] };

function setup(start = '2025-09-20T02:00:00Z', bucket?: ConstructorParameters<typeof MemoryUploadStore>[0]) {
  const clock = testClock(start, 1_000);
  const agencies = new MemoryAgencyDirectory();
  const uploads = new MemoryUploadStore(bucket);
  const site = new MemorySiteBucket();
  const deps: CatalogDependencies & CatalogPublisherDependencies = {
    catalog: new MemoryCatalogStore(),
    agencies,
    calendar: createDefaultCalendar(),
    clock,
    ids: sequentialIds('C', 4),
    uploads,
    site,
    siteConfig: SITE_CONFIG,
  };
  const at = clock.at;
  const publish = async (id: string) =>
    handleCatalogChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });
  /** Submitted, its attachments uploaded as declared, approved by another reviewer, published. */
  const published = async (input: CatalogInput) => {
    const view = await submitCatalogItem(deps, { actor: submitter, input });
    for (const u of view.uploads) expect(uploads.upload(u.url, PNG_BYTES, 'image/png')).toBe(true);
    await reviewCatalogItem(deps, { actor: reviewer, id: view.id, outcome: 'approve', comment: '同意公开' });
    expect(await publish(view.id)).toBe('published');
    return view.id;
  };
  return { deps, at, agencies, uploads, site, publish, published };
}

const sitePuts = (site: MemorySiteBucket, from = 0) =>
  site.log.slice(from).flatMap((entry) => (entry.op === 'put' ? [entry.key] : []));

describe('submitting and reviewing catalogue items (R10, R2)', () => {
  it('answers a submission with the upload URL of each declared attachment', async () => {
    const { deps } = setup();
    const view = await submitCatalogItem(deps, { actor: submitter, input: flowchartInput() });
    expect(view).toMatchObject({
      status: 'pending_review',
      kind: 'flowcharts',
      kindNumber: 17,
      kindLabel: '行政执法职权运行流程图',
      version: 1,
      pendingRevision: 1,
      allowedActions: ['approve', 'reject', 'revise', 'law_change'],
      attachments: [{ n: 1, key: `catalog/${view.id}/1/1`, uploaded: null }],
      audit: { verification: { valid: true, length: 1 } },
    });
    expect(view.uploads).toEqual([
      expect.objectContaining({
        revision: 1,
        n: 1,
        method: 'PUT',
        // R2: signed with If-None-Match, so the file cannot be replaced once uploaded.
        headers: { 'content-type': 'image/png', 'if-none-match': '*' },
        url: expect.stringContaining(`catalog/${view.id}/1/1`),
      }),
    ]);
    // Minutes, not an hour (the test's clock ticks a second a reading).
    const expiresIn = Date.parse(view.uploads[0]?.expiresAt ?? '') - Date.parse(view.updatedAt);
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThan(11 * 60_000);
  });

  it('shows the agency’s reviewers and submitters each uploaded file: its SHA-256, version and a download link to those bytes (R2)', async () => {
    const { deps, uploads } = setup();
    const { id, uploads: [instruction] = [] } = await submitCatalogItem(deps, {
      actor: submitter,
      input: flowchartInput(),
    });
    const before = await getCatalogItem(deps, { actor: reviewer, id });
    expect(before.attachments).toEqual([
      expect.objectContaining({ uploaded: false, sha256: null, versionId: null, download: null }),
    ]);
    expect(uploads.upload(instruction?.url ?? '', PNG_BYTES, 'image/png')).toBe(true);
    const shown = await getCatalogItem(deps, { actor: reviewer, id });
    const [attachment] = shown.attachments;
    expect(attachment).toMatchObject({
      uploaded: true,
      sha256: fileSha256(PNG_BYTES),
      versionId: 'v1',
      download: { method: 'GET', url: expect.any(String) },
    });
    expect(uploads.download(attachment?.download?.url ?? '')).toEqual(PNG_BYTES);
    const expiresIn = Date.parse(attachment?.download?.expiresAt ?? '') - Date.parse(shown.updatedAt);
    expect(expiresIn).toBeLessThan(11 * 60_000);
    // The submitter sees the same, and no second upload URL for a file already there.
    const own = await getCatalogItem(deps, { actor: submitter, id });
    expect(own.attachments[0]?.download).not.toBeNull();
    expect(own.uploads).toEqual([]);
    // An operator of the platform may read the item, not download its files.
    expect((await getCatalogItem(deps, { actor: operator, id })).attachments[0]).toMatchObject({
      sha256: fileSha256(PNG_BYTES),
      download: null,
    });
    // The approval binds what was shown; the approved revision shows what it bound.
    const approved = await reviewCatalogItem(deps, {
      actor: reviewer,
      id,
      outcome: 'approve',
      comment: '同意',
    });
    expect(approved.revisions[0]?.approvedFiles).toEqual([
      { n: 1, sha256: fileSha256(PNG_BYTES), versionId: 'v1' },
    ]);
    expect(approved.audit.events.at(-1)?.detail).toMatchObject({ files: [{ n: 1, versionId: 'v1' }] });
    const after = await getCatalogItem(deps, { actor: reviewer, id });
    expect(after.attachments[0]).toMatchObject({ sha256: fileSha256(PNG_BYTES), versionId: 'v1' });
    expect(uploads.download(after.attachments[0]?.download?.url ?? '')).toEqual(PNG_BYTES);
  });

  it('refuses an approval until every attachment is uploaded as declared, and never by its author', async () => {
    const { deps, uploads } = setup();
    const { id } = await submitCatalogItem(deps, { actor: submitter, input: flowchartInput() });
    const approve = (actor: User) => reviewCatalogItem(deps, { actor, id, outcome: 'approve', comment: '' });
    await expect(approve(selfReviewer)).rejects.toMatchObject({ code: 'self_review' });
    await expect(approve(reviewer)).rejects.toMatchObject({ code: 'attachment_missing' });
    uploads.store(`catalog/${id}/1/1`, new Uint8Array(9), 'image/png');
    await expect(approve(reviewer)).rejects.toMatchObject({ code: 'attachment_mismatch' });
    uploads.store(`catalog/${id}/1/1`, PNG_BYTES, 'image/png');
    const approved = await approve(reviewer);
    expect(approved).toMatchObject({
      status: 'publishing',
      publicRevision: 1,
      attachments: [{ uploaded: true }],
    });
    const fetched = await getCatalogItem(deps, { actor: submitter, id });
    expect(fetched.audit.events.map((e) => e.action)).toEqual(['submit', 'approve']);
    expect(fetched.revisions[0]?.review).toMatchObject({ reviewerId: 'wang.fang', outcome: 'approve' });
  });

  it('refuses an agency whose id cannot name a page of the site', async () => {
    const { deps } = setup();
    const odd: User = { ...submitter, agencyId: '四平.gxj' };
    await expect(submitCatalogItem(deps, { actor: odd, input: dutiesInput() })).rejects.toMatchObject({
      code: 'agency_id_unsupported',
    });
  });

  it('keeps another agency’s items out of sight, needs If-Match to revise and keeps the kind', async () => {
    const { deps } = setup();
    const { id, version } = await submitCatalogItem(deps, { actor: submitter, input: dutiesInput() });
    await expect(getCatalogItem(deps, { actor: foreign, id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(getCatalogItem(deps, { actor: operator, id })).resolves.toMatchObject({ id });
    const revise = (ifMatch: number | undefined, input = dutiesInput({ body: '修订' })) =>
      reviseCatalogItem(deps, { actor: submitter, id, ifMatch, input });
    await expect(revise(undefined)).rejects.toMatchObject({ code: 'if_match_required' });
    await expect(revise(version + 1)).rejects.toMatchObject({ code: 'version_mismatch' });
    await expect(revise(version, staffInput())).rejects.toMatchObject({ code: 'kind_immutable' });
    await expect(revise(version)).resolves.toMatchObject({ version: 2, pendingRevision: 2 });
  });
});

describe('publishing exactly what was approved, or nothing (R2)', () => {
  const REPLACEMENT = PNG_BYTES.map((b, i) => (i === PNG_BYTES.length - 1 ? b ^ 0xff : b));

  async function approvedFlowchart(deps: CatalogDependencies, uploads: MemoryUploadStore) {
    const view = await submitCatalogItem(deps, { actor: submitter, input: flowchartInput() });
    const url = view.uploads[0]?.url ?? '';
    expect(uploads.upload(url, PNG_BYTES, 'image/png')).toBe(true);
    await reviewCatalogItem(deps, { actor: reviewer, id: view.id, outcome: 'approve', comment: '同意公开' });
    return { id: view.id, url };
  }

  it('writes nothing of an item whose file was replaced after the approval where the bucket keeps no versions (the local S3 server)', async () => {
    const { deps, at, uploads, site, publish } = setup(undefined, {
      versioned: false,
      conditionalWrites: false,
    });
    const { id, url } = await approvedFlowchart(deps, uploads);
    // The S3 server honours no If-None-Match: the still valid upload URL replaces the file.
    expect(uploads.upload(url, REPLACEMENT, 'image/png')).toBe(true);
    await expect(publish(id)).rejects.toBeInstanceOf(AttachmentIntegrityError);
    await expect(publish(id)).rejects.toThrow(`catalogue item ${id} was not published: attachment 1`);
    expect([...site.objects.keys()].filter((key) => key.includes(id))).toEqual([]);
    expect((await getCatalogItem(deps, { actor: submitter, id })).status).toBe('publishing');
    // The reconcile sweep retries it, and counts it failed every time (the PublishFailures alarm).
    at('2025-09-20T02:10:00Z');
    const swept = await reconcileSweep(
      { ...deps, store: new MemoryDecisionStore(), log: new MemoryTransparencyLog() },
      new Date('2025-09-20T02:10:00Z'),
    );
    expect(swept).toMatchObject({ stuck: 1, retried: 0, failed: 1 });
    expect([...site.objects.keys()].filter((key) => key.includes(id))).toEqual([]);
  });

  it('copies the approved version whatever reaches the key later, on a versioned bucket that refuses a second upload', async () => {
    const { deps, uploads, site, publish } = setup();
    const { id, url } = await approvedFlowchart(deps, uploads);
    // S3 refuses the PUT (If-None-Match: * is signed in); a write behind its back makes a new version.
    expect(uploads.upload(url, REPLACEMENT, 'image/png')).toBe(false);
    uploads.store(`catalog/${id}/1/1`, REPLACEMENT, 'image/png');
    expect(await publish(id)).toBe('published');
    expect(site.objects.get(`catalog/${AGENCY}/files/${id}-1-1.png`)?.bytes).toEqual(PNG_BYTES);
  });

  it('never hands out a second upload URL for a file already uploaded, even one that differs from the declaration', async () => {
    const { deps, uploads } = setup();
    const view = await submitCatalogItem(deps, { actor: submitter, input: flowchartInput() });
    uploads.store(`catalog/${view.id}/1/1`, new Uint8Array(3), 'image/png');
    const seen = await getCatalogItem(deps, { actor: submitter, id: view.id });
    expect(seen.uploads).toEqual([]);
    expect(seen.attachments[0]).toMatchObject({ uploaded: false, sha256: fileSha256(new Uint8Array(3)) });
    await expect(
      reviewCatalogItem(deps, { actor: reviewer, id: view.id, outcome: 'approve', comment: '' }),
    ).rejects.toMatchObject({ code: 'attachment_mismatch' });
  });
});

describe('publishing catalogue items to the site (R10, R13)', () => {
  it('writes the files, the page, the JSON and the agency index; the list of agencies only for its first item', async () => {
    const { deps, agencies, site, uploads, published } = setup();
    await agencies.putAgency(sipingAgency(AGENCY));
    const first = await published(flowchartInput());
    const firstFile = `catalog/${AGENCY}/files/${first}-1-1.png`;
    expect(site.objects.get(firstFile)?.bytes).toEqual(PNG_BYTES);
    expect(site.objects.get(`catalog/${AGENCY}/${first}.html`)?.body).toContain(`files/${first}-1-1.png`);
    expect(site.objects.get('catalog/index.html')?.body).toContain('四平市工业和信息化局');
    // On this new bucket the publisher's static assets put the placeholder there first; the real index replaced it.
    expect(site.log.filter((w) => w.key === 'catalog/index.html')).toHaveLength(2);
    expect(site.objects.get('catalog/index.html')?.body).not.toContain('无需等待');
    expect((await getCatalogItem(deps, { actor: submitter, id: first })).status).toBe('published');

    const before = site.log.length;
    const second = await published(dutiesInput());
    // One publication rewrites its page, its JSON and its agency's index: nothing that grows with the catalogue.
    expect(sitePuts(site, before)).toEqual([
      `catalog/${AGENCY}/${second}.html`,
      `catalog/${AGENCY}/${second}.json`,
      `catalog/${AGENCY}/index.html`,
      `catalog/${AGENCY}/index.json`,
    ]);
    const index = site.objects.get(`catalog/${AGENCY}/index.html`)?.body ?? '';
    expect(index.indexOf('3. 行政执法机关的主要职责')).toBeLessThan(
      index.indexOf('17. 行政执法职权运行流程图'),
    );
    expect(index).toContain('本项暂未公示');
    expect(JSON.parse(site.objects.get(`catalog/${AGENCY}/index.json`)?.body ?? '{}').items).toHaveLength(2);
    expect(uploads.objects.size).toBe(1);
  });

  it('keeps the published revision public while a revision is reviewed, then replaces it and its files', async () => {
    const { deps, site, uploads, publish, published } = setup();
    const id = await published(flowchartInput());
    const current = await getCatalogItem(deps, { actor: submitter, id });
    const revised = await reviseCatalogItem(deps, {
      actor: submitter,
      id,
      ifMatch: current.version,
      input: flowchartInput({
        title: '行政处罚流程图（2025年修订）',
        attachments: [{ name: '流程图.pdf', contentType: 'application/pdf', size: 4 }],
      }),
    });
    expect(revised).toMatchObject({ status: 'published', publicRevision: 1, pendingRevision: 2 });
    expect(revised.uploads.map((u) => u.revision)).toEqual([2]);
    expect(site.objects.get(`catalog/${AGENCY}/${id}.html`)?.body).not.toContain('2025年修订');
    const [pdf] = revised.uploads;
    expect(uploads.upload(pdf?.url ?? '', new Uint8Array([37, 80, 68, 70]), 'application/pdf')).toBe(true);
    await reviewCatalogItem(deps, { actor: reviewer, id, outcome: 'approve', comment: '' });
    expect(await publish(id)).toBe('published');
    const page = site.objects.get(`catalog/${AGENCY}/${id}.html`)?.body ?? '';
    expect(page).toContain('行政处罚流程图（2025年修订）');
    expect(page).toContain(`files/${id}-2-1.pdf`);
    expect(site.objects.has(`catalog/${AGENCY}/files/${id}-2-1.pdf`)).toBe(true);
    expect(site.objects.has(`catalog/${AGENCY}/files/${id}-1-1.png`)).toBe(false);
    expect(await publish(id)).toBe('skipped');
  });

  it('lets the reconcile sweep publish an item stuck in publishing', async () => {
    const { deps, at, uploads, site } = setup();
    const view = await submitCatalogItem(deps, { actor: submitter, input: dutiesInput() });
    await reviewCatalogItem(deps, { actor: reviewer, id: view.id, outcome: 'approve', comment: '' });
    at('2025-09-20T02:10:00Z');
    const result = await reconcileSweep(
      {
        ...deps,
        store: new MemoryDecisionStore(),
        log: new MemoryTransparencyLog(),
        calendar: deps.calendar,
      },
      new Date('2025-09-20T02:10:00Z'),
    );
    expect(result).toMatchObject({ stuck: 1, retried: 1, failed: 0 });
    expect((await getCatalogItem(deps, { actor: submitter, id: view.id })).status).toBe('published');
    expect(site.objects.has(`catalog/${AGENCY}/${view.id}.html`)).toBe(true);
    expect(uploads.objects.size).toBe(0);
  });
});

describe('law changes (R10, 四平 §四(五))', () => {
  it('put a deadline 20 working days on the items citing the law, which the sweep and the report count when overdue', async () => {
    const { deps, at, site, uploads, publish, published } = setup();
    const licence = await published(licenceInput());
    const duties = await published(dutiesInput());
    const staff = await published(staffInput());
    const foreignItem = await submitCatalogItem(deps, { actor: foreign, input: licenceInput() });
    at('2025-09-28T02:00:00Z');
    const recorded = await recordLawChange(deps, {
      actor: submitter,
      input: {
        title: `${HAZCHEM_REGULATION}修订`,
        kind: 'regulation',
        effectiveDate: '2025-09-26',
        legalBasisContains: HAZCHEM_REGULATION,
      },
    });
    expect(recorded.lawChange).toMatchObject({
      agencyId: AGENCY,
      deadline: { due: '2025-10-30', rule: 'R10' },
    });
    expect(recorded.items.map((i) => i.id).sort()).toEqual([licence, duties].sort());
    expect(recorded.items.every((i) => i.updateDue?.due === '2025-10-30' && !i.overdue)).toBe(true);
    expect(recorded.lawChange.itemIds).not.toContain(staff);
    expect(recorded.lawChange.itemIds).not.toContain(foreignItem.id);

    // The published pages say plainly what they owe: the stream delivers the change of the update deadline.
    expect(
      await handleCatalogChange(deps, {
        id: licence,
        oldStatus: 'published',
        newStatus: 'published',
        newDue: `2025-10-30#${licence}`,
      }),
    ).toBe('refreshed');
    expect(site.objects.get(`catalog/${AGENCY}/${licence}.html`)?.body).toContain('本事项应当于');
    expect(site.objects.get(`catalog/${AGENCY}/index.html`)?.body).toContain('2025-10-30');

    const sweep = (iso: string) =>
      deadlineSweep(
        { ...deps, store: new MemoryDecisionStore(), requests: new MemoryCorrectionRequestStore() },
        new Date(iso),
      );
    expect(await sweep('2025-10-30T15:00:00Z')).toMatchObject({ overdueCatalogItems: 0 });
    expect(await sweep('2025-10-30T16:30:00Z')).toMatchObject({ overdueCatalogItems: 2 });

    at('2025-11-03T02:00:00Z');
    const list = await listCatalogItems(deps, { actor: reviewer, query: { limit: 10 } });
    expect(
      list.items
        .filter((i) => i.overdue)
        .map((i) => i.id)
        .sort(),
    ).toEqual([licence, duties].sort());
    const report = await complianceReport(
      { ...deps, store: new MemoryDecisionStore() },
      {
        actor: reviewer,
        from: '2025-10-01' as LocalDate,
        to: '2025-10-31' as LocalDate,
        today: '2025-11-03' as LocalDate,
      },
    );
    expect(report.staleCatalogueItems).toMatchObject({ count: 2 });
    expect(report.staleCatalogueItems.items[0]).toMatchObject({
      due: '2025-10-30',
      workingDaysOverdue: 2,
      lawChangeIds: [recorded.lawChange.id],
    });

    // An approved revision written after the law change answers it; the other item stays overdue.
    const current = await getCatalogItem(deps, { actor: submitter, id: licence });
    await reviseCatalogItem(deps, {
      actor: submitter,
      id: licence,
      ifMatch: current.version,
      input: licenceInput({ body: '依修订后的条例更新。' }),
    });
    await reviewCatalogItem(deps, { actor: reviewer, id: licence, outcome: 'approve', comment: '' });
    await publish(licence);
    expect(await sweep('2025-11-03T02:00:00Z')).toMatchObject({ overdueCatalogItemIds: [duties] });
    expect(site.objects.get(`catalog/${AGENCY}/${licence}.html`)?.body).not.toContain('本事项应当于');
    expect(uploads.objects.size).toBe(0);
  });

  it('refuses a law change that affects nothing, names unknown items, or is not the caller’s to record', async () => {
    const { deps } = setup();
    const own = await submitCatalogItem(deps, { actor: submitter, input: dutiesInput() });
    const theirs = await submitCatalogItem(deps, { actor: foreign, input: dutiesInput() });
    const base = { title: '机构改革', kind: 'reorganisation', effectiveDate: '2025-09-26' };
    await expect(
      recordLawChange(deps, { actor: submitter, input: { ...base, legalBasisContains: '《不存在的条例》' } }),
    ).rejects.toMatchObject({ code: 'no_items_affected' });
    await expect(
      recordLawChange(deps, { actor: submitter, input: { ...base, itemIds: [own.id, theirs.id, '../x'] } }),
    ).rejects.toMatchObject({ code: 'unknown_items' });
    await expect(
      recordLawChange(deps, { actor: reviewer, input: { ...base, itemIds: [own.id] } }),
    ).rejects.toMatchObject({ code: 'role_required' });
    expect((await getCatalogItem(deps, { actor: submitter, id: own.id })).lawChanges).toEqual([]);
    // A platform operator records a reorganisation for the agency it names.
    const recorded = await recordLawChange(deps, {
      actor: operator,
      input: { ...base, itemIds: [theirs.id], agencyId: 'changzhi-gxj' },
    });
    expect(recorded.items.map((i) => i.id)).toEqual([theirs.id]);
    const audit = (await getCatalogItem(deps, { actor: operator, id: theirs.id })).audit;
    expect(audit.events.map((e) => e.action)).toEqual(['submit', 'law_change']);
    expect(audit.verification.valid).toBe(true);
  });
});
