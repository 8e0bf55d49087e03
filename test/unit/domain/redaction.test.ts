import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMarkedSpans,
  type FreeTextContext,
  maskAddresses,
  maskEmails,
  maskFreeText,
  maskIdNumber,
  maskLandlines,
  maskLongNumbers,
  maskMobiles,
  maskPersonName,
} from '../../../shared/domain/redaction.ts';
import { mobileArb, REAL_USCCS, residentIdArb, residentIdBornOn } from '../../fixtures/ids.ts';

describe('maskPersonName (R4)', () => {
  it('keeps the surname and masks every other character', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName(' 李 小龙 ')).toBe('李 **');
  });

  it('keeps compound surnames whole', () => {
    expect(maskPersonName('欧阳修')).toBe('欧阳*');
    expect(maskPersonName('司马相如')).toBe('司马**');
    expect(maskPersonName('诸葛亮')).toBe('诸葛*');
    expect(maskPersonName('上官婉儿')).toBe('上官**');
    expect(maskPersonName('尉迟恭')).toBe('尉迟*');
    expect(maskPersonName('万俟卨')).toBe('万俟*');
    expect(maskPersonName('第五伦')).toBe('第五*');
  });

  it('never publishes a two-character name whole, even one that reads like a compound surname', () => {
    expect(maskPersonName('欧阳')).toBe('欧*');
    expect(maskPersonName('司马')).toBe('司*');
  });

  it('keeps only the first character of a dotted name', () => {
    expect(maskPersonName('买买提·艾力')).toBe('买**·**');
    expect(maskPersonName('阿依古丽•吐尔逊')).toBe('阿***•***');
  });

  it('keeps the initial of each word of a Latin name', () => {
    expect(maskPersonName('John Smith')).toBe('J*** S****');
    expect(maskPersonName('Jean-Pierre Dupont')).toBe('J***-P***** D*****');
    expect(maskPersonName('A B')).toBe('A *');
  });

  it('masks names of one character per masked character, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), (name) => {
        const masked = maskPersonName(name);
        expect([...masked].length).toBe([...name.trim()].length);
        expect(maskPersonName(masked)).toBe(masked);
      }),
    );
  });
});

describe('maskIdNumber (R4)', () => {
  it('keeps the region of a resident ID and the first character of other documents', () => {
    expect(maskIdNumber('resident_id', '22030219900101123X')).toBe('220302************');
    expect(maskIdNumber('passport', 'E12345678')).toBe('E********');
    expect(maskIdNumber('other', 'H01234567')).toBe('H********');
  });
});

describe('applyMarkedSpans (R4)', () => {
  it('masks every occurrence with one star per character', () => {
    expect(applyMarkedSpans('证人李四称，李四当日在场。', ['李四'])).toBe('证人**称，**当日在场。');
  });

  it('masks the union of overlapping spans found in the original text', () => {
    expect(applyMarkedSpans('甲乙丙丁戊', ['乙丙', '丙丁'])).toBe('甲***戊');
    expect(applyMarkedSpans('aaaa', ['aa'])).toBe('****');
  });

  it('counts characters outside the BMP as one', () => {
    expect(applyMarkedSpans('店名𠀋记，𠀋记', ['𠀋记'])).toBe('店名**，**');
  });

  it('leaves the text alone without spans', () => {
    expect(applyMarkedSpans('没有标记', [])).toBe('没有标记');
  });
});

describe('maskLongNumbers (R4)', () => {
  it('keeps 6 digits of 18- and 15-digit resident IDs and bank cards', () => {
    expect(maskLongNumbers('身份证号220302199001011234，')).toBe('身份证号220302************，');
    expect(maskLongNumbers('身份证号11010519491231002x')).toBe('身份证号110105************');
    expect(maskLongNumbers('旧身份证220302900101123')).toBe('旧身份证220302*********');
    expect(maskLongNumbers('账号6222021234567890123')).toBe('账号622202*************');
  });

  it('reads digits written as other characters that NFKC folds to digits (⓪ ¹ 𝟑), as a reader would', () => {
    // Found by the catalogue's property test (seed 1043847763): a circled zero between a mobile and an ID.
    const text = '13000001500⓪100000197001010004';
    for (const masked of [maskFreeText(text), maskMobiles(maskLongNumbers(text))]) {
      expect(masked.normalize('NFKC')).not.toMatch(/1[3-9]\d{9}/);
      expect(masked.normalize('NFKC')).not.toMatch(/\d{17}[\dX]/);
    }
    expect(maskMobiles('电话1380013⓪000')).toBe('电话138****0000');
    expect(maskLongNumbers('身份证²²⁰³⁰²¹⁹⁹⁰⁰¹⁰¹¹²³⁴')).toBe('身份证220302************');
    expect(maskLandlines('座机010-8888𝟖𝟖88')).toBe('座机010-******88');
    expect(maskFreeText('罚款①万元，第⑵条')).toBe('罚款1万元，第⑵条');
  });

  it('finds a marked span whichever way its digits are written, so masking twice changes nothing', () => {
    // Found by the idempotence property (seed -1532387873): the span "7" met the text "𝟟" only after the
    // number masks had folded it, so a second pass masked what the first had published.
    for (const [text, span] of [
      ['𝟟', '7'],
      ['7', '𝟟'],
      ['案号⑦号', '7'],
    ]) {
      const once = maskFreeText(text as string, { spans: [span as string] });
      expect(once).not.toMatch(/7/u);
      expect(maskFreeText(once, { spans: [span as string] })).toBe(once);
    }
  });

  it('masks full-width digits and numbers written in groups', () => {
    expect(maskLongNumbers('２２０３０２１９９００１０１１２３４')).toBe('２２０３０２************');
    expect(maskLongNumbers('卡号6222 0212 3456 7890 123。')).toBe('卡号6222 02** **** **** ***。');
    expect(maskLongNumbers('220302 19900101 1234')).toBe('220302 ******** ****');
  });

  it('masks the whole run when an ID is glued to other digits', () => {
    expect(maskLongNumbers('99220302199001011234')).toBe('992203**************');
  });

  it('still masks an ID whose middle a marked span already hid', () => {
    expect(maskLongNumbers('220302******011234')).toBe('220302************');
  });

  it('leaves amounts, dates, case numbers and 14-digit numbers alone', () => {
    const text = '罚款50000元，2025年9月28日，四工信罚〔2025〕12号，订单20250928123456';
    expect(maskLongNumbers(text)).toBe(text);
  });

  it('keeps only the party’s own code in full', () => {
    const text = `统一社会信用代码${REAL_USCCS.huawei}；关联账户914403001922038217`;
    expect(maskLongNumbers(text, { keep: REAL_USCCS.huawei })).toBe(
      `统一社会信用代码${REAL_USCCS.huawei}；关联账户914403************`,
    );
  });
});

describe('maskMobiles (R4)', () => {
  it.each([
    ['电话13812345678。', '电话138****5678。'],
    ['138-1234-5678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+86 138 1234 5678', '+86 138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['8613812345678', '86138****5678'],
    ['１３８１２３４５６７８', '１３８****５６７８'],
    ['编号513812345678', '编号5138****5678'],
  ])('%s → %s', (text, masked) => {
    expect(maskMobiles(text)).toBe(masked);
  });

  it('leaves numbers that are not mobiles alone', () => {
    expect(maskMobiles('12345678901')).toBe('12345678901');
    expect(maskMobiles('1381234567')).toBe('1381234567');
  });
});

describe('maskLandlines (R4)', () => {
  it.each([
    ['0434-3221234', '0434-*****34'],
    ['010-62345678', '010-******78'],
    ['02112345678', '021******78'],
    ['（0434）3221234', '（0434）*****34'],
    ['0434-3221234转8012', '0434-*****34转8012'],
  ])('%s → %s', (text, masked) => {
    expect(maskLandlines(text)).toBe(masked);
  });
});

describe('maskEmails (R4)', () => {
  it('keeps the first character of the local part', () => {
    expect(maskEmails('邮箱zhangsan@example.com。')).toBe('邮箱z*******@example.com。');
    expect(maskEmails('wang.xm+gs@mail.jl.gov.cn')).toBe('w*********@mail.jl.gov.cn');
  });
});

describe('maskAddresses (R4)', () => {
  it.each([
    ['住吉林省四平市铁西区英雄大街123号2单元301室，', '住吉林省四平市铁西区***************，'],
    [
      '家住四平市铁东区北门街道北门社区平东小区5栋3单元502室。',
      '家住四平市铁东区北门街道*****************。',
    ],
    ['住址：吉林省梨树县孤家子镇大房身村三组', '住址：吉林省梨树县孤家子镇******'],
    ['居住在四平市铁西区平西乡杨木林子屯', '居住在四平市铁西区平西乡*****'],
    ['户籍地：山西省长治市潞州区英雄南路88号', '户籍地：山西省长治市潞州区*******'],
    ['住北京市朝阳区建国路88号院3号楼1单元1001，', '住北京市朝阳区*****************，'],
    ['新疆维吾尔自治区乌鲁木齐市天山区解放北路100号', '新疆维吾尔自治区乌鲁木齐市天山区********'],
    ['内蒙古自治区通辽市科尔沁左翼中旗保康镇红旗街12号', '内蒙古自治区通辽市科尔沁左翼中旗保康镇******'],
    ['住英雄大街123号', '住********'],
  ])('%s', (text, masked) => {
    expect(maskAddresses(text)).toBe(masked);
  });

  it('leaves agencies, courts and bare administrative names alone', () => {
    const texts = [
      '如不服本决定，可在六十日内向四平市人民政府申请行政复议，或者在六个月内向四平市铁西区人民法院提起行政诉讼。',
      '四平市工业和信息化局执法检查组对当事人进行检查，四平市市场监督管理局依法移送。',
      '当事人系吉林省四平市铁西区居民。',
    ];
    for (const text of texts) expect(maskAddresses(text)).toBe(text);
  });
});

describe('maskFreeText (R4)', () => {
  const person: FreeTextContext = {
    person: { name: '张三', idType: 'resident_id', idNumber: residentIdBornOn('1990-01-01') },
  };

  it('masks a natural person’s name, ID, address and phone in a realistic text', () => {
    const id = residentIdBornOn('1990-01-01');
    const text = `当事人张三（身份证号：${id}），住吉林省四平市铁西区英雄大街123号2单元301室，联系电话13812345678。张三对违法事实无异议。`;
    expect(maskFreeText(text, person)).toBe(
      '当事人张*（身份证号：220302************），住吉林省四平市铁西区***************，联系电话138****5678。张*对违法事实无异议。',
    );
  });

  it('masks dotted and Latin names however they are written, and only whole Latin words', () => {
    expect(
      maskFreeText('买买提•艾力与买买提·艾力系同一人', {
        person: { name: '买买提·艾力', idType: 'other', idNumber: 'X' },
      }),
    ).toBe('买**·**与买**·**系同一人');
    expect(
      maskFreeText('Police stopped LI; Li signed, passport e12345678.', {
        person: { name: 'Li', idType: 'passport', idNumber: 'E12345678' },
      }),
    ).toBe('Police stopped L*; L* signed, passport E********.');
  });

  it('keeps a legal person’s address and code, and masks everyone’s phones and IDs', () => {
    const text = `当事人住所四平市铁西区英雄大街123号，统一社会信用代码${REAL_USCCS.huawei}，法定代表人身份证号220302199001011234，电话0434-3221234。`;
    expect(maskFreeText(text, { publicCode: REAL_USCCS.huawei })).toBe(
      `当事人住所四平市铁西区英雄大街123号，统一社会信用代码${REAL_USCCS.huawei}，法定代表人身份证号220302************，电话0434-*****34。`,
    );
  });

  it('applies marked spans before anything else', () => {
    expect(maskFreeText('证人李四，电话13812345678', { spans: ['李四', '1381234'] })).toBe(
      '证人**，电话*******5678',
    );
  });

  const fragment = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.constantFrom(
      '张三',
      '住',
      '吉林省四平市铁西区',
      '英雄大街',
      '123号',
      '2单元',
      '301室',
      '大房身村',
      '三组',
      '，',
      ' ',
      '-',
      '0434-',
      '3221234',
      '@example.com',
      'zhangsan',
      '+86',
      '*',
      'x',
      'Ｘ',
      '·',
      '（',
      '138 1234 5678',
      '１３９',
      '0434 3221234',
      '买买提',
      'Li',
    ),
    residentIdArb(),
    mobileArb(),
    fc.stringMatching(/^\d{1,20}$/),
  );
  const text = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
  const contexts = fc.constantFrom<FreeTextContext>(
    person,
    { person: { name: '买买提·艾力', idType: 'other', idNumber: 'AB1234567' } },
    { person: { name: 'Li Na', idType: 'passport', idNumber: 'E12345678' } },
    { publicCode: REAL_USCCS.huawei },
    {},
  );
  // A span is text the submitter saw, so it holds no '*' of a mask applied later.
  const spans = fc.array(
    fragment.filter((span) => span.trim() !== '' && !span.includes('*')),
    { maxLength: 2 },
  );

  it('is idempotent and never lengthens a text', () => {
    fc.assert(
      fc.property(text, contexts, spans, (original, base, marked) => {
        const context = { ...base, spans: marked };
        const once = maskFreeText(original, context);
        expect(maskFreeText(once, context)).toBe(once);
        expect([...once].length).toBeLessThanOrEqual([...original].length);
      }),
      { numRuns: 2000 },
    );
  });
});
