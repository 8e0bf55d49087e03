import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureNameDetector } from '../../../bench/name-detector.ts';
import {
  findSuspected,
  type SuspectedContext,
  type SuspectedKind,
  type SuspectedSpan,
} from '../../../shared/domain/suspected.ts';
import { REAL_USCCS, residentIdCheck, SIPING_COMPANY_USCC } from '../../fixtures/ids.ts';

/** What a reviewer is shown: each finding as `kind:text`. */
function shown(text: string, context?: SuspectedContext): string[] {
  return findSuspected(text, context).map((s) => `${s.kind}:${text.slice(s.start, s.end)}`);
}

function of(kind: SuspectedKind, text: string, context?: SuspectedContext): string[] {
  return findSuspected(text, context)
    .filter((s) => s.kind === kind)
    .map((s) => text.slice(s.start, s.end));
}

const names = (text: string, context?: SuspectedContext) => of('person_name', text, context);

describe('findSuspected: names of third persons (R4)', () => {
  it.each([
    ['witness before 称', '证人张小宝称，当日其在店内。', ['张小宝']],
    ['name before 证实', '经查，李建国证实当事人长期在此经营。', ['李建国']],
    ['name before 在场', '王秀英在场见证了抽样过程。', ['王秀英']],
    ['name before 等人', '赵德胜等人在现场围观。', ['赵德胜']],
    ['name before 陈述', '据附近商户陈志强陈述，该店夜间经营。', ['陈志强']],
    ['employee', '该店员工林晓梅介绍了进货渠道。', ['林晓梅']],
    ['driver', '驾驶员谢志勇驾驶货车超限运输。', ['谢志勇']],
    ['司机', '司机韩小兵称货物系受委托运输。', ['韩小兵']],
    ['informant', '举报人胡美玲反映该店销售过期食品。', ['胡美玲']],
    ['relative with an age', '其子张浩然（12岁）当时在店内帮忙。', ['张浩然']],
    ['其妻', '其妻李桂兰在场，对检查结果无异议。', ['李桂兰']],
    ['officials listed with 、', '执法人员沈立新、范红梅出示了执法证件。', ['沈立新', '范红梅']],
    ['a list before 等人', '史文华、陶春燕、黎志明等人在场。', ['史文华', '陶春燕', '黎志明']],
    ['joined by 和', '贺晓峰和顾佳琪两人系同一班组的工人。', ['贺晓峰', '顾佳琪']],
    ['legal representative after a colon', '法定代表人：尹建军', ['尹建军']],
    ['负责人', '负责人薛红霞当场承认未办理许可。', ['薛红霞']],
    ['经营者 with 男', '经营者闫志军，男，汉族，1978年出生。', ['闫志军']],
    ['当事人 when the party is a person', '当事人王五未按规定建立台账。', ['王五']],
    ['工作人员', '工作人员孟凡超当场宣读了笔录。', ['孟凡超']],
    ['a compound surname', '证人欧阳明辉的证言与照片相互印证。', ['欧阳明辉']],
    ['司马 with 反映', '据证人司马云反映，该作坊没有消毒设施。', ['司马云']],
    ['a minority name with ·', '证人买买提·艾力证实其在市场摆摊。', ['买买提·艾力']],
    ['a name with a full-width dot', '阿依古丽•吐尔逊称未收到票据。', ['阿依古丽•吐尔逊']],
    ['a name split by a space', '证人黄 伟称其每周进货一次。', ['黄 伟']],
    ['a name split by an ideographic space', '驾驶人宋　辉无法出示从业资格证。', ['宋　辉']],
    ['a bracket inside a list', '执法人员韦东（执法证号22030012）、付丽在场。', ['韦东', '付丽']],
    ['a trade the lists do not know', '该店的面包师贺强未取得健康证明。', ['贺强']],
    ['the start of a clause', '经调查，宋春生于2024年4月起受雇于当事人。', ['宋春生']],
    ['a seller', '当事人从丁嘉丽处购进了食用油。', ['丁嘉丽']],
    ['a name after 由, by its given-name characters', '该批货物由段志成通过快递寄出。', ['段志成']],
    ['a list after a verb', '当事人拖欠吉祥云、路小军等人的工资。', ['吉祥云', '路小军']],
    ['a bracket that says who', '申小梅（当事人之女）在店内收银。', ['申小梅']],
    ['names listed with spaces', '承办人员：郗建华　谢晓丽', ['郗建华', '谢晓丽']],
    ['a signature with its date', '同意。鄢志刚 2024年9月3日', ['鄢志刚']],
    ['a role ending in 人', '乘车人庞丽娟未系安全带。', ['庞丽娟']],
    ['a word written as a name', '证人称，甘 露先动手。', ['甘 露']],
    ['a name after 的', '当事人雇用未取得资格的祁文斌从事诊疗活动。', ['祁文斌']],
    ['a clause start before a verb the lists do not know', '岑国华持C1驾驶证驾驶中型货车。', ['岑国华']],
  ])('finds a %s', (_cue, text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['张家界', '当事人在张家界市永定区经营一家农家乐。'],
    ['王庄镇', '执法人员前往王庄镇开展联合检查。'],
    ['白云山', '涉案药品购自广州白云山医药集团的经销商。'],
    ['a company named like a person', '当事人李宁体育用品有限公司未标注执行标准。'],
    ['a list of places', '白云山、张家界、黄山等地的游客均有投诉。'],
    ['places in a chain', '金水区石佛镇宋庄村的仓库内存放有涉案产品。'],
    ['a family name given to a village', '当事人在李家村租用民房作为仓库。'],
    ['a company starting with a surname', '当事人从陈克明食品股份有限公司购进挂面。'],
    ['verbs after a role', '执法人员查看了现场，负责人于当日提供了材料。'],
    ['words starting with a surname', '当事人员工高度重视，安全带未系好，车辆已扣押。'],
    ['pseudonyms already masked', '证人张某称，李某某在场，王**证实。'],
    ['a generic list with 等', '胡椒粉、花椒粉等调味品未标注生产者名称。'],
    ['legal prose', '当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条的规定。'],
    ['a title in 《》', '依据《论语·学而》的说法。'],
    ['a shop after a verb', '当事人委托杨国福麻辣烫店代售。'],
    ['a jeweller after a particle', '当事人从周大福珠宝金行购进首饰。'],
    ['a tea house after a particle', '当事人向吴裕泰茶庄供货。'],
    ['a prohibition', '严禁在禁止燃放区域内燃放烟花爆竹。'],
  ])('does not flag %s', (_what, text) => {
    expect(names(text)).toEqual([]);
  });

  it('never flags a public name or a part of it (R4: legal persons are published in full)', () => {
    const text = '证人张三称，张三丰食品有限公司的员工李四在场。';
    expect(names(text)).toEqual(['张三', '李四']);
    expect(names(text, { publicNames: ['张三丰食品有限公司'] })).toEqual(['张三', '李四']);
    expect(shown('张三丰食品有限公司称', { publicNames: ['张三丰食品有限公司'] })).toEqual([]);
  });

  it("leaves the party's own name to the mask, but flags its given name alone", () => {
    const context = { personName: '张小明' };
    expect(shown('当事人张小明称，小明是其小名。', context)).toEqual(['party_given_name:小明']);
    expect(shown('张 小明在场，证人称小明当时不在。', context)).toEqual(['party_given_name:小明']);
    expect(of('party_given_name', '欧阳小明的朋友叫他小明。', { personName: '欧阳小明' })).toEqual(['小明']);
    expect(of('party_given_name', '艾力在店内。', { personName: '买买提·艾力' })).toEqual(['艾力']);
    // A one-character given name alone is an ordinary word (三 of 张三): not a finding.
    expect(of('party_given_name', '第三次检查时张三在场。', { personName: '张三' })).toEqual([]);
  });
});

describe('findSuspected: home addresses (R4)', () => {
  it.each([
    ['家住', '当事人家住吉林省四平市铁西区英雄大街123号。', ['吉林省四平市铁西区英雄大街123号']],
    ['住址', '证人住址：四平市铁西区北一路3号2单元501室', ['四平市铁西区北一路3号2单元501室']],
    ['现住', '其现住铁西区北一路3号，电话略。', ['铁西区北一路3号']],
    ['户籍地', '户籍地：山东省济南市历下区解放路8号。', ['山东省济南市历下区解放路8号']],
    ['住 after a comma', '张三，男，住吉林省梨树县郭家店镇新华村三组。', ['吉林省梨树县郭家店镇新华村三组']],
    [
      'a chain with a house number',
      '其子在四平市铁西区英雄大街123号2单元301室居住。',
      ['四平市铁西区英雄大街123号2单元301室'],
    ],
  ])('flags an address after %s', (_cue, text, expected) => {
    expect(of('address', text)).toEqual(expected);
  });

  it("does not flag a company's seat or a business's premises", () => {
    expect(of('address', '当事人四平市某某食品有限公司，住所：吉林省四平市铁西区英雄大街123号。')).toEqual(
      [],
    );
    expect(of('address', '该店经营场所位于吉林省四平市铁西区英雄大街123号。')).toEqual([]);
  });

  it('ends the address where the sentence goes on', () => {
    expect(shown('家住王庄村的证人张三称')).toEqual(['address:王庄村', 'person_name:张三']);
  });
});

describe('findSuspected: passports and permits (R4)', () => {
  it.each([
    ['passport', 'E12345678'],
    ['passport', 'G12345678'],
    ['passport', 'EA1234567'],
    ['passport', 'Ｇ１２３４５６７８'],
    ['passport', 'E 1234 5678'],
    ['passport', 'G-1234-5678'],
    ['passport', 'E1234\u200b5678'],
    ['permit', 'H12345678'],
    ['permit', 'M1234567890'],
    ['permit', 'C12345678'],
    ['permit', 'CA1234567'],
    ['permit', 'L12345678'],
    ['permit', 'ABC123456789012'],
  ] as const)('flags %s %s', (kind, number) => {
    const text = `证件号码：${number}，已核实。`;
    expect(shown(text)).toEqual([`${kind}:${number}`]);
  });

  it('flags a number after 护照 and after 台胞证', () => {
    expect(shown('其护照号为K1234567。')).toEqual(['passport:K1234567']);
    expect(shown('台胞证号码12345678。')).toEqual(['permit:12345678']);
    expect(shown('台湾居民来往大陆通行证：1234567890')).toEqual(['permit:1234567890']);
  });

  it('flags the 18-digit permits by their checksum: the new permanent residence card and 港澳台居民居住证', () => {
    const residence = `911840199001011230`.slice(0, 17);
    const permanent = residence + residentIdCheck(residence);
    const hongKong = `81000019900101123${residentIdCheck('81000019900101123')}`;
    expect(shown(`永久居留身份证号码${permanent}`)).toEqual([`permit:${permanent}`]);
    expect(shown(`居住证号码 ${hongKong} 。`)).toEqual([`permit:${hongKong}`]);
    const wrong = `${residence}${(Number(residentIdCheck(residence).replace('X', '10')) + 1) % 10}`;
    expect(shown(`号码${wrong}`)).toEqual([]);
  });

  it('never flags a unified social credit code (R4: published in full)', () => {
    expect(shown(`统一社会信用代码${REAL_USCCS.huawei}`)).toEqual([]);
    expect(shown(`统一社会信用代码：${SIPING_COMPANY_USCC}`)).toEqual([]);
    expect(shown(`代码${REAL_USCCS.fuzhouExample}。`)).toEqual([]);
  });
});

describe('findSuspected: licence plates (R4)', () => {
  it.each([
    '吉A12345',
    '吉A·12345',
    '吉A 12345',
    '吉AD12345',
    '吉A12345D',
    '吉A1234警',
    '吉A1234学',
    '吉A1234挂',
    '吉Ａ１２３４５',
    '粤B·8X276',
  ])('flags %s', (plate) => {
    expect(shown(`驾驶${plate}号车辆`)).toEqual([`licence_plate:${plate}`]);
  });

  it('does not flag words that start like one', () => {
    expect(shown('新A轮融资完成，京AB两地联合执法。')).toEqual([]);
  });
});

describe('findSuspected: a minor’s age (R4)', () => {
  it.each([
    ['（12岁） after a name', '其子张浩然（12岁）在店内帮忙。', '12岁'],
    ['年仅', '其女王梓涵年仅15岁。', '年仅15岁'],
    ['未满 after a name', '其子张小宝未满十六周岁。', '未满十六周岁'],
    ['Chinese numerals next to a relative', '其女十二岁，在店内帮忙。', '十二岁'],
    ['an age before the pupil', '15岁的学生在该店购买了香烟。', '15岁'],
  ])('flags %s', (_cue, text, expected) => {
    expect(of('minor_age', text)).toEqual([expected]);
  });

  it('does not flag adults, nor an age the law states about nobody', () => {
    expect(of('minor_age', '证人张小宝（25岁）称')).toEqual([]);
    expect(of('minor_age', '其子年满18岁。')).toEqual([]);
    expect(of('minor_age', '当事人向未满十八周岁的未成年人销售烟草。')).toEqual([]);
    expect(of('minor_age', '不满十四周岁的人不予行政处罚。')).toEqual([]);
    expect(of('minor_age', '十四周岁以下的儿童')).toEqual([]);
  });
});

describe('findSuspected: offsets and shape', () => {
  it('gives UTF-16 offsets into the text as given', () => {
    const text = '𠀀𠀁证人张小宝称，护照Ｇ１２３４５６７８。';
    const spans = findSuspected(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['张小宝', 'Ｇ１２３４５６７８']);
    expect(spans[0]).toEqual({ kind: 'person_name', start: 6, end: 9 });
  });

  const pool = [
    ...'证人张小宝称李四、王五等人在场其子欧阳（12岁）吉A·12345E12345678住址家住村路号省市区镇',
    '·',
    ' ',
    '\u200b',
    '𠀀',
    'Ｇ',
    '１',
    '\ud800',
  ];
  const textArb = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.array(fc.constantFrom(...pool), { maxLength: 300 }).map((chars) => chars.join('')),
  );

  it('never throws, and returns spans within the text, sorted and not overlapping', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.option(fc.constantFrom('张小明', '买买提·艾力', '', ' ')),
        (text, personName) => {
          const context: SuspectedContext = personName === null ? {} : { personName, publicNames: ['王五'] };
          const spans: SuspectedSpan[] = findSuspected(text, context);
          let last = 0;
          for (const span of spans) {
            expect(span.start).toBeGreaterThanOrEqual(last);
            expect(span.end).toBeGreaterThan(span.start);
            expect(span.end).toBeLessThanOrEqual(text.length);
            last = span.end;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finishes on 100 KB of text, however it is made (every pattern is bounded)', () => {
    const shapes = [
      '证人张小宝称，'.repeat(6000),
      '吉林省四平市铁西区'.repeat(4000),
      '市'.repeat(40_000),
      '1'.repeat(100_000),
      'E1 2 3 4 5 6 7 8 9 '.repeat(6000),
      '张'.repeat(40_000),
      '家住'.repeat(20_000),
      '·'.repeat(50_000),
      '、王五'.repeat(12_000),
    ];
    for (const text of shapes) {
      expect(text.length).toBeGreaterThanOrEqual(30_000);
      expect(() => findSuspected(text, { personName: '张小明', publicNames: ['四平市'] })).not.toThrow();
    }
  });
});

describe('the name detector on the labelled corpus (R4 targets)', () => {
  it('finds at least 9 in 10 names and flags at most 1 in 10 place or company names', () => {
    const figures = measureNameDetector();
    expect(figures.sentences).toBeGreaterThanOrEqual(300);
    expect(figures.recall).toBeGreaterThanOrEqual(0.9);
    expect(figures.trapFalsePositiveRate).toBeLessThanOrEqual(0.1);
  });
});
