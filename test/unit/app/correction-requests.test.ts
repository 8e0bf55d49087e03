import { describe, expect, it } from 'vitest';
import { requesterKeys } from '../../../shared/adapters/dynamodb/correction-request-keys.ts';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryChallengeStore } from '../../../shared/adapters/memory/challenge-store.ts';
import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { MemoryRateLimiter } from '../../../shared/adapters/memory/rate-limiter.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import {
  answerCorrectionRequest,
  clientKey,
  type EvidenceDownloadIssued,
  FILINGS_PER_CLIENT,
  fileCorrectionRequest,
  getCorrectionRequestStatus,
  listCorrectionRequests,
  OPEN_LIMITS,
  UNCHALLENGED_FILINGS_PER_CLIENT,
} from '../../../shared/app/correction-requests.ts';
import {
  getDecision,
  reviewDecision,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { NotFoundError, PreconditionError, RateLimitedError } from '../../../shared/app/errors.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { complianceReport } from '../../../shared/app/reports.ts';
import { deadlineSweep } from '../../../shared/app/sweeps.ts';
import type { RequesterNotice } from '../../../shared/domain/correction-request.ts';
import { type CorrectionFilingInput, evidenceKey } from '../../../shared/domain/correction-request.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import { sipingAgency } from '../../fixtures/agencies.ts';
import { solvedChallenge } from '../../fixtures/challenge.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { memoryPlatform, sequentialIds, testClock } from '../../fixtures/memory.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
const secondReviewer: User = { kind: 'user', userId: 'sun.li', agencyId: 'sp', roles: ['reviewer'] };
const otherSubmitter: User = { kind: 'user', userId: 'hu.bin', agencyId: 'cz', roles: ['submitter'] };

const FILING: CorrectionFilingInput = {
  what: '公示的罚款金额为伍万元，决定书原文为叁万元。',
  evidence: '行政处罚决定书第2页。',
  attachments: [
    { name: '决定书.pdf', contentType: 'application/pdf', size: 12 },
    { name: '照片.png', contentType: 'image/png', size: 4 },
  ],
  contact: { name: '刘建国', phone: '13812345678', email: 'liu.jianguo@example.com' },
};
const PHONE_KEY = requesterKeys(FILING.contact)[0] as string;
/** The same filing from someone else: their own phone and e-mail. */
const filingBy = (n: number): CorrectionFilingInput => ({
  ...FILING,
  contact: { name: `申请人${n}`, phone: `139${String(n).padStart(8, '0')}`, email: `r${n}@example.com` },
});

function setup() {
  const requests = new MemoryCorrectionRequestStore();
  const uploads = new MemoryUploadStore();
  const issued: EvidenceDownloadIssued[] = [];
  const deps = memoryPlatform({ clock: testClock('2025-09-29T02:00:00Z'), ids: sequentialIds('ID', 4) });
  // The catalogue (R10) is there for the sweep and the report, which read it too; it stays empty here.
  const all = {
    ...deps,
    requests,
    limiter: new MemoryRateLimiter(),
    uploads,
    catalog: new MemoryCatalogStore(),
    challenges: new MemoryChallengeStore(),
    downloads: { issued: (entry: EvidenceDownloadIssued) => issued.push(entry) },
  };
  const at = deps.clock.at;
  const published = async () => {
    const { view } = await submitDecision(deps, { actor: submitter, content: companyPenaltyContent() });
    await reviewDecision(deps, {
      actor: reviewer,
      id: view.id,
      ifMatch: view.version,
      outcome: 'approve',
      comment: '',
    });
    await handleDecisionChange(deps, { id: view.id, oldStatus: 'pending_review', newStatus: 'publishing' });
    return view.id;
  };
  let ip = 0;
  // As the site's form files: with a solved challenge (ADR 0016).
  const file = async (decisionId: string, sourceIp = `10.0.0.${++ip}`, filing = FILING) =>
    fileCorrectionRequest(all, {
      decisionId,
      filing,
      sourceIp,
      challenge: await solvedChallenge(all.challenges, deps.clock.now()),
    });
  return { deps, all, requests, uploads, at, published, file, issued };
}

/** The agency's report for September and October 2025, as of 20 October. */
const septemberOctoberReport = (all: ReturnType<typeof setup>['all']) =>
  complianceReport(all, {
    actor: reviewer,
    from: '2025-09-01' as LocalDate,
    to: '2025-10-31' as LocalDate,
    today: '2025-10-20' as LocalDate,
  });

describe('filing a correction request (R9)', () => {
  it('files on a published decision: open, due in 7 working days, presigned uploads of the declared files', async () => {
    const { all, published, file, at } = setup();
    const id = await published();
    at('2025-09-30T02:00:00Z');
    const filed = await file(id);
    expect(filed.request).toMatchObject({
      decisionId: id,
      status: 'open',
      filedOn: '2025-09-30',
      answerBy: '2025-10-16',
      overdue: false,
      attachments: 2,
      answer: null,
    });
    expect(filed.uploads.map((u) => [u.name, u.contentType, u.size, u.method])).toEqual([
      ['决定书.pdf', 'application/pdf', 12, 'PUT'],
      ['照片.png', 'image/png', 4, 'PUT'],
    ]);
    expect(filed.uploads[0]?.expiresAt).toBe('2025-09-30T02:15:00.000Z');
    expect(await getCorrectionRequestStatus(all, filed.request.id)).toEqual(filed.request);
  });

  it('follows the agency’s own answer deadline', async () => {
    const { deps, published, file, at } = setup();
    await deps.agencies.putAgency(
      sipingAgency('sp', {
        agencyId: 'sp',
        publishWithinWorkingDays: {},
        randomInspectionWithinWorkingDays: 20,
        correctionAnswerWorkingDays: 3,
        expiry: 'auto_withdraw',
      }),
    );
    const id = await published();
    at('2025-09-30T02:00:00Z');
    // 2025-10-09, 10-10 and the 调休 Saturday 10-11.
    expect((await file(id)).request.answerBy).toBe('2025-10-11');
  });

  it('refuses unknown, unpublished and withdrawn decisions, and stores nothing', async () => {
    const { deps, requests, published, file } = setup();
    await expect(file('NO-SUCH-DECISION')).rejects.toBeInstanceOf(NotFoundError);
    await expect(file('bad#id')).rejects.toBeInstanceOf(NotFoundError);
    const { view } = await submitDecision(deps, { actor: submitter, content: companyPenaltyContent() });
    await expect(file(view.id)).rejects.toBeInstanceOf(NotFoundError);
    const id = await published();
    await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason: 'revoked',
      ...(await legalEventFor(deps.store, id, 'revoked')),
      explanation: '已撤销',
    });
    await expect(file(id)).rejects.toMatchObject({ code: 'decision_withdrawn' });
    expect((await requests.list({ agencyId: 'sp', status: 'open', limit: 10 })).items).toEqual([]);
  });

  it('refuses a filing that breaks the rules before anything else, and stores nothing', async () => {
    const { requests, published, file } = setup();
    const id = await published();
    await expect(file(id, '10.1.1.1', { ...FILING, contact: { name: '刘建国' } })).rejects.toMatchObject({
      code: 'contact_required',
    });
    expect(requests.openCount(id, PHONE_KEY)).toBe(0);
  });

  it(`takes ${FILINGS_PER_CLIENT} filings from one address in 10 minutes, then 429 with the seconds to wait`, async () => {
    const { all, requests, published, file, at } = setup();
    const id = await published();
    at('2025-09-30T02:03:20Z');
    for (let i = 0; i < FILINGS_PER_CLIENT; i++) await file(id, '203.0.113.9', filingBy(i));
    const refused = await file(id, '203.0.113.9', filingBy(99)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 400 });
    expect(requests.openCount(id, requesterKeys(filingBy(99).contact)[0] as string)).toBe(0);
    // Another address is not affected; the next window lets the first in again.
    await file(id, '203.0.113.10');
    at('2025-09-30T02:10:00Z');
    await file(id, '203.0.113.9');
    // The limiter keys a digest of the address, never the address.
    expect(clientKey('203.0.113.9')).not.toContain('203.0.113.9');
    expect(clientKey('203.0.113.9')).toMatch(/^file-[0-9a-f]{32}$/);
    expect(all.limiter.size).toBeGreaterThan(0);
  });

  it(`holds a requester to ${OPEN_LIMITS.perDecision} open requests on a decision, by phone or e-mail however written`, async () => {
    const { all, requests, published, file } = setup();
    const id = await published();
    for (let i = 0; i < OPEN_LIMITS.perDecision; i++) await file(id);
    // The same person, the phone written with separators and full-width digits, or the e-mail in capitals.
    for (const contact of [
      { name: '刘先生', phone: '+86 138 1234 5678' },
      { name: 'L.', email: 'LIU.JIANGUO@EXAMPLE.COM ' },
    ]) {
      await expect(file(id, undefined, { ...FILING, contact })).rejects.toMatchObject({
        code: 'too_many_open_requests',
        retryAfterSeconds: 3600,
      });
    }
    expect(requests.openCount(id, PHONE_KEY)).toBe(OPEN_LIMITS.perDecision);
    // An answer frees a place.
    const [first] = (await listCorrectionRequests(all, { actor: reviewer, limit: 10 })).items;
    await answerCorrectionRequest(all, {
      actor: reviewer,
      id: first?.id ?? '',
      outcome: 'reject',
      reasons: '经核对，公示内容准确',
    });
    await file(id);
  });

  it('never lets a flood under other contacts block a genuine requester (no cap on a decision for everyone)', async () => {
    const { requests, published, file } = setup();
    const id = await published();
    // 200 requests from 200 addresses and as many made-up contacts: all taken (the address rate and, on AWS, the
    // edge's per-source limit bound how fast one source files them).
    for (let i = 0; i < 200; i++) await file(id, `198.51.${i >> 8}.${i & 255}`, filingBy(i));
    const genuine = await file(id, '192.0.2.1', FILING);
    expect(genuine.request.status).toBe('open');
    expect(requests.openCount(id, PHONE_KEY)).toBe(1);
  });

  it(`holds a requester to ${OPEN_LIMITS.overall} open requests in all`, async () => {
    const { published, file } = setup();
    for (let i = 0; i < OPEN_LIMITS.overall; i++) await file(await published());
    await expect(file(await published())).rejects.toMatchObject({ code: 'too_many_open_requests' });
    // Someone else files on it.
    await file(await published(), undefined, filingBy(1));
  });
});

describe("the agency's side (R9)", () => {
  it('lists its open requests oldest first with deadlines, overdue flags and the evidence checked', async () => {
    const { all, published, file, uploads, at, issued } = setup();
    const id = await published();
    at('2025-09-30T02:00:00Z');
    const first = await file(id);
    at('2025-10-20T02:00:00Z');
    await file(id, '10.9.9.9', { ...FILING, attachments: [] });
    const [pdf, png] = first.uploads;
    // The PDF as declared; the PNG put behind the signature's back with another size.
    expect(uploads.upload(pdf?.url ?? '', new Uint8Array(12), 'application/pdf')).toBe(true);
    expect(uploads.upload(png?.url ?? '', new Uint8Array(5), 'image/png')).toBe(false);
    uploads.store(evidenceKey(first.request.id, 1), new Uint8Array(5), 'image/png');
    const page = await listCorrectionRequests(all, { actor: reviewer, limit: 10 });
    expect(page.items.map((r) => [r.id, r.answerBy, r.overdue])).toEqual([
      [first.request.id, '2025-10-16', true],
      [expect.any(String), '2025-10-29', false],
    ]);
    const [request] = page.items;
    expect(request?.contact).toEqual(FILING.contact);
    expect(request?.deadline.explanation).toContain('2025-10-11（星期六）');
    expect(request?.attachments.map((a) => a.check)).toEqual(['ok', 'mismatch']);
    expect(request?.allowedActions).toEqual(['reject']);
    // Each stored file a 5-minute download for the answering agency's staff, each one logged: who, what, when.
    expect(request?.attachments.map((a) => a.download)).toEqual([
      { url: expect.stringMatching(/^memory:\/\/uploads\//), expiresAt: '2025-10-20T02:05:00.000Z' },
      { url: expect.any(String), expiresAt: '2025-10-20T02:05:00.000Z' },
    ]);
    expect(issued).toEqual([
      expect.objectContaining({
        requestId: first.request.id,
        file: 1,
        by: 'wang.fang',
        at: '2025-10-20T02:00:00.000Z',
      }),
      expect.objectContaining({ requestId: first.request.id, file: 2, by: 'wang.fang' }),
    ]);
    // A platform operator supervises the deadlines: no evidence, nothing issued.
    const operator: User = { kind: 'user', userId: 'ops', agencyId: 'platform', roles: ['operator'] };
    const supervised = await listCorrectionRequests(all, { actor: operator, agencyId: 'sp', limit: 10 });
    expect(supervised.items[0]?.attachments.map((a) => a.download)).toEqual([null, null]);
    expect(issued).toHaveLength(2);
    // Another agency sees none of them.
    expect((await listCorrectionRequests(all, { actor: otherSubmitter, limit: 10 })).items).toEqual([]);
  });

  it('rejects with reasons (a reviewer may), after which the public sees the answer', async () => {
    const { all, published, file, at } = setup();
    const id = await published();
    const { request } = await file(id);
    await expect(
      answerCorrectionRequest(all, { actor: reviewer, id: request.id, outcome: 'reject', reasons: ' ' }),
    ).rejects.toMatchObject({ code: 'reasons_required' });
    at('2025-10-09T02:00:00Z');
    const answered = await answerCorrectionRequest(all, {
      actor: reviewer,
      id: request.id,
      outcome: 'reject',
      reasons: '经核对，公示内容与决定书一致。',
    });
    expect(answered.correction).toBeNull();
    expect(answered.request).toMatchObject({
      status: 'rejected',
      answer: { outcome: 'reject', by: 'wang.fang' },
    });
    expect(await getCorrectionRequestStatus(all, request.id)).toMatchObject({
      status: 'rejected',
      answer: { outcome: 'reject', reasons: '经核对，公示内容与决定书一致。', answeredOn: '2025-10-09' },
    });
    await expect(
      answerCorrectionRequest(all, { actor: reviewer, id: request.id, outcome: 'reject', reasons: '再次' }),
    ).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('tells a requester who asked for it of the answer by e-mail, and no one else', async () => {
    const { all, published, file, at } = setup();
    const id = await published();
    const sent: RequesterNotice[] = [];
    const notices = {
      notifier: { send: async (notice: RequesterNotice) => void sent.push(notice) },
      statusUrl: (rid: string) => `https://api.example/v1/corrections/${rid}`,
    };
    await expect(
      file(id, undefined, { ...FILING, contact: { name: '刘先生', phone: '13812345678' }, notify: true }),
    ).rejects.toMatchObject({ details: { issues: [expect.objectContaining({ code: 'email_required' })] } });
    const asked = await file(id, undefined, { ...FILING, notify: true });
    const silent = await file(id, undefined, filingBy(3));
    at('2025-10-09T02:00:00Z');
    for (const { request } of [asked, silent]) {
      await answerCorrectionRequest(
        { ...all, notices },
        { actor: reviewer, id: request.id, outcome: 'reject', reasons: '经核对，公示内容准确。' },
      );
    }
    expect(sent).toEqual([
      {
        to: FILING.contact.email,
        requestId: asked.request.id,
        subject: `更正申请 ${asked.request.id} 已答复：不予更正`,
        text: expect.stringContaining(`https://api.example/v1/corrections/${asked.request.id}`),
      },
    ]);
    // Never the requester's own texts, nor the decision's.
    expect(sent[0]?.text).not.toContain(FILING.what);
  });

  it('accepts as a correction that a different reviewer approves (R2, R8), remembering its version', async () => {
    const { deps, all, published, file } = setup();
    const id = await published();
    const { request } = await file(id);
    const current = await getDecision(deps, { actor: submitter, id });
    const corrected = { ...current.decision, result: '罚款人民币叁万元' };
    // A reviewer cannot author the correction: refused before the decision is touched.
    await expect(
      answerCorrectionRequest(all, {
        actor: reviewer,
        id: request.id,
        outcome: 'accept',
        reasons: '',
        content: corrected,
        ifMatch: current.version,
      }),
    ).rejects.toMatchObject({ code: 'role_required' });
    // A stale If-Match changes nothing either.
    await expect(
      answerCorrectionRequest(all, {
        actor: submitter,
        id: request.id,
        outcome: 'accept',
        reasons: '',
        content: corrected,
        ifMatch: current.version - 1,
      }),
    ).rejects.toBeInstanceOf(PreconditionError);
    expect((await getDecision(deps, { actor: submitter, id })).version).toBe(current.version);
    const answered = await answerCorrectionRequest(all, {
      actor: submitter,
      id: request.id,
      outcome: 'accept',
      reasons: '罚款金额更正为叁万元',
      content: corrected,
      ifMatch: current.version,
    });
    expect(answered.correction).toMatchObject({ status: 'published', underReview: true, pendingRevision: 2 });
    expect(answered.request.answer).toMatchObject({
      outcome: 'accept',
      correctionVersion: current.version + 1,
      correctionRevision: 2,
    });
    await expect(
      reviewDecision(deps, {
        actor: { ...reviewer, roles: ['submitter', 'reviewer'], userId: 'li.na' },
        id,
        ifMatch: await versionOf(deps.store, id),
        outcome: 'approve',
        comment: '',
      }),
    ).rejects.toMatchObject({ code: 'self_review' });
    const approved = await reviewDecision(deps, {
      actor: secondReviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '同意更正',
    });
    expect(approved).toMatchObject({ status: 'publishing', publicRevision: 2 });
  });

  it('hides another agency’s requests (404)', async () => {
    const { all, published, file } = setup();
    const { request } = await file(await published());
    await expect(
      answerCorrectionRequest(all, {
        actor: otherSubmitter,
        id: request.id,
        outcome: 'reject',
        reasons: 'x',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('deadlines and supervision (R9, R12)', () => {
  it('counts overdue open requests in the deadline sweep, from the answer index alone', async () => {
    const { all, published, file, at } = setup();
    const id = await published();
    at('2025-09-30T02:00:00Z');
    const late = await file(id);
    at('2025-10-09T02:00:00Z');
    await file(id);
    const onLastDay = await deadlineSweep(all, new Date('2025-10-16T02:00:00Z'));
    expect(onLastDay).toMatchObject({ overdueCorrectionRequests: 0 });
    const after = await deadlineSweep(all, new Date('2025-10-17T02:00:00Z'));
    expect(after).toMatchObject({
      overdueCorrectionRequests: 1,
      overdueCorrectionRequestIds: [late.request.id],
    });
    await answerCorrectionRequest(all, {
      actor: reviewer,
      id: late.request.id,
      outcome: 'reject',
      reasons: '无误',
    });
    expect(await deadlineSweep(all, new Date('2025-10-17T02:00:00Z'))).toMatchObject({
      overdueCorrectionRequests: 0,
    });
  });

  it('reports requests answered on time, late and open past the deadline for the agency and period', async () => {
    const { all, published, file, at } = setup();
    const id = await published();
    at('2025-09-30T02:00:00Z'); // due 2025-10-16
    const onTime = await file(id);
    const late = await file(id, undefined, filingBy(1));
    const open = await file(id, undefined, filingBy(2));
    at('2025-11-03T02:00:00Z'); // outside the period asked for below
    await file(id);
    at('2025-10-16T15:30:00Z'); // 23:30 in Shanghai on the last day
    await answerCorrectionRequest(all, {
      actor: reviewer,
      id: onTime.request.id,
      outcome: 'reject',
      reasons: '无误',
    });
    at('2025-10-17T01:00:00Z');
    await answerCorrectionRequest(all, {
      actor: reviewer,
      id: late.request.id,
      outcome: 'reject',
      reasons: '无误',
    });
    const report = await septemberOctoberReport(all);
    const ids = (t: { requests: readonly { id: string }[] } | null) => t?.requests.map((r) => r.id);
    expect(ids(report.correctionRequestsFiled)).toEqual([onTime, late, open].map((f) => f.request.id));
    expect(ids(report.correctionRequestsAnsweredOnTime)).toEqual([onTime.request.id]);
    expect(ids(report.correctionRequestsAnsweredLate)).toEqual([late.request.id]);
    expect(ids(report.correctionRequestsOpenPastDeadline)).toEqual([open.request.id]);
    expect(report.correctionRequestsAnsweredLate?.requests[0]).toEqual({
      id: late.request.id,
      decisionId: id,
      caseNumber: expect.any(String),
      status: 'rejected',
      filedOn: '2025-09-30',
      due: '2025-10-16',
      answeredOn: '2025-10-17',
      outcome: 'reject',
    });
    expect(JSON.stringify(report)).not.toContain(FILING.contact.phone);
  });

  it('holds requests filed without a solved challenge out of every count until the agency answers them (ADR 0016)', async () => {
    const { all, published, file, at } = setup();
    const id = await published();
    at('2025-09-30T02:00:00Z'); // due 2025-10-16
    const genuine = await file(id);
    // A flood without the form's proof of work: 200 requests from 200 addresses and 200 requesters.
    const flood = [];
    for (let n = 0; n < 200; n++) {
      flood.push(
        await fileCorrectionRequest(all, {
          decisionId: id,
          filing: filingBy(n),
          sourceIp: `198.18.${n >> 8}.${n & 255}`,
        }),
      );
    }
    at('2025-10-17T01:00:00Z');
    await answerCorrectionRequest(all, {
      actor: reviewer,
      id: (flood[0] as (typeof flood)[number]).request.id,
      outcome: 'reject',
      reasons: '非更正申请',
    });
    const report = await septemberOctoberReport(all);
    const ids = (t: { requests: readonly { id: string }[] } | null) => t?.requests.map((r) => r.id);
    // Counted: the genuine request (open past its deadline) and the one flooded request the agency answered.
    expect(ids(report.correctionRequestsFiled)).toEqual([genuine.request.id, flood[0]?.request.id]);
    expect(ids(report.correctionRequestsOpenPastDeadline)).toEqual([genuine.request.id]);
    expect(ids(report.correctionRequestsAnsweredLate)).toEqual([flood[0]?.request.id]);
    // Held: the 199 others, in sight but in no count.
    expect(report.correctionRequestsHeld?.count).toBe(199);
    expect(ids(report.correctionRequestsHeld)).toEqual(flood.slice(1).map((f) => f.request.id));
    // The stored request says how it came.
    expect((await all.requests.get(genuine.request.id))?.request.challenge).toBe('solved');
    expect((await all.requests.get(flood[1]?.request.id ?? ''))?.request.challenge).toBe('none');
  });

  it('takes fewer filings per address without a solved challenge', async () => {
    const { all, published, at } = setup();
    const id = await published();
    at('2025-09-30T02:00:00Z');
    const plain = (n: number) =>
      fileCorrectionRequest(all, { decisionId: id, filing: filingBy(n), sourceIp: '203.0.113.50' });
    for (let n = 0; n < UNCHALLENGED_FILINGS_PER_CLIENT; n++) await plain(n);
    await expect(plain(99)).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('refuses a solution used twice, expired, forged or of another key, storing nothing (422 challenge_failed)', async () => {
    const { all, requests, published, at, deps } = setup();
    const id = await published();
    at('2025-09-30T02:00:00Z');
    const now = deps.clock.now();
    const once = await solvedChallenge(all.challenges, now);
    let n = 0;
    const withSolution = (challenge: string) =>
      fileCorrectionRequest(all, {
        decisionId: id,
        filing: filingBy(++n),
        sourceIp: `10.9.0.${n}`,
        challenge,
      });
    await withSolution(once);
    const before = requests.size;
    const refusedWith = async (challenge: string) => {
      const error = await withSolution(challenge).catch((e: unknown) => e);
      expect(error, challenge).toMatchObject({ code: 'challenge_failed', field: 'challenge' });
      expect(String((error as Error).message)).toMatch(/刷新页面/);
    };
    await refusedWith(once);
    await refusedWith(await solvedChallenge(all.challenges, new Date(now.getTime() - 11 * 60_000)));
    await refusedWith(await solvedChallenge(new MemoryChallengeStore(), now));
    const honest = JSON.parse(Buffer.from(await solvedChallenge(all.challenges, now), 'base64').toString());
    await refusedWith(
      Buffer.from(JSON.stringify({ ...honest, number: honest.number + 1 })).toString('base64'),
    );
    await refusedWith(
      Buffer.from(
        JSON.stringify({ ...honest, salt: honest.salt.replace(/expires=\d+/, 'expires=9999999999') }),
      ).toString('base64'),
    );
    await refusedWith(Buffer.from(JSON.stringify({ ...honest, algorithm: 'SHA-1' })).toString('base64'));
    for (const junk of ['x', '!!!', Buffer.from('[]').toString('base64'), 'A'.repeat(3_000)])
      await refusedWith(junk);
    expect(requests.size).toBe(before);
  });
});
