/**
 * R1: a case number (决定书文号) is unique per agency as people read it, not as it was typed. `四工信罚[2026]101号`,
 * `四工信罚〔2026〕 101号` and `四工信罚（２０２６）101号` are one number: the agency's clerks and case systems write the
 * year's brackets, the spaces and the digits in whatever their keyboard or template gives. The uniqueness guard
 * keys on this reading; the decision keeps and shows the agency's own spelling.
 */
import { foldCodePoint } from './skeleton.ts';

/** Every bracket a 发文字号's year is written in, read as the six-cornered brackets GB/T 9704 prescribes. */
const OPENING = /[[(【〖〘〔]/gu;
const CLOSING = /[\])】〗〙〕]/gu;
const WHITE_SPACE = /\s/gu;
/** Every dash and hyphen (Unicode Pd) and the minus sign. */
const DASH = /[\p{Pd}\u2212]/gu;

/**
 * The case number as the guard reads it: NFKC with every decimal digit in ASCII and invisible characters dropped
 * (the text model of the personal-data detectors, skeleton.ts), every bracket as 〔〕, every dash as `-`, no white
 * space. The form most agencies already write (`四工信罚〔2025〕12号`) reads as itself.
 */
export function caseNumberReading(caseNumber: string): string {
  let folded = '';
  for (const c of caseNumber) folded += foldCodePoint(c);
  return folded.replace(WHITE_SPACE, '').replace(OPENING, '〔').replace(CLOSING, '〕').replace(DASH, '-');
}

/** Whether two spellings are one case number. */
export function sameCaseNumber(a: string, b: string | undefined): boolean {
  return b !== undefined && caseNumberReading(a) === caseNumberReading(b);
}
