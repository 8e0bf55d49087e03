import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Party } from '../../../shared/domain/decision.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  birthDateOf,
  isValidResidentId,
  isValidUscc,
  validateParty,
  validateResidentId,
  validateUscc,
} from '../../../shared/domain/identity.ts';
import {
  REAL_USCCS,
  residentIdArb,
  residentIdBornOn,
  SIPING_COMPANY_USCC,
  STANDARD_RESIDENT_IDS,
  usccArb,
  usccFrom,
} from '../../fixtures/ids.ts';

const d = (s: string) => s as LocalDate;

function caught(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('resident ID (GB 11643-1999)', () => {
  it('accepts the examples printed in the standard', () => {
    for (const id of STANDARD_RESIDENT_IDS) expect(validateResidentId(id)).toBe(id);
  });

  it('normalises a lower-case x, surrounding spaces and full-width digits', () => {
    expect(validateResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(validateResidentId('４４０５２４１８８００１０１００１４')).toBe('440524188001010014');
  });

  it('reads the birth date from positions 7–14', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
    expect(birthDateOf('440524188001010014')).toBe('1880-01-01');
  });

  it('refuses a wrong check character with invalid_resident_id on party.idNumber', () => {
    const error = caught(() => validateResidentId('110105194912310021'));
    expect(error.code).toBe('invalid_resident_id');
    expect(error.field).toBe('party.idNumber');
    expect(error.message).toMatch(/check character/);
  });

  it('refuses a birth date that does not exist, or lies after the given day', () => {
    // The check character is right; only the date is not.
    const feb30 = residentIdBornOn('2000-02-30');
    expect(isValidResidentId(feb30)).toBe(false);
    expect(caught(() => validateResidentId(feb30)).message).toMatch(/real birth date/);
    expect(() => birthDateOf(feb30)).toThrow(ValidationError);
    const born = residentIdBornOn('2025-10-01');
    expect(isValidResidentId(born)).toBe(true);
    expect(isValidResidentId(born, { notAfter: d('2025-09-30') })).toBe(false);
    expect(isValidResidentId(born, { notAfter: d('2025-10-01') })).toBe(true);
    expect(caught(() => validateResidentId(born, { notAfter: d('2025-09-30') })).message).toMatch(
      /after 2025-09-30/,
    );
  });

  it('refuses a region starting with 0, 15-digit old numbers and stray characters', () => {
    expect(isValidResidentId(residentIdBornOn('1949-12-31', '010105', '002'))).toBe(false);
    expect(isValidResidentId('110105491231002')).toBe(false);
    expect(isValidResidentId('1101051949123100-X')).toBe(false);
    expect(isValidResidentId('')).toBe(false);
  });

  it('accepts every generated ID with a correct check character (computed independently)', () => {
    fc.assert(fc.property(residentIdArb(), (id) => isValidResidentId(id)));
  });

  it('detects every single changed character', () => {
    fc.assert(
      fc.property(residentIdArb(), fc.nat(17), fc.constantFrom(...'0123456789X'), (id, at, replacement) => {
        fc.pre(id[at] !== replacement);
        const changed = id.slice(0, at) + replacement + id.slice(at + 1);
        expect(isValidResidentId(changed)).toBe(false);
      }),
    );
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes of real enterprises', () => {
    expect(validateUscc(REAL_USCCS.huawei)).toBe('914403001922038216');
    expect(validateUscc(REAL_USCCS.fuzhouExample)).toBe('91350100M000100Y43');
  });

  it('normalises lower case', () => {
    expect(validateUscc('91350100m000100y43')).toBe('91350100M000100Y43');
  });

  it('refuses a wrong check character with invalid_uscc', () => {
    const error = caught(() => validateUscc('914403001922038217'));
    expect(error.code).toBe('invalid_uscc');
    expect(error.field).toBe('party.idNumber');
  });

  it('refuses the letters I, O, S, V and Z, which the code never uses', () => {
    for (const letter of 'IOSVZ') {
      expect(isValidUscc(`91350100${letter}000100Y43`)).toBe(false);
    }
  });

  it('writes a remainder of 31 as check character 0', () => {
    const first17 = fc
      .sample(
        usccArb().map((code) => code.slice(0, 17)),
        { numRuns: 2000, seed: 7 },
      )
      .find((prefix) => usccFrom(prefix).endsWith('0'));
    expect(first17).toBeDefined();
    expect(isValidUscc(`${first17}0`)).toBe(true);
  });

  it('accepts every generated code and detects every single changed character', () => {
    fc.assert(
      fc.property(
        usccArb(),
        fc.nat(17),
        fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'),
        (code, at, c) => {
          expect(isValidUscc(code)).toBe(true);
          fc.pre(code[at] !== c);
          expect(isValidUscc(code.slice(0, at) + c + code.slice(at + 1))).toBe(false);
        },
      ),
    );
  });
});

describe('validateParty', () => {
  const decisionDate = d('2025-09-28');
  const person: Party = {
    kind: 'natural_person',
    name: ' 张三 ',
    idType: 'resident_id',
    idNumber: residentIdBornOn('1990-01-01').toLowerCase(),
  };
  const company: Party = {
    kind: 'legal_person',
    name: '四平市宏达化工有限公司',
    idType: 'uscc',
    idNumber: SIPING_COMPANY_USCC.toLowerCase(),
    legalRepresentative: '李四',
  };

  it('returns a natural person with trimmed name and upper-cased ID', () => {
    const id = residentIdBornOn('1990-01-01', '220302', '123');
    expect(validateParty({ ...person, idNumber: id.toLowerCase() }, decisionDate)).toEqual({
      kind: 'natural_person',
      name: '张三',
      idType: 'resident_id',
      idNumber: id,
    });
  });

  it('returns a legal person with its code upper-cased', () => {
    expect(validateParty(company, decisionDate)).toEqual({ ...company, idNumber: SIPING_COMPANY_USCC });
  });

  it('accepts passports after upper-casing and organisations with other documents', () => {
    expect(
      validateParty(
        { ...person, idType: 'passport', idNumber: 'e12345678', birthDate: '1990-01-01' as LocalDate },
        decisionDate,
      ).idNumber,
    ).toBe('E12345678');
    expect(
      validateParty(
        { kind: 'other_org', name: '某某村民委员会', idType: 'other', idNumber: '54220302MF1234567' },
        decisionDate,
      ).idNumber,
    ).toBe('54220302MF1234567');
  });

  it('requires the birth date of a natural person without a mainland resident ID (R3), and checks it', () => {
    const passport = { ...person, idType: 'passport' as const, idNumber: 'E12345678' };
    expect(() => validateParty(passport, decisionDate)).toThrow(
      expect.objectContaining({ code: 'birth_date_required', field: 'party.birthDate' }),
    );
    // A resident ID filed as "other", however written, is enough: its birth date is read from it.
    const other = {
      ...person,
      idType: 'other' as const,
      idNumber: `ID ${residentIdBornOn('1990-01-01').replace(/(\d{6})(\d{8})/, '$1-$2-')}`,
    };
    expect(validateParty(other, decisionDate).idType).toBe('other');
    expect(() => validateParty({ ...passport, birthDate: '2030-01-01' as LocalDate }, decisionDate)).toThrow(
      expect.objectContaining({ code: 'invalid_date', field: 'party.birthDate' }),
    );
    expect(() => validateParty({ ...passport, birthDate: '1990-02-30' as LocalDate }, decisionDate)).toThrow(
      expect.objectContaining({ code: 'invalid_date' }),
    );
  });

  it('refuses a document the kind of party cannot hold', () => {
    const mismatches: Party[] = [
      { ...person, idType: 'uscc', idNumber: SIPING_COMPANY_USCC },
      { ...company, idType: 'resident_id', idNumber: residentIdBornOn('1990-01-01') },
      { ...company, kind: 'other_org', idType: 'passport', idNumber: 'E12345678' },
    ];
    for (const party of mismatches) {
      const error = caught(() => validateParty(party, decisionDate));
      expect(error.code).toBe('party_id_type_mismatch');
      expect(error.field).toBe('party.idType');
    }
  });

  it('refuses wrong numbers for each document type', () => {
    expect(
      caught(() => validateParty({ ...person, idNumber: '110105194912310021' }, decisionDate)).code,
    ).toBe('invalid_resident_id');
    expect(
      caught(() => validateParty({ ...company, idNumber: '914403001922038217' }, decisionDate)).code,
    ).toBe('invalid_uscc');
    for (const passport of ['E123', 'E1234567890123456789', 'E1234-567']) {
      const error = caught(() =>
        validateParty({ ...person, idType: 'passport', idNumber: passport }, decisionDate),
      );
      expect(error.code).toBe('invalid_passport');
      expect(error.field).toBe('party.idNumber');
    }
  });

  it('refuses a person born after the decision date', () => {
    const error = caught(() =>
      validateParty({ ...person, idNumber: residentIdBornOn('2025-09-29') }, decisionDate),
    );
    expect(error.code).toBe('invalid_resident_id');
  });

  it('refuses empty and over-long names', () => {
    expect(caught(() => validateParty({ ...company, name: '   ' }, decisionDate)).field).toBe('party.name');
    expect(caught(() => validateParty({ ...company, name: '   ' }, decisionDate)).code).toBe('required');
    expect(caught(() => validateParty({ ...company, name: '公'.repeat(201) }, decisionDate)).code).toBe(
      'too_long',
    );
    expect(validateParty({ ...company, name: '公'.repeat(200) }, decisionDate).name).toHaveLength(200);
  });

  it('lists every problem of the party at once', () => {
    const error = caught(() =>
      validateParty({ kind: 'legal_person', name: '', idType: 'resident_id', idNumber: '123' }, decisionDate),
    );
    expect(error.code).toBe('party_id_type_mismatch');
    expect(error.details?.issues).toEqual([
      expect.objectContaining({ code: 'party_id_type_mismatch', field: 'party.idType' }),
      expect.objectContaining({ code: 'required', field: 'party.name' }),
      expect.objectContaining({ code: 'invalid_resident_id', field: 'party.idNumber' }),
    ]);
  });

  it('drops an empty legal representative and trims a given one', () => {
    expect(validateParty({ ...company, legalRepresentative: '  ' }, decisionDate)).not.toHaveProperty(
      'legalRepresentative',
    );
    expect(
      validateParty({ ...company, legalRepresentative: ' 李四 ' }, decisionDate).legalRepresentative,
    ).toBe('李四');
  });
});
