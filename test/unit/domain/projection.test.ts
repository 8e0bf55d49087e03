import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import {
  ACTION_TYPES,
  type DecisionContent,
  EXEMPTION_REASONS,
  type Party,
  PENALTY_TYPES,
} from '../../../shared/domain/decision.ts';
import { isValidResidentId } from '../../../shared/domain/identity.ts';
import {
  maskPublicNote,
  type ProjectionInput,
  type PublicProjection,
  projectPublic,
} from '../../../shared/domain/projection.ts';
import { COMPOUND_SURNAMES } from '../../../shared/domain/redaction.ts';
import {
  localDateArb,
  mobileArb,
  residentIdArb,
  residentIdBornOn,
  SIPING_COMPANY_USCC,
  withLookalikeDigits,
} from '../../fixtures/ids.ts';

const d = (s: string) => s as LocalDate;
const agency = { id: 'sp-gxj', name: '四平市工业和信息化局' };

/** 行政处罚 of a company by 四平市工业和信息化局. */
const companyPenalty: DecisionContent = {
  caseNumber: '四工信罚〔2025〕12号',
  actionType: 'penalty',
  party: {
    kind: 'legal_person',
    name: '四平市宏达化工有限公司',
    idType: 'uscc',
    idNumber: SIPING_COMPANY_USCC,
    legalRepresentative: '李建国',
  },
  method: '现场检查',
  content: `当事人四平市宏达化工有限公司（统一社会信用代码${SIPING_COMPANY_USCC}，住所四平市铁西区英雄大街88号，联系电话0434-3221234）未按规定对重点用能设备进行节能审查。`,
  legalBasis: '《吉林省节约能源条例》第四十六条',
  result: '责令限期改正，并处罚款人民币伍万元整。',
  penalty: { types: ['warning', 'fine'], fineYuan: 50000, confiscationYuan: 0 },
  decisionDate: d('2025-09-28'),
};

const zhangId = residentIdBornOn('1988-07-16', '220302', '517');

/** 行政处罚 of a natural person whose ID, phone and address the case officer wrote into the content. */
const personPenalty: DecisionContent = {
  caseNumber: '四工信罚〔2025〕27号',
  actionType: 'penalty',
  party: {
    kind: 'natural_person',
    name: '张三丰',
    idType: 'resident_id',
    idNumber: zhangId,
    legalRepresentative: '不应出现',
  },
  method: '现场检查、调查询问',
  content: `当事人张三丰（公民身份号码${zhangId}，住吉林省四平市铁西区英雄大街123号2单元301室，联系电话13812345678）在其经营场所无证回收废旧电器。经询问，张三丰对违法事实供认不讳。`,
  legalBasis: '《废弃电器电子产品回收处理管理条例》第二十八条',
  result: '对张三丰处以警告，并处罚款人民币贰仟元整，罚款缴入账户6222021234567890123。',
  penalty: { types: ['warning', 'fine'], fineYuan: 2000 },
  decisionDate: d('2025-09-28'),
};

function project(content: DecisionContent, revision = 1): PublicProjection {
  return projectPublic({ id: 'dec-01J9Z', agency, revision, content });
}

function documentOf(content: DecisionContent) {
  const projection = project(content);
  if (!projection.publishable) throw new Error(`expected a document, got ${projection.reason}`);
  return projection.document;
}

/** Every string the public document holds. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('projectPublic: a company penalty (R1, R4)', () => {
  it('publishes exactly R1’s fields, the company in full', () => {
    expect(project(companyPenalty, 2)).toEqual({
      publishable: true,
      document: {
        id: 'dec-01J9Z',
        agency: { id: 'sp-gxj', name: '四平市工业和信息化局' },
        caseNumber: '四工信罚〔2025〕12号',
        actionType: 'penalty',
        actionTypeLabel: '行政处罚',
        party: {
          kind: 'legal_person',
          kindLabel: '法人',
          name: '四平市宏达化工有限公司',
          idType: 'uscc',
          idTypeLabel: '统一社会信用代码',
          idNumber: SIPING_COMPANY_USCC,
          legalRepresentative: '李建国',
        },
        method: '现场检查',
        content: `当事人四平市宏达化工有限公司（统一社会信用代码${SIPING_COMPANY_USCC}，住所四平市铁西区英雄大街88号，联系电话0434-*****34）未按规定对重点用能设备进行节能审查。`,
        legalBasis: '《吉林省节约能源条例》第四十六条',
        result: '责令限期改正，并处罚款人民币伍万元整。',
        penalty: {
          types: ['warning', 'fine'],
          typeLabels: ['警告', '罚款'],
          fineYuan: 50000,
          confiscationYuan: 0,
        },
        decisionDate: '2025-09-28',
        revision: 2,
      },
    });
  });

  it('shows a random inspection’s end and outcome, and nothing of exemptions or marked spans', () => {
    const { penalty: _penalty, ...inspection } = companyPenalty;
    const document = documentOf({
      ...inspection,
      actionType: 'inspection',
      randomInspection: { endDate: d('2025-09-20'), outcome: 'normal' },
      redactions: [{ field: 'content', text: '重点用能设备' }],
    });
    expect(document.randomInspection).toEqual({ endDate: '2025-09-20', outcome: 'normal' });
    expect(document).not.toHaveProperty('penalty');
    expect(document).not.toHaveProperty('redactions');
    expect(document).not.toHaveProperty('exemption');
    expect(document.actionTypeLabel).toBe('行政检查');
    expect(document.content).toContain('未按规定对******进行节能审查');
  });

  it('says a major decision was legally reviewed and when, without the opinion number (R14)', () => {
    const document = documentOf({
      ...companyPenalty,
      majorDecision: true,
      legalReview: { opinionNumber: '四工信法审〔2025〕7号', reviewedOn: d('2025-09-26') },
    });
    expect(document.majorDecision).toBe(true);
    expect(document.legalReview).toEqual({ reviewedOn: '2025-09-26' });
    expect(JSON.stringify(document)).not.toContain('法审');
    const plain = documentOf(companyPenalty);
    expect(plain).not.toHaveProperty('majorDecision');
    expect(plain).not.toHaveProperty('legalReview');
  });

  it('masks the spans marked in the company’s name and representative', () => {
    const document = documentOf({
      ...companyPenalty,
      redactions: [
        { field: 'party.name', text: '宏达' },
        { field: 'party.legalRepresentative', text: '建国' },
      ],
    });
    expect(document.party.name).toBe('四平市**化工有限公司');
    expect(document.party.legalRepresentative).toBe('李**');
  });
});

describe('projectPublic: a natural person (R4)', () => {
  it('keeps the surname and ID region, masks ID, phone, address and bank card in the text', () => {
    const document = documentOf(personPenalty);
    expect(document.party).toEqual({
      kind: 'natural_person',
      kindLabel: '自然人',
      name: '张**',
      idType: 'resident_id',
      idTypeLabel: '居民身份证',
      idNumber: '220302************',
    });
    expect(document.content).toBe(
      '当事人张**（公民身份号码220302************，住吉林省四平市铁西区***************，联系电话138****5678）在其经营场所无证回收废旧电器。经询问，张**对违法事实供认不讳。',
    );
    expect(document.result).toBe('对张**处以警告，并处罚款人民币贰仟元整，罚款缴入账户622202*************。');
    expect(JSON.stringify(document)).not.toContain('不应出现');
  });

  it('keeps a compound surname whole', () => {
    const document = documentOf({
      ...personPenalty,
      party: { ...personPenalty.party, name: '欧阳明远' },
      content: '当事人欧阳明远无证回收废旧电器。',
    });
    expect(document.party.name).toBe('欧阳**');
    expect(document.content).toBe('当事人欧阳**无证回收废旧电器。');
  });

  it('masks a passport holder’s number and name', () => {
    const document = documentOf({
      ...personPenalty,
      party: { kind: 'natural_person', name: 'John Smith', idType: 'passport', idNumber: 'E12345678' },
      content: 'John Smith（护照号码E12345678）未经许可从事经营活动。',
    });
    expect(document.party.name).toBe('J*** S****');
    expect(document.party.idNumber).toBe('E********');
    expect(document.content).toBe('J*** S****（护照号码E********）未经许可从事经营活动。');
  });
});

describe('projectPublic: never published (R3)', () => {
  it('yields no document for a declared trade secret', () => {
    const projection = project({
      ...companyPenalty,
      exemption: { reason: 'trade_secret', note: '涉及企业核心生产工艺' },
    });
    expect(projection).toEqual({ publishable: false, reason: 'trade_secret', source: 'declared' });
    expect(JSON.stringify(projection)).not.toContain('生产工艺');
  });

  it('yields no document for a minor, detected from the ID on the 18th birthday', () => {
    const minor = {
      ...personPenalty,
      party: { ...personPenalty.party, idNumber: residentIdBornOn('2007-09-28') },
    };
    expect(project(minor)).toEqual({ publishable: false, reason: 'minor', source: 'detected' });
  });

  it('publishes the same person the day after the 18th birthday', () => {
    const adult = {
      ...personPenalty,
      party: { ...personPenalty.party, idNumber: residentIdBornOn('2007-09-27') },
    };
    expect(project(adult).publishable).toBe(true);
  });

  it('treats a 29 February birthday as 28 February in a common year', () => {
    const leapling = {
      ...personPenalty,
      party: { ...personPenalty.party, idNumber: residentIdBornOn('2008-02-29') },
    };
    expect(project({ ...leapling, decisionDate: d('2026-02-28') }).publishable).toBe(false);
    expect(project({ ...leapling, decisionDate: d('2026-03-01') }).publishable).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties.

const hanChar = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code));
const han = (minLength: number, maxLength: number) => fc.string({ unit: hanChar, minLength, maxLength });
const anyText = fc.string({ unit: 'grapheme', maxLength: 20 });

const chineseName = fc.oneof(
  fc.tuple(han(1, 1), han(1, 2)).map(([surname, given]) => surname + given),
  fc.tuple(fc.constantFrom(...COMPOUND_SURNAMES), han(1, 2)).map(([surname, given]) => surname + given),
  fc.tuple(han(2, 4), han(2, 3)).map(([first, second]) => `${first}·${second}`),
);

const naturalParty: fc.Arbitrary<Party> = fc.record({
  kind: fc.constant('natural_person' as const),
  name: chineseName,
  idType: fc.constant('resident_id' as const),
  idNumber: residentIdArb({ bornFrom: '1940-01-01', bornTo: '2000-12-31' }),
});
const companyParty: fc.Arbitrary<Party> = fc.record({
  kind: fc.constantFrom('legal_person' as const, 'other_org' as const),
  name: han(4, 12).map((name) => `${name}有限公司`),
  idType: fc.constant('uscc' as const),
  idNumber: fc.constant(SIPING_COMPANY_USCC),
  legalRepresentative: chineseName,
});

function contentArb(party: fc.Arbitrary<Party>, text: fc.Arbitrary<string>): fc.Arbitrary<DecisionContent> {
  return fc
    .record({
      caseNumber: fc.integer({ min: 1, max: 999 }).map((n) => `四工信罚〔2025〕${n}号`),
      actionType: fc.constantFrom(...ACTION_TYPES),
      party,
      method: text,
      content: text,
      legalBasis: text,
      result: text,
      decisionDate: localDateArb('2019-01-01', '2025-10-09'),
      penalty: fc.option(
        fc.record({
          types: fc.uniqueArray(fc.constantFrom(...PENALTY_TYPES), { minLength: 1, maxLength: 3 }),
          fineYuan: fc.integer({ min: 0, max: 10_000_000 }),
        }),
        { nil: undefined },
      ),
      inspection: fc.option(
        fc.record({
          endDate: localDateArb('2019-01-01', '2025-10-09'),
          outcome: fc.constantFrom('normal' as const, 'problem' as const),
        }),
        {
          nil: undefined,
        },
      ),
    })
    .map(({ penalty, inspection, ...rest }) => ({
      ...rest,
      ...(penalty ? { penalty } : {}),
      ...(inspection ? { randomInspection: inspection } : {}),
    }));
}

const inputOf = (content: DecisionContent): ProjectionInput => ({
  id: 'dec-01J9Z',
  agency,
  revision: 3,
  content,
});

describe('projectPublic properties', () => {
  it('(1) an exempt decision yields no document and not one byte of the decision', () => {
    const declared = fc
      .tuple(
        contentArb(fc.oneof(naturalParty, companyParty), han(4, 40)),
        fc.constantFrom(...EXEMPTION_REASONS),
        han(2, 10),
      )
      .map(([content, reason, note]): DecisionContent => ({ ...content, exemption: { reason, note } }));
    const minors = fc
      .tuple(contentArb(naturalParty, han(4, 40)), localDateArb('2008-01-01', '2025-10-09'))
      .map(
        ([content, birth]): DecisionContent => ({
          ...content,
          party: { ...content.party, idNumber: residentIdBornOn(birth) },
          decisionDate: d('2025-10-09'),
        }),
      );
    fc.assert(
      fc.property(fc.oneof(declared, minors), (content) => {
        const projection = projectPublic(inputOf(content));
        expect(projection.publishable).toBe(false);
        expect(projection).not.toHaveProperty('document');
        const json = JSON.stringify(projection);
        for (const secret of [
          content.party.name,
          content.party.idNumber,
          content.caseNumber,
          content.content,
          content.exemption?.note ?? content.party.name,
        ]) {
          expect(json).not.toContain(secret);
        }
      }),
    );
  });

  it('(2) no valid resident ID and no mobile number survives in any free text, whoever the party is', () => {
    const fullWidth = (s: string) =>
      s.replace(/[0-9X]/g, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0));
    const secret = fc.oneof(
      residentIdArb(),
      mobileArb(),
      residentIdArb().map((id) => id.toLowerCase()),
      fc.oneof(residentIdArb(), mobileArb()).map(fullWidth),
      withLookalikeDigits(fc.oneof(residentIdArb(), mobileArb())),
    );
    // Arbitrary unicode around the secrets, and the characters most likely to confuse a mask.
    const around = fc.oneof(anyText, fc.stringMatching(/^[0-9０-９xX+*\- ]{0,6}$/));
    const textWithSecrets = fc
      .array(fc.tuple(around, secret), { minLength: 1, maxLength: 4 })
      .chain((pieces) =>
        anyText.map((tail) => ({
          text: pieces.map(([around, s]) => around + s).join('') + tail,
          secrets: pieces.map(([, s]) => s),
        })),
      );
    fc.assert(
      fc.property(fc.oneof(naturalParty, companyParty), textWithSecrets, textWithSecrets, (party, a, b) => {
        const content: DecisionContent = {
          ...companyPenalty,
          party,
          content: a.text,
          result: b.text,
          method: a.text + b.text,
        };
        const projection = projectPublic(inputOf(content));
        if (!projection.publishable) return;
        const leaves = strings(projection.document).map((leaf) => leaf.normalize('NFKC'));
        const json = JSON.stringify(projection.document).normalize('NFKC').toUpperCase();
        for (const leaf of leaves) {
          for (const match of leaf.matchAll(/(?=(\d{17}[\dXx]))/g)) {
            expect(isValidResidentId(match[1] ?? '')).toBe(false);
          }
          expect(leaf).not.toMatch(/1[3-9]\d{9}/);
        }
        for (const s of [...a.secrets, ...b.secrets])
          expect(json).not.toContain(s.normalize('NFKC').toUpperCase());
      }),
      { numRuns: 500 },
    );
  });

  it('(3) a natural person’s full name never appears in the public document', () => {
    const content = naturalParty.chain((party) =>
      fc
        .array(fc.oneof(anyText, han(1, 3), fc.constant(party.name)), { minLength: 1, maxLength: 8 })
        .map((parts) => parts.join(''))
        .chain((text) => contentArb(fc.constant(party), fc.constant(text))),
    );
    fc.assert(
      fc.property(content, (decision) => {
        const projection = projectPublic(inputOf(decision));
        if (!projection.publishable) return;
        expect(JSON.stringify(projection)).not.toContain(decision.party.name);
      }),
      { numRuns: 500 },
    );
  });

  it('(4) the document holds exactly the whitelisted keys', () => {
    // Members the contract does not know; the contract's own optional members are validated before projection.
    const known = new Set([
      'exemption',
      'redactions',
      'penalty',
      'randomInspection',
      'majorDecision',
      'legalReview',
      'legalRepresentative',
      '__proto__',
    ]);
    const extra = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !known.has(key)),
      fc.string(),
      { maxKeys: 3 },
    );
    fc.assert(
      fc.property(contentArb(fc.oneof(naturalParty, companyParty), han(1, 30)), extra, (content, junk) => {
        // Whatever else rides along on the input must not reach the public side.
        const noisy = { ...junk, ...content, party: { ...junk, ...content.party } } as DecisionContent;
        const projection = projectPublic(inputOf(noisy));
        if (!projection.publishable) return;
        const { document } = projection;
        const expected = [
          'id',
          'agency',
          'caseNumber',
          'actionType',
          'actionTypeLabel',
          'party',
          'method',
          'content',
          'legalBasis',
          'result',
          'decisionDate',
          'revision',
          ...(content.penalty ? ['penalty'] : []),
          ...(content.randomInspection ? ['randomInspection'] : []),
        ];
        expect(Object.keys(document).sort()).toEqual(expected.sort());
        expect(Object.keys(document.agency).sort()).toEqual(['id', 'name']);
        const partyKeys = ['kind', 'kindLabel', 'name', 'idType', 'idTypeLabel', 'idNumber'];
        if (content.party.kind !== 'natural_person') partyKeys.push('legalRepresentative');
        expect(Object.keys(document.party).sort()).toEqual(partyKeys.sort());
        if (document.penalty)
          expect(Object.keys(document.penalty).sort()).toEqual(['fineYuan', 'typeLabels', 'types']);
        if (document.randomInspection)
          expect(Object.keys(document.randomInspection).sort()).toEqual(['endDate', 'outcome']);
      }),
    );
  });
});

describe('maskPublicNote: a withdrawal notice’s explanation (R4, R7)', () => {
  // Found by the reliability suite's leak scan: the explanation went to the notice page, its JSON, the month
  // files and the Atom tombstone as typed.
  it('masks the natural person’s name and ID, and any phone, ID or e-mail, as the decision’s own text', () => {
    const note = maskPublicNote(
      personPenalty,
      `张三丰（身份证${zhangId}，电话13812345678）申请行政复议，复议机关撤销原决定；联系人王五 13987654321，wang@example.com`,
    );
    expect(note).not.toContain('张三丰');
    expect(note).toContain('张**');
    expect(note).not.toContain(zhangId);
    expect(note).not.toContain('13812345678');
    expect(note).not.toContain('13987654321');
    expect(note).not.toContain('wang@example.com');
    expect(note).toContain('复议机关撤销原决定');
  });

  it('leaves a company’s own code and an ordinary explanation as written', () => {
    const text = `原处罚决定已被行政复议决定撤销（统一社会信用代码${SIPING_COMPANY_USCC}）`;
    expect(maskPublicNote(companyPenalty, text)).toBe(text);
  });
});
