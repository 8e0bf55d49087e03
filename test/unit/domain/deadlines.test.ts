import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { workingDaysBetween } from '../../../shared/domain/calendar/work-calendar.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { addDays, parseLocalDate, ymd } from '../../../shared/domain/dates.ts';
import {
  catalogUpdateDeadline,
  correctionAnswerDeadline,
  exemptionReviewDeadline,
  expiryWithdrawal,
  publicationDeadline,
  revocationTakedownDeadline,
} from '../../../shared/domain/deadlines.ts';
import type { ActionType, DecisionContent, RandomInspection } from '../../../shared/domain/decision.ts';
import { ACTION_TYPES } from '../../../shared/domain/decision.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import type { AgencySettings } from '../../../shared/domain/settings.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';

const d = (value: string): LocalDate => parseLocalDate(value);
const calendar = createDefaultCalendar();
const settings = DEFAULT_AGENCY_SETTINGS('siping-gxj');

function decision(
  decisionDate: string,
  extra: { actionType?: ActionType; randomInspection?: RandomInspection } = {},
): DecisionContent {
  return {
    caseNumber: '四工信罚〔2025〕12号',
    actionType: extra.actionType ?? 'penalty',
    party: {
      kind: 'legal_person',
      name: '四平市某某机械有限公司',
      idType: 'uscc',
      idNumber: '91220300MA0000000X',
    },
    method: '现场检查',
    content: '未按规定报送统计资料',
    legalBasis: '《中华人民共和国统计法》第四十一条',
    result: '警告，罚款5万元',
    decisionDate: d(decisionDate),
    ...(extra.randomInspection ? { randomInspection: extra.randomInspection } : {}),
  };
}

const publishBy = (decisionDate: string, agency: AgencySettings = settings) =>
  publicationDeadline({ content: decision(decisionDate), settings: agency, calendar });

describe('publication deadline (R5), 2025 National Day and Mid-Autumn (国办发明电〔2024〕12号)', () => {
  it('gives a decision of Sunday 2025-09-28 (a 调休 working day) until 2025-10-14', () => {
    const deadline = publishBy('2025-09-28');
    expect(deadline).toMatchObject({
      kind: 'publication',
      rule: 'R5',
      from: '2025-09-28',
      due: '2025-10-14',
      periodEnd: '2025-10-14',
      unit: 'working_days',
      amount: 7,
      provisional: false,
    });
    expect(deadline.basis).toContain('自该信息形成或者变更之日起7个工作日内予以公开');
    expect(deadline.adjustedWorkdays).toEqual([{ date: '2025-10-11', name: '国庆节' }]);
    expect(deadline.skipped.map((s) => s.date)).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
      '2025-10-12',
    ]);
    expect(deadline.skipped[5]).toEqual({
      date: '2025-10-06',
      kind: 'holiday',
      name: '中秋节',
      provisional: false,
    });
    expect(deadline.skipped[8]).toEqual({ date: '2025-10-12', kind: 'weekend', provisional: false });
  });

  it('explains the count in one paragraph, the holiday as one run', () => {
    const { explanation } = publishBy('2025-09-28');
    expect(explanation).toContain(
      '自2025-09-28（决定作出之日，当日不计）起算7个工作日，截止2025-10-14（星期二）',
    );
    expect(explanation).toContain('跳过2025-10-01至2025-10-08（国庆节、中秋节）、2025-10-12（周末）');
    expect(explanation).toContain('2025-10-11（星期六）为国庆节调休上班日，计为工作日');
    expect(explanation).not.toContain('\n');
    expect(explanation).not.toContain('2025-10-04');
  });

  it('counts the adjusted Sunday 2025-09-28 for a decision of Friday 2025-09-26: due 2025-10-13', () => {
    const deadline = publishBy('2025-09-26');
    expect(deadline.due).toBe('2025-10-13');
    expect(deadline.adjustedWorkdays.map((a) => a.date)).toEqual(['2025-09-28', '2025-10-11']);
  });

  it('gives a decision of 2025-09-30 until 2025-10-16', () => {
    expect(publishBy('2025-09-30').due).toBe('2025-10-16');
  });

  it('gives a decision made during the holiday (2025-10-01) until 2025-10-16', () => {
    expect(publishBy('2025-10-01').due).toBe('2025-10-16');
  });
});

describe('publication deadline (R5), 2026 Spring Festival (国办发明电〔2025〕7号) and New Year', () => {
  it('gives a decision of 2026-02-10 until 2026-02-26', () => {
    const deadline = publishBy('2026-02-10');
    expect(deadline.due).toBe('2026-02-26');
    expect(deadline.adjustedWorkdays).toEqual([{ date: '2026-02-14', name: '春节' }]);
    expect(deadline.explanation).toContain('2026-02-15至2026-02-23（春节）');
  });

  it('can fall on the adjusted Saturday 2026-02-14 (decision of 2026-02-05)', () => {
    const deadline = publishBy('2026-02-05');
    expect(deadline.due).toBe('2026-02-14');
    expect(deadline.explanation).toContain('截止2026-02-14（星期六）');
  });

  it('counts the adjusted Saturday 2026-02-28 (decision of 2026-02-13): due 2026-03-02', () => {
    const deadline = publishBy('2026-02-13');
    expect(deadline.due).toBe('2026-03-02');
    expect(deadline.adjustedWorkdays.map((a) => a.date)).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('runs from the last holiday 2026-02-23 over the adjusted 2026-02-28 to 2026-03-03', () => {
    expect(publishBy('2026-02-23').due).toBe('2026-03-03');
  });

  it('counts Sunday 2026-01-04 after the New Year holiday: a decision of 2025-12-31 is due 2026-01-12', () => {
    const deadline = publishBy('2025-12-31');
    expect(deadline.due).toBe('2026-01-12');
    expect(deadline.explanation).toContain('2026-01-01至2026-01-03（元旦）');
    expect(deadline.adjustedWorkdays).toEqual([{ date: '2026-01-04', name: '元旦' }]);
  });
});

describe('publication deadline (R5) at the end of the data', () => {
  const notice2027 = {
    years: {
      '2027': {
        notice: '国办发明电〔2026〕（测试用）',
        holidays: { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦' },
        workdays: {},
      },
    },
  };

  it('is provisional for 2026-12-24, skipping 元旦 2027-01-01 and the weekends: due 2027-01-05', () => {
    const deadline = publishBy('2026-12-24');
    expect(deadline.due).toBe('2027-01-05');
    expect(deadline.provisional).toBe(true);
    expect(deadline.skipped).toContainEqual({
      date: '2027-01-01',
      kind: 'holiday',
      name: '元旦',
      provisional: true,
    });
    expect(deadline.explanation).toContain('2027-01-01至2027-01-03（元旦、周末）');
    expect(deadline.explanation).toContain('2027年的放假安排尚未公布');
  });

  it('becomes official once the 2027 notice is loaded', () => {
    const deadline = publicationDeadline({
      content: decision('2026-12-24'),
      settings,
      calendar: createDefaultCalendar(notice2027),
    });
    expect(deadline.due).toBe('2027-01-05');
    expect(deadline.provisional).toBe(false);
    expect(deadline.skipped.every((s) => !s.provisional)).toBe(true);
    expect(deadline.explanation).not.toContain('尚未公布');
  });

  it('moves when the notice gives more days off than the statute (a fictitious 2027-01-04 off)', () => {
    const longer = structuredClone(notice2027);
    Object.assign(longer.years['2027'].holidays, { '2027-01-04': '元旦' });
    const deadline = publicationDeadline({
      content: decision('2026-12-24'),
      settings,
      calendar: createDefaultCalendar(longer),
    });
    expect(deadline.due).toBe('2027-01-06');
  });
});

describe('publication deadline (R5) for corrections, random inspections and agency settings', () => {
  it('restarts 7 working days from the change date of a correction', () => {
    const deadline = publicationDeadline({
      content: decision('2025-09-01'),
      basisDate: d('2025-09-28'),
      settings,
      calendar,
    });
    expect(deadline.from).toBe('2025-09-28');
    expect(deadline.due).toBe('2025-10-14');
    expect(deadline.explanation).toContain('信息变更之日');
  });

  it('refuses a change date before the decision', () => {
    const call = () =>
      publicationDeadline({
        content: decision('2025-09-28'),
        basisDate: d('2025-09-01'),
        settings,
        calendar,
      });
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(expect.objectContaining({ code: 'basis_before_decision', field: 'basisDate' }));
  });

  it('gives a normal random-inspection result 20 working days from the end of the inspection', () => {
    const deadline = publicationDeadline({
      content: decision('2025-09-28', {
        actionType: 'inspection',
        randomInspection: { endDate: d('2025-09-20'), outcome: 'normal' },
      }),
      settings,
      calendar,
    });
    expect(deadline).toMatchObject({
      kind: 'random_inspection_publication',
      from: '2025-09-20',
      due: '2025-10-23',
      amount: 20,
    });
    expect(deadline.basis).toContain('自抽查结束之日起20个工作日内');
    expect(deadline.explanation).toContain('抽查结束之日');
  });

  it('gives a penalty kept with a normal random inspection (from before R5 refused it) the 7 days of a penalty', () => {
    // Validation now refuses it (422 random_inspection_not_allowed); a record stored earlier is not rewarded either.
    const deadline = publicationDeadline({
      content: decision('2025-09-28', { randomInspection: { endDate: d('2025-09-20'), outcome: 'normal' } }),
      settings,
      calendar,
    });
    expect(deadline).toMatchObject({ kind: 'publication', from: '2025-09-28', due: '2025-10-14', amount: 7 });
  });

  it('gives a random inspection that found problems the normal 7 days from the decision date', () => {
    const deadline = publicationDeadline({
      content: decision('2025-09-28', { randomInspection: { endDate: d('2025-09-20'), outcome: 'problem' } }),
      settings,
      calendar,
    });
    expect(deadline).toMatchObject({ kind: 'publication', from: '2025-09-28', due: '2025-10-14', amount: 7 });
  });

  it('applies an agency that tightens penalties to 5 working days to penalties only', () => {
    const tight: AgencySettings = { ...settings, publishWithinWorkingDays: { penalty: 5 } };
    const penalty = publishBy('2025-09-28', tight);
    expect(penalty.due).toBe('2025-10-11');
    expect(penalty).toMatchObject({ amount: 5, statutoryAmount: 7 });
    expect(penalty.explanation).toContain('短于规定的7个工作日');
    const licence = publicationDeadline({
      content: decision('2025-09-28', { actionType: 'license' }),
      settings: tight,
      calendar,
    });
    expect(licence.due).toBe('2025-10-14');
  });

  it('applies an agency that tightens random inspections to 15 working days', () => {
    const deadline = publicationDeadline({
      content: decision('2025-09-28', {
        actionType: 'inspection',
        randomInspection: { endDate: d('2025-09-20'), outcome: 'normal' },
      }),
      settings: { ...settings, randomInspectionWithinWorkingDays: 15 },
      calendar,
    });
    expect(deadline.due).toBe('2025-10-16');
  });

  it('never lets settings that slipped past validation loosen the law', () => {
    const loose: AgencySettings = {
      ...settings,
      publishWithinWorkingDays: { penalty: 30 },
      randomInspectionWithinWorkingDays: 40,
    };
    expect(publishBy('2025-09-28', loose).due).toBe('2025-10-14');
    const random = publicationDeadline({
      content: decision('2025-09-28', {
        actionType: 'inspection',
        randomInspection: { endDate: d('2025-09-20'), outcome: 'normal' },
      }),
      settings: loose,
      calendar,
    });
    expect(random.due).toBe('2025-10-23');
  });
});

describe('revocation takedown (R7): 3 working days, 行政处罚法 art. 48 and 85', () => {
  it('cites both articles', () => {
    const { basis } = revocationTakedownDeadline(d('2025-03-06'), calendar);
    expect(basis).toContain('第四十八条');
    expect(basis).toContain('三日内');
    expect(basis).toContain('第八十五条');
    expect(basis).toContain('是指工作日，不含法定节假日');
  });

  it('runs across a weekend: from Thursday 2025-03-06 to Tuesday 2025-03-11', () => {
    const deadline = revocationTakedownDeadline(d('2025-03-06'), calendar);
    expect(deadline).toMatchObject({ kind: 'revocation_takedown', rule: 'R7', due: '2025-03-11', amount: 3 });
    expect(deadline.explanation).toContain('2025-03-08至2025-03-09（周末）');
  });

  it('runs across National Day 2025: from 2025-09-30 to the adjusted Saturday 2025-10-11', () => {
    expect(revocationTakedownDeadline(d('2025-09-30'), calendar).due).toBe('2025-10-11');
  });

  it('runs across Spring Festival 2026: from 2026-02-12 to 2026-02-24', () => {
    expect(revocationTakedownDeadline(d('2026-02-12'), calendar).due).toBe('2026-02-24');
  });

  it('runs across New Year 2026: from 2025-12-30 to 2026-01-05', () => {
    expect(revocationTakedownDeadline(d('2025-12-30'), calendar).due).toBe('2026-01-05');
  });
});

describe('withdrawal at expiry (R6)', () => {
  it('lets a natural person published on 2024-02-29 come down on 2026-03-01, after the period ends 2026-02-28', () => {
    const deadline = expiryWithdrawal({ publishedAt: '2024-02-29T03:00:00Z', partyKind: 'natural_person' });
    expect(deadline).toMatchObject({
      kind: 'expiry_withdrawal',
      rule: 'R6',
      from: '2024-02-29',
      periodEnd: '2026-02-28',
      due: '2026-03-01',
      unit: 'years',
      amount: 2,
      provisional: false,
    });
    expect(deadline.explanation).toContain('2026-02-28');
    expect(deadline.explanation).toContain('2026-03-01');
    expect(deadline.explanation).toContain('自然人');
    expect(deadline.basis).toContain('公开满2年');
  });

  it('keeps a legal person published on 2024-02-29 up for 5 years: ends 2029-02-28, down from 2029-03-01', () => {
    const deadline = expiryWithdrawal({ publishedAt: '2024-02-29T03:00:00Z', partyKind: 'legal_person' });
    expect(deadline).toMatchObject({ periodEnd: '2029-02-28', due: '2029-03-01', amount: 5 });
  });

  it('keeps an organisation that is not a legal person up for 5 years too', () => {
    expect(expiryWithdrawal({ publishedAt: '2025-06-10T02:00:00Z', partyKind: 'other_org' }).due).toBe(
      '2030-06-11',
    );
  });

  it('dates a publication at 2025-03-09T16:30:00Z on the Shanghai date 2025-03-10', () => {
    const deadline = expiryWithdrawal({ publishedAt: '2025-03-09T16:30:00Z', partyKind: 'natural_person' });
    expect(deadline).toMatchObject({ from: '2025-03-10', periodEnd: '2027-03-10', due: '2027-03-11' });
  });

  it('reads an instant with an offset the same way', () => {
    expect(
      expiryWithdrawal({ publishedAt: '2025-03-10T00:30:00+08:00', partyKind: 'natural_person' }).from,
    ).toBe('2025-03-10');
  });
});

describe('correction answers (R9) and catalogue updates (R10)', () => {
  it('answers a request received 2026-02-12 by the adjusted Saturday 2026-02-28 (default 7 working days)', () => {
    const deadline = correctionAnswerDeadline(d('2026-02-12'), settings, calendar);
    expect(deadline).toMatchObject({ kind: 'correction_answer', rule: 'R9', due: '2026-02-28', amount: 7 });
    expect(deadline.basis).toContain('有证据证明公示的行政执法信息不准确');
  });

  it('uses an agency deadline of 3 working days: due 2026-02-24', () => {
    const deadline = correctionAnswerDeadline(
      d('2026-02-12'),
      { ...settings, correctionAnswerWorkingDays: 3 },
      calendar,
    );
    expect(deadline.due).toBe('2026-02-24');
    expect(deadline.explanation).toContain('本机关设定的答复期限为3个工作日');
  });

  it('updates the catalogue within 20 working days of a law taking effect on 2026-01-01: 2026-01-29', () => {
    const deadline = catalogUpdateDeadline(d('2026-01-01'), calendar);
    expect(deadline).toMatchObject({ kind: 'catalog_update', rule: 'R10', due: '2026-01-29', amount: 20 });
    expect(deadline.basis).toContain('20个工作日内更新相关公示内容');
  });
});

describe('properties over 2004–2030', () => {
  const first = Date.UTC(2004, 0, 1);
  const last = Date.UTC(2030, 11, 1);
  const dateArb = fc
    .integer({ min: 0, max: Math.floor((last - first) / 86_400_000) })
    .map((i) => ymd(2004, 1, 1 + i));
  const settingsArb = fc.record({
    penalty: fc.integer({ min: 1, max: 7 }),
    random: fc.integer({ min: 1, max: 20 }),
  });

  it('publishes by a working day after the decision, exactly the configured working days later, and says so', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.constantFrom(...ACTION_TYPES),
        fc.option(fc.constantFrom<'normal' | 'problem'>('normal', 'problem'), { nil: undefined }),
        settingsArb,
        (date, actionType, outcome, own) => {
          const agency: AgencySettings = {
            ...settings,
            publishWithinWorkingDays: { penalty: own.penalty },
            randomInspectionWithinWorkingDays: own.random,
          };
          const content = decision(date, {
            actionType,
            ...(outcome ? { randomInspection: { endDate: date, outcome } } : {}),
          });
          const deadline = publicationDeadline({ content, settings: agency, calendar });
          expect(deadline.due > deadline.from).toBe(true);
          expect(calendar.day(deadline.due).working).toBe(true);
          expect(workingDaysBetween(calendar, deadline.from, deadline.due)).toBe(deadline.amount);
          expect(deadline.amount).toBeLessThanOrEqual(outcome === 'normal' ? 20 : 7);
          expect(deadline.explanation.length).toBeGreaterThan(0);
          expect(deadline.explanation).toContain(`截止${deadline.due}`);
          expect(deadline.skipped.every((s) => !calendar.day(s.date).working)).toBe(true);
          expect(deadline.provisional).toBe(deadline.due >= '2027-01-01');
        },
      ),
    );
  });

  it('gives the 20-working-day period to nothing but the normal result of an inspection (R5)', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(...ACTION_TYPES),
        fc.option(fc.constantFrom<'normal' | 'problem'>('normal', 'problem'), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        (date, daysBefore, actionType, outcome, changedAfter) => {
          // Validation keeps the end within the calendar (from 2004) and not after the decision.
          const earliest = addDays(date, -daysBefore);
          const endDate = earliest < '2004-01-01' ? date : earliest;
          const content = decision(date, {
            actionType,
            ...(outcome ? { randomInspection: { endDate, outcome } } : {}),
          });
          const basisDate = changedAfter === undefined ? undefined : addDays(date, changedAfter);
          const deadline = publicationDeadline({
            content,
            ...(basisDate === undefined ? {} : { basisDate }),
            settings,
            calendar,
          });
          const longPeriod =
            actionType === 'inspection' &&
            outcome === 'normal' &&
            (basisDate === undefined || basisDate === date);
          expect(deadline.kind).toBe(longPeriod ? 'random_inspection_publication' : 'publication');
          expect(deadline.amount).toBe(longPeriod ? 20 : 7);
          if (!longPeriod) expect(deadline.basis).not.toContain('20个工作日');
        },
      ),
    );
  });

  it('takes a revoked decision down within 3 working days, no later than the 7-day publication deadline', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const takedown = revocationTakedownDeadline(date, calendar);
        expect(workingDaysBetween(calendar, date, takedown.due)).toBe(3);
        expect(takedown.due <= publicationDeadline({ content: decision(date), settings, calendar }).due).toBe(
          true,
        );
      }),
    );
  });

  it('lets a record come down the day after its period, which is 2 or 5 years long', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2004-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('natural_person' as const, 'legal_person' as const, 'other_org' as const),
        (instant, partyKind) => {
          const deadline = expiryWithdrawal({ publishedAt: instant.toISOString(), partyKind });
          const years = partyKind === 'natural_person' ? 2 : 5;
          expect(Number(deadline.periodEnd.slice(0, 4)) - Number(deadline.from.slice(0, 4))).toBe(years);
          expect(deadline.due > deadline.periodEnd).toBe(true);
          expect(deadline.explanation).toContain(deadline.due);
          expect(deadline.explanation).toContain(deadline.periodEnd);
        },
      ),
    );
  });
});

describe('exemption review (R3, 四平 §四(三)4)', () => {
  it('is due on the day the agency named, with no working days counted, and says so', () => {
    const review = exemptionReviewDeadline(d('2025-09-28'), d('2025-12-31'));
    expect(review).toMatchObject({
      kind: 'exemption_review',
      rule: 'R3',
      from: '2025-09-28',
      due: '2025-12-31',
      amount: 0,
      provisional: false,
    });
    expect(review.basis).toContain('可能妨害正常执法活动');
    expect(review.explanation).toContain('2025-12-31（星期三）');
  });
});
