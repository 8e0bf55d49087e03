import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES } from '../../../shared/domain/decision.ts';
import { SettingsError } from '../../../shared/domain/errors.ts';
import {
  DEFAULT_AGENCY_SETTINGS,
  publishWorkingDays,
  randomInspectionWorkingDays,
  validateAgencySettings,
} from '../../../shared/domain/settings.ts';

const defaults = DEFAULT_AGENCY_SETTINGS('siping-gxj');

describe('default agency settings', () => {
  it('use the statutory periods and withdraw automatically at expiry', () => {
    expect(defaults).toEqual({
      agencyId: 'siping-gxj',
      publishWithinWorkingDays: {},
      randomInspectionWithinWorkingDays: 20,
      correctionAnswerWorkingDays: 7,
      expiry: 'auto_withdraw',
    });
    for (const type of ACTION_TYPES) expect(publishWorkingDays(defaults, type)).toBe(7);
    expect(randomInspectionWorkingDays(defaults)).toBe(20);
  });

  it('pass their own validation', () => {
    expect(validateAgencySettings(defaults)).toEqual(defaults);
  });
});

describe('validateAgencySettings', () => {
  it('accepts an agency that tightens: penalties in 3 days, random inspections in 10, answers in 5, records kept', () => {
    const tight = {
      agencyId: 'changzhi-gxj',
      publishWithinWorkingDays: { penalty: 3, license: 7 },
      randomInspectionWithinWorkingDays: 10,
      correctionAnswerWorkingDays: 5,
      expiry: 'keep',
    };
    const settings = validateAgencySettings(tight);
    expect(settings).toEqual(tight);
    expect(publishWorkingDays(settings, 'penalty')).toBe(3);
    expect(publishWorkingDays(settings, 'inspection')).toBe(7);
  });

  it('accepts the widest allowed answer deadline, 15 working days', () => {
    expect(
      validateAgencySettings({ ...defaults, correctionAnswerWorkingDays: 15 }).correctionAnswerWorkingDays,
    ).toBe(15);
  });

  const rejected: ReadonlyArray<readonly [string, Record<string, unknown>, string, string]> = [
    [
      'a publication deadline beyond 7 days',
      { publishWithinWorkingDays: { penalty: 8 } },
      'publishWithinWorkingDays.penalty',
      'loosens_law',
    ],
    [
      'a random-inspection deadline beyond 20 days',
      { randomInspectionWithinWorkingDays: 21 },
      'randomInspectionWithinWorkingDays',
      'loosens_law',
    ],
    [
      'a publication deadline of 0 days',
      { publishWithinWorkingDays: { fee: 0 } },
      'publishWithinWorkingDays.fee',
      'out_of_range',
    ],
    [
      'a negative random-inspection deadline',
      { randomInspectionWithinWorkingDays: -1 },
      'randomInspectionWithinWorkingDays',
      'out_of_range',
    ],
    [
      'half a working day',
      { publishWithinWorkingDays: { license: 6.5 } },
      'publishWithinWorkingDays.license',
      'not_integer',
    ],
    [
      'an answer deadline of 16 days',
      { correctionAnswerWorkingDays: 16 },
      'correctionAnswerWorkingDays',
      'out_of_range',
    ],
    [
      'an answer deadline of 0 days',
      { correctionAnswerWorkingDays: 0 },
      'correctionAnswerWorkingDays',
      'out_of_range',
    ],
    [
      'a number written as text',
      { correctionAnswerWorkingDays: '7' },
      'correctionAnswerWorkingDays',
      'invalid_value',
    ],
    [
      'an unknown action type',
      { publishWithinWorkingDays: { punishment: 3 } },
      'publishWithinWorkingDays.punishment',
      'unknown_field',
    ],
    [
      'a mistyped setting',
      { publishWithinWorkdays: { penalty: 3 } },
      'publishWithinWorkdays',
      'unknown_field',
    ],
    ['an unknown expiry policy', { expiry: 'delete' }, 'expiry', 'invalid_value'],
    ['an empty agency id', { agencyId: '' }, 'agencyId', 'invalid_value'],
    [
      'a missing random-inspection deadline',
      { randomInspectionWithinWorkingDays: undefined },
      'randomInspectionWithinWorkingDays',
      'invalid_value',
    ],
  ];
  it.each(rejected)('rejects %s', (_, patch, field, reason) => {
    const input = { ...defaults, ...patch };
    expect(() => validateAgencySettings(input)).toThrow(SettingsError);
    expect(() => validateAgencySettings(input)).toThrow(
      expect.objectContaining({ code: 'invalid_setting', field, details: { reason } }),
    );
  });

  it('rejects something that is not an object', () => {
    expect(() => validateAgencySettings(null)).toThrow(SettingsError);
    expect(() => validateAgencySettings([])).toThrow(SettingsError);
  });

  it('says why a loosening is refused', () => {
    expect(() => validateAgencySettings({ ...defaults, publishWithinWorkingDays: { penalty: 10 } })).toThrow(
      /may not exceed the statutory 7 working days/,
    );
  });

  it('accepts every whole number within the law and refuses every one above it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTION_TYPES), fc.integer({ min: -5, max: 40 }), (type, days) => {
        const input = { ...defaults, publishWithinWorkingDays: { [type]: days } };
        if (days >= 1 && days <= 7)
          expect(publishWorkingDays(validateAgencySettings(input), type)).toBe(days);
        else expect(() => validateAgencySettings(input)).toThrow(SettingsError);
      }),
    );
  });
});
