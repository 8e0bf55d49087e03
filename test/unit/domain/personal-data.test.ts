/**
 * R4 by construction (ADR 0012): the text model (skeleton), the certain detectors and their masks, the party
 * whatever its kind and ID type, and the adversarial corpus: 10,000 decisions with personal data written every
 * way a person or a copy-paste can write it, of which not one reaches the public projection, and the site a
 * publication would write passes the publish gate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GATED_KINDS, gateFindings } from '../../../shared/app/publish-gate.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { DecisionContent } from '../../../shared/domain/decision.ts';
import { neverPublishReason } from '../../../shared/domain/exemptions.ts';
import { isValidUscc } from '../../../shared/domain/identity.ts';
import {
  findCertain,
  isOldResidentId,
  isResidentId,
  luhnValid,
  maskCertain,
} from '../../../shared/domain/personal-data.ts';
import { projectPublic } from '../../../shared/domain/projection.ts';
import { decimalDigitValue, skeletonOf } from '../../../shared/domain/skeleton.ts';
import { adversarialCaseArb, type Secret } from '../../fixtures/adversarial.ts';
import { residentIdBornOn } from '../../fixtures/ids.ts';

const ID = residentIdBornOn('1990-01-01');

describe('the skeleton', () => {
  it('folds every script’s digits, drops format characters and separators inside digit runs, and maps back', () => {
    const text = `电话：١٣٨\u200b.１２３４—𝟓𝟔𝟕𝟖。`;
    const skeleton = skeletonOf(text);
    expect(skeleton.text).toBe('电话:13812345678。');
    const at = skeleton.text.indexOf('138');
    expect(text.slice(skeleton.start[at], skeleton.end[at + 10])).toBe('١٣٨\u200b.１２３４—𝟓𝟔𝟕𝟖');
  });

  it('reads digits of every Unicode script by their place in the run of ten', () => {
    for (const zero of [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce, 0x1d7d8, 0x1d7f6]) {
      for (let d = 0; d < 10; d++) expect(decimalDigitValue(zero + d)).toBe(d);
    }
  });

  it('keeps separators between words and numbers apart', () => {
    expect(skeletonOf('2025年9月 罚款 5000 元').text).toBe('2025年9月 罚款 5000 元');
  });
});

describe('the certain detectors', () => {
  it('tell a resident ID, an old ID, a card and a date apart by their checks', () => {
    expect(isResidentId(ID)).toBe(true);
    expect(isResidentId(`${ID.slice(0, 17)}${ID.at(-1) === '0' ? '1' : '0'}`)).toBe(false);
    expect(isOldResidentId('220302900101123')).toBe(true);
    expect(isOldResidentId('220302901301123')).toBe(false);
    expect(luhnValid('6222021234567890128')).toBe(luhnValid('6222021234567890128'));
    expect(findCertain('自2025-09-28—2025-10-14止')).toEqual([]);
  });

  it.each([
    [
      'a resident ID with hyphens',
      `身份证号${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}`,
      'resident_id',
    ],
    ['a resident ID with spaces', `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`, 'resident_id'],
    ['a mobile with dots', '手机138.1234.5678', 'mobile'],
    ['a mobile with zero-width spaces', [...'13812345678'].join('\u200b'), 'mobile'],
    ['a mobile in Arabic-Indic digits', '١٣٨١٢٣٤٥٦٧٨', 'mobile'],
    ['a mobile glued to letters', 'Tel13812345678', 'mobile'],
    ['a full-width e-mail', 'zhangsan＠qq．com', 'email'],
    ['an e-mail with an ideographic full stop', 'zhangsan@qq。com', 'email'],
    ['a dashed landline', '０４３４－３２２１２３４', 'landline'],
    ['a dashed bank card', '6222-0212-3456-7890-123', 'long_number'],
    ['a mobile with control characters the page drops', '138\u00071234\u001f5678', 'mobile'],
    ['a mobile with a lone surrogate the page drops', '1381234\ud8005678', 'mobile'],
    ['a mobile over a line break', '138\n1234\n5678', 'mobile'],
  ])('find %s, and the mask leaves none', (_label, text, kind) => {
    expect(findCertain(text).map((f) => f.kind)).toEqual([kind]);
    const masked = maskCertain(text);
    expect(findCertain(masked)).toEqual([]);
    expect(maskCertain(masked)).toBe(masked);
  });

  it('masks as before: region of an ID, 3 + 4 of a mobile, the area code and last two of a landline', () => {
    expect(maskCertain(`身份证${ID}`)).toBe(`身份证${ID.slice(0, 6)}************`);
    expect(maskCertain('电话138 1234 5678。')).toBe('电话138****5678。');
    expect(maskCertain('0434-3221234')).toBe('0434-*****34');
    expect(maskCertain('zhangsan@example.com')).toBe('z*******@example.com');
  });

  it('on the site, does not join a number at the end of a line to one at the start of the next (CSV rows)', () => {
    expect(findCertain('a,2025-09-28,50000\n2025-10-09,b', { mode: 'site' })).toEqual([]);
  });

  it('leaves a public code and what lives inside a long identifier alone on the site', () => {
    expect(findCertain('统一社会信用代码91350100M000100Y43', { keep: ['91350100M000100Y43'] })).toEqual([]);
    const hash = 'a13812345678b9c0d1e2f3a4b5c6d7e8f9a0b1c2';
    expect(findCertain(hash, { mode: 'site' })).toEqual([]);
    expect(findCertain(hash).length).toBeGreaterThan(0);
  });
});

const person = (party: Partial<DecisionContent['party']>): DecisionContent => ({
  caseNumber: '四工信罚〔2025〕12号',
  actionType: 'penalty',
  party: { kind: 'natural_person', name: '张三', idType: 'resident_id', idNumber: ID, ...party },
  method: '现场检查',
  content: '经查',
  legalBasis: '《条例》',
  result: '罚款',
  decisionDate: '2025-09-28' as LocalDate,
});

function publicJson(content: DecisionContent): string {
  const projection = projectPublic({
    id: 'd1',
    agency: { id: 'a', name: '四平市工业和信息化局' },
    revision: 1,
    content,
  });
  return projection.publishable ? JSON.stringify(projection.document) : '';
}

describe('the party, whatever its kind and ID type (R3, R4)', () => {
  it('masks a resident ID filed by an organisation under other, however written', () => {
    const written = `${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}`;
    const json = publicJson(
      person({ kind: 'other_org', name: '某某合伙', idType: 'other', idNumber: written }),
    );
    expect(skeletonOf(json).text).not.toContain(ID);
    expect(json).toContain('"idNumber":"220302');
  });

  it('recognises a minor from an ID typed with separators under other, and from a stated birth date', () => {
    const child = residentIdBornOn('2012-05-01');
    const spaced = `${child.slice(0, 6)} ${child.slice(6, 14)} ${child.slice(14)}`;
    expect(neverPublishReason(person({ idType: 'other', idNumber: spaced }))?.reason).toBe('minor');
    const passport = person({
      idType: 'passport',
      idNumber: 'E12345678',
      birthDate: '2010-02-03' as LocalDate,
    });
    expect(neverPublishReason(passport)).toMatchObject({ reason: 'minor', source: 'detected' });
    const permit = person({ idType: 'other', idNumber: 'H12345678', birthDate: '1990-02-03' as LocalDate });
    expect(neverPublishReason(permit)).toBeUndefined();
  });

  it('publishes an individual business by its trade name and code, its operator masked in the party and the text', () => {
    const content: DecisionContent = {
      ...person({}),
      party: {
        kind: 'individual_business',
        name: '铁西区老张小吃店',
        idType: 'uscc',
        idNumber: '92220302MA0Y4K7Q1X',
        legalRepresentative: '张建国',
      },
      content: '经营者张建国未按规定公示营业执照',
    };
    const json = publicJson(content);
    expect(json).toContain('铁西区老张小吃店');
    expect(json).toContain('92220302MA0Y4K7Q1X');
    expect(json).not.toContain('张建国');
    expect(json).toContain('张**');
  });
});

function projectionOf(content: DecisionContent): unknown {
  const projection = projectPublic({
    id: 'd1',
    agency: { id: 'a', name: '四平市工业和信息化局' },
    revision: 1,
    content,
  });
  return projection.publishable ? projection.document : {};
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** What the site's renderers write of a text (shared/site/html.ts drops these). */
function visible(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
    if (control || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) continue;
    out += c;
  }
  return out;
}

function leaked(json: string, secret: Secret): boolean {
  const skeleton = skeletonOf(json).text;
  return skeleton.toUpperCase().includes(secret.canonical.toUpperCase());
}

describe('the adversarial corpus (R4: never, however written)', () => {
  it('10,000 decisions: no planted secret and no certain finding in the public projection', () => {
    let planted = 0;
    fc.assert(
      fc.property(adversarialCaseArb, ({ content, secrets }) => {
        const json = publicJson(content);
        planted += secrets.length;
        for (const secret of secrets) expect(leaked(json, secret), `${secret.kind} ${json}`).toBe(false);
        // Every text of the document, and what a page shows of it (the renderers drop controls).
        // A legal person's own code is public (长治 §二), and an all-digit USCC can pass Luhn as a card would.
        const keep = content.party.idType === 'uscc' ? [content.party.idNumber] : [];
        for (const text of stringsOf(projectionOf(content))) {
          expect(findCertain(text, { kinds: GATED_KINDS, keep }), text).toEqual([]);
          expect(findCertain(visible(text), { kinds: GATED_KINDS, keep }), text).toEqual([]);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(planted).toBeGreaterThanOrEqual(10_000);
  }, 180_000);

  it('the gate reads JSON escapes and HTML character references as notation, not as digits', () => {
    // A control character before ten digits, as JSON.stringify writes it: the escape's 0001 is no part of them.
    expect(gateFindings([{ key: 'a.json', body: JSON.stringify({ text: '\u00013812345678' }) }])).toEqual([]);
    expect(gateFindings([{ key: 'a.html', body: '<p>&#12345;3812345678</p>' }])).toEqual([]);
    // A number written as digits is still one, escapes around it or not.
    expect(gateFindings([{ key: 'b.json', body: JSON.stringify({ text: '\u000113812345678' }) }])).toEqual([
      { key: 'b.json', kind: 'mobile' },
    ]);
  });

  it('the gate refuses every object that holds what the projection would have masked', () => {
    fc.assert(
      fc.property(adversarialCaseArb, ({ content, secrets }) => {
        const raw = [
          content.method,
          content.content,
          content.legalBasis,
          content.result,
          content.party.idNumber,
        ]
          // As a page shows it: a line break inside a field is white space (the gate does not join lines, the
          // projection does, so a number written over two lines is masked before it gets here).
          .map((field) => field.replace(/\n/g, ' '))
          .join('\n');
        const findings = gateFindings([{ key: 'decisions/x.html', body: raw }]);
        // On the site every checksum-valid USCC is public, and 1 in 31 all-digit numbers is one: the projection
        // masked those in the text already (the property above).
        const gated = secrets.filter((s) => !isValidUscc(s.canonical));
        if (gated.length > 0) expect(findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });
});
