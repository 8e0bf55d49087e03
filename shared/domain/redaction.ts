/**
 * R4 (长治 §二: 涉及个人隐私等不宜公开的信息，依法确需公开的，要作适当处理后公开): the masks applied to what
 * the public sees. Every mask replaces characters by '*' (one per code point) or drops separators, so a
 * masked text is never longer than the original, and masking a masked text changes nothing.
 */
import type { IdType } from './decision.ts';
import { maskCertain } from './personal-data.ts';

const MASK = '*';

function stars(count: number): string {
  return MASK.repeat(Math.max(0, count));
}

function codePoints(value: string): string[] {
  return [...value];
}

// ---------------------------------------------------------------------------------------------------------
// Names.

/**
 * Two-character surnames (百家姓 复姓, a few in traditional characters, and the Taiwanese 张简 / 范姜): the
 * whole surname is kept, as 张三 keeps 张.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(
  [
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 南宫 西门 独孤',
    '呼延 澹台 申屠 濮阳 赫连 拓跋 单于 淳于 司空 万俟 百里 东郭 公冶 太史 第五 闻人 公羊 宗政 太叔 仲孙',
    '鲜于 闾丘 亓官 司寇 仉督 子车 颛孙 巫马 公西 漆雕 乐正 壤驷 公良 夹谷 宰父 谷梁 段干 南门 羊舌 微生',
    '梁丘 左丘 东门 公户 公玉 公仪 梁父 公仲 公上 公门 公山 公坚 归海 钟吾 褚师 呼衍 张简 范姜',
    '歐陽 司馬 諸葛 尉遲 公孫 長孫 東方 鍾離 張簡 聞人 軒轅 淳於 單於 東郭',
  ]
    .join(' ')
    .split(' '),
);

const HAN = /\p{Script=Han}/u;
/** Separators inside a name: spaces, the middle dots of 少数民族 and foreign names, hyphens. */
const NAME_SEPARATOR = /[\s·•・‧．.\-‐－]/u;
const NAME_DOT = /[·•・‧．.]/u;

/**
 * A natural person's name as published (R4): the surname stays, every other character becomes '*'.
 * 张三 → 张*, 欧阳锋 → 欧阳*, 买买提·艾力 → 买**·** (only the first character of a dotted name), John Smith →
 * J*** S**** (the initial of each word). A name is never left whole: when nothing else would be masked, all
 * but its first character are.
 */
export function maskPersonName(name: string): string {
  const chars = codePoints(name.trim());
  const isSeparator = chars.map((c) => NAME_SEPARATOR.test(c));
  const letters = isSeparator.filter((separator) => !separator).length;
  const chinese = chars.some((c) => HAN.test(c));
  const dotted = chars.some((c) => NAME_DOT.test(c));
  const compound = chinese && !dotted && letters > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join(''));
  const surname = compound ? 2 : 1;
  const keeps = (letterIndex: number, startsWord: boolean): boolean =>
    chinese ? letterIndex < surname : startsWord;

  const masked: string[] = [];
  let letterIndex = 0;
  chars.forEach((c, i) => {
    if (isSeparator[i]) {
      masked.push(c);
      return;
    }
    const startsWord = i === 0 || isSeparator[i - 1] === true;
    masked.push(keeps(letterIndex, startsWord) ? c : MASK);
    letterIndex += 1;
  });
  if (letters >= 2 && !masked.includes(MASK)) {
    // Initials only (A B): R4 never publishes a whole name, so all but the first letter go.
    let seen = 0;
    return chars.map((c, i) => (isSeparator[i] || seen++ === 0 ? c : MASK)).join('');
  }
  return masked.join('');
}

/** A natural person's ID number as published (R4): a resident ID keeps its 6-digit region, others one character. */
export function maskIdNumber(idType: IdType, idNumber: string): string {
  const chars = codePoints(idNumber.trim());
  const keep = idType === 'resident_id' ? 6 : 1;
  return chars.slice(0, keep).join('') + stars(chars.length - keep);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Matches `text` however its dots and spaces are written. */
function looseSource(text: string): string {
  return codePoints(text)
    .map((c) => (NAME_DOT.test(c) ? '[·•・‧．.]' : /\s/u.test(c) ? '\\s+' : escapeRegExp(c)))
    .join('');
}

/**
 * Every occurrence of `original` (a name, an ID number) in `text` becomes `masked`, until none is left: the
 * exact spelling anywhere, and a name without Chinese characters also in any case as a whole word (LI, li),
 * which a word boundary keeps from masking the li of "police".
 */
function replaceOccurrences(text: string, original: string, masked: string): string {
  if (original === '' || original === masked) return text;
  const source = looseSource(original);
  const patterns = [new RegExp(source, 'gu')];
  if (!HAN.test(original)) {
    patterns.push(new RegExp(`(?<![\\p{Script=Latin}\\p{N}])${source}(?![\\p{Script=Latin}\\p{N}])`, 'giu'));
  }
  let out = text;
  // Each round masks at least one more character, so the loop ends; it catches occurrences straddling a
  // replacement (the name 张三张 in 张三张三张).
  for (let changed = true; changed; ) {
    const before = out;
    for (const pattern of patterns) out = out.replace(pattern, () => masked);
    changed = out !== before;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Marked spans.

/**
 * R4: the spans a submitter or reviewer marked. Every occurrence of every span, found in the original text,
 * becomes one '*' per code point; overlapping spans mask their union.
 */
export function applyMarkedSpans(text: string, spans: readonly string[]): string {
  if (spans.length === 0) return text;
  const marked = new Uint8Array(text.length);
  for (const span of spans) {
    if (span === '') continue;
    for (let at = text.indexOf(span); at !== -1; at = text.indexOf(span, at + 1))
      marked.fill(1, at, at + span.length);
  }
  let out = '';
  let unit = 0;
  for (const c of text) {
    out += marked.subarray(unit, unit + c.length).some((m) => m === 1) ? MASK : c;
    unit += c.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Numbers. '*' counts as a digit when runs are measured, so a number a marked span cut in two is still
// recognised as one (220302******011234 is an ID whose birth date was marked, and its tail is still masked).

const DIGIT = '[0-9０-９]';
const DIGIT_OR_MASK = '[0-9０-９*]';
const NUMBER_SEPARATOR = '[ \\u00a0\\u3000]';
const CHECK = '[XxＸｘ]';
const IS_DIGIT = /[0-9０-９]/u;
const IS_DIGIT_OR_CHECK = /[0-9０-９XxＸｘ]/u;

/**
 * Digits written as other characters that Unicode compatibility folding (NFKC) reads as one ASCII digit
 * (⓪ ① ¹ ₂ 𝟑 …), written back as that digit before any number is looked for: otherwise a mobile written
 * 1380013⓪000 passes every pattern here, and a reader's normalisation (or a search engine's) turns it back
 * into 13800130000. Full-width digits stay as written: the patterns know them.
 */
function plainDigits(text: string): string {
  return text.replace(/[^\P{N}0-9０-９]/gu, (c) => {
    const folded = c.normalize('NFKC');
    return /^[0-9]$/.test(folded) ? folded : c;
  });
}

/** ASCII digits and upper case, so a quoted code can be compared with the party's own. */
function foldNumber(value: string): string {
  return value.normalize('NFKC').toUpperCase();
}

/**
 * Runs of 15 or more digits (18- and 15-digit resident IDs, bank cards), also written in groups separated by
 * single spaces (6222 0212 3456 7890 123): the first 6 characters stay, the other digits become '*'. An X
 * (the check character) belongs to the run wherever it stands, so an ID glued to more digits
 * (…882X13800000000) is one run; the digit-boundary lookarounds make the whole run one token.
 */
const RUN_CHAR = `(?:${DIGIT_OR_MASK}|${CHECK})`;
const LONG_NUMBER = new RegExp(
  `(?<!${RUN_CHAR})${RUN_CHAR}+(?:${NUMBER_SEPARATOR}${DIGIT_OR_MASK}${RUN_CHAR}{2,})*(?!${RUN_CHAR})`,
  'gu',
);

export function maskLongNumbers(text: string, options: { readonly keep?: string } = {}): string {
  const keep = options.keep === undefined ? undefined : foldNumber(options.keep);
  return plainDigits(text).replace(LONG_NUMBER, (run) => {
    const chars = codePoints(run);
    const counted = chars.filter((c) => c === MASK || IS_DIGIT_OR_CHECK.test(c)).length;
    if (counted < 15 || !chars.some((c) => IS_DIGIT.test(c))) return run;
    // R4 / 长治 §二: a legal person's own code is published in full, in the text as in the party.
    if (keep !== undefined && foldNumber(run) === keep) return run;
    let seen = 0;
    return chars
      .map((c) => {
        if (c !== MASK && !IS_DIGIT_OR_CHECK.test(c)) return c;
        seen += 1;
        return seen <= 6 ? c : MASK;
      })
      .join('');
  });
}

/** Mobile numbers written with +86 / 86 and spaces or hyphens: 138 1234 5678 → 138****5678. */
const SEPARATED_MOBILE = new RegExp(
  `(?<!${DIGIT_OR_MASK})((?:[+＋]?[8８][6６][ \\-－]?)?)([1１][3-9３-９]${DIGIT})[ \\-－]?(${DIGIT}{4})[ \\-－]?(${DIGIT}{4})(?!${DIGIT_OR_MASK})`,
  'gu',
);
const DIGIT_RUN = new RegExp(`(?<!${DIGIT_OR_MASK})${DIGIT_OR_MASK}{11,14}(?!${DIGIT_OR_MASK})`, 'gu');

/**
 * Mobile numbers (1[3-9] and nine digits): the middle four digits become '*'. A number glued to other
 * digits (86138…, or any run of up to 14) is found inside the run; longer runs are maskLongNumbers' task.
 */
export function maskMobiles(text: string): string {
  const separatedDone = plainDigits(text).replace(
    SEPARATED_MOBILE,
    (_m, prefix: string, head: string, _middle: string, tail: string) => `${prefix}${head}****${tail}`,
  );
  return separatedDone.replace(DIGIT_RUN, (run) => {
    const chars = codePoints(run).map(foldNumber);
    if (!chars.some((c) => /[0-9]/.test(c))) return run;
    const at = mobileStart(chars, true) ?? mobileStart(chars, false);
    if (at === undefined) return run;
    return codePoints(run)
      .map((c, j) => (j >= at + 3 && j < at + 7 ? MASK : c))
      .join('');
  });
}

/**
 * Where a mobile number starts in a run of digits and '*': preferably at a written 1[3-9], else where a
 * marked span may have hidden its first digits. Both searches find the same place again in their own
 * output, which keeps the mask idempotent.
 */
function mobileStart(chars: readonly string[], written: boolean): number | undefined {
  for (let i = 0; i + 11 <= chars.length; i++) {
    const first = chars[i] ?? '';
    const second = chars[i + 1] ?? '';
    const matches = written
      ? first === '1' && /[3-9]/.test(second)
      : (first === '1' || first === MASK) && (second === MASK || /[3-9]/.test(second));
    if (matches) return i;
  }
  return undefined;
}

/**
 * Landlines: 0 + area code (010 and 02x have three digits, the others four), the 7–8 digit local number and
 * an optional extension. The area code stays, the local number keeps its last two digits.
 */
const LANDLINE = new RegExp(
  `(?<!${DIGIT_OR_MASK})([(（]?[0０](?:[1１][0０]|[2２]${DIGIT}|[3-9３-９]${DIGIT}{2})[)）]?)([ \\-－]?)(${DIGIT}{5,6})(${DIGIT}{2})((?:(?:转|-|－|#|ext\\.?)${DIGIT}{1,6})?)(?!${DIGIT_OR_MASK})`,
  'gu',
);

export function maskLandlines(text: string): string {
  return plainDigits(text).replace(
    LANDLINE,
    (_m, area: string, separator: string, local: string, lastTwo: string, extension: string) =>
      `${area}${separator}${stars(codePoints(local).length)}${lastTwo}${extension}`,
  );
}

// A local part never starts right after an @ or a '*': otherwise the tail of a domain, or of a number another
// mask cut short, would pass for one on a second pass. maskFreeText therefore masks e-mails before the rest.
const EMAIL =
  /(?<![A-Za-z0-9._%+@＠*-])([A-Za-z0-9._%+-])([A-Za-z0-9._%+-]*)([@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/gu;

/** E-mail addresses keep the first character of the local part: zhangsan@example.com → z*******@example.com. */
export function maskEmails(text: string): string {
  return text.replace(
    EMAIL,
    (_m, first: string, rest: string, domain: string) => `${first}${stars(rest.length)}${domain}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Addresses of natural persons.

const HAN_CLASS = '\\p{Script=Han}';
/**
 * The administrative levels an address starts with; the look-arounds keep words that merely end in the same
 * character (小区, 社区, 辖区, 超市, 市场, 红旗, 家乡, 省道) from passing for one.
 */
const ADMIN_SUFFIX =
  '(?:特别行政区|自治区|自治州|自治县|自治旗|街道|地区|省(?!道)|(?<![超门菜夜集])市(?!场)|(?<![小社园校厂矿景营片站库院辖灾疫])区(?![域间])|县|(?<![红国彩])旗|镇|(?<![家城老下])乡|州|盟)';
// At most 8 levels: more never occur, and the bound keeps the scan linear on any text.
const ADMIN_CHAIN = `(?:${HAN_CLASS}{0,15}?${ADMIN_SUFFIX}){1,8}`;
/** Words that introduce an address when no administrative prefix is written. */
const ADDRESS_CUE = '(?:现住址|住址|住所|地址|居住地|户籍地|家住|现住|住)(?:[：:]\\s*|在|于|为)?';
const ADDRESS_NUMBER = '[0-9０-９A-Za-zＡ-Ｚａ-ｚ\\-－#＃]';
/** 123号, 2单元, 301室, 三组, 5栋: a number and the unit it counts. */
const NUMBERED_PART = `第?(?:${ADDRESS_NUMBER}+|[一二三四五六七八九十百零〇两]+)(?:号院|号楼|号|栋|幢|座|单元|楼|层|室|户|组|排|社|队|门|委)`;
/** 英雄大街, 大房身村, 平东小区: a short name and the kind of place it names. */
const NAMED_PART = `[${HAN_CLASS}0-9０-９]{1,6}?(?:大街|大道|街|路|巷|弄|胡同|村|屯|社区|小区|花园|家园|公寓|大厦|广场|苑|庄)`;
/** A bare house number at the end (3-2-501, 1001). */
const BARE_NUMBER = `${ADDRESS_NUMBER}+(?![${HAN_CLASS}0-9０-９A-Za-z])`;
const ADDRESS_DETAIL = `(?:${NUMBERED_PART}|${NAMED_PART})+(?:${BARE_NUMBER})?`;
// The chain is made atomic (lookahead + back-reference) so a failed detail never eats into the prefix.
const ADDRESS = new RegExp(`((?=(${ADMIN_CHAIN}))\\2|${ADDRESS_CUE})(${ADDRESS_DETAIL})`, 'gu');

/**
 * A natural person's detailed address: the administrative prefix up to the last 省 / 自治区 / 市 / 区 / 县 /
 * 旗 / 镇 / 乡 / 街道 stays, the street, village, house, unit and room become '*'.
 * 吉林省四平市铁西区英雄大街123号2单元301室 → 吉林省四平市铁西区***************.
 */
export function maskAddresses(text: string): string {
  return text.replace(ADDRESS, (_m, prefix: string, _chain: string, detail: string) => {
    return `${prefix}${stars(codePoints(detail).length)}`;
  });
}

// ---------------------------------------------------------------------------------------------------------
// The whole free text.

export interface FreeTextContext {
  /** The natural person the decision is about: their name, ID number and addresses are masked. */
  readonly person?: { readonly name: string; readonly idType: IdType; readonly idNumber: string };
  /** A legal person's or organisation's own USCC, which stays in full where the text quotes it. */
  readonly publicCode?: string;
  /** The spans marked in this field. */
  readonly spans?: readonly string[];
}

/**
 * R4: one free-text field (method, content, legal basis, result) as the public sees it. Look-alike digits are
 * written as the digits they fold to, in the text and in the marked spans alike, before anything else: a span is
 * then found whichever way its digits were written, and masking what it already masked changes nothing. Marked
 * spans first (they refer to the original text), e-mail addresses, then the person's own name and ID number,
 * their addresses, and the numbers nobody's text may publish: long digit runs, mobiles, landlines.
 */
export function maskFreeText(text: string, context: FreeTextContext = {}): string {
  // Format characters (zero-width, bidi controls, soft hyphens) carry nothing a reader needs and hide what a
  // mask looks for; they never reach the public side. The masks then run until nothing changes: each round
  // only turns characters into '*' or drops separators, so the rounds end, and masking twice changes nothing.
  let out = text.replace(FORMAT_CHARACTERS, '');
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = maskFreeTextOnce(out, context);
    if (next === out) break;
    out = next;
  }
  return out;
}

const FORMAT_CHARACTERS = /\p{Cf}/gu;
const MAX_ROUNDS = 8;

function maskFreeTextOnce(text: string, context: FreeTextContext): string {
  const spans = (context.spans ?? []).map((span) => plainDigits(span.replace(FORMAT_CHARACTERS, '')));
  // The certain findings first, read on the text's skeleton (ADR 0011): however a number is written, it is
  // masked before any pattern below could cut it into pieces that no longer read as one.
  const keep = context.publicCode === undefined ? {} : { keep: [context.publicCode] };
  let out = maskEmails(maskCertain(applyMarkedSpans(plainDigits(text), spans), keep));
  const { person } = context;
  if (person) {
    const name = person.name.replace(FORMAT_CHARACTERS, '').trim().replace(/\s+/gu, ' ');
    out = replaceOccurrences(out, name, maskPersonName(name));
    const idNumber = person.idNumber.replace(FORMAT_CHARACTERS, '').trim();
    // Shorter "other" numbers would match ordinary words; resident IDs are caught by maskLongNumbers too.
    if (codePoints(idNumber).length >= 5) {
      out = replaceOccurrences(out, idNumber, maskIdNumber(person.idType, idNumber));
    }
    out = maskAddresses(out);
  }
  out = maskLongNumbers(out, context.publicCode === undefined ? {} : { keep: context.publicCode });
  out = maskMobiles(out);
  return maskLandlines(out);
}
