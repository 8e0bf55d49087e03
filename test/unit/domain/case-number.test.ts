import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseNumberReading, sameCaseNumber } from '../../../shared/domain/case-number.ts';
import { spelling } from '../../fixtures/case-numbers.ts';

describe('case numbers as people read them (R1)', () => {
  it('reads the forms the issue names as one number, and the standard form as itself', () => {
    const standard = '四工信罚〔2026〕101号';
    expect(caseNumberReading(standard)).toBe(standard);
    for (const respelt of [
      '四工信罚[2026]101号',
      '四工信罚〔2026〕 101号',
      '四工信罚（２０２６）101号',
      '四工信罚【2026】101号',
    ]) {
      expect(caseNumberReading(respelt)).toBe(standard);
      expect(sameCaseNumber(respelt, standard)).toBe(true);
    }
    expect(caseNumberReading('长工信罚〔2026〕12–1号')).toBe('长工信罚〔2026〕12-1号');
  });

  it('property: every spelling of one number reads the same, and another serial or year never does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('四工信罚', '长工信罚', '吉四市监处罚', '京朝城管罚字'),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.gen(),
        (prefix, year, serial, otherSerial, gen) => {
          const a = gen(spelling, prefix, year, serial);
          const b = gen(spelling, prefix, year, serial);
          expect(caseNumberReading(a)).toBe(`${prefix}〔${year}〕${serial}号`);
          expect(sameCaseNumber(a, b)).toBe(true);
          if (otherSerial !== serial) {
            expect(sameCaseNumber(a, gen(spelling, prefix, year, otherSerial))).toBe(false);
            expect(sameCaseNumber(a, gen(spelling, prefix, year + 1, serial))).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps what tells two numbers apart: the prefix, a sub-number, the 号', () => {
    expect(sameCaseNumber('四工信罚〔2026〕101号', '长工信罚〔2026〕101号')).toBe(false);
    expect(sameCaseNumber('四工信罚〔2026〕101号', '四工信罚〔2026〕10-1号')).toBe(false);
    expect(sameCaseNumber('四工信罚〔2026〕101号', undefined)).toBe(false);
  });
});
