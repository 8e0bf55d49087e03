/**
 * The search index at province scale (ADR 0017): a synthetic history of N decisions (companies with names as
 * Chinese companies are named, a Zipf-like number of decisions each, a third of the decisions natural persons'),
 * indexed with the publisher's own functions (search.ts: keys, buckets, postings, serialisation), and the bytes and
 * requests of sampled queries as the site's script makes them: a code or case number reads its one bucket; a name
 * the buckets of up to three of its pairs (the script's choice, its list of common pairs included).
 */
import {
  bucketOf,
  type CodeEntry,
  codeShardKey,
  gramsOf,
  type NamePosting,
  nameShardKey,
  ngramsOf,
  searchKey,
  serializeCodeShard,
  serializeNameShard,
  withPosting,
} from '../shared/site/search.ts';
import { linePlot } from './svg.ts';

const CITIES = [
  '太原市',
  '大同市',
  '长治市',
  '晋城市',
  '朔州市',
  '晋中市',
  '运城市',
  '忻州市',
  '临汾市',
  '吕梁市',
  '阳泉市',
  '四平市',
  '长春市',
  '吉林市',
  '通化市',
  '白山市',
  '松原市',
  '白城市',
  '延吉市',
  '辽源市',
];
const DISTRICTS = [
  '',
  '',
  '',
  '小店区',
  '迎泽区',
  '杏花岭区',
  '万柏林区',
  '铁西区',
  '铁东区',
  '城区',
  '郊区',
  '高新区',
  '经济开发区',
];
const TRADE =
  '鑫达华润宏泰恒信金源盛隆兴旺瑞丰永安嘉禾明辉正和天宇博远德昌富康腾飞凯越晨光中晟益民同创汇通佳美东方海川新锐广聚福临祥云百川立信安泰诚信惠民万通众合宏图';
const INDUSTRY = [
  '化工',
  '餐饮',
  '商贸',
  '建材',
  '物流',
  '科技',
  '医药',
  '食品',
  '农业',
  '机械',
  '电子',
  '服装',
  '矿业',
  '能源',
  '汽车服务',
  '装饰工程',
  '建筑工程',
  '环保科技',
  '信息技术',
  '网络科技',
  '文化传媒',
  '房地产开发',
  '物业管理',
  '超市',
  '药房',
  '酒店管理',
  '培训学校',
  '加油站',
  '运输',
  '印刷',
];
const SUFFIX = [
  '有限公司',
  '有限公司',
  '有限公司',
  '有限责任公司',
  '股份有限公司',
  '商行',
  '经营部',
  '店',
  '分公司',
];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A seeded generator: the same history on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SearchIndexFigures {
  readonly decisions: number;
  readonly companies: number;
  readonly codeObjects: number;
  readonly nameObjects: number;
  readonly largestCodeObject: number;
  readonly largestNameObject: number;
  /** Per kind of query: requests and bytes (the largest, and the 99th percentile, of the sample). */
  readonly queries: readonly {
    readonly kind: string;
    readonly samples: number;
    readonly maxRequests: number;
    readonly maxBytes: number;
    readonly p99Bytes: number;
    /** Queries the index could not narrow (every pair chosen too common): answered "be more specific". */
    readonly tooCommon: number;
  }[];
}

const COMMON =
  '有限 限公 公司 责任 任公 股份 份有 集团 分公 经营 商行 中心 门市 市场 科技 贸易 发展 服务 管理 工程 建设 实业 商贸 餐饮 超市 药房 大药 诊所 医院 合作 作社 专业';

/** The grams the site's script reads for a name query (assets.ts SEARCH_KEY_JS, `queryGrams`). */
function chosenPairs(key: string): string[] {
  const chars = [...key];
  if (chars.length < 3) return chars.length === 2 ? [key] : [];
  const grams = ngramsOf(key, 3);
  const plain = grams.filter((g) => {
    const c = [...g];
    return (
      !/[省市县区镇乡旗州盟]/u.test(g) &&
      (!COMMON.includes(`${c[0]}${c[1]}`) || !COMMON.includes(`${c[1]}${c[2]}`))
    );
  });
  return [...plain, ...grams.filter((g) => !plain.includes(g))].slice(0, 3);
}

export function measureSearchIndex(decisions: number, seed = 17): SearchIndexFigures {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const companyCount = Math.max(1, Math.round(decisions * 0.3));
  const companies: {
    code: string;
    name: string;
    agencies: Set<string>;
    types: Set<string>;
    years: number[];
  }[] = [];
  const seen = new Set<string>();
  while (companies.length < companyCount) {
    let code = `91${String(110000 + Math.floor(next() * 550000))}`;
    for (let i = 0; i < 10; i++) code += pick([...USCC_CHARS]);
    const name = `${pick(CITIES)}${pick(DISTRICTS)}${pick([...TRADE])}${pick([...TRADE])}${pick(INDUSTRY)}${pick(SUFFIX)}`;
    if (seen.has(code)) continue;
    seen.add(code);
    companies.push({ code, name, agencies: new Set(), types: new Set(), years: [] });
  }
  const codes = new Map<string, CodeEntry[]>();
  const addCode = (entry: CodeEntry) => {
    const key = codeShardKey(bucketOf(entry.key));
    const list = codes.get(key);
    if (list) list.push(entry);
    else codes.set(key, [entry]);
  };
  const agencies = Array.from({ length: 400 }, (_, i) => ({
    id: `agency-${i}`,
    abbr: `${pick([...'晋并同长城朔榆运忻临吕阳四春吉通白松延辽'])}${pick(['市监', '环', '应急', '交', '卫健', '住建', '农', '文旅', '税', '消'])}`,
  }));
  const types = ['penalty', 'licence', 'inspection', 'enforcement'];
  const sequence = new Map<string, number>();
  const caseKeys: string[] = [];
  for (let i = 0; i < decisions; i++) {
    const agency = pick(agencies);
    const year = 2022 + Math.floor(next() * 5);
    const seqKey = `${agency.id}-${year}`;
    const seq = (sequence.get(seqKey) ?? 0) + 1;
    sequence.set(seqKey, seq);
    const caseNumber = `${agency.abbr}罚〔${year}〕${seq}号`;
    const caseKey = searchKey(caseNumber);
    const type = pick(types);
    // A third are natural persons' (never indexed by name or ID); companies by a skewed draw (a few have many).
    const company = next() < 0.33 ? undefined : companies[Math.floor(companyCount * next() ** 2)];
    if (company) {
      company.agencies.add(agency.id);
      company.types.add(type);
      company.years.push(year);
    }
    if (i % Math.max(1, Math.floor(decisions / 2000)) === 0) caseKeys.push(caseKey);
    addCode({
      key: caseKey,
      type: 'decision',
      id: `01J${String(i).padStart(23, '0')}`,
      caseNumber,
      agency: `${agency.abbr}局`,
      agencyId: agency.id,
      actionType: type,
      actionTypeLabel: '行政处罚',
      decisionDate: `${year}-06-15`,
      ...(company ? { company: company.code } : {}),
    });
  }
  const names = new Map<string, Map<string, NamePosting[] | null>>();
  const listed = companies.filter((c) => c.years.length > 0);
  for (const c of listed) {
    addCode({ key: c.code, type: 'company', code: c.code, name: c.name, kindLabel: '法人' });
    const posting: NamePosting = {
      c: c.code,
      n: c.name,
      k: '法人',
      a: [...c.agencies].sort(),
      t: [...c.types].sort(),
      y: [Math.min(...c.years), Math.max(...c.years)],
      d: [`${Math.min(...c.years)}-01-15`, `${Math.max(...c.years)}-12-15`],
    };
    for (const gram of gramsOf(searchKey(c.name))) {
      const key = nameShardKey(bucketOf(gram));
      let shard = names.get(key);
      if (!shard) {
        shard = new Map();
        names.set(key, shard);
      }
      const updated = withPosting(shard.get(gram), c.code, posting);
      if (updated !== undefined) shard.set(gram, updated);
    }
  }
  const codeBytes = new Map<string, number>();
  for (const [key, entries] of codes) codeBytes.set(key, Buffer.byteLength(serializeCodeShard(entries)));
  const nameBytes = new Map<string, number>();
  for (const [key, shard] of names) nameBytes.set(key, Buffer.byteLength(serializeNameShard(shard)));

  const sample = <T>(list: readonly T[], n: number) =>
    Array.from({ length: Math.min(n, list.length) }, () => list[Math.floor(next() * list.length)] as T);
  const codeQuery = (key: string) => ({
    requests: 1,
    bytes: codeBytes.get(codeShardKey(bucketOf(key))) ?? 0,
  });
  const nameQuery = (text: string) => {
    const key = searchKey(text);
    const pairs = chosenPairs(key);
    const keys = [...new Set(pairs.map((g) => nameShardKey(bucketOf(g))))];
    const tooCommon = pairs.every((g) => names.get(nameShardKey(bucketOf(g)))?.get(g) === null);
    return {
      requests: pairs.length,
      bytes: keys.reduce((sum, k) => sum + (nameBytes.get(k) ?? 0), 0),
      tooCommon,
    };
  };
  const stats = (kind: string, results: { requests: number; bytes: number; tooCommon?: boolean }[]) => {
    const bytes = results.map((r) => r.bytes).sort((a, b) => a - b);
    return {
      kind,
      samples: results.length,
      maxRequests: Math.max(0, ...results.map((r) => r.requests)),
      maxBytes: bytes.at(-1) ?? 0,
      p99Bytes: bytes[Math.min(bytes.length - 1, Math.floor(bytes.length * 0.99))] ?? 0,
      tooCommon: results.filter((r) => r.tooCommon).length,
    };
  };
  const tradeOf = (name: string) => {
    const start = [...name].findIndex((_, i) => TRADE.includes([...name][i] as string) && i >= 3);
    return [...name].slice(Math.max(0, start), Math.max(0, start) + 4).join('');
  };
  return {
    decisions,
    companies: listed.length,
    codeObjects: codes.size,
    nameObjects: names.size,
    largestCodeObject: Math.max(0, ...codeBytes.values()),
    largestNameObject: Math.max(0, ...nameBytes.values()),
    queries: [
      stats(
        'credit code (USCC)',
        sample(listed, 2000).map((c) => codeQuery(c.code)),
      ),
      stats('case number', sample(caseKeys, 2000).map(codeQuery)),
      stats(
        'full name',
        sample(listed, 2000).map((c) => nameQuery(c.name)),
      ),
      stats(
        'trade name + industry (4 characters)',
        sample(listed, 2000).map((c) => nameQuery(tradeOf(c.name))),
      ),
      stats(
        'trade name (2 characters)',
        sample(listed, 2000).map((c) => nameQuery(tradeOf(c.name).slice(0, 2))),
      ),
    ],
  };
}

/** Bytes a query reads against decisions on the site: the largest of each kind's sample, beside the 50 KB goal. */
export function searchBytesPlot(figures: readonly SearchIndexFigures[]): string {
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b'];
  const kinds = figures[0]?.queries.map((q) => q.kind) ?? [];
  return linePlot({
    title: 'Bytes one search reads, against decisions published (largest of 2 000 sampled queries)',
    xLabel: 'decisions published (log scale)',
    yLabel: 'bytes read by one query (KB)',
    series: [
      ...kinds.map((kind, i) => ({
        name: kind,
        color: colors[i % colors.length] as string,
        points: figures.map(
          (f) => [f.decisions, (f.queries.find((q) => q.kind === kind)?.maxBytes ?? 0) / 1000] as const,
        ),
      })),
      {
        name: 'the goal: 50 KB',
        color: '#d62728',
        dashed: true,
        points: figures.map((f) => [f.decisions, 50] as const),
      },
    ],
  });
}

export function searchSection(figures: readonly SearchIndexFigures[], commit: string): string {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  const lines = [
    '## Search index (ADR 0017)',
    '',
    `Measured at ${commit} on ${new Date().toISOString().slice(0, 10)} by \`npm run bench -- --search\`: a synthetic history at each size (companies named as Chinese companies are, a skewed number of decisions each, a third of the decisions natural persons', 400 agencies), indexed with the publisher's own functions (shared/site/search.ts), and 2 000 sampled queries of each kind read as the site's script reads them. Bytes are the objects' uncompressed sizes (CloudFront compresses JSON on the way).`,
    '',
    '![Bytes one search reads against decisions published](bench/search-bytes.svg)',
    '',
    '| decisions | companies | code buckets | name buckets | largest code bucket | largest name bucket |',
    '|---:|---:|---:|---:|---:|---:|',
    ...figures.map(
      (f) =>
        `| ${f.decisions.toLocaleString('en-US')} | ${f.companies.toLocaleString('en-US')} | ${f.codeObjects.toLocaleString('en-US')} | ${f.nameObjects.toLocaleString('en-US')} | ${kb(f.largestCodeObject)} | ${kb(f.largestNameObject)} |`,
    ),
    '',
    '| decisions | query | requests (max) | bytes (max) | bytes (p99) | too common to narrow |',
    '|---:|---|---:|---:|---:|---:|',
    ...figures.flatMap((f) =>
      f.queries.map(
        (q) =>
          `| ${f.decisions.toLocaleString('en-US')} | ${q.kind} | ${q.maxRequests} | ${kb(q.maxBytes)} | ${kb(q.p99Bytes)} | ${q.tooCommon} of ${q.samples} |`,
      ),
    ),
    '',
    '"Too common to narrow": every gram the query reads is shared by more than 48 companies, so the index keeps no list for it and the page asks for a longer name; the synthetic names draw on a small vocabulary (20 cities, 60 characters of trade names, 30 trades), so they collide far more than real names do.',
  ];
  return lines.join('\n');
}
