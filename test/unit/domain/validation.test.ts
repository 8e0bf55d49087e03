import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { DecisionContent, ExemptionReason, RedactableField } from '../../../shared/domain/decision.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { validateDecisionContent } from '../../../shared/domain/validation.ts';
import { residentIdBornOn, SIPING_COMPANY_USCC } from '../../fixtures/ids.ts';

const today = '2025-10-09' as LocalDate;

const companyPenalty: DecisionContent = {
  caseNumber: ' 四工信罚〔2025〕12号 ',
  actionType: 'penalty',
  party: {
    kind: 'legal_person',
    name: '四平市宏达化工有限公司',
    idType: 'uscc',
    idNumber: SIPING_COMPANY_USCC.toLowerCase(),
    legalRepresentative: '李建国',
  },
  method: '现场检查',
  content: '当事人未按规定对重点用能设备进行节能审查，违反了《吉林省节约能源条例》第二十条的规定。\n',
  legalBasis: '《吉林省节约能源条例》第四十六条',
  result: '责令限期改正，并处罚款人民币伍万元整。',
  penalty: { types: ['fine'], fineYuan: 50000, confiscationYuan: 0 },
  decisionDate: '2025-09-28' as LocalDate,
};

function issuesOf(content: DecisionContent): { code: string; field: string }[] {
  try {
    validateDecisionContent(content, { today });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.details?.issues as { code: string; field: string; message: string }[];
    expect(error.code).toBe(issues[0]?.code);
    expect(error.field).toBe(issues[0]?.field);
    for (const issue of issues) expect(issue.message).not.toBe('');
    return issues.map(({ code, field }) => ({ code, field }));
  }
  return [];
}

describe('validateDecisionContent', () => {
  it('returns a normalised copy of a valid company penalty', () => {
    const result = validateDecisionContent(companyPenalty, { today });
    expect(result).toEqual({
      ...companyPenalty,
      caseNumber: '四工信罚〔2025〕12号',
      party: { ...companyPenalty.party, idNumber: SIPING_COMPANY_USCC },
      content: '当事人未按规定对重点用能设备进行节能审查，违反了《吉林省节约能源条例》第二十条的规定。',
    });
  });

  // R4: these fields are published as written. Found by the reliability suite's leak scan after its fuzzer
  // published a company whose name held a full-width mobile number.
  it('refuses a mobile or ID number in the case number, the party name or the legal representative', () => {
    const id = residentIdBornOn('1985-06-15');
    const issues = issuesOf({
      ...companyPenalty,
      caseNumber: '四工信罚〔2025〕13812345678号',
      party: {
        ...companyPenalty.party,
        name: '四平市１３８１２３４５６７８公司',
        legalRepresentative: `刘建国${id}`,
      },
    });
    expect(issues.filter((i) => i.code === 'personal_number').map((i) => i.field)).toEqual([
      'caseNumber',
      'party.name',
      'party.legalRepresentative',
    ]);
  });

  it('lets a company quote its own credit code in its name, and case numbers keep their years and numbers', () => {
    const result = validateDecisionContent(
      {
        ...companyPenalty,
        caseNumber: '四工信罚〔2025〕第0012号-20250928',
        party: { ...companyPenalty.party, name: `四平市宏达化工有限公司（${SIPING_COMPANY_USCC}）` },
      },
      { today },
    );
    expect(result.caseNumber).toBe('四工信罚〔2025〕第0012号-20250928');
  });

  it('keeps only the contract’s members', () => {
    const withExtra = { ...companyPenalty, status: 'published', internalNote: '内部' } as DecisionContent;
    const result = validateDecisionContent(withExtra, { today });
    expect(Object.keys(result).sort()).toEqual(Object.keys(companyPenalty).sort());
  });

  it('accepts a natural person with a resident ID and a decision dated today', () => {
    const result = validateDecisionContent(
      {
        ...companyPenalty,
        party: {
          kind: 'natural_person',
          name: '张三',
          idType: 'resident_id',
          idNumber: residentIdBornOn('1985-06-15'),
        },
        decisionDate: today,
      },
      { today },
    );
    expect(result.party.name).toBe('张三');
  });

  it('lists every problem at once, the first one giving the error its code', () => {
    const issues = issuesOf({
      ...companyPenalty,
      caseNumber: '',
      party: { ...companyPenalty.party, idNumber: '914403001922038217' },
      method: ' ',
      decisionDate: '2025-10-10' as LocalDate,
      penalty: { types: ['fine'], fineYuan: -5 },
    });
    expect(issues).toEqual([
      { code: 'required', field: 'caseNumber' },
      { code: 'invalid_uscc', field: 'party.idNumber' },
      { code: 'required', field: 'method' },
      { code: 'invalid_amount', field: 'penalty.fineYuan' },
      { code: 'date_in_future', field: 'decisionDate' },
    ]);
  });

  it('refuses a decision date that does not exist or lies after today', () => {
    expect(issuesOf({ ...companyPenalty, decisionDate: '2025-02-29' as LocalDate })).toEqual([
      { code: 'invalid_date', field: 'decisionDate' },
    ]);
    expect(issuesOf({ ...companyPenalty, decisionDate: '2025-10-10' as LocalDate })).toEqual([
      { code: 'date_in_future', field: 'decisionDate' },
    ]);
  });

  it('refuses a decision date before the working-day calendar begins (2004)', () => {
    expect(issuesOf({ ...companyPenalty, decisionDate: '2003-12-31' as LocalDate })).toEqual([
      { code: 'date_out_of_range', field: 'decisionDate' },
    ]);
    expect(issuesOf({ ...companyPenalty, decisionDate: '2004-01-01' as LocalDate })).toEqual([]);
  });

  it('refuses an over-long case number and empty free-text fields', () => {
    expect(issuesOf({ ...companyPenalty, caseNumber: '号'.repeat(101) })).toEqual([
      { code: 'too_long', field: 'caseNumber' },
    ]);
    expect(issuesOf({ ...companyPenalty, content: '', legalBasis: '\n', result: '  ' })).toEqual([
      { code: 'required', field: 'content' },
      { code: 'required', field: 'legalBasis' },
      { code: 'required', field: 'result' },
    ]);
  });

  it('refuses penalty details on a decision that is not a penalty', () => {
    expect(issuesOf({ ...companyPenalty, actionType: 'license' })).toEqual([
      { code: 'penalty_not_allowed', field: 'penalty' },
    ]);
    const { penalty: _penalty, ...licence } = companyPenalty;
    expect(issuesOf({ ...licence, actionType: 'license' })).toEqual([]);
  });

  it('accepts amounts in yuan and fen, refuses the rest', () => {
    for (const fineYuan of [0, 0.29, 123.45, 50000, 1e9]) {
      expect(issuesOf({ ...companyPenalty, penalty: { types: ['fine'], fineYuan } })).toEqual([]);
    }
    for (const fineYuan of [-1, 1.005, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(issuesOf({ ...companyPenalty, penalty: { types: ['fine'], fineYuan } })).toEqual([
        { code: 'invalid_amount', field: 'penalty.fineYuan' },
      ]);
    }
    expect(issuesOf({ ...companyPenalty, penalty: { types: ['fine'], confiscationYuan: -0.01 } })).toEqual([
      { code: 'invalid_amount', field: 'penalty.confiscationYuan' },
    ]);
  });

  it('refuses a penalty without a kind', () => {
    expect(issuesOf({ ...companyPenalty, penalty: { types: [] } })).toEqual([
      { code: 'required', field: 'penalty.types' },
    ]);
  });

  it('checks the end of a random inspection like the decision date', () => {
    const { penalty: _penalty, ...withoutPenalty } = companyPenalty;
    const inspection = (endDate: string) => ({
      ...withoutPenalty,
      actionType: 'inspection' as const,
      randomInspection: { endDate: endDate as LocalDate, outcome: 'normal' as const },
    });
    expect(issuesOf(inspection('2025-09-20'))).toEqual([]);
    expect(issuesOf(inspection('2025-09-28'))).toEqual([]);
    expect(issuesOf(inspection('2025-10-10'))).toEqual([
      { code: 'date_in_future', field: 'randomInspection.endDate' },
    ]);
    // R5: the result is formed when the inspection ends, never before it.
    expect(issuesOf(inspection('2025-09-29'))).toEqual([
      { code: 'inspection_after_decision', field: 'randomInspection.endDate' },
    ]);
    expect(issuesOf(inspection('2025-09-31'))).toEqual([
      { code: 'invalid_date', field: 'randomInspection.endDate' },
    ]);
  });

  it('accepts a random inspection only on an inspection (R5)', () => {
    for (const actionType of ['license', 'penalty', 'coercion', 'levy', 'fee', 'requisition'] as const) {
      const { penalty: _penalty, ...rest } = companyPenalty;
      const content = {
        ...(actionType === 'penalty' ? companyPenalty : rest),
        actionType,
        randomInspection: { endDate: '2025-09-20' as LocalDate, outcome: 'normal' as const },
      };
      expect(issuesOf(content)).toEqual([
        { code: 'random_inspection_not_allowed', field: 'randomInspection' },
      ]);
    }
  });

  describe('auditable exemptions (R3)', () => {
    const exempt = (exemption: NonNullable<DecisionContent['exemption']>) => ({
      ...companyPenalty,
      exemption,
    });

    it('requires a note naming the ruling for higher_authority', () => {
      expect(issuesOf(exempt({ reason: 'higher_authority' }))).toEqual([
        { code: 'exemption_note_required', field: 'exemption.note' },
      ]);
      expect(issuesOf(exempt({ reason: 'higher_authority', note: '  上级说不公开 ' }))).toEqual([
        { code: 'exemption_note_required', field: 'exemption.note' },
      ]);
      expect(
        issuesOf(
          exempt({ reason: 'higher_authority', note: '吉林省工信厅《关于暂缓公开有关案件信息的复函》' }),
        ),
      ).toEqual([]);
    });

    it('requires a note naming the law and its article for other_law', () => {
      expect(issuesOf(exempt({ reason: 'other_law' }))).toEqual([
        { code: 'exemption_note_required', field: 'exemption.note' },
      ]);
      expect(issuesOf(exempt({ reason: 'other_law', note: '《中华人民共和国保守国家秘密法》' }))).toEqual([
        { code: 'exemption_note_required', field: 'exemption.note' },
      ]);
      for (const note of ['《中华人民共和国保守国家秘密法》第九条', '《反不正当竞争法》第 9 条']) {
        expect(issuesOf(exempt({ reason: 'other_law', note }))).toEqual([]);
      }
    });

    it('leaves the note optional on the other grounds', () => {
      for (const reason of [
        'trade_secret',
        'state_secret',
        'personal_privacy',
        'security_stability',
      ] as const) {
        expect(issuesOf(exempt({ reason }))).toEqual([]);
      }
    });

    it('requires a review date after the decision for hampers_enforcement', () => {
      expect(issuesOf(exempt({ reason: 'hampers_enforcement' }))).toEqual([
        { code: 'review_date_required', field: 'exemption.reviewOn' },
      ]);
      expect(
        issuesOf(exempt({ reason: 'hampers_enforcement', reviewOn: '2025-09-28' as LocalDate })),
      ).toEqual([{ code: 'review_date_not_after_decision', field: 'exemption.reviewOn' }]);
      expect(
        issuesOf(exempt({ reason: 'hampers_enforcement', reviewOn: '2026-02-30' as LocalDate })),
      ).toEqual([{ code: 'invalid_date', field: 'exemption.reviewOn' }]);
      // A review date lies ahead: it may be after today.
      const kept = validateDecisionContent(
        exempt({ reason: 'hampers_enforcement', reviewOn: '2026-03-31' as LocalDate }),
        { today },
      );
      expect(kept.exemption).toEqual({ reason: 'hampers_enforcement', reviewOn: '2026-03-31' });
    });
  });

  describe('legal review of major decisions (R14)', () => {
    const review = { opinionNumber: '四工信法审〔2025〕7号', reviewedOn: '2025-09-26' as LocalDate };

    it('refuses a major decision without its legal review', () => {
      expect(issuesOf({ ...companyPenalty, majorDecision: true })).toEqual([
        { code: 'legal_review_required', field: 'legalReview' },
      ]);
    });

    it('keeps a major decision with its legal review, and a review on the decision day', () => {
      const kept = validateDecisionContent(
        {
          ...companyPenalty,
          majorDecision: true,
          legalReview: { ...review, opinionNumber: ' 四工信法审〔2025〕7号 ' },
        },
        { today },
      );
      expect(kept).toMatchObject({ majorDecision: true, legalReview: review });
      expect(
        issuesOf({
          ...companyPenalty,
          majorDecision: true,
          legalReview: { ...review, reviewedOn: '2025-09-28' as LocalDate },
        }),
      ).toEqual([]);
    });

    it('refuses a review after the decision, a date that is not a day, and an empty opinion number', () => {
      const major = (legalReview: { opinionNumber: string; reviewedOn: LocalDate }) => ({
        ...companyPenalty,
        majorDecision: true,
        legalReview,
      });
      expect(issuesOf(major({ ...review, reviewedOn: '2025-09-29' as LocalDate }))).toEqual([
        { code: 'legal_review_after_decision', field: 'legalReview.reviewedOn' },
      ]);
      expect(issuesOf(major({ ...review, reviewedOn: '2025-02-29' as LocalDate }))).toEqual([
        { code: 'invalid_date', field: 'legalReview.reviewedOn' },
      ]);
      expect(issuesOf(major({ ...review, opinionNumber: '  ' }))).toEqual([
        { code: 'legal_review_required', field: 'legalReview.opinionNumber' },
      ]);
    });

    it('drops majorDecision false and keeps a legal review of a decision not marked major', () => {
      const kept = validateDecisionContent(
        { ...companyPenalty, majorDecision: false, legalReview: review },
        { today },
      );
      expect(kept.majorDecision).toBeUndefined();
      expect(kept.legalReview).toEqual(review);
    });
  });

  it('accepts the six grounds of R3 and nothing else', () => {
    const declared = validateDecisionContent(
      { ...companyPenalty, exemption: { reason: 'trade_secret', note: ' 涉及生产工艺配方 ' } },
      { today },
    );
    expect(declared.exemption).toEqual({ reason: 'trade_secret', note: '涉及生产工艺配方' });
    expect(
      issuesOf({ ...companyPenalty, exemption: { reason: 'too_embarrassing' as ExemptionReason } }),
    ).toEqual([{ code: 'invalid_exemption_reason', field: 'exemption.reason' }]);
  });

  it('accepts marked spans that occur in their field', () => {
    const result = validateDecisionContent(
      {
        ...companyPenalty,
        redactions: [
          { field: 'content', text: '重点用能设备' },
          { field: 'party.legalRepresentative', text: '建国' },
        ],
      },
      { today },
    );
    expect(result.redactions).toHaveLength(2);
  });

  it('refuses marked spans in unknown fields, empty ones, and ones the field does not hold', () => {
    expect(
      issuesOf({
        ...companyPenalty,
        redactions: [
          { field: 'caseNumber' as RedactableField, text: '12' },
          { field: 'content', text: '  ' },
          { field: 'result', text: '拾万元' },
          { field: 'party.name', text: '宏达' },
        ],
      }),
    ).toEqual([
      { code: 'invalid_redaction_field', field: 'redactions[0].field' },
      { code: 'required', field: 'redactions[1].text' },
      { code: 'redaction_not_found', field: 'redactions[2].text' },
    ]);
  });

  it('reports the party’s problems under party.*', () => {
    expect(
      issuesOf({
        ...companyPenalty,
        party: { kind: 'natural_person', name: '张三', idType: 'uscc', idNumber: SIPING_COMPANY_USCC },
      }),
    ).toEqual([{ code: 'party_id_type_mismatch', field: 'party.idType' }]);
    expect(
      issuesOf({
        ...companyPenalty,
        party: {
          kind: 'natural_person',
          name: '张三',
          idType: 'resident_id',
          idNumber: residentIdBornOn('2025-09-29'),
        },
      }),
    ).toEqual([{ code: 'invalid_resident_id', field: 'party.idNumber' }]);
  });
});
