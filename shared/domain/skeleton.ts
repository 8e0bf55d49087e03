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
/**
 * What no reader ever sees, so it never stands between two digits: format characters, and what the site's
 * renderers drop (shared/site/html.ts: C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone surrogates),
 * with DEL and the C1 controls. A number written with them between its digits is published without them.
 */
function isInvisible(c: string): boolean {
  if (FORMAT.test(c)) return true;
  if (c.length !== 1) return false;
  const code = c.charCodeAt(0);
  const c0 = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return (
    c0 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xfffe ||
    code === 0xffff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}
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
    out = isInvisible(c) ? '' : foldUncached(c);
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

/** Whether a UTF-16 unit is a separator, remembered per unit (0 unknown, 1 no, 2 yes). */
const separatorCache = new Uint8Array(0x10000);
function isSeparatorUnit(code: number): boolean {
  let known = separatorCache[code] ?? 0;
  if (known === 0) {
    known = SEPARATOR.test(String.fromCharCode(code)) ? 2 : 1;
    separatorCache[code] = known;
  }
  return known === 2;
}

const isDigitUnit = (code: number) => code >= 0x30 && code <= 0x39;
const isCheckX = (code: number) => code === 0x58 || code === 0x78;
const isAlnumUnit = (code: number) =>
  isDigitUnit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

export interface SkeletonOptions {
  /**
   * Whether a line break joins two digit groups as a space does. In a text, yes: a page renders it as white
   * space. Over a whole site object, no: a CSV row ends in a number and the next begins with one.
   */
  readonly lineBreaksJoin?: boolean;
}

const isLineBreak = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;

export function skeletonOf(original: string, options: SkeletonOptions = {}): Skeleton {
  const lineBreaksJoin = options.lineBreaksJoin ?? true;
  const separates = (code: number) => isSeparatorUnit(code) || (lineBreaksJoin && isLineBreak(code));
  // Pass 1: fold each code point, drop format characters. UTF-16 units in typed arrays: the publish gate reads
  // megabytes of listing parts with this, so it must stay linear with small constants.
  let capacity = original.length + 16;
  let units = new Uint16Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let count = 0;
  const grow = () => {
    capacity *= 2;
    const u = new Uint16Array(capacity);
    u.set(units);
    units = u;
    const s = new Int32Array(capacity);
    s.set(starts);
    starts = s;
    const e = new Int32Array(capacity);
    e.set(ends);
    ends = e;
  };
  for (let at = 0; at < original.length; ) {
    const code = original.charCodeAt(at);
    if (code < 0x80) {
      // C0 controls but tab and line breaks, and DEL: invisible (isInvisible), dropped.
      if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
        at += 1;
        continue;
      }
      if (count >= capacity) grow();
      units[count] = code;
      starts[count] = at;
      ends[count] = at + 1;
      count += 1;
      at += 1;
      continue;
    }
    const low = original.charCodeAt(at + 1);
    const width = code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
    const fold = foldCodePoint(original.slice(at, at + width));
    for (let k = 0; k < fold.length; k++) {
      if (count >= capacity) grow();
      units[count] = fold.charCodeAt(k);
      starts[count] = at;
      ends[count] = at + width;
      count += 1;
    }
    at += width;
  }
  // Pass 2: skip separators between two digits.
  const out = new Uint16Array(count);
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const unit = units[i] ?? 0;
    if (kept > 0 && isDigitUnit(out[kept - 1] ?? 0) && separates(unit)) {
      let j = i;
      while (j < count && j - i < MAX_SEPARATORS && separates(units[j] ?? 0)) j += 1;
      // The check character X of an ID joins too, when it ends the number (…123 X).
      const next = j < count ? (units[j] ?? 0) : -1;
      const checkX = isCheckX(next) && !(j + 1 < count && isAlnumUnit(units[j + 1] ?? 0));
      if (isDigitUnit(next) || checkX) {
        i = j - 1;
        continue;
      }
    }
    out[kept] = unit;
    start[kept] = starts[i] ?? 0;
    end[kept] = ends[i] ?? 0;
    kept += 1;
  }
  return { text: unitsToString(out, kept), start: start.subarray(0, kept), end: end.subarray(0, kept) };
}

function unitsToString(units: Uint16Array, length: number): string {
  const parts: string[] = [];
  for (let at = 0; at < length; at += 8192) {
    parts.push(String.fromCharCode(...units.subarray(at, Math.min(length, at + 8192))));
  }
  return parts.join('');
}

/** The original span of the skeleton's span [from, to). */
export function originalSpan(skeleton: Skeleton, from: number, to: number): { start: number; end: number } {
  return { start: skeleton.start[from] ?? 0, end: skeleton.end[to - 1] ?? 0 };
}
