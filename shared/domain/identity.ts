/**
 * The identity of a party (行政相对人): resident ID numbers (GB 11643-1999), unified social credit codes
 * (GB 32100-2015), passports, and which kind of party may carry which kind of number. A number that fails
 * its check is refused with a ValidationError, never stored as it came: R4 publishes legal persons' codes in
 * full, and R3 reads a natural person's age from the ID, so a wrong digit would publish or hide the wrong thing.
 */
import { compareDates, isLocalDate, type LocalDate } from './dates.ts';
import { ID_TYPES, type IdType, PARTY_KINDS, type Party, type PartyKind } from './decision.ts';
import { ValidationError } from './errors.ts';
import { residentIdsIn } from './personal-data.ts';

/** One problem found in the input: what a client shows next to the field. */
export interface ValidationIssue {
  readonly code: string;
  readonly field: string;
  readonly message: string;
  /** Values of our own (a limit, a date) that the message in another language may say too; never the input. */
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Throws one ValidationError carrying every issue, so an API client sees all problems at once. */
export function throwIfIssues(issues: readonly ValidationIssue[]): void {
  const [first] = issues;
  if (!first) return;
  const message = issues.length === 1 ? first.message : `${first.message} (and ${issues.length - 1} more)`;
  throw new ValidationError(first.code, message, { field: first.field, details: { issues: [...issues] } });
}

// ---------------------------------------------------------------------------------------------------------
// Resident identity number, GB 11643-1999 公民身份号码: 6-digit region, 8-digit birth date, 3-digit sequence,
// check character over ISO 7064 MOD 11-2.

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const RESIDENT_ID_CHECK_CHARS = '10X98765432';
const RESIDENT_ID_SHAPE = /^[1-9]\d{16}[\dX]$/;

/** The check character of the first 17 digits of a resident ID. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('residentIdCheckChar: 17 digits expected');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (RESIDENT_ID_WEIGHTS[i] ?? 0);
  return RESIDENT_ID_CHECK_CHARS[sum % 11] ?? '';
}

/** The birth date written in a resident ID (positions 7–14), when it is a real calendar date. */
export function residentIdBirthDate(id: string): LocalDate | undefined {
  const normalised = normaliseIdNumber(id);
  if (!/^\d{17}[\dX]$/.test(normalised)) return undefined;
  const date = `${normalised.slice(6, 10)}-${normalised.slice(10, 12)}-${normalised.slice(12, 14)}`;
  return isLocalDate(date) ? date : undefined;
}

/** The birth date of a valid-looking resident ID; throws `invalid_resident_id` when it has none. */
export function birthDateOf(id: string): LocalDate {
  const date = residentIdBirthDate(id);
  if (!date) {
    throw new ValidationError('invalid_resident_id', 'the resident ID does not hold a real birth date', {
      field: 'party.idNumber',
    });
  }
  return date;
}

/** Why a resident ID is wrong, or undefined when it is right. */
function residentIdProblem(id: string, notAfter: LocalDate | undefined): string | undefined {
  if (!RESIDENT_ID_SHAPE.test(id)) {
    return 'a resident ID is 17 digits (the first one 1–9) followed by a digit or X';
  }
  const birth = residentIdBirthDate(id);
  if (!birth) return 'positions 7–14 of a resident ID must be a real birth date (YYYYMMDD)';
  if (notAfter !== undefined && compareDates(birth, notAfter) > 0) {
    return `the birth date in the resident ID (${birth}) is after ${notAfter}`;
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id.slice(17))
    return 'the check character of the resident ID is wrong';
  return undefined;
}

export function isValidResidentId(id: string, options: { readonly notAfter?: LocalDate } = {}): boolean {
  return residentIdProblem(normaliseIdNumber(id), options.notAfter) === undefined;
}

/** The resident ID normalised (trimmed, full-width folded, x → X), or a ValidationError `invalid_resident_id`. */
export function validateResidentId(
  id: string,
  options: { readonly notAfter?: LocalDate; readonly field?: string } = {},
): string {
  const normalised = normaliseIdNumber(id);
  const problem = residentIdProblem(normalised, options.notAfter);
  if (problem)
    throw new ValidationError('invalid_resident_id', problem, { field: options.field ?? 'party.idNumber' });
  return normalised;
}

// ---------------------------------------------------------------------------------------------------------
// Unified social credit code, GB 32100-2015 统一社会信用代码: 18 characters of a 31-character set without
// I O S V Z; the 18th is 31 − (Σ value × weight mod 31), with 31 written as 0.

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** The check character of the first 17 characters of a USCC. */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17))
    throw new TypeError('usccCheckChar: 17 USCC characters expected');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARSET[(31 - (sum % 31)) % 31] ?? '';
}

function usccProblem(code: string): string | undefined {
  if (!USCC_SHAPE.test(code)) {
    return 'a unified social credit code is 18 characters of 0–9 and A–Y without I, O, S, V, Z';
  }
  if (usccCheckChar(code.slice(0, 17)) !== code.slice(17)) return 'the check character of the code is wrong';
  return undefined;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(normaliseIdNumber(code)) === undefined;
}

/** The USCC normalised (trimmed, full-width folded, upper case), or a ValidationError `invalid_uscc`. */
export function validateUscc(code: string, options: { readonly field?: string } = {}): string {
  const normalised = normaliseIdNumber(code);
  const problem = usccProblem(normalised);
  if (problem)
    throw new ValidationError('invalid_uscc', problem, { field: options.field ?? 'party.idNumber' });
  return normalised;
}

// ---------------------------------------------------------------------------------------------------------
// Parties.

const PASSPORT_SHAPE = /^[A-Z0-9]{5,17}$/;
const MAX_NAME_LENGTH = 200;
const MAX_OTHER_ID_LENGTH = 64;

/** Which document each kind of party may be identified by (a legal person always by its USCC, 长治 §二). */
export const ALLOWED_ID_TYPES: Readonly<Record<PartyKind, readonly IdType[]>> = {
  natural_person: ['resident_id', 'passport', 'other'],
  legal_person: ['uscc'],
  other_org: ['uscc', 'other'],
  individual_business: ['uscc', 'other'],
};

/**
 * Case systems send IDs typed by hand or copied from scans: full-width characters (ＡＢ１２) are folded to
 * ASCII by NFKC, and the check characters are defined in upper case (x → X).
 */
export function normaliseIdNumber(value: string): string {
  return value.normalize('NFKC').trim().toUpperCase();
}

function codePointLength(value: string): number {
  return [...value].length;
}

function nameIssues(value: string | undefined, field: string, label: string): ValidationIssue[] {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') return [{ code: 'required', field, message: `${label} must not be empty` }];
  if (codePointLength(trimmed) > MAX_NAME_LENGTH) {
    return [
      {
        code: 'too_long',
        field,
        message: `${label} is longer than ${MAX_NAME_LENGTH} characters`,
        params: { max: MAX_NAME_LENGTH },
      },
    ];
  }
  return [];
}

function idNumberIssue(
  idType: IdType,
  idNumber: string,
  decisionDate: LocalDate | undefined,
): ValidationIssue | undefined {
  const field = 'party.idNumber';
  switch (idType) {
    case 'resident_id': {
      const problem = residentIdProblem(idNumber, decisionDate);
      return problem ? { code: 'invalid_resident_id', field, message: problem } : undefined;
    }
    case 'uscc': {
      const problem = usccProblem(idNumber);
      return problem ? { code: 'invalid_uscc', field, message: problem } : undefined;
    }
    case 'passport':
      return PASSPORT_SHAPE.test(idNumber)
        ? undefined
        : { code: 'invalid_passport', field, message: 'a passport number is 5–17 letters A–Z and digits' };
    case 'other':
      if (idNumber === '') return { code: 'required', field, message: 'the ID number must not be empty' };
      return codePointLength(idNumber) > MAX_OTHER_ID_LENGTH
        ? {
            code: 'too_long',
            field,
            message: `the ID number is longer than ${MAX_OTHER_ID_LENGTH} characters`,
            params: { max: MAX_OTHER_ID_LENGTH },
          }
        : undefined;
  }
}

/**
 * R3: a natural person whose number holds no mainland resident ID (a passport, a Hong Kong / Macau / Taiwan
 * permit, a foreigner's card) states the birth date, or a child could be published; a stated birth date is a
 * real date not after the decision.
 */
function birthDateIssues(
  party: Party,
  idNumber: string,
  decisionDate: LocalDate | undefined,
): ValidationIssue[] {
  const field = 'party.birthDate';
  const { birthDate } = party;
  if (birthDate !== undefined) {
    if (!isLocalDate(birthDate)) {
      return [
        {
          code: 'invalid_date',
          field,
          message: 'the birth date must be a real calendar date written YYYY-MM-DD',
        },
      ];
    }
    if (decisionDate !== undefined && compareDates(birthDate, decisionDate) > 0) {
      return [
        { code: 'invalid_date', field, message: `the birth date is after the decision date ${decisionDate}` },
      ];
    }
    return [];
  }
  if (party.kind !== 'natural_person' || party.idType === 'resident_id' || party.idType === 'uscc') return [];
  if (residentIdsIn(idNumber).length > 0) return [];
  return [
    {
      code: 'birth_date_required',
      field,
      message:
        'a natural person without a mainland resident ID must state the birth date (R3: minors are never published)',
    },
  ];
}

/**
 * Every problem of a party, and its normalised form (trimmed names, normalised ID number, an empty legal
 * representative dropped). `decisionDate` bounds the birth date of a resident ID; undefined leaves it unbounded.
 */
export function checkParty(
  party: Party,
  decisionDate: LocalDate | undefined,
): { readonly party: Party; readonly issues: readonly ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const kindKnown = (PARTY_KINDS as readonly string[]).includes(party.kind);
  const idTypeKnown = (ID_TYPES as readonly string[]).includes(party.idType);
  if (!kindKnown) {
    issues.push({
      code: 'invalid_party_kind',
      field: 'party.kind',
      message: `unknown party kind ${party.kind}`,
    });
  }
  if (!idTypeKnown) {
    issues.push({
      code: 'invalid_id_type',
      field: 'party.idType',
      message: `unknown ID type ${party.idType}`,
    });
  }
  // R4: a legal person is published with its USCC, a natural person's number is masked; a number filed under
  // the wrong kind would be published whole or masked wrongly.
  if (kindKnown && idTypeKnown && !ALLOWED_ID_TYPES[party.kind].includes(party.idType)) {
    issues.push({
      code: 'party_id_type_mismatch',
      field: 'party.idType',
      message: `a ${party.kind} is identified by ${ALLOWED_ID_TYPES[party.kind].join(' or ')}, not ${party.idType}`,
    });
  }
  issues.push(...nameIssues(party.name, 'party.name', 'the party name'));

  const idNumber = normaliseIdNumber(party.idNumber);
  const idIssue = idTypeKnown ? idNumberIssue(party.idType, idNumber, decisionDate) : undefined;
  if (idIssue) issues.push(idIssue);

  const legalRepresentative = party.legalRepresentative?.trim() ?? '';
  if (legalRepresentative !== '') {
    issues.push(...nameIssues(legalRepresentative, 'party.legalRepresentative', 'the legal representative'));
  }

  issues.push(...birthDateIssues(party, idNumber, decisionDate));

  const normalised: Party = {
    kind: party.kind,
    name: party.name.trim(),
    idType: party.idType,
    idNumber,
    ...(legalRepresentative !== '' ? { legalRepresentative } : {}),
    ...(party.birthDate !== undefined ? { birthDate: party.birthDate } : {}),
  };
  return { party: normalised, issues };
}

/** The party normalised, or one ValidationError listing every problem in `details.issues`. */
export function validateParty(party: Party, decisionDate: LocalDate): Party {
  const checked = checkParty(party, decisionDate);
  throwIfIssues(checked.issues);
  return checked.party;
}
