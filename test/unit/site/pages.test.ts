import { runInNewContext, Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { PublicDecisionDocument } from '../../../shared/domain/projection.ts';
import { planStaticAssets, SEARCH_JS } from '../../../shared/site/assets.ts';
import { decisionHtmlKey } from '../../../shared/site/keys.ts';
import {
  Bucket,
  companyContent,
  config,
  documentOf,
  personContent,
  publish,
  withdraw,
  ZHANG_ID,
} from './site-fixtures.ts';

const PUBLISHED_AT = '2025-09-29T02:00:00Z';

function publishedSite(document: PublicDecisionDocument, publishedAt = PUBLISHED_AT) {
  const bucket = new Bucket();
  bucket.apply(publish(document, publishedAt));
  return bucket;
}

/** The text a reader sees in a field: the <dd> that follows the <dt>. */
function field(page: string, label: string): string | undefined {
  const escaped = label.replace(/[()（）]/g, (c) => `\\${c}`);
  return new RegExp(`<dt>${escaped}</dt><dd>([\\s\\S]*?)</dd>`).exec(page)?.[1]?.replace(/<[^>]+>/g, '');
}

describe('a decision page', () => {
  const document = documentOf('01K5ABCDEF0000000000000001', companyContent);
  const page = publishedSite(document).get(decisionHtmlKey(document.id));

  it('shows every R1 field of a company penalty with its Chinese label', () => {
    expect(field(page, '行政相对人')).toBe('四平市宏达化工有限公司');
    expect(field(page, '相对人类别')).toBe('法人');
    expect(field(page, '证件类型')).toBe('统一社会信用代码');
    expect(field(page, '证件号码')).toBe(companyContent.party.idNumber);
    expect(field(page, '法定代表人（负责人）')).toBe('李建国');
    expect(field(page, '执法类别')).toBe('行政处罚');
    expect(field(page, '执法方式')).toBe('现场检查');
    expect(field(page, '执法内容')).toBe('未按规定对重点用能设备进行节能审查。');
    expect(field(page, '执法决定（结果）')).toBe('责令限期改正，并处罚款人民币伍万元整。');
    expect(field(page, '处罚种类')).toBe('警告、罚款');
    expect(field(page, '罚款金额')).toBe('人民币 50,000 元');
    expect(field(page, '没收金额')).toBe('人民币 12,345.50 元');
    expect(field(page, '执法机关')).toBe('四平市工业和信息化局');
    expect(field(page, '决定书文号')).toBe('四工信罚〔2025〕12号');
    expect(field(page, '执法依据')).toBe('《吉林省节约能源条例》第四十六条');
    expect(field(page, '决定日期')).toBe('2025-09-28');
    expect(field(page, '公开日期')).toBe('2025-09-29');
  });

  it('is a Chinese, accessible page with its own stylesheet only', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page).toContain('<a class="skip-link" href="#main">跳到正文</a>');
    for (const landmark of ['<header', '<nav', '<main id="main"', '<footer'])
      expect(page).toContain(landmark);
    expect(page).toContain('<link rel="stylesheet" href="../assets/site.css">');
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\/(?!gongshi\.example)/);
    expect(page).not.toMatch(/\son[a-z]+=/i);
  });

  it('links to the transparency log from its footer (ADR 0007)', () => {
    const footer = page.slice(page.indexOf('<footer'));
    expect(footer).toContain('<a href="../transparency/index.html">透明日志</a>');
  });

  it('links to its JSON and to the way to ask for a correction of this decision (R9)', () => {
    expect(page).toContain(`href="${document.id}.json"`);
    expect(page).toContain(`href="../correction.html?decision=${document.id}"`);
  });

  it('shows dates as the Asia/Shanghai date', () => {
    const late = publishedSite(document, '2025-09-30T17:30:00Z').get(decisionHtmlKey(document.id));
    expect(field(late, '公开日期')).toBe('2025-10-01');
  });

  it('shows "更正于" up front and the correction history after a correction (R8)', () => {
    const bucket = publishedSite(document);
    const corrected = documentOf(document.id, { ...companyContent, result: '责令限期改正。' }, 3);
    bucket.apply(publish(corrected, PUBLISHED_AT, [{ revision: 3, at: '2025-10-09T01:00:00Z' }]));
    const page = bucket.get(decisionHtmlKey(document.id));
    expect(page).toMatch(
      /<p class="corrected" role="note"><strong>更正于 <time[^>]*>2025-10-09<\/time><\/strong>/,
    );
    expect(page).toContain('2025-09-29</time> 首次公开');
    expect(page).toContain('2025-10-09</time> 更正（第 3 版）');
    expect(field(page, '执法决定（结果）')).toBe('责令限期改正。');
  });
});

describe('a major decision (R14)', () => {
  const document = documentOf('01K5ABCDEF0000000000000031', {
    ...companyContent,
    majorDecision: true,
    legalReview: { opinionNumber: '四工信法审〔2025〕7号', reviewedOn: '2025-09-26' as LocalDate },
  });
  const bucket = publishedSite(document);

  it('says on its page, its JSON and the feed that it was legally reviewed, and when', () => {
    const page = bucket.get(decisionHtmlKey(document.id));
    expect(field(page, '重大执法决定')).toBe('是');
    expect(field(page, '法制审核')).toBe('经法制审核（2025-09-26）');
    const json = JSON.parse(bucket.get(`decisions/${document.id}.json`)) as Record<string, unknown>;
    expect(json.majorDecision).toBe(true);
    expect(json.legalReview).toEqual({ reviewedOn: '2025-09-26' });
    const feed = bucket.get('feed.json');
    expect(feed).toContain('法制审核：经法制审核（2025-09-26）');
    // The opinion number is the agency's internal document: nowhere on the site.
    for (const body of bucket.objects.values()) expect(body).not.toContain('法审');
  });

  it('says nothing of a legal review on a decision without one', () => {
    const plain = publishedSite(documentOf('01K5ABCDEF0000000000000032', companyContent));
    const page = plain.get(decisionHtmlKey('01K5ABCDEF0000000000000032'));
    expect(field(page, '法制审核')).toBeUndefined();
    expect(field(page, '重大执法决定')).toBeUndefined();
  });
});

describe('an individual business (个体工商户)', () => {
  const document = documentOf('01K5ABCDEF0000000000000033', {
    ...companyContent,
    party: {
      kind: 'individual_business',
      name: '四平市铁西区宏达五金店',
      idType: 'uscc',
      idNumber: companyContent.party.idNumber,
      legalRepresentative: '王建国',
    },
  });
  const page = publishedSite(document).get(decisionHtmlKey(document.id));

  it('is labelled 个体工商户, not 非法人组织, with its trade name and code public and its operator masked', () => {
    expect(field(page, '相对人类别')).toBe('个体工商户');
    expect(page).not.toContain('非法人组织');
    expect(field(page, '行政相对人')).toBe('四平市铁西区宏达五金店');
    expect(field(page, '证件号码')).toBe(companyContent.party.idNumber);
    expect(field(page, '经营者')).toBe('王**');
  });
});

describe('a natural person', () => {
  it('stays masked on every object of the site (R4)', () => {
    const document = documentOf('01K5ABCDEF0000000000000002', personContent);
    const bucket = publishedSite(document);
    const page = bucket.get(decisionHtmlKey(document.id));
    expect(field(page, '行政相对人')).toBe(document.party.name);
    expect(document.party.name).toMatch(/^张\*+$/);
    expect(field(page, '相对人类别')).toBe('自然人');
    for (const [key, body] of bucket.objects) {
      expect(body, key).not.toContain('张三丰');
      expect(body, key).not.toContain(ZHANG_ID);
      expect(body, key).not.toContain('三丰');
    }
  });
});

describe('text from a case file', () => {
  const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> & 'q' ]]>`;
  const base = documentOf('01K5ABCDEF0000000000000003', companyContent);
  const document: PublicDecisionDocument = {
    ...base,
    caseNumber: `案${evil}`,
    agency: { id: base.agency.id, name: `局${evil}` },
    party: { ...base.party, name: `公司${evil}`, legalRepresentative: `代表${evil}` },
    method: evil,
    content: evil,
    legalBasis: evil,
    result: evil,
  };
  const bucket = new Bucket();
  bucket.apply(publish(document, PUBLISHED_AT));
  bucket.apply(withdraw(document, PUBLISHED_AT, 'revoked', '2025-10-02T00:00:00Z', `说明${evil}`));
  bucket.apply(publish(documentOf('01K5ABCDEF0000000000000004', companyContent), '2025-09-29T03:00:00Z'));
  const live = { ...document, id: '01K5ABCDEF0000000000000005' };
  bucket.apply(publish(live, '2025-09-29T04:00:00Z'));

  it('is escaped in every HTML and XML object', () => {
    const markup = [...bucket.objects].filter(([key]) => /\.(html|xml)$/.test(key));
    expect(markup.length).toBeGreaterThanOrEqual(6);
    for (const [key, body] of markup) {
      expect(body, key).not.toContain('<script>');
      expect(body, key).not.toContain('<img');
      expect(body, key).not.toContain(']]>');
    }
    expect(bucket.get(decisionHtmlKey(live.id))).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(bucket.get('atom.xml')).toContain('&lt;script&gt;');
  });

  it('is escaped in every JSON object and still reads back exactly', () => {
    for (const [key, body] of bucket.objects) {
      if (!/\.(json|ndjson)$/.test(key)) continue;
      expect(body, key).not.toMatch(/[<>]/);
      for (const line of key.endsWith('.ndjson') ? body.trim().split('\n') : [body]) JSON.parse(line);
    }
    const json = JSON.parse(bucket.get(`decisions/${live.id}.json`));
    expect(json.content).toBe(evil);
    expect(json.party.name).toBe(`公司${evil}`);
  });
});

describe('a notice (R7)', () => {
  const document = documentOf('01K5ABCDEF0000000000000006', companyContent);
  const bucket = publishedSite(document);
  bucket.apply(
    withdraw(document, PUBLISHED_AT, 'confirmed_illegal', '2025-10-03T02:00:00Z', '经复议确认违法。'),
  );
  const page = bucket.get(decisionHtmlKey(document.id));
  const json = JSON.parse(bucket.get(`decisions/${document.id}.json`));

  it('says why, when, and which decision: case number, agency, type, decision date', () => {
    expect(field(page, '撤下原因')).toBe('原决定被确认违法');
    expect(field(page, '说明')).toBe('经复议确认违法。');
    expect(field(page, '撤下日期')).toBe('2025-10-03');
    expect(field(page, '决定书文号')).toBe('四工信罚〔2025〕12号');
    expect(field(page, '执法机关')).toBe('四平市工业和信息化局');
    expect(field(page, '执法类别')).toBe('行政处罚');
    expect(field(page, '决定日期')).toBe('2025-09-28');
    expect(json).toMatchObject({
      status: 'withdrawn',
      caseNumber: '四工信罚〔2025〕12号',
      withdrawal: {
        reason: 'confirmed_illegal',
        reasonLabel: '原决定被确认违法',
        explanation: '经复议确认违法。',
      },
    });
  });

  it('shows nothing of the withdrawn content', () => {
    for (const body of [page, JSON.stringify(json)]) {
      for (const withdrawn of [
        '四平市宏达化工有限公司',
        companyContent.party.idNumber,
        '李建国',
        '现场检查',
        '节能审查',
        '责令限期改正',
        '吉林省节约能源条例',
        '50,000',
      ]) {
        expect(body).not.toContain(withdrawn);
      }
    }
  });
});

describe('the static assets', () => {
  const assets = planStaticAssets(config);

  it('are the stylesheet, the scripts, the 404, correction and transparency-log pages, the sitemap of the other pages', () => {
    expect(assets.map((a) => (a.op === 'put' ? a.object.key : a.key))).toEqual([
      'assets/site.css',
      'assets/search.js',
      'assets/correction-form.js',
      '404.html',
      'correction.html',
      'transparency/index.html',
      'sitemaps/site.xml',
    ]);
  });

  it('explain the transparency log in Chinese: what an entry holds, the files, the checkpoints, how to verify', () => {
    const page = assets.find((a) => a.op === 'put' && a.object.key === 'transparency/index.html');
    const body = page?.op === 'put' ? page.object.body : '';
    expect(body).toContain('<h1>透明日志</h1>');
    expect(body).toContain('href="log/000000.ndjson"');
    expect(body).toContain('href="head.json"');
    expect(body).toContain('href="checkpoint.json"');
    expect(body).toContain('href="public-key.pem"');
    expect(body).toContain('Ed25519');
    expect(body).toContain('npm run verify -- ');
    // One level down: the stylesheet and the way home go up one.
    expect(body).toContain('href="../assets/site.css"');
    expect(body).toContain('href="../index.html"');
  });

  it('explain the right to a correction, the form on each decision page, the deadline and the answer (R9)', () => {
    const page = assets.find((a) => a.op === 'put' && a.object.key === 'correction.html');
    const body = page?.op === 'put' ? page.object.body : '';
    expect(body).toContain('有权要求实施公开的行政执法部门予以更正');
    expect(body).toContain('在页面下方的“申请更正”中写明哪些信息不准确');
    expect(body).toContain('收到申请之日起7个工作日内作出答复');
    expect(body).toContain('不会公开');
    expect(body).toContain('href="index.html"');
    // The form lives on each decision page, which knows which decision it is about.
    expect(body).not.toContain('<form');
  });

  it('give the 404 page links that work at any depth', () => {
    const page = assets.find((a) => a.op === 'put' && a.object.key === '404.html');
    const body = page?.op === 'put' ? page.object.body : '';
    expect(body).toContain('href="/assets/site.css"');
    expect(body).toContain('href="/index.html"');
  });

  it('include a print stylesheet and a visible focus style', () => {
    const css = assets.find((a) => a.op === 'put' && a.object.key === 'assets/site.css');
    const body = css?.op === 'put' ? css.object.body : '';
    expect(body).toContain('@media print');
    expect(body).toContain(':focus-visible');
  });

  it('ship a search script that parses and does nothing on a page without the form', () => {
    expect(() => new Script(SEARCH_JS)).not.toThrow();
    const document = { getElementById: () => null };
    expect(() => runInNewContext(SEARCH_JS, { document, window: {} })).not.toThrow();
    expect(SEARCH_JS).not.toContain('innerHTML');
  });
});
