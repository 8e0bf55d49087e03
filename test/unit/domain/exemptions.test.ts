import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLeapYear, type LocalDate } from '../../../shared/domain/dates.ts';
import type { DecisionContent, Party } from '../../../shared/domain/decision.ts';
import { isMinorOn, lastDayAsMinor, neverPublishReason } from '../../../shared/domain/exemptions.ts';
import { localDateArb, residentIdBornOn, SIPING_COMPANY_USCC } from '../../fixtures/ids.ts';

const d = (s: string) => s as LocalDate;

function personPenalty(party: Partial<Party>, decisionDate: string): DecisionContent {
  return {
    caseNumber: '四工信罚〔2025〕31号',
    actionType: 'penalty',
    party: { kind: 'natural_person', name: '王小明', idType: 'resident_id', idNumber: '', ...party },
    method: '现场检查',
    content: '当事人在未取得许可的情况下销售烟花爆竹。',
    legalBasis: '《烟花爆竹安全管理条例》第三十六条',
    result: '没收非法财物，并处罚款人民币贰仟元整。',
    penalty: { types: ['confiscation_of_illegal_property', 'fine'], fineYuan: 2000 },
    decisionDate: d(decisionDate),
  };
}

describe('neverPublishReason (R3)', () => {
  it('publishes an adult with nothing declared', () => {
    expect(
      neverPublishReason(personPenalty({ idNumber: residentIdBornOn('1990-05-20') }, '2025-09-28')),
    ).toBe(undefined);
  });

  it('returns the declared trade-secret ground with its note', () => {
    const content: DecisionContent = {
      ...personPenalty({ idNumber: residentIdBornOn('1990-05-20') }, '2025-09-28'),
      exemption: { reason: 'trade_secret', note: '案件主要事实涉及企业生产工艺' },
    };
    expect(neverPublishReason(content)).toEqual({
      reason: 'trade_secret',
      source: 'declared',
      note: '案件主要事实涉及企业生产工艺',
    });
  });

  it('detects a minor from the resident ID on the 18th birthday itself', () => {
    const reason = neverPublishReason(
      personPenalty({ idNumber: residentIdBornOn('2007-09-28') }, '2025-09-28'),
    );
    expect(reason).toMatchObject({ reason: 'minor', source: 'detected' });
    expect(reason?.note).toContain('2007-09-28');
  });

  it('publishes on the day after the 18th birthday, when the person has reached 18 周岁', () => {
    expect(
      neverPublishReason(personPenalty({ idNumber: residentIdBornOn('2007-09-27') }, '2025-09-28')),
    ).toBe(undefined);
  });

  it('counts a 29 February birthday as 28 February in a common year', () => {
    const leapling = residentIdBornOn('2008-02-29');
    expect(lastDayAsMinor(d('2008-02-29'))).toBe('2026-02-28');
    expect(neverPublishReason(personPenalty({ idNumber: leapling }, '2026-02-28'))?.reason).toBe('minor');
    expect(neverPublishReason(personPenalty({ idNumber: leapling }, '2026-03-01'))).toBe(undefined);
  });

  it('keeps the declared ground when the party is also a minor', () => {
    const content: DecisionContent = {
      ...personPenalty({ idNumber: residentIdBornOn('2010-01-01') }, '2025-09-28'),
      exemption: { reason: 'personal_privacy' },
    };
    expect(neverPublishReason(content)).toEqual({ reason: 'personal_privacy', source: 'declared' });
  });

  it('detects a minor whose ID card was filed as another document, when the number checks', () => {
    const id = residentIdBornOn('2012-03-03');
    expect(neverPublishReason(personPenalty({ idType: 'other', idNumber: id }, '2025-09-28'))?.reason).toBe(
      'minor',
    );
    const wrongCheck = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    expect(neverPublishReason(personPenalty({ idType: 'other', idNumber: wrongCheck }, '2025-09-28'))).toBe(
      undefined,
    );
  });

  it('cannot read an age from a passport, nor from a company’s code', () => {
    expect(
      neverPublishReason(personPenalty({ idType: 'passport', idNumber: 'E12345678' }, '2025-09-28')),
    ).toBe(undefined);
    const company: DecisionContent = {
      ...personPenalty({}, '2025-09-28'),
      party: {
        kind: 'legal_person',
        name: '四平市宏达化工有限公司',
        idType: 'uscc',
        idNumber: SIPING_COMPANY_USCC,
      },
    };
    expect(neverPublishReason(company)).toBe(undefined);
  });

  it('agrees with counting 周岁 by hand for any birth and decision date', () => {
    // Age in 周岁 on `date`: whole years, a year being completed on the day after the birthday.
    const ageOn = (birth: string, date: string): number => {
      const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
      const [y, m, dd] = date.split('-').map(Number) as [number, number, number];
      const birthday = bm === 2 && bd === 29 && !isLeapYear(y) ? [2, 28] : [bm, bd];
      const [cm = 0, cd = 0] = birthday;
      const passedBirthday = m > cm || (m === cm && dd > cd);
      return y - by - (passedBirthday ? 0 : 1);
    };
    fc.assert(
      fc.property(
        localDateArb('1995-01-01', '2012-12-31'),
        localDateArb('2013-01-01', '2030-12-31'),
        (birth, date) => {
          const detected =
            neverPublishReason(personPenalty({ idNumber: residentIdBornOn(birth) }, date)) !== undefined;
          expect(detected).toBe(ageOn(birth, date) < 18);
          expect(isMinorOn(birth, date)).toBe(detected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
