/**
 * R4: the suspected findings in a free text: what may be a third person's personal data but cannot be known
 * for certain (names, home addresses, passport and permit numbers, plates, a minor's age, the party's given
 * name on its own). The reviewer sees each span and resolves it before approving; nothing here masks.
 *
 * Every detector runs on a folded copy of the text (NFKC, zero-width characters dropped) and reports offsets
 * into the text as given. Every pattern is bounded (no unbounded repetition inside a repetition) and the name
 * scan looks at a fixed window around each position, so the whole runs in time linear in the text.
 *
 * Names are found from a surname table and the words around a name in enforcement prose (roles, relations,
 * 称 / 证实 / 在场, lists), not with a segmenter: @node-rs/jieba 2.0.3 needs a 5.1 MB dictionary and a 2.8 MB
 * native binary, takes 135–330 ms to load and build its dictionary and 65 MB of memory, and its 'nr' tag finds
 * 25 % of the names of test/fixtures/names-corpus.ts while tagging 34 % of its places and companies (张家界,
 * 白云山, 李宁 …) as persons; jieba-wasm 2.4.0 is a 4 MB module whose first call takes 0.5–0.8 s. This module
 * bundles to 48 KB minified (18 KB gzipped, with the domain modules it imports), loads in about 6 ms and
 * answers its first call in about 13 ms.
 */
import { isValidResidentId, isValidUscc } from './identity.ts';
import {
  ADVERBS,
  COMMON_WORDS,
  GIVEN_CHARS,
  LEFT_PARTICLES,
  MAX_CUE,
  MAX_RIGHT,
  NOT_IN_GIVEN_NAME,
  ORGANISATION_SUFFIX,
  PLACE_END,
  PLACE_END_WEAK,
  PLACE_NEXT,
  PREDICATES,
  RIGHT_CUES,
  RIGHT_WORDS,
  ROLE_CUES,
  ROLE_SUFFIXES,
  SURNAMES,
  VERB_CUES,
  WEAK_STOP,
  WORD_SURNAMES,
} from './name-lexicon.ts';
import { COMPOUND_SURNAMES } from './redaction.ts';

export type SuspectedKind =
  | 'person_name'
  | 'address'
  | 'passport'
  | 'permit'
  | 'licence_plate'
  | 'minor_age'
  | 'party_given_name';

/** A suspected finding: UTF-16 offsets into the text given, `end` exclusive. */
export interface SuspectedSpan {
  readonly kind: SuspectedKind;
  readonly start: number;
  readonly end: number;
}

export interface SuspectedContext {
  /**
   * The party's name when the party is a natural person (or the operator of an individual business): its own
   * occurrences are masked elsewhere, but its given name alone elsewhere in the text (party 张小明, text says
   * 小明) is a 'party_given_name' finding.
   */
  readonly personName?: string;
  /** Names of legal persons and organisations, which are public (R4): never flagged, nor any part of them. */
  readonly publicNames?: readonly string[];
}

/** The suspected findings of `text`, sorted by start and never overlapping. Never throws. */
export function findSuspected(text: string, context: SuspectedContext = {}): SuspectedSpan[] {
  const folded = fold(text);
  const spans: FoldedSpan[] = [
    ...findNumbers(folded.text),
    ...findPlates(folded.text),
    ...findPartyGivenName(folded.text, context.personName),
    ...findPersonNames(folded.text, context.personName),
    ...findMinorAges(folded.text),
    ...findAddresses(folded.text),
  ];
  const isPublic = mask(folded.text.length, publicNameRanges(folded.text, context.publicNames ?? []));
  // R4 / 长治 §二: legal persons are published with their full name, so nothing inside one is ever a finding.
  const kept = spans.filter((s) => s.end > s.start && !isPublic(s.start, s.end));
  return resolveOverlaps(kept).map((s) => ({
    kind: s.kind,
    start: folded.start[s.start] ?? text.length,
    end: folded.end[s.end - 1] ?? text.length,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// The folded copy.

interface FoldedSpan {
  readonly kind: SuspectedKind;
  readonly start: number;
  readonly end: number;
}

interface Folded {
  readonly text: string;
  /** For each UTF-16 unit of `text`, the offset in the original text where the character it came from starts. */
  readonly start: readonly number[];
  /** ... and where it ends. */
  readonly end: readonly number[];
}

const INVISIBLE = /^\p{Cf}$/u;

/**
 * NFKC, character by character, so each folded unit knows the original character it came from: full-width
 * letters, digits and punctuation become ASCII (Ｇ１２３ → G123, （ → (, ： → :), the ideographic space a
 * space, and zero-width characters disappear, so a number written to dodge a pattern is still found.
 */
function fold(text: string): Folded {
  const parts: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const char = text.slice(i, i + width);
    const plain = code < 0x80 || (code >= 0x4e00 && code <= 0x9fff);
    const folded = plain ? char : INVISIBLE.test(char) ? '' : char.normalize('NFKC');
    for (let u = 0; u < folded.length; u++) {
      start.push(i);
      end.push(i + width);
    }
    parts.push(folded);
    i += width;
  }
  return { text: parts.join(''), start, end };
}

/** Spans sorted by start; where two overlap, the one that starts first (then the longer) is kept. */
function resolveOverlaps(spans: readonly FoldedSpan[]): FoldedSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: FoldedSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start < last.end) continue;
    out.push(span);
  }
  return out;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `value` however its spaces and dots are written, as a pattern. */
function looseSource(value: string): string {
  return [...value]
    .filter((c) => !/\s/u.test(c))
    .map((c) => (/[·•・‧.]/u.test(c) ? '[·•・‧.]' : escapeRegExp(c)))
    .join('\\s{0,2}');
}

function occurrences(text: string, value: string): Array<[number, number]> {
  const source = looseSource(fold(value.trim()).text);
  if (source === '') return [];
  return [...text.matchAll(new RegExp(source, 'gu'))].map((m) => [m.index, m.index + m[0].length]);
}

/** Whether [start, end) overlaps any of `ranges`, answered in time proportional to end - start. */
function mask(
  length: number,
  ranges: ReadonlyArray<readonly [number, number]>,
): (start: number, end: number) => boolean {
  const covered = new Uint8Array(length);
  for (const [a, b] of ranges) covered.fill(1, a, b);
  return (start, end) => covered.subarray(start, end).some((c) => c === 1);
}

function publicNameRanges(text: string, names: readonly string[]): Array<[number, number]> {
  return names.flatMap((name) => occurrences(text, name));
}

// ---------------------------------------------------------------------------------------------------------
// Passports and permits.

/** Between two characters of a number: nothing, or one space or hyphen. */
const SEP = '[ \\-‐‑–—]?';
const digits = (count: number): string => `\\d(?:${SEP}\\d){${count - 1}}`;
const ALNUM_BEFORE = '(?<![A-Za-z0-9])';
const ALNUM_AFTER = `(?![A-Za-z0-9])(?!${SEP}\\d)`;

/** Mainland passports: E or G and 8 digits, E and a letter and 7 digits; the older D, S, P and 7 digits. */
const PASSPORT = new RegExp(
  `${ALNUM_BEFORE}(?:[EGeg]${SEP}${digits(8)}|[Ee]${SEP}[A-HJ-NP-Za-hj-np-z]${SEP}${digits(7)})${ALNUM_AFTER}`,
  'gu',
);
/** A number written after the word 护照 (any country's passport): letters and digits, 6 to 10 of them. */
const PASSPORT_AFTER_CUE = new RegExp(
  `护照(?:号码|号|编号)?(?:为|是)?[^\\p{Script=Han}A-Za-z0-9]{0,4}((?:[A-Za-z]{1,2}${SEP})?${digits(6)}(?:${SEP}\\d){0,4})${ALNUM_AFTER}`,
  'gu',
);
/**
 * 港澳居民来往内地通行证 (H or M and 8 or 10 digits), 往来港澳通行证 (C and 8 digits, or C, a letter and 7
 * digits), 大陆居民往来台湾通行证 (L and 8 digits), the old permanent residence card of a foreigner (three
 * letters and 12 digits).
 */
const PERMIT = new RegExp(
  `${ALNUM_BEFORE}(?:[HMhm]${SEP}${digits(10)}|[HMhm]${SEP}${digits(8)}|[Cc]${SEP}${digits(8)}|[Cc]${SEP}[A-HJ-NP-Za-hj-np-z]${SEP}${digits(7)}|[Ll]${SEP}${digits(8)}|[A-Za-z]{3}${SEP}${digits(12)})${ALNUM_AFTER}`,
  'gu',
);
/** 台湾居民来往大陆通行证 (台胞证): 8 digits (an old one with its letter in brackets), or 10 characters. */
const TAIWAN_PERMIT = new RegExp(
  `(?:台胞证|台湾居民来往大陆通行证|通行证)(?:号码|号|编号)?[^\\p{Script=Han}A-Za-z0-9]{0,4}((?:[A-Za-z]${SEP})?${digits(8)}(?:${SEP}\\d){0,2}(?:\\([A-Za-z0-9]{1,2}\\))?)${ALNUM_AFTER}`,
  'gu',
);
/**
 * 18 characters with a resident ID's checksum: the new foreigner's permanent residence card (starting with 9)
 * and 港澳台居民居住证 (810000, 820000, 830000). Resident IDs are certain findings, masked by redaction.ts.
 */
const EIGHTEEN = new RegExp(
  `${ALNUM_BEFORE}(?:9|8${SEP}[123])(?:${SEP}[0-9]){15,16}(?:${SEP}[0-9Xx])?${ALNUM_AFTER}`,
  'gu',
);

function compact(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

function findNumbers(text: string): FoldedSpan[] {
  const out: FoldedSpan[] = [];
  const push = (kind: SuspectedKind, start: number, end: number) => out.push({ kind, start, end });
  // R4: a third person's passport or permit number is published only if a reviewer keeps it.
  for (const m of text.matchAll(PASSPORT)) push('passport', m.index, m.index + m[0].length);
  for (const m of text.matchAll(PASSPORT_AFTER_CUE)) {
    const number = m[1] ?? '';
    push('passport', m.index + m[0].length - number.length, m.index + m[0].length);
  }
  for (const m of text.matchAll(PERMIT)) push('permit', m.index, m.index + m[0].length);
  for (const m of text.matchAll(TAIWAN_PERMIT)) {
    const number = m[1] ?? '';
    push('permit', m.index + m[0].length - number.length, m.index + m[0].length);
  }
  for (const m of text.matchAll(EIGHTEEN)) {
    const number = compact(m[0]);
    // R4 / 长治 §二: a legal person's code is published in full, never a finding.
    if (number.length !== 18 || isValidUscc(number)) continue;
    const residence = number.startsWith('9') || /^8[123]0000/.test(number);
    if (residence && isValidResidentId(number)) push('permit', m.index, m.index + m[0].length);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Licence plates.

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_LETTER = '[A-HJ-NP-Za-hj-np-z]';
const PLATE_CHAR = '[A-HJ-NP-Za-hj-np-z0-9]';
const PLATE_DOT = '[·•・‧. \\-]?';
/**
 * 吉A12345, 吉A·12345, 吉A 12345; new-energy plates of 8 characters (吉AD12345, 吉A12345D); 警 / 学 / 挂 / 港 / 澳
 * / 领 / 试 / 超 as the last character.
 */
const PLATE = new RegExp(
  `[${PROVINCES}]${PLATE_DOT}${PLATE_LETTER}${PLATE_DOT}(?:[DFdf]${PLATE_CHAR}\\d{4}|\\d{5}[DFdf]|${PLATE_CHAR}{4}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳领试超])(?![A-Za-z0-9])`,
  'gu',
);

function findPlates(text: string): FoldedSpan[] {
  const out: FoldedSpan[] = [];
  for (const m of text.matchAll(PLATE)) {
    // A plate has digits; 新A轮 and words like it do not.
    if ((m[0].match(/\d/g) ?? []).length < 2) continue;
    // R4: a third person's plate is published only if a reviewer keeps it.
    out.push({ kind: 'licence_plate', start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// A minor's age.

const CHINESE_NUMBER = '[零〇一二两三四五六七八九十]{1,3}';
const AGE = new RegExp(
  `(年仅|仅|时年|现年|今年|年龄|年约|刚满|才|只有|未满|不满|已满|年满)?\\s{0,2}(?<![0-9零〇一二两三四五六七八九十百千])(\\d{1,2}|${CHINESE_NUMBER})\\s{0,2}(?:周岁|岁)(?!以上|以下|以内|至|到|-|~)`,
  'gu',
);
/** Words that put an age next to a person: a relative, a child, a pupil, a customer. */
const PERSON_TERMS =
  /(?:其子|其女|儿子|女儿|孙子|孙女|外孙|外孙女|侄子|侄女|外甥|其弟|其妹|弟弟|妹妹|学生|男孩|女孩|男童|女童|少年|少女|儿童|小孩|孩子|幼儿|未成年人|顾客|消费者|学徒|童工|员工|患者|男|女)/u;
const SPECIFIC_AGE_CUES = new Set([
  '年仅',
  '仅',
  '时年',
  '现年',
  '今年',
  '年龄',
  '年约',
  '刚满',
  '才',
  '只有',
]);

function chineseNumber(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const digit = (c: string): number =>
    '零一二三四五六七八九'.indexOf(c.replace('〇', '零').replace('两', '二'));
  const ten = value.indexOf('十');
  if (ten === -1) return value.length === 1 ? digit(value) : undefined;
  const tens = ten === 0 ? 1 : digit(value.slice(0, ten));
  const ones = ten === value.length - 1 ? 0 : digit(value.slice(ten + 1));
  if (tens < 0 || ones < 0 || value.length > 3) return undefined;
  return tens * 10 + ones;
}

function findMinorAges(text: string): FoldedSpan[] {
  const out: FoldedSpan[] = [];
  for (const m of text.matchAll(AGE)) {
    const cue = m[1];
    const age = chineseNumber(m[2] ?? '');
    if (age === undefined || age >= 18) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 6);
    const nearPerson =
      PERSON_TERMS.test(before) ||
      /\p{Script=Han}\s{0,2}[(,，]\s{0,2}(?:男|女)?\s{0,2}[,，]?\s{0,2}$/u.test(before) ||
      /^(?:的)?(?:其子|其女|儿子|女儿|孙子|孙女|学生|男孩|女孩|男童|女童|少年|少女|儿童|小孩|孩子|幼儿|顾客|消费者|学徒|童工)/u.test(
        after,
      );
    // 向未满十八周岁的未成年人销售 states the law, about nobody: only an age said of a person is a finding.
    const generic = /^的?(?:未成年人|人|者)/u.test(after) && !SPECIFIC_AGE_CUES.has(cue ?? '');
    const specific = cue !== undefined && SPECIFIC_AGE_CUES.has(cue);
    if (generic || !(specific || nearPerson)) continue;
    // R4: a minor is recognised and shown to the reviewer before anything about them is published.
    out.push({ kind: 'minor_age', start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Home addresses.

// The address shape of redaction.ts's maskAddresses, copied (that module exports only the masking function).
const HAN_CLASS = '\\p{Script=Han}';
const ADMIN_SUFFIX =
  '(?:特别行政区|自治区|自治州|自治县|自治旗|街道|地区|省(?!道)|(?<![超门菜夜集])市(?!场)|(?<![小社园校厂矿景营片站库院辖灾疫])区(?![域间])|县|(?<![红国彩])旗|镇|(?<![家城老下])乡|州|盟)';
const ADMIN_CHAIN = `(?:${HAN_CLASS}{0,15}?${ADMIN_SUFFIX}){1,8}`;
const ADDRESS_NUMBER = '[0-9A-Za-z\\-#]';
const NUMBERED_PART = `第?(?:${ADDRESS_NUMBER}{1,8}|[一二三四五六七八九十百零〇两]{1,4})(?:号院|号楼|号|栋|幢|座|单元|楼|层|室|户|组|排|社|队|门|委)`;
const NAMED_PART = `[${HAN_CLASS}0-9]{1,6}?(?:大街|大道|街|路|巷|弄|胡同|村|屯|社区|小区|花园|家园|公寓|大厦|广场|苑|庄)`;
const BARE_NUMBER = `${ADDRESS_NUMBER}{1,12}(?![${HAN_CLASS}0-9A-Za-z])`;
const ADDRESS_DETAIL = `(?:${NUMBERED_PART}|${NAMED_PART}){1,10}(?:${BARE_NUMBER})?`;
// The chain is made atomic (lookahead + back-reference) so a failed detail never eats into the prefix.
const CHAIN_ADDRESS = new RegExp(`(?=(${ADMIN_CHAIN}))\\1(?:${ADDRESS_DETAIL})`, 'gu');

/** Words that introduce where a person lives. */
const HOME_CUE =
  '家庭住址|家庭地址|现住址|现住所|身份证住址|住址|家住|现住|现居住地|现居住|居住地址|经常居住地|居住地|居住于|居住在|户籍地址|户籍所在地|户籍地|户口所在地|暂住地|暂住|住在|寄住';
/** Words that introduce an address that may be an organisation's (a company's 住所 is its registered seat). */
const SEAT_CUE = '住所地|住所|地址|联系地址|通讯地址';
const CUED_ADDRESS = new RegExp(
  `(?:(${HOME_CUE})|(${SEAT_CUE})|(?<=(?:^|[,，;；]\\s{0,2}))(住))\\s{0,2}(?:[:：]|为|是|在|于)?\\s{0,2}([^,，。;；\\n()（）]{2,60})`,
  'gu',
);
// Below the district: a city alone (住所地吉林省四平市) says too little to be anyone's home.
const ADDRESS_LIKE = /\d\s{0,2}(?:号|室|栋|幢|单元|楼|组)|[村组路街巷弄屯庄]|小区|社区/u;
/** An agency's or a company's name that merely starts like an address: 杨凌示范区农业农村局. */
const ORGANISATION_AFTER =
  /^(?:局|委员会|委|政府|公司|厂|店|所|院|中心|办事处|办|管委会|合作社|超市|医院|学校)/u;
/** An organisation just before the address: its seat, not a person's home. */
const ORGANISATION_BEFORE =
  /(?:公司|有限|集团|厂|店|中心|合作社|局|委员会|政府|医院|诊所|学校|协会|事务所|商行|超市|经营部|机关|分行|支行|营业部)[^。;；\n]{0,20}$/u;
const BUSINESS_BEFORE =
  /(?:经营场所|经营地址|营业场所|生产场所|生产地址|注册地址|注册地|办公地址|办公地点|位于|坐落于|坐落在|公司|有限|厂|局|政府|委员会|机关|医院|学校)[^。;；\n]{0,20}$/u;

function findAddresses(text: string): FoldedSpan[] {
  const out: FoldedSpan[] = [];
  for (const m of text.matchAll(CUED_ADDRESS)) {
    const raw = m[4] ?? '';
    // 家住王庄村的证人张三称: the address ends where the sentence goes on about something else.
    const body = raw
      .slice(0, raw.search(ADDRESS_ENDS) === -1 ? raw.length : raw.search(ADDRESS_ENDS))
      .trimEnd();
    if (body.length < 2 || !ADDRESS_LIKE.test(body)) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (m[2] !== undefined && ORGANISATION_BEFORE.test(before)) continue;
    const start = m.index + m[0].length - raw.length;
    // R4: a natural person's address is published masked; a third person's only if a reviewer keeps it.
    out.push({ kind: 'address', start, end: start + body.length });
  }
  for (const m of text.matchAll(CHAIN_ADDRESS)) {
    if (ORGANISATION_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4))) continue;
    const start = chainStart(m[0], m[1] ?? '') + m.index;
    const before = text.slice(Math.max(0, start - 30), start);
    if (BUSINESS_BEFORE.test(before)) continue;
    out.push({ kind: 'address', start, end: m.index + m[0].length });
  }
  return out;
}

/** Where the sentence leaves the address it started: 的, 时, a verb of the story. */
const ADDRESS_ENDS =
  /的|时|期间|称|证实|在场|附近|家中|家里|门口|经营|从事|工作|开设|并|且|被|将|把|向|因|与|和/u;
const FIRST_ADMIN = new RegExp(ADMIN_SUFFIX, 'u');
/** Characters that stand before a place's name but are not part of it: 在 of 在四平市, 住 of 家住. */
const BEFORE_PLACE = /[在于住称其是到从往至的为及和与向经由自系即]/u;

/**
 * The lazy chain of administrative levels starts at the first Han character it can (证人张三称其在四平市…):
 * its first level keeps at most 6 characters before its suffix (新疆维吾尔自治区), and none of the words before.
 */
function chainStart(match: string, chain: string): number {
  const first = FIRST_ADMIN.exec(chain);
  if (!first) return 0;
  const chars = [...match.slice(0, first.index)];
  let start = Math.max(0, chars.length - 6);
  for (let i = chars.length - 1; i >= start; i--) {
    if (BEFORE_PLACE.test(chars[i] ?? '') || !HAN.test(chars[i] ?? '')) {
      start = i + 1;
      break;
    }
  }
  return chars.slice(0, start).join('').length;
}

// ---------------------------------------------------------------------------------------------------------
// The party's given name.

const DOTS = /[·•・‧.]/u;

/** The given name of `name`: what follows the (compound) surname, or each part of a dotted name. */
function givenNames(name: string): string[] {
  const chars = [...fold(name.trim()).text].filter((c) => !/\s/u.test(c));
  if (chars.length === 0 || !chars.some((c) => HAN.test(c))) return [];
  if (chars.some((c) => DOTS.test(c))) {
    return chars
      .join('')
      .split(DOTS)
      .filter((part) => [...part].length >= 2);
  }
  const surname = COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) && chars.length > 2 ? 2 : 1;
  const given = chars.slice(surname).join('');
  // A given name of one character (三 of 张三) is an ordinary word nearly everywhere it stands alone.
  return [...given].length >= 2 ? [given] : [];
}

function findPartyGivenName(text: string, personName: string | undefined): FoldedSpan[] {
  if (personName === undefined) return [];
  const inWhole = mask(text.length, occurrences(text, personName));
  const out: FoldedSpan[] = [];
  for (const given of givenNames(personName)) {
    for (const [start, end] of occurrences(text, given)) {
      if (inWhole(start, end)) continue;
      // R4: the party's name keeps only its surname, so its given name alone would undo the mask.
      out.push({ kind: 'party_given_name', start, end });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Names of natural persons.

const HAN = /\p{Script=Han}/u;

interface Candidate {
  readonly start: number;
  readonly end: number;
}

const EDGES = new WeakMap<ReadonlySet<string>, { first: Set<string>; last: Set<string> }>();

/** The first and last characters of the words of a set: most positions start or end none, and are skipped. */
function edges(set: ReadonlySet<string>): { first: Set<string>; last: Set<string> } {
  let known = EDGES.get(set);
  if (!known) {
    known = { first: new Set(), last: new Set() };
    for (const word of set) {
      const letters = [...word];
      known.first.add(letters[0] ?? '');
      known.last.add(letters[letters.length - 1] ?? '');
    }
    EDGES.set(set, known);
  }
  return known;
}

/** The folded text as code points, with what the name scan asks of each. */
class Chars {
  readonly text: string;
  readonly chars: string[];
  readonly units: number[];
  readonly han: boolean[];

  constructor(text: string) {
    this.text = text;
    this.chars = [];
    this.units = [];
    let unit = 0;
    for (const c of text) {
      this.chars.push(c);
      this.units.push(unit);
      unit += c.length;
    }
    this.units.push(unit);
    this.han = this.chars.map((c) => HAN.test(c));
  }

  get length(): number {
    return this.chars.length;
  }

  at(i: number): string {
    return this.chars[i] ?? '';
  }

  isHan(i: number): boolean {
    return this.han[i] === true;
  }

  isSpace(i: number): boolean {
    return /^[ \t]$/u.test(this.at(i));
  }

  slice(from: number, to: number): string {
    const length = this.chars.length;
    const a = Math.min(length, Math.max(0, from));
    const b = Math.min(length, Math.max(a, to));
    return this.text.slice(this.units[a], this.units[b]);
  }

  /** The characters of [from, to) without spaces. */
  letters(from: number, to: number): string {
    return this.chars
      .slice(from, to)
      .filter((c) => !/\s/u.test(c))
      .join('');
  }

  /** The longest word of `set` (at most `max` characters) starting at i. */
  wordAt(i: number, set: ReadonlySet<string>, max: number): string | undefined {
    if (!edges(set).first.has(this.at(i))) return undefined;
    for (let length = Math.min(max, this.length - i); length >= 1; length--) {
      const word = this.slice(i, i + length);
      if (set.has(word)) return word;
    }
    return undefined;
  }

  /** The longest word of `set` (at most `max` characters) ending just before i. */
  wordBefore(i: number, set: ReadonlySet<string>, max: number): string | undefined {
    if (!edges(set).last.has(this.at(i - 1))) return undefined;
    for (let length = Math.min(max, i); length >= 1; length--) {
      const word = this.slice(i - length, i);
      if (set.has(word)) return word;
    }
    return undefined;
  }
}

/** Up to two spaces inside a name (张 三): the index after them, or i when there are none. */
function skipSpaces(chars: Chars, i: number): number {
  let j = i;
  while (j < i + 2 && chars.isSpace(j)) j++;
  return chars.isHan(j) ? j : i;
}

function isGivenChar(chars: Chars, i: number): boolean {
  const c = chars.at(i);
  return chars.isHan(i) && !NOT_IN_GIVEN_NAME.has(c);
}

const NUMERALS = /^[一二三四五六七八九十]$/u;

/** How sure a name's first character is a surname: one the table knows, a word-surname, or any character. */
type SurnameLevel = 'known' | 'word' | 'any';

/** The names that may start at i: a (compound) surname and one or two given characters. Ends, shortest first. */
function nameEnds(chars: Chars, i: number, level: SurnameLevel = 'known'): number[] {
  if (!chars.isHan(i)) return [];
  const first = chars.at(i);
  const surnameEnds: number[] = [];
  if (COMPOUND_SURNAMES.has(chars.slice(i, i + 2))) surnameEnds.push(i + 2);
  if (SURNAMES.has(first)) surnameEnds.push(i + 1);
  else if (level !== 'known' && WORD_SURNAMES.has(first)) surnameEnds.push(i + 1);
  else if (level === 'any' && !NOT_IN_GIVEN_NAME.has(first) && !WEAK_STOP.has(first)) surnameEnds.push(i + 1);
  const ends: number[] = [];
  // 张三, 李四 (pseudonyms) end a name; 许昌三地 does not.
  const numeralEnds = (end: number): boolean =>
    !NUMERALS.test(chars.at(end - 1)) ||
    !chars.isHan(end) ||
    chars.wordAt(end, RIGHT_WORDS, MAX_RIGHT) !== undefined;
  for (const surnameEnd of surnameEnds) {
    const given = skipSpaces(chars, surnameEnd);
    if (!isGivenChar(chars, given)) continue;
    if (numeralEnds(given + 1)) ends.push(given + 1);
    const second = skipSpaces(chars, given + 1);
    if (isGivenChar(chars, second) && numeralEnds(second + 1)) ends.push(second + 1);
  }
  return [...new Set(ends)].sort((x, y) => x - y);
}

/** How clearly a name ends at `end`: 3 a word that follows names, 2 punctuation or the end, 1 a particle. */
function rightScore(chars: Chars, end: number): number {
  if (end >= chars.length) return 2;
  if (chars.wordAt(end, RIGHT_WORDS, MAX_RIGHT) !== undefined) return 3;
  if (!chars.isHan(end)) return 2;
  const c = chars.at(end);
  return WEAK_STOP.has(c) || NOT_IN_GIVEN_NAME.has(c) ? 1 : 0;
}

/** Whether a name plainly ends at `end`: punctuation, the end of the text, or a word that says a name was said. */
function endsClearly(chars: Chars, end: number): boolean {
  return end >= chars.length || !chars.isHan(end) || rightCueAt(chars, end) > 0;
}

/** How clearly a name starts at `start`: 3 after a role, 2 after punctuation or at the start, 1 a particle. */
function leftScore(chars: Chars, start: number): number {
  if (start <= 0) return 2;
  if (chars.wordBefore(start, ROLE_CUES, MAX_CUE) !== undefined) return 3;
  if (!chars.isHan(start - 1)) return 2;
  if (ROLE_SUFFIXES.has(chars.at(start - 1)) && chars.isHan(start - 2)) return 2;
  if (chars.wordBefore(start, VERB_CUES, MAX_CUE) !== undefined) return 1;
  return LEFT_PARTICLES.has(chars.at(start - 1)) || chars.wordBefore(start, LEFT_PARTICLES, 2) ? 1 : 0;
}

/** Whether [start, end) reads as something other than a name: a common word, a place, a role. */
function notAName(chars: Chars, start: number, end: number, cued: boolean): boolean {
  const name = chars.letters(start, end);
  const letters = [...name];
  const head = letters.slice(0, 2).join('');
  // 甘 露, 常 乐: a space after the surname is how forms print a name, so a word written so is one.
  const spaced = SURNAMES.has(chars.at(start)) && chars.isSpace(start + 1);
  if ((COMMON_WORDS.has(name) && !spaced) || ROLE_CUES.has(name) || RIGHT_WORDS.has(name)) return true;
  // 高度重视, 查看了: a word with a character after it; 夏天宇二人 ends clearly and stays a name.
  if (COMMON_WORDS.has(head) && !spaced && rightScore(chars, end) < 2) return true;
  // 向顾客, 向消费者: a particle before a role, inside the name or running on after it.
  for (let i = start + 1; i < end; i++) if (chars.wordAt(i, ROLE_CUES, MAX_CUE) !== undefined) return true;
  // 曹妃甸市, 宋城景区: a place's name, its level right after it.
  if (PLACE_NEXT.test(chars.at(end)) && chars.wordAt(end, RIGHT_WORDS, MAX_RIGHT) === undefined) return true;
  if (PLACE_END.test(name)) return true;
  if (!cued && PLACE_END_WEAK.test(name)) return true;
  // 李家村, 何家湾: a family's name given to a place.
  if (letters.length === 3 && letters[1] === '家' && (PLACE_END.test(name) || PLACE_END_WEAK.test(name)))
    return true;
  return false;
}

/** The characters glued to a name that did not visibly end: do they run on into a company's or a place's name? */
function runsIntoOrganisation(chars: Chars, start: number): boolean {
  let end = start;
  while (end < chars.length && end < start + 24 && chars.isHan(end)) end++;
  return ORGANISATION_SUFFIX.test(chars.slice(start + 2, end));
}

/**
 * A surname the table knows and two characters common in given names (莫少华, 尚德福), or a compound surname and
 * one or two (令狐平): evidence of a name where nothing around it shows one. Not when the given part is a word,
 * a place or ends like one (于长江).
 */
function looksLikeName(chars: Chars, start: number, end: number): boolean {
  const letters = [...chars.letters(start, end)];
  const compound = COMPOUND_SURNAMES.has(letters.slice(0, 2).join(''));
  if (!compound && !SURNAMES.has(letters[0] ?? '')) return false;
  const given = letters.slice(compound ? 2 : 1);
  if (given.length < (compound ? 1 : 2) || given.length > 2) return false;
  if (!given.every((c) => GIVEN_CHARS.has(c))) return false;
  const word = given.join('');
  return !COMMON_WORDS.has(word) && !PLACE_END.test(word) && !PLACE_END_WEAK.test(word);
}

/** Whether the few characters after a name make it a company's or a place's (杨国福麻辣烫店, 周大福珠宝). */
function organisationAfter(chars: Chars, end: number): boolean {
  let stop = end;
  while (stop < end + 6 && chars.isHan(stop)) stop++;
  return ORGANISATION_SUFFIX.test(chars.slice(end, stop));
}

/** Among `ends`, a name from `start` that looks like one by its characters alone (see looksLikeName). */
function likelyName(chars: Chars, start: number, ends: readonly number[]): Candidate | undefined {
  for (const end of ends) {
    if (!looksLikeName(chars, start, end) || organisationAfter(chars, end)) continue;
    if (notAName(chars, start, end, false)) continue;
    return { start, end };
  }
  return undefined;
}

/**
 * A name at the start of a clause with no role before it (宋春生于2024年…, 章子怡向执法人员…): taken only when
 * what follows plainly starts the predicate, and a one-character given name only before a word that follows
 * names (袁华在).
 */
function nameAtClauseStart(chars: Chars, s: number): Candidate | undefined {
  let best: { end: number; score: number } | undefined;
  for (const end of nameEnds(chars, s)) {
    const predicate = chars.wordAt(end, PREDICATES, MAX_RIGHT) ?? chars.wordAt(end, RIGHT_CUES, MAX_RIGHT);
    if (predicate !== undefined && !best) best = { end, score: 3 };
  }
  if (!best) {
    // 岑国华持C1驾驶证, 骆伟东当庭辩称: a name by its characters, before what may start a predicate.
    const likely = likelyName(
      chars,
      s,
      nameEnds(chars, s).filter((end) => rightScore(chars, end) >= 1),
    );
    return likely;
  }
  if (notAName(chars, s, best.end, false)) return undefined;
  return { start: s, end: best.end };
}

/** What kind of word stands before a name: a role (证人), a verb (询问了), a one-character particle (由, 与). */
type CueKind = 'role' | 'verb' | 'particle';

/** The end of the clearest name starting at s among `ends`, with how clearly it ends. */
function bestEnd(chars: Chars, ends: readonly number[]): { end: number; score: number } | undefined {
  let best: { end: number; score: number } | undefined;
  // Shortest first, so a tie goes to the shorter name (张华和李明: 张华).
  for (const end of ends) {
    const score = rightScore(chars, end);
    if (!best || score > best.score) best = { end, score };
  }
  return best;
}

/** The name after a cue that ends at `start`, or undefined. */
function nameAfterCue(chars: Chars, start: number, kind: CueKind): Candidate | undefined {
  let s = start;
  // 法定代表人：张三, 负责人为李四, 证人 王五.
  while (s < start + 3 && /^[\s:]$/u.test(chars.at(s))) s++;
  if (['为', '系', '是'].includes(chars.at(s)) && nameEnds(chars, s).length === 0) s++;
  while (s < start + 5 && /^[\s:]$/u.test(chars.at(s))) s++;
  const ends = nameEnds(chars, s);
  let best = bestEnd(chars, ends);
  if (!best) {
    // 审核人：国凯, 司机海永燕称: a word-surname after a role, where the name plainly ends.
    if (kind !== 'role') return undefined;
    const clear = nameEnds(chars, s, 'word').filter((end) => endsClearly(chars, end));
    const end = clear[clear.length - 1];
    if (end === undefined || notAName(chars, s, end, true)) return undefined;
    return { start: s, end };
  }
  // 由段志成通过快递, 委托莫少华全权处理: after a verb or a particle, a name by its characters alone.
  if ((kind === 'particle' && best.score < 2) || (kind === 'verb' && best.score === 0))
    return likelyName(chars, s, ends);
  // 陈克明食品股份有限公司: a character that may start the next word (明) but runs on into a company's name.
  const boundary = chars.at(best.end);
  if (best.score === 1 && !NOT_IN_GIVEN_NAME.has(boundary) && runsIntoOrganisation(chars, s))
    return undefined;
  if (best.score === 0) {
    // Nothing shows where the name ends (当事人李宁体育用品有限公司): a role may still name someone, unless the
    // characters run on into a company's or a place's name.
    if (kind !== 'role' || runsIntoOrganisation(chars, s)) return undefined;
    best = { end: ends[ends.length - 1] ?? s, score: 0 };
  }
  if (notAName(chars, s, best.end, true)) return undefined;
  return { start: s, end: best.end };
}

/**
 * The name that ends just before `end` (before a right cue, or before 、 of a list), or undefined. In a list
 * (`inList`) a word-surname or any character may start it, when it plainly starts there.
 */
function nameBefore(chars: Chars, end: number, inList = false): Candidate | undefined {
  let e = end;
  while (e > end - 2 && chars.isSpace(e - 1)) e--;
  let best: { start: number; rank: number } | undefined;
  for (let s = e - 2; s >= Math.max(0, e - 7); s--) {
    const left = leftScore(chars, s);
    if (left === 0) continue;
    let sure = 0;
    if (nameEnds(chars, s).includes(e)) sure = 3;
    else if ((left === 3 || inList) && nameEnds(chars, s, 'word').includes(e)) sure = 2;
    else if (inList && left >= 2 && e - s <= 3 && nameEnds(chars, s, 'any').includes(e)) sure = 1;
    // 包工头喻德华称, 通过尚德福、佘晓燕: nothing shows where it starts, but its characters make a name.
    if (left === 0 && (sure === 0 || !looksLikeName(chars, s, e))) continue;
    if (sure === 0) continue;
    // The clearer start wins, then the surer surname, then the longer name (欧阳小明 over 阳小明).
    const rank = left * 10 + sure;
    if (!best || rank >= best.rank) best = { start: s, rank };
  }
  if (!best || notAName(chars, best.start, e, inList || best.rank >= 30)) return undefined;
  return { start: best.start, end: e };
}

/** The name that starts at `start` after 、 or 和 in a list of names, when it visibly ends. */
function nameInList(chars: Chars, start: number): Candidate | undefined {
  const s = skipSpaces(chars, start);
  const candidates: Array<{ end: number; score: number }> = [];
  const known = bestEnd(chars, nameEnds(chars, s));
  if (known && known.score > 0) candidates.push(known);
  else {
    const word = bestEnd(chars, nameEnds(chars, s, 'word'));
    if (word && word.score > 0) candidates.push(word);
    // 林成、原贵辉两人: any two or three characters, where the list plainly goes on or ends after them.
    const any = bestEnd(
      chars,
      nameEnds(chars, s, 'any').filter((end) => end - s <= 3),
    );
    if (!word && any && any.score >= 2) candidates.push(any);
  }
  const best = candidates[0];
  if (!best || notAName(chars, s, best.end, true)) return undefined;
  return { start: s, end: best.end };
}

/** A right cue at i that names the person before it, and how long it is; 0 when there is none. */
function rightCueAt(chars: Chars, i: number): number {
  const word = chars.wordAt(i, RIGHT_CUES, MAX_RIGHT);
  if (word !== undefined) {
    // 名称, 简称, 声称 ... are words of their own; 说明 is not 说.
    if (
      word === '称' &&
      /[名简俗统又亦或并总通合全号宣堪人声辩诉报自谎职尊爱昵戏雅对相指著堪]/u.test(chars.at(i - 1))
    )
      return 0;
    if (word === '说' && /[明服法]/u.test(chars.at(i + 1))) return 0;
    if (word === '答' && /[复辩]/u.test(chars.at(i + 1))) return 0;
    return [...word].length;
  }
  if (chars.at(i) === '等') {
    // 张三等人, 张三、李四等, 张三等三名: 等 of people; 白云山等地 is not.
    const next = chars.at(i + 1);
    if (i + 1 >= chars.length || !chars.isHan(i + 1) || /[人名位]/u.test(next)) return 1;
    if (/[一二两三四五六七八九十0-9]/u.test(next) && /[人名位]/u.test(chars.slice(i + 2, i + 4))) return 1;
    return 0;
  }
  const c = chars.at(i);
  if (!/^[处等(,\s0-9一二两三四五六七八九十]$/u.test(c)) return 0;
  // 从丁嘉丽处购进: the place of a person one bought from.
  if (/^处(?:购|进|买|获|取|租|借|拿|领|收|批)/u.test(chars.slice(i, i + 2))) return 1;
  // 张三、李四等五人, 潘建设、潘建华三兄弟.
  if (/^(?:[一二两三四五六七八九十]|\d{1,2})(?:兄弟|姐妹|夫妇|人|名|位)/u.test(chars.slice(i, i + 4)))
    return 1;
  // 张三（男，…）, 张三，女，, 张三（12岁）.
  const rest = chars.slice(i, i + 8);
  if (/^\s{0,2}[(,]\s{0,2}(?:男|女)(?![子孩人性装士童])/u.test(rest)) return 1;
  if (/^\s{0,2}[(,]\s{0,2}(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s{0,2}周?岁/u.test(rest)) return 1;
  if (
    /^\s{0,2}[(,]\s{0,2}(?:身份证|公民身份|现年|年龄|汉族|住|家住|现住|出生|生于|系|曾用名|又名|化名)/u.test(
      rest,
    )
  )
    return 1;
  // 申小梅（当事人之女）, 王五（驾驶员）: a bracket that says who the person is.
  if (/^\s{0,2}\(\s{0,2}(?:当事人|其[夫妻子女父母兄弟姐妹侄孙]|该店|该公司|本店)/u.test(rest)) return 1;
  const open = c === '(' ? i + 1 : chars.at(i + 1) === '(' ? i + 2 : -1;
  if (open > 0 && chars.wordAt(open, ROLE_CUES, MAX_CUE) !== undefined) return 1;
  // A signature: 鄢志刚 2024年9月3日.
  if (/^\s{1,2}\d{4}\s{0,2}年/u.test(rest)) return 1;
  return 0;
}

/** Dotted names (买买提·艾力, 阿依古丽·吐尔逊): Han characters on both sides of a middle dot. */
const DOTTED = /[·•・‧.]/u;

function dottedNames(chars: Chars): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 1; i < chars.length - 1; i++) {
    if (!DOTTED.test(chars.at(i)) || !chars.isHan(i - 1) || !chars.isHan(i + 1)) continue;
    // A title quoted in 《》 (《论语·学而》) is not a name.
    const before = chars.slice(i - 30, i);
    if (before.lastIndexOf('《') > before.lastIndexOf('》')) continue;
    let start = i;
    while (start > i - 6 && chars.isHan(start - 1) && !NOT_IN_GIVEN_NAME.has(chars.at(start - 1))) {
      if (chars.wordBefore(start, ROLE_CUES, MAX_CUE) !== undefined) break;
      if (chars.wordBefore(start, VERB_CUES, 2) !== undefined) break;
      start--;
    }
    let end = i + 1;
    // Further dotted parts (阿卜杜拉·艾力·买买提) extend the name.
    for (let part = 0; part < 4; part++) {
      const partStart = end;
      while (end < partStart + 6 && chars.isHan(end) && !NOT_IN_GIVEN_NAME.has(chars.at(end))) {
        if (end > partStart && chars.wordAt(end, RIGHT_WORDS, MAX_RIGHT) !== undefined) break;
        end++;
      }
      if (!(DOTTED.test(chars.at(end)) && chars.isHan(end + 1))) break;
      end++;
    }
    if (i - start >= 1 && end - i >= 2) out.push({ start, end });
    i = end;
  }
  return out;
}

function findPersonNames(text: string, personName: string | undefined): FoldedSpan[] {
  const chars = new Chars(text);
  const found = new Map<number, Candidate>();
  // Which characters a name already covers: each addition checks its own characters only, so the scan stays
  // linear however many names the text holds.
  const taken = new Uint8Array(chars.length);
  const add = (candidate: Candidate | undefined): boolean => {
    if (!candidate || candidate.end <= candidate.start) return false;
    if (taken.subarray(candidate.start, candidate.end).some((t) => t === 1)) return false;
    taken.fill(1, candidate.start, candidate.end);
    found.set(candidate.start, candidate);
    return true;
  };

  // Dotted names first: a cue before the dot (艾力证实) would otherwise find only their last part.
  for (const dotted of dottedNames(chars)) add(dotted);
  for (let i = 0; i < chars.length; i++) {
    // A role or relation before it (证人张三, 其子张小宝): R4 protects every third person, whatever their role.
    const role = chars.wordAt(i, ROLE_CUES, MAX_CUE);
    const verb = chars.wordAt(i, VERB_CUES, MAX_CUE);
    const cue = role !== undefined && [...role].length >= [...(verb ?? '')].length ? role : verb;
    if (cue !== undefined) {
      const length = [...cue].length;
      add(nameAfterCue(chars, i + length, cue === role ? 'role' : length === 1 ? 'particle' : 'verb'));
    }
    // A trade the lists do not know (面包师贺强), or the start of a clause (袁华在电话中承认).
    if (ROLE_SUFFIXES.has(chars.at(i - 1)) && chars.isHan(i - 2)) add(nameAfterCue(chars, i, 'verb'));
    if (i === 0 || /^[,.;:!?()\s、]$/u.test(chars.at(i - 1))) add(nameAtClauseStart(chars, i));
    // 聘用未取得资格的祁文斌从事诊疗: after 的, a name by its characters, before a word that follows names.
    if (chars.at(i - 4) === '的' && chars.wordAt(i, RIGHT_WORDS, MAX_RIGHT) !== undefined)
      add(likelyName(chars, i - 3, [i]));
    // What follows it (张三称, 李四证实, 王五在场, 赵六等人, 张三（男）), maybe after an adverb (李四均证实).
    if ((chars.isHan(i) || /[(,\s]/u.test(chars.at(i))) && rightCueAt(chars, i) > 0) {
      const adverb = chars.wordBefore(i, ADVERBS, 3);
      if (!add(nameBefore(chars, i)) && adverb !== undefined) add(nameBefore(chars, i - [...adverb].length));
    }
  }

  // Lists: 执法人员张三、李四, 张三、李四、王五等人, 张三和李四.
  const queue = [...found.values()];
  // Every name is queued once (add refuses what is taken), so the loop ends.
  for (let guard = 0; queue.length > 0 && guard <= chars.length; guard++) {
    const name = queue.pop();
    if (!name) break;
    let after = name.end;
    while (after < name.end + 2 && chars.isSpace(after)) after++;
    // 韦东（执法证号…）、付丽: a bracket after a name does not end the list.
    if (chars.at(after) === '(') {
      const bracket = chars.slice(after, after + 40);
      const close = bracket.indexOf(')');
      if (close > 0) after += [...bracket.slice(0, close + 1)].length;
    }
    const joiner = /^(?:以及|、|和|与|及)/u.exec(chars.slice(after, after + 2))?.[0];
    if (joiner !== undefined) {
      const next = nameInList(chars, after + joiner.length);
      if (next && add(next)) queue.push(next);
    } else if (after > name.end && chars.isHan(after)) {
      // 承办人员：郗建华　谢晓丽: names listed with spaces, each plainly ending.
      const end = nameEnds(chars, after).find((e) => !chars.isSpace(e - 1) && rightScore(chars, e) === 2);
      if (end !== undefined && !notAName(chars, after, end, true)) {
        const next = { start: after, end };
        if (add(next)) queue.push(next);
      }
    }
    let before = name.start;
    while (before > name.start - 2 && chars.isSpace(before - 1)) before--;
    if (/^[、和与及]$/u.test(chars.at(before - 1))) {
      const previous = nameBefore(chars, before - 1, true);
      if (previous && add(previous)) queue.push(previous);
    }
  }

  const isParty = mask(text.length, personName === undefined ? [] : occurrences(text, personName));
  const out: FoldedSpan[] = [];
  for (const { start, end } of found.values()) {
    const span = { kind: 'person_name' as const, start: chars.units[start] ?? 0, end: chars.units[end] ?? 0 };
    // The party's own name is masked by redaction.ts: not a third person.
    if (isParty(span.start, span.end)) continue;
    out.push(span);
  }
  return out;
}
