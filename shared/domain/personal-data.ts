/**
 * R4: the certain personal-data findings, read on the skeleton of a text (skeleton.ts, ADR 0011), and their
 * masks. Certain means a machine can tell without a reader: checksum-valid 18-digit and date-valid 15-digit
 * resident IDs, mobile and landline numbers, bank cards (Luhn), e-mail addresses, and any run of 15 or more
 * digits. These are masked in every public text automatically, and the publish gate refuses any object in
 * which one survives. Names, addresses, passports, plates and ages are suspected (suspected.ts): a reviewer
 * resolves them.
 */
import { isLocalDate } from './dates.ts';
import { isValidUscc, residentIdCheckChar } from './identity.ts';
import { foldCodePoint, originalSpan, type Skeleton, skeletonOf } from './skeleton.ts';

export const CERTAIN_KINDS = [
  'resident_id',
  'mobile',
  'landline',
  'bank_card',
  'email',
  'long_number',
] as const;
export type CertainKind = (typeof CERTAIN_KINDS)[number];

export interface CertainFinding {
  readonly kind: CertainKind;
  /** The span of the original text, in UTF-16 units. */
  readonly start: number;
  readonly end: number;
  /** The skeleton's digits (or address) of the finding: what it reads as. */
  readonly value: string;
}

export interface CertainOptions {
  /**
   * `text` (decision texts): a number glued to letters is still a number (`Tel13812345678`). `site` (the
   * publish gate, over whole objects): digits inside a long token of letters and digits (a hash, an id) are
   * part of that token, not a number somebody wrote.
   */
  readonly mode?: 'text' | 'site';
  /** Values that are public (a legal person's own code), compared on the skeleton, upper case. */
  readonly keep?: readonly string[];
  /** Only these kinds (default: all). */
  readonly kinds?: readonly CertainKind[];
}

/** 18 characters: 17 digits (the first 1–9), a check digit or X over ISO 7064 MOD 11-2, a real birth date. */
export function isResidentId(value: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(value)) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isLocalDate(birth) || Number(value.slice(6, 10)) < 1900) return false;
  return residentIdCheckChar(value.slice(0, 17)) === value.slice(17).toUpperCase();
}

/** The 15-digit first-generation ID: region, YYMMDD of a 19xx birth, a 3-digit sequence. */
export function isOldResidentId(value: string): boolean {
  if (!/^[1-9]\d{14}$/.test(value)) return false;
  return isLocalDate(`19${value.slice(6, 8)}-${value.slice(8, 10)}-${value.slice(10, 12)}`);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The birth date of a resident ID found in the skeleton of `value`, anywhere in it (R3). */
export function residentIdsIn(value: string): string[] {
  return findCertain(value)
    .filter((f) => f.kind === 'resident_id' && f.value.length === 18)
    .map((f) => f.value.toUpperCase());
}

interface RawFinding {
  readonly kind: CertainKind;
  /** Skeleton span. */
  readonly from: number;
  readonly to: number;
}

const DIGIT_RUN = /[0-9][0-9Xx]*/g;
const MOBILE_AT = /1[3-9]\d{9}/;
/** A domain (at most 255 characters, read after an @): labels of letters, digits and inner hyphens, a TLD. */
const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:[.。][A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*[.。][A-Za-z]{2,}/;
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.。-]/;

/**
 * E-mail addresses, found from each @ outwards with bounded steps (64 characters of local part, 255 of domain),
 * so a long run of letters without an @ costs nothing: a regular expression starting anywhere would retry it
 * from every position.
 */
function findEmails(text: string): RawFinding[] {
  const found: RawFinding[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let left = at;
    while (left > 0 && at - left < 64 && LOCAL_CHAR.test(text[left - 1] ?? '')) left -= 1;
    if (left === at) continue;
    let right = at + 1;
    while (right < text.length && right - at <= 255 && DOMAIN_CHAR.test(text[right] ?? '')) right += 1;
    const domain = DOMAIN.exec(text.slice(at + 1, right));
    if (domain) found.push({ kind: 'email', from: left, to: at + 1 + domain[0].length });
  }
  return found;
}
/** A token of letters and digits this long, with both, is an identifier or a hash in `site` mode. */
const CODE_TOKEN_MIN = 20;

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /[0-9A-Za-z]/.test(c);
}

function insideCodeToken(text: string, from: number, to: number): boolean {
  let left = from;
  while (left > 0 && isAlnum(text[left - 1])) left -= 1;
  let right = to;
  while (right < text.length && isAlnum(text[right])) right += 1;
  if (right - left < CODE_TOKEN_MIN) return false;
  const token = text.slice(left, right);
  return /[A-Za-z]/.test(token) && /[0-9]/.test(token);
}

function isCompactDate(digits: string): boolean {
  return (
    /^(?:19|20)\d{6}$/.test(digits) &&
    isLocalDate(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`)
  );
}

/** Every certain finding of one run of digits (with a trailing X), found as written. */
function classifyRun(run: string, at: number): RawFinding[] {
  const n = run.length;
  if (n === 0) return [];
  const digits = /^[0-9]+$/.test(run);
  // A resident ID anywhere in the run (glued to other digits, or an X in the middle: …882X138…).
  for (let i = 0; i + 18 <= n; i++) {
    if (isResidentId(run.slice(i, i + 18))) {
      const rest = [...classifyRun(run.slice(0, i), at), ...classifyRun(run.slice(i + 18), at + i + 18)];
      return [{ kind: 'resident_id', from: at + i, to: at + i + 18 }, ...rest];
    }
  }
  if (!digits) {
    // No ID: the X only separates numbers (12345X13812345678).
    const found: RawFinding[] = [];
    let offset = 0;
    for (const part of run.split(/[Xx]/)) {
      found.push(...classifyRun(part, at + offset));
      offset += part.length + 1;
    }
    return found;
  }
  if (n === 15 && isOldResidentId(run)) return [{ kind: 'resident_id', from: at, to: at + n }];
  // Two dates written as a range (2025-09-28—2025-10-14) read as 16 digits: a period, not a card.
  if (n === 16 && isCompactDate(run.slice(0, 8)) && isCompactDate(run.slice(8))) return [];
  if (n >= 16 && n <= 19 && luhnValid(run)) return [{ kind: 'bank_card', from: at, to: at + n }];
  if (n >= 15) return [{ kind: 'long_number', from: at, to: at + n }];
  if (n >= 10 && n <= 12 && run[0] === '0' && /^0(?:10|2\d|[3-9]\d\d)/.test(run)) {
    return [{ kind: 'landline', from: at, to: at + n }];
  }
  if (n >= 11) {
    const found = MOBILE_AT.exec(run);
    if (found) return [{ kind: 'mobile', from: at, to: at + n }];
  }
  return [];
}

function rawFindings(skeleton: Skeleton, options: CertainOptions): RawFinding[] {
  const { text } = skeleton;
  const keep = new Set((options.keep ?? []).map((k) => skeletonOf(k).text.toUpperCase()));
  const found: RawFinding[] = [];
  found.push(...findEmails(text));
  const inEmail = (i: number) => found.some((f) => f.kind === 'email' && i >= f.from && i < f.to);
  for (const match of text.matchAll(DIGIT_RUN)) {
    const from = match.index ?? 0;
    const to = from + match[0].length;
    if (inEmail(from)) continue;
    if (options.mode === 'site' && insideCodeToken(text, from, to)) continue;
    // A legal person's own code, or another checksum-valid USCC (public by 长治 §二). One of digits only
    // could as well be a card number: in a text it is public only as the party's own (`keep`); on the site
    // (the gate) every USCC is, since the listings carry many parties' codes and the texts were masked before.
    let left = from;
    while (left > 0 && isAlnum(text[left - 1])) left -= 1;
    let right = to;
    while (right < text.length && isAlnum(text[right])) right += 1;
    const token = text.slice(left, right).toUpperCase();
    const publicCode =
      isValidUscc(token) && !isResidentId(token) && (options.mode === 'site' || /[A-Z]/.test(token));
    if (keep.has(token) || publicCode) continue;
    found.push(...classifyRun(match[0], from));
  }
  return found.sort((a, b) => a.from - b.from);
}

/** The certain findings of `text`, as spans of the original. */
export function findCertain(text: string, options: CertainOptions = {}): CertainFinding[] {
  const skeleton = skeletonOf(text, { lineBreaksJoin: options.mode !== 'site' });
  const kinds = options.kinds;
  return rawFindings(skeleton, options)
    .filter((f) => kinds === undefined || kinds.includes(f.kind))
    .map((f) => ({
      kind: f.kind,
      ...originalSpan(skeleton, f.from, f.to),
      value: skeleton.text.slice(f.from, f.to),
    }));
}

const MASK = '*';

/**
 * Which digits of a finding stay, by their place among its digits (`count` of them): IDs, cards and long
 * numbers keep the 6-digit region or bank code; mobiles their first 3 and last 4; landlines the area code and
 * the last 2; e-mails the first character of the local part and the domain.
 */
function keeps(kind: CertainKind, index: number, count: number, areaLength: number): boolean {
  switch (kind) {
    case 'resident_id':
    case 'bank_card':
    case 'long_number':
      return index < 6;
    case 'mobile':
      return index < count - 8 || index >= count - 4;
    case 'landline':
      return index < areaLength || index >= count - 2;
    case 'email':
      return false;
  }
}

function maskEmailSpan(original: string): string {
  const at = original.search(/[@＠]/u);
  if (at < 0) return original;
  const local = [...original.slice(0, at)];
  return (local[0] ?? '') + MASK.repeat(Math.max(0, local.length - 1)) + original.slice(at);
}

/** One finding's span of the original, masked. Format characters inside it are dropped. */
function maskSpan(original: string, finding: CertainFinding): string {
  const span = original.slice(finding.start, finding.end).replace(/\p{Cf}/gu, '');
  if (finding.kind === 'email') return maskEmailSpan(span);
  const chars = [...span];
  const folds = chars.map(foldCodePoint);
  const isDigitChar = folds.map((f) => /^[0-9Xx]+$/.test(f));
  const count = finding.value.length;
  const areaLength = finding.kind === 'landline' ? (/^0(?:10|2\d)/.test(finding.value) ? 3 : 4) : 0;
  let index = 0;
  const out: string[] = [];
  chars.forEach((c, i) => {
    if (!isDigitChar[i]) {
      // A mobile is written as 138****5678 whatever stood between its groups.
      if (finding.kind !== 'mobile' || index === 0) out.push(c);
      return;
    }
    const width = folds[i]?.length ?? 1;
    const kept = Array.from({ length: width }, (_, k) => keeps(finding.kind, index + k, count, areaLength));
    index += width;
    out.push(kept.every(Boolean) ? c : MASK);
  });
  return out.join('');
}

/** R4: `text` with every certain finding masked; idempotent (a masked finding is no longer a finding). */
export function maskCertain(text: string, options: CertainOptions = {}): string {
  const findings = findCertain(text, options);
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const finding of findings) {
    if (finding.start < at) continue;
    out += text.slice(at, finding.start) + maskSpan(text, finding);
    at = finding.end;
  }
  return out + text.slice(at);
}
