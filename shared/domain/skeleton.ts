/**
 * R4: the one text model every personal-data detector reads (ADR 0011). A person or a copy-paste can write a
 * number in many ways that all read the same: full-width or other Unicode digits (１３８, ١٣٨, 𝟏𝟑𝟖, ①),
 * zero-width and bidi characters between the digits, spaces, hyphens, dots or slashes between its groups.
 * The skeleton writes them all one way: NFKC, every decimal digit as ASCII, format characters dropped, and
 * separators inside a run of digits skipped. Each character of the skeleton remembers the span of the original
 * text it came from, so a mask laid on a finding covers exactly what was written.
 */

export interface Skeleton {
  /** The text as the detectors read it. */
  readonly text: string;
  /** For each UTF-16 unit of `text`, the original span [start, end) it came from. */
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Format characters (zero-width spaces and joiners, bidi controls, soft hyphen, word joiner, BOM). */
const FORMAT = /\p{Cf}/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
/**
 * What may stand between the digits of one number: white space within a line, every dash and hyphen (Unicode Pd, the
 * minus sign), dots and middle dots, slashes, the ideographic full stop and comma, underscores.
 */
const SEPARATOR =
  /^(?:[^\S\n\r\u2028\u2029]|[\p{Pd}\u2212.\u00b7\u2022\u2027\u30fb\u2219\u22c5\uff0e\uff61\u3002/\uff0f\\_\u3001])$/u;
/** At most this many separators in a row still join two digit groups (`138 - 1234`). */
const MAX_SEPARATORS = 3;

/**
 * The ASCII digit of a Unicode decimal digit: every script's digits are encoded as runs of ten consecutive
 * code points from 0 to 9 (Unicode's stability policy for Nd), so the value is the distance to the run's start.
 */
export function decimalDigitValue(codePoint: number): number {
  let first = codePoint;
  while (first > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(first - 1))) first -= 1;
  return (codePoint - first) % 10;
}

const folded = new Map<string, string>();

/** The skeleton of one code point ('' for a format character), remembered: texts repeat their characters. */
export function foldCodePoint(c: string): string {
  if (c.length === 1 && c.charCodeAt(0) < 0x80) return c;
  let out = folded.get(c);
  if (out === undefined) {
    out = FORMAT.test(c) ? '' : foldUncached(c);
    if (folded.size < 65_536) folded.set(c, out);
  }
  return out;
}

function foldUncached(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  if (DECIMAL_DIGIT.test(c)) return String(decimalDigitValue(cp));
  const folded = c.normalize('NFKC');
  // NFKC may yield a digit of another script, or several characters (⑩ → 10): fold each.
  let out = '';
  for (const f of folded)
    out +=
      DECIMAL_DIGIT.test(f) && !(f >= '0' && f <= '9') ? String(decimalDigitValue(f.codePointAt(0) ?? 0)) : f;
  return out;
}

function isDigit(unit: string | undefined): boolean {
  return unit !== undefined && unit >= '0' && unit <= '9';
}

export function skeletonOf(original: string): Skeleton {
  // Pass 1: fold each code point, drop format characters.
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const c of original) {
    const next = at + c.length;
    const fold = foldCodePoint(c);
    for (let k = 0; k < fold.length; k++) {
      chars.push(fold[k] ?? '');
      starts.push(at);
      ends.push(next);
    }
    at = next;
  }
  // Pass 2: skip separators between two digits.
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const unit = chars[i] ?? '';
    if (SEPARATOR.test(unit) && isDigit(text.at(-1))) {
      let j = i;
      while (j < chars.length && j - i < MAX_SEPARATORS && SEPARATOR.test(chars[j] ?? '')) j += 1;
      // The check character X of an ID joins too, when it ends the number (…123 X).
      const checkX = (chars[j] === 'X' || chars[j] === 'x') && !/[0-9A-Za-z]/.test(chars[j + 1] ?? '');
      if (isDigit(chars[j]) || checkX) {
        i = j - 1;
        continue;
      }
    }
    text += unit;
    start.push(starts[i] ?? 0);
    end.push(ends[i] ?? 0);
  }
  return { text, start: Int32Array.from(start), end: Int32Array.from(end) };
}

/** The original span of the skeleton's span [from, to). */
export function originalSpan(skeleton: Skeleton, from: number, to: number): { start: number; end: number } {
  return { start: skeleton.start[from] ?? 0, end: skeleton.end[to - 1] ?? 0 };
}
