import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import {
  type CatalogContent,
  type CatalogInput,
  type CatalogKind,
  lawChangeDeadline,
  validateCatalogInput,
} from '../../../shared/domain/catalog.ts';
import { projectCatalogItem } from '../../../shared/domain/catalog-projection.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { isValidResidentId } from '../../../shared/domain/identity.ts';
import {
  CATALOG_AGENCIES_KEY,
  type CatalogSiteEvent,
  catalogKeysToRead,
  planCatalogChange,
} from '../../../shared/site/catalog.ts';
import type { SiteOperation } from '../../../shared/site/types.ts';
import {
  contactsInput,
  dutiesInput,
  flowchartInput,
  licenceInput,
  randomInspectionInput,
  staffInput,
} from '../../fixtures/catalog.ts';
import { mobileArb, residentIdArb, withLookalikeDigits } from '../../fixtures/ids.ts';
import { SITE_CONFIG } from '../../fixtures/site.ts';

const config = SITE_CONFIG;
const AGENCY = { id: 'siping-gxj', name: '四平市工业和信息化局' };

function eventOf(
  id: string,
  input: CatalogInput,
  revision = 1,
  extra: Partial<CatalogSiteEvent> = {},
): CatalogSiteEvent {
  const { kind, content, attachments } = validateCatalogInput(input);
  return {
    document: projectCatalogItem({
      id,
      agency: AGENCY,
      kind,
      revision,
      content,
      attachments: attachments.map((a, i) => ({ ...a, n: i + 1 })),
    }),
    publishedAt: '2025-09-20T02:00:00Z',
    updatedAt: '2025-09-22T03:00:00Z',
    ...extra,
  };
}

/** A bucket of the plan's own writes, to apply events in sequence. */
class Bucket {
  readonly objects = new Map<string, string>();
  apply(event: CatalogSiteEvent): SiteOperation[] {
    const current = new Map(catalogKeysToRead(event).map((key) => [key, this.objects.get(key)]));
    const operations = planCatalogChange(event, current, config);
    for (const op of operations) {
      if (op.op === 'put') this.objects.set(op.object.key, op.object.body);
      else this.objects.delete(op.key);
    }
    return operations;
  }
}

const describeOps = (ops: readonly SiteOperation[]) =>
  ops.map((op) => (op.op === 'put' ? `put ${op.object.key}` : `delete ${op.key}`));

describe('the catalogue section of the site (R10, R13)', () => {
  it('writes the page and JSON before the index links to them, and the list of agencies only when the agency is new', () => {
    const bucket = new Bucket();
    expect(describeOps(bucket.apply(eventOf('C1', dutiesInput())))).toEqual([
      'put catalog/siping-gxj/C1.html',
      'put catalog/siping-gxj/C1.json',
      'put catalog/siping-gxj/index.html',
      'put catalog/siping-gxj/index.json',
      'put catalog/index.html',
      'put catalog/agencies.json',
    ]);
    expect(describeOps(bucket.apply(eventOf('C2', staffInput())))).toEqual([
      'put catalog/siping-gxj/C2.html',
      'put catalog/siping-gxj/C2.json',
      'put catalog/siping-gxj/index.html',
      'put catalog/siping-gxj/index.json',
    ]);
    expect(JSON.parse(bucket.objects.get(CATALOG_AGENCIES_KEY) ?? '')).toEqual({ agencies: [AGENCY] });
    const state = JSON.parse(bucket.objects.get('catalog/siping-gxj/index.json') ?? '');
    // In the order of §四(四): the staff (item 2) before the duties (item 3).
    expect(state.items.map((e: { id: string }) => e.id)).toEqual(['C2', 'C1']);
    // Planning the same event again converges on the same objects.
    const again = new Map(bucket.objects);
    bucket.apply(eventOf('C2', staffInput()));
    expect(bucket.objects).toEqual(again);
  });

  it('deletes the files of the revision it replaces, once nothing links to them', () => {
    const bucket = new Bucket();
    bucket.apply(eventOf('C1', flowchartInput()));
    const replaced = bucket.apply(
      eventOf(
        'C1',
        flowchartInput({ attachments: [{ name: '流程图.pdf', contentType: 'application/pdf', size: 4 }] }),
        2,
      ),
    );
    expect(describeOps(replaced).at(-1)).toBe('delete catalog/siping-gxj/files/C1-1-1.png');
    expect(bucket.objects.get('catalog/siping-gxj/C1.html')).toContain('files/C1-2-1.pdf');
  });

  it('renders every schema: staff, powers, random inspections, contacts, files and the legal basis', () => {
    const bucket = new Bucket();
    bucket.apply(eventOf('C1', staffInput()));
    bucket.apply(eventOf('C2', licenceInput()));
    bucket.apply(eventOf('C3', randomInspectionInput()));
    bucket.apply(eventOf('C4', contactsInput()));
    bucket.apply(eventOf('C5', flowchartInput()));
    const page = (id: string) => bucket.objects.get(`catalog/siping-gxj/${id}.html`) ?? '';
    expect(page('C1')).toContain('<th scope="col">执法证件号</th>');
    expect(page('C1')).toContain('<td>欧阳丽</td><td>吉A22030002</td><td>双辽市</td>');
    expect(page('C2')).toContain('行政许可事项');
    expect(page('C2')).toContain('<h3>危险化学品经营许可证核发</h3>');
    for (const label of [
      '抽查依据',
      '抽查主体',
      '抽查对象',
      '抽查内容',
      '抽查方式',
      '抽查比例',
      '抽查频次',
    ]) {
      expect(page('C3')).toContain(`<dt>${label}</dt>`);
    }
    // The agency's own office line and mailbox are public (§四(四)21): no mask touches them.
    expect(page('C4')).toContain('0434-3270000');
    expect(page('C4')).toContain('fgk@example.gov.cn');
    expect(page('C4')).toContain('<a href="https://gxj.example.gov.cn/" rel="nofollow noopener">');
    expect(page('C5')).toMatch(
      /<img src="\.\.\/\.\.\/catalog\/siping-gxj\/files\/C5-1-1\.png" alt="行政处罚流程图：行政处罚流程图\.png（文字说明见本页正文）"/,
    );
    expect(page('C5')).toContain('《中华人民共和国行政处罚法》');
    expect(page('C5')).toContain('<html lang="zh-CN">');
    expect(page('C5')).toContain('href="../../catalog/index.html">事前公开</a>');
  });

  it('says plainly when an item owes an update after a law change, and by when', () => {
    const bucket = new Bucket();
    const due = lawChangeDeadline('2025-09-26' as LocalDate, createDefaultCalendar()).due;
    bucket.apply(
      eventOf('C1', licenceInput(), 1, {
        updateDue: {
          title: '《危险化学品安全管理条例》修订',
          kind: 'regulation',
          effectiveDate: '2025-09-26' as LocalDate,
          due,
        },
      }),
    );
    const note = '本事项应当于 <time datetime="2025-10-30">2025-10-30</time> 前更新';
    expect(bucket.objects.get('catalog/siping-gxj/C1.html')).toContain(note);
    const index = bucket.objects.get('catalog/siping-gxj/index.html') ?? '';
    expect(index).toContain(note);
    expect(index).toContain('其中 1 项因依据变化待更新');
    bucket.apply(eventOf('C1', licenceInput()));
    expect(bucket.objects.get('catalog/siping-gxj/index.html')).not.toContain('待更新');
  });

  it('escapes whatever an agency typed, in the page and in the JSON', () => {
    const bucket = new Bucket();
    bucket.apply(
      eventOf(
        'C1',
        dutiesInput({ title: '<script>alert(1)</script>', body: '</script><img src=x onerror=1>' }),
      ),
    );
    const page = bucket.objects.get('catalog/siping-gxj/C1.html') ?? '';
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(bucket.objects.get('catalog/siping-gxj/C1.json')).not.toContain('</script>');
  });

  it('refuses unreadable state rather than overwrite the agency’s other items', () => {
    const event = eventOf('C1', dutiesInput());
    const current = new Map([[catalogKeysToRead(event)[0] as string, '{"not":"a catalogue"}']]);
    expect(() => planCatalogChange(event, current, config)).toThrow(/rebuild the catalogue/);
  });
});

// ---- R4: the property --------------------------------------------------------------------------------

const anyText = fc.string({ unit: 'grapheme', maxLength: 12 });
const fullWidth = (s: string) =>
  s.replace(/[0-9X]/g, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0));
const secret = fc.oneof(
  residentIdArb(),
  mobileArb(),
  fc.oneof(residentIdArb(), mobileArb()).map(fullWidth),
  withLookalikeDigits(fc.oneof(residentIdArb(), mobileArb())),
);
const around = fc.oneof(anyText, fc.stringMatching(/^[0-9０-９xX+*\- ]{0,6}$/));
/** Text with resident IDs and mobile numbers somewhere in it. */
const textWithSecrets = fc
  .array(fc.tuple(around, secret), { minLength: 1, maxLength: 3 })
  .chain((pieces) => anyText.map((tail) => pieces.map(([a, s]) => a + s).join('') + tail));

const contentArb: fc.Arbitrary<{ kind: CatalogKind; content: CatalogContent }> = fc
  .record({
    title: textWithSecrets,
    body: textWithSecrets,
    legalBasis: fc.array(textWithSecrets, { minLength: 1, maxLength: 3 }),
    row: fc.array(textWithSecrets, { minLength: 7, maxLength: 7 }),
    schema: fc.constantFrom('text', 'staff', 'powers', 'random_inspection_list', 'contacts'),
  })
  .map(({ title, body, legalBasis, row, schema }) => {
    const [a = '', b = '', c = '', d = '', e = '', f = '', g = ''] = row;
    const content = { title, body, legalBasis };
    switch (schema) {
      case 'staff':
        return {
          kind: 'staff',
          content: { ...content, staff: [{ name: a, certificateNumber: b, area: c }] },
        };
      case 'powers':
        return { kind: 'penalty', content: { ...content, matters: [{ name: a, basis: b, details: c }] } };
      case 'random_inspection_list':
        return {
          kind: 'random_inspection_list',
          content: {
            ...content,
            inspections: [{ basis: a, subject: b, object: c, content: d, method: e, ratio: f, frequency: g }],
          },
        };
      case 'contacts':
        return {
          kind: 'contacts',
          content: {
            ...content,
            contacts: [{ name: a, phone: b, address: c, postcode: d, email: e, website: f }],
          },
        };
      default:
        return { kind: 'duties', content };
    }
  });

describe('the catalogue on the public side (R4, property)', () => {
  it('never holds an unmasked resident ID or mobile number in an item page, its JSON or its agency index', () => {
    fc.assert(
      fc.property(contentArb, textWithSecrets, ({ kind, content }, fileName) => {
        const event: CatalogSiteEvent = {
          document: projectCatalogItem({
            id: 'C1',
            agency: AGENCY,
            kind,
            revision: 1,
            content,
            attachments: [{ n: 1, name: fileName, contentType: 'application/pdf', size: 100 }],
          }),
          publishedAt: '2025-09-20T02:00:00Z',
          updatedAt: '2025-09-20T02:00:00Z',
        };
        const bodies = planCatalogChange(event, new Map(), config).flatMap((op) =>
          op.op === 'put' ? [op.object.body.normalize('NFKC')] : [],
        );
        expect(bodies.length).toBeGreaterThanOrEqual(4);
        for (const body of bodies) {
          for (const match of body.matchAll(/(?=(\d{17}[\dXx]))/g)) {
            expect(isValidResidentId(match[1] ?? '')).toBe(false);
          }
          expect(body).not.toMatch(/1[3-9]\d{9}/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
