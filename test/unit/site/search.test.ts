import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import {
  correctDecision,
  reviewDecision,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../../shared/app/publish.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import type { Actor, DecisionContent, WithdrawReason } from '../../../shared/domain/decision.ts';
import type { Dependencies } from '../../../shared/ports.ts';
import { SEARCH_KEY_JS } from '../../../shared/site/assets.ts';
import {
  bigramsOf,
  bucketOf,
  type CodeEntry,
  codeShardKey,
  companyCodeOf,
  lookupPath,
  nameShardKey,
  searchKey,
} from '../../../shared/site/search.ts';
import { writtenArb } from '../../fixtures/adversarial.ts';
import { residentIdArb, residentIdBornOn, SIPING_COMPANY_USCC } from '../../fixtures/ids.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const AGENCY = 'siping-gxj';
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
const OTHER_USCC = '914403001922038216';

let cases = 0;
function company(overrides: Partial<Record<string, unknown>> = {}): DecisionContent {
  cases += 1;
  return {
    caseNumber: `四工信罚〔2025〕${cases}号`,
    actionType: 'penalty',
    party: {
      kind: 'legal_person',
      name: '四平市鑫达化工有限公司',
      idType: 'uscc',
      idNumber: SIPING_COMPANY_USCC,
    },
    method: '现场检查',
    content: '未按规定落实危险化学品安全管理制度',
    legalBasis: '《危险化学品安全管理条例》第八十条',
    result: '罚款人民币伍万元',
    penalty: { types: ['fine'], fineYuan: 50000 },
    decisionDate: '2025-08-28',
    ...overrides,
  } as unknown as DecisionContent;
}

const PERSON_ID = residentIdBornOn('1985-03-12');
const person = () =>
  company({
    party: { kind: 'natural_person', name: '欧阳明华', idType: 'resident_id', idNumber: PERSON_ID },
    content: '无证经营。',
  });

function platform() {
  let now = Date.parse('2025-09-01T02:00:00Z');
  let n = 0;
  const store = new MemoryDecisionStore();
  const site = new MemorySiteBucket();
  const deps: Dependencies & Parameters<typeof handleDecisionChange>[0] = {
    store,
    agencies: new MemoryAgencyDirectory(),
    calendar: createDefaultCalendar(),
    clock: {
      now: () => {
        now += 100;
        return new Date(now);
      },
    },
    ids: { next: () => `D${String(++n).padStart(3, '0')}` },
    site,
    log: new MemoryTransparencyLog(),
    siteConfig: {
      siteUrl: 'https://gongshi.example/',
      title: '行政执法决定公示',
      correctionFormUrl: 'correction.html',
    },
  };
  const approve = async (id: string) =>
    reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(store, id),
      outcome: 'approve',
      comment: '同意公开',
    });
  const published = async (content: DecisionContent) => {
    const { view } = await submitDecision(deps, { actor: submitter, content });
    await approve(view.id);
    expect(
      await handleDecisionChange(deps, { id: view.id, oldStatus: 'pending_review', newStatus: 'publishing' }),
    ).toBe('published');
    return view.id;
  };
  const withdrawn = async (id: string, reason: Exclude<WithdrawReason, 'expired'>) => {
    await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(store, id),
      reason,
      ...(await legalEventFor(store, id, reason)),
      explanation: `因${reason}撤下`,
    });
    expect(await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' })).toBe(
      'withdrawn',
    );
  };
  const corrected = async (id: string, content: DecisionContent) => {
    await correctDecision(deps, { actor: submitter, id, ifMatch: await versionOf(store, id), content });
    await approve(id);
    expect(await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'publishing' })).toBe(
      'published',
    );
  };
  const body = (key: string) => site.objects.get(key)?.body;
  /** What a query by code finds, as the site's script reads the bucket. */
  const byCode = (text: string): CodeEntry[] => {
    const key = searchKey(text);
    const shard = body(codeShardKey(bucketOf(key)));
    return shard ? (JSON.parse(shard).entries as CodeEntry[]).filter((e) => e.key === key) : [];
  };
  /** What a query by name finds: the postings of its pairs that hold the whole query. */
  const byName = (text: string): string[] => {
    const key = searchKey(text);
    const found = new Set<string>();
    for (const gram of bigramsOf(key)) {
      const shard = body(nameShardKey(bucketOf(gram)));
      const postings = shard ? JSON.parse(shard).grams[gram] : undefined;
      for (const p of postings ?? []) if (searchKey(p.n).includes(key)) found.add(p.c);
    }
    return [...found];
  };
  return { deps, site, body, published, withdrawn, corrected, byCode, byName };
}

describe('the search index (ADR 0017)', () => {
  it('reads a code or a name as the site’s script does, however it is written', () => {
    const script = runInNewContext(`${SEARCH_KEY_JS}; ({ searchKey, bucketOf, bigramsOf })`) as {
      searchKey(text: string): string;
      bucketOf(key: string): string;
      bigramsOf(key: string): string[];
    };
    const written = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc
        .constantFrom(
          '9122 0300-MA0Y\u200b2N7X4C',
          '四工信罚［２０２６］１０１号',
          '四平市鑫达化工有限公司',
          '٩١٢٢𝟎𝟑',
        )
        .chain((base) => fc.constant(base)),
    );
    fc.assert(
      fc.property(written, (text) => {
        const key = searchKey(text);
        expect(script.searchKey(text)).toBe(key);
        expect(script.bucketOf(key)).toBe(bucketOf(key));
        expect(script.bigramsOf(key)).toEqual(bigramsOf(key));
      }),
      { numRuns: 200 },
    );
    expect(searchKey('四工信罚［２０２６］ 1０1号')).toBe(searchKey('四工信罚〔2026〕101号'));
    expect(searchKey('9122 0300-ma0y\u200b2n7x4c')).toBe('91220300MA0Y2N7X4C');
  });

  it('never keys a resident ID filed as an organisation’s code, however it is written (R4)', () => {
    fc.assert(
      fc.property(
        residentIdArb().chain((id) => writtenArb({ kind: 'resident_id', canonical: id })),
        fc.constantFrom('legal_person', 'other_org', 'individual_business'),
        fc.constantFrom('other', 'uscc'),
        (written, kind, idType) => {
          expect(companyCodeOf({ kind, idType, idNumber: written })).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
    expect(companyCodeOf({ kind: 'legal_person', idType: 'uscc', idNumber: SIPING_COMPANY_USCC })).toBe(
      SIPING_COMPANY_USCC,
    );
  });

  it('finds a company by its code however written, by a part of its name, and a decision by its case number', async () => {
    const p = platform();
    const id = await p.published(company());
    const spaced = `${SIPING_COMPANY_USCC.slice(0, 6)} ${SIPING_COMPANY_USCC.slice(6)}`.toLowerCase();
    expect(p.byCode(spaced)).toMatchObject([{ type: 'company', code: SIPING_COMPANY_USCC }]);
    expect(p.byName('鑫达化工')).toEqual([SIPING_COMPANY_USCC]);
    expect(p.byName('鑫达')).toEqual([SIPING_COMPANY_USCC]);
    const caseNumber = JSON.parse(p.body(`decisions/${id}.json`) ?? '{}').caseNumber as string;
    expect(p.byCode(caseNumber.replace('〔', '[').replace('〕', ']'))).toMatchObject([
      { type: 'decision', id },
    ]);
    const page = p.body(`companies/${SIPING_COMPANY_USCC}.html`) ?? '';
    expect(page).toContain('四平市鑫达化工有限公司');
    expect(page).toContain(`decisions/${id}.html`);
    expect(p.body(`decisions/${id}.html`)).toContain(`companies/${SIPING_COMPANY_USCC}.html`);
    expect(lookupPath(spaced)).toBe(
      `search/codes/${bucketOf(SIPING_COMPANY_USCC)}.html#k-${SIPING_COMPANY_USCC}`,
    );
  });

  it('never makes a natural person findable by name or ID: only their decision’s case number', async () => {
    const p = platform();
    const id = await p.published(person());
    expect(p.byName('欧阳明华')).toEqual([]);
    expect(p.byName('明华')).toEqual([]);
    expect(p.byCode(PERSON_ID)).toEqual([]);
    const caseNumber = JSON.parse(p.body(`decisions/${id}.json`) ?? '{}').caseNumber as string;
    expect(p.byCode(caseNumber)).toMatchObject([{ type: 'decision', id }]);
    for (const [key, object] of p.site.objects) {
      if (!/^(search|companies)\//.test(key)) continue;
      expect(object.body, key).not.toContain('明华');
      expect(object.body, key).not.toContain(PERSON_ID.slice(6, 14));
    }
    expect([...p.site.objects.keys()].some((key) => key.startsWith('companies/'))).toBe(false);
  });

  it('shows a withdrawn decision as its notice on the company page, and takes the company out with its last one', async () => {
    const p = platform();
    const first = await p.published(company());
    const second = await p.published(company({ actionType: 'penalty' }));
    await p.withdrawn(first, 'revoked');
    const page = p.body(`companies/${SIPING_COMPANY_USCC}.html`) ?? '';
    expect(page).toContain('已撤下');
    expect(page).toContain(`decisions/${second}.html`);
    expect(JSON.parse(p.body(`companies/${SIPING_COMPANY_USCC}.json`) ?? '{}').decisions).toHaveLength(2);
    const firstCase = JSON.parse(p.body(`decisions/${first}.json`) ?? '{}').caseNumber as string;
    expect(p.byCode(firstCase)).toEqual([]);
    await p.withdrawn(second, 'published_in_error');
    expect(p.body(`companies/${SIPING_COMPANY_USCC}.html`)).toBeUndefined();
    expect(p.body(`companies/${SIPING_COMPANY_USCC}.json`)).toBeUndefined();
    expect(p.byCode(SIPING_COMPANY_USCC)).toEqual([]);
    expect(p.byName('鑫达化工')).toEqual([]);
    expect(p.body(`search/docs/${second}.json`)).toBeUndefined();
  });

  it('moves a decision whose correction changed the party’s code or name, and leaves nothing behind', async () => {
    const p = platform();
    const id = await p.published(company());
    await p.corrected(
      id,
      company({
        party: { kind: 'legal_person', name: '深圳市某某电子有限公司', idType: 'uscc', idNumber: OTHER_USCC },
      }),
    );
    expect(p.body(`companies/${SIPING_COMPANY_USCC}.html`)).toBeUndefined();
    expect(p.byCode(SIPING_COMPANY_USCC)).toEqual([]);
    expect(p.byName('鑫达')).toEqual([]);
    expect(p.byCode(OTHER_USCC)).toMatchObject([{ type: 'company', code: OTHER_USCC }]);
    expect(p.byName('某某电子')).toEqual([OTHER_USCC]);
    expect(p.body(`companies/${OTHER_USCC}.html`)).toContain(`decisions/${id}.html`);
  });

  it('lists an individual business by its trade name and code, never its operator', async () => {
    const p = platform();
    await p.published(
      company({
        party: {
          kind: 'individual_business',
          name: '四平市铁西区老街烧烤店',
          idType: 'uscc',
          idNumber: OTHER_USCC,
          legalRepresentative: '张建国',
        },
      }),
    );
    expect(p.byName('老街烧烤')).toEqual([OTHER_USCC]);
    expect(p.byName('张建国')).toEqual([]);
    expect(p.body(`companies/${OTHER_USCC}.html`)).not.toContain('张建国');
  });
});
