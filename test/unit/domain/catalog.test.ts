import { describe, expect, it } from 'vitest';
import { type AuditEvent, appendAudit, headOf, verifyAuditChain } from '../../../shared/domain/audit.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import {
  type ApprovedFile,
  CATALOG_KINDS,
  type CatalogItem,
  citesBasis,
  fileSha256,
  isOverdue,
  lawChangeDeadline,
  type OpenLawChange,
  POWER_CATEGORIES,
  updateDueOf,
  validateCatalogInput,
  validateLawChangeInput,
} from '../../../shared/domain/catalog.ts';
import {
  allowedCatalogEvents,
  CATALOG_TRANSITIONS,
  type CatalogEvent,
  decideCatalog,
} from '../../../shared/domain/catalog-lifecycle.ts';
import { projectCatalogItem } from '../../../shared/domain/catalog-projection.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { Actor } from '../../../shared/domain/decision.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  contactsInput,
  dutiesInput,
  flowchartInput,
  HAZCHEM_REGULATION,
  licenceInput,
  randomInspectionInput,
  staffInput,
} from '../../fixtures/catalog.ts';

const calendar = createDefaultCalendar();
const d = (s: string) => s as LocalDate;
const AGENCY = 'siping-gxj';
const submitter: Actor = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: Actor = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
const bothRoles: Actor = {
  kind: 'user',
  userId: 'li.na',
  agencyId: AGENCY,
  roles: ['submitter', 'reviewer'],
};
const foreignReviewer: Actor = {
  kind: 'user',
  userId: 'chen.gang',
  agencyId: 'changzhi-gxj',
  roles: ['reviewer'],
};
const operator: Actor = { kind: 'user', userId: 'ops.sun', agencyId: 'platform', roles: ['operator'] };
const system: Actor = { kind: 'system', userId: 'system:publisher' };

let clock = Date.parse('2025-09-20T02:00:00Z');
const ctx = (actor: Actor) => {
  clock += 60_000;
  return { actor, at: new Date(clock).toISOString() };
};

// 四平 §四(四) 1–23, copied from the seed regulation, in its order.
const SEED_ITEMS = [
  '行政执法主体资格、实施主体（承办机构）',
  '行政执法人员信息',
  '行政执法机关的主要职责',
  '行政执法依据',
  '行政许可的事项、依据、条件、数量、程序、期限、费用等',
  '行政处罚的依据、种类、幅度、程序',
  '行政强制的种类和行政强制实施与执行的权限、范围、条件、程序、方式等',
  '行政征收的依据、权限、补偿标准、数额、程序等',
  '行政征用的依据、权限、程序、补偿标准',
  '行政给付的条件、种类、标准',
  '行政事业性收费事项、依据、标准',
  '行政许可决定、行政处罚决定、行政检查决定、（结果）',
  '行政检查情况',
  '行政执法机关随机抽查事项清单',
  '行政执法自由裁量权的裁量标准',
  '行政许可、行政确认等事项需提交的全部材料目录、申请书示范文本',
  '行政执法职权运行流程图',
  '行政管理相对人依法享有的权利',
  '行政管理相对人的救济途径、方式和期限等',
  '投诉举报的方式和途径',
  '行政执法机关的办公电话、通信地址、电子邮箱、网址等',
  '行政执法责任制',
  '其他应当公示的内容',
];

describe('the kinds table (四平 §四(四))', () => {
  it('has the 23 items of the regulation, numbered and worded as the seed has them', () => {
    expect(CATALOG_KINDS).toHaveLength(23);
    expect(CATALOG_KINDS.map((k) => k.number)).toEqual(SEED_ITEMS.map((_, i) => i + 1));
    expect(CATALOG_KINDS.map((k) => k.label)).toEqual(SEED_ITEMS);
    expect(new Set(CATALOG_KINDS.map((k) => k.kind)).size).toBe(23);
  });

  it('gives every power category exactly one kind, and staff and random inspections their own rows', () => {
    const categories = CATALOG_KINDS.flatMap((k) => ('category' in k ? [k.category] : []));
    expect([...categories].sort()).toEqual([...POWER_CATEGORIES].sort());
    expect(CATALOG_KINDS.find((k) => k.kind === 'staff')?.schema).toBe('staff');
    expect(CATALOG_KINDS.find((k) => k.kind === 'random_inspection_list')?.schema).toBe(
      'random_inspection_list',
    );
    expect(CATALOG_KINDS.find((k) => k.kind === 'flowcharts')?.attachmentRequired).toBe(true);
  });
});

describe('validateCatalogInput', () => {
  it('accepts one item of each schema and normalises it', () => {
    for (const input of [
      dutiesInput(),
      staffInput(),
      licenceInput(),
      randomInspectionInput(),
      contactsInput(),
    ]) {
      const valid = validateCatalogInput(input);
      expect(valid.kind).toBe(input.kind);
      expect(valid.content.title).toBe(input.title);
    }
    const flowchart = validateCatalogInput(flowchartInput());
    expect(flowchart.attachments).toEqual([
      { name: '行政处罚流程图.png', contentType: 'image/png', size: 8 },
    ]);
    const trimmed = validateCatalogInput(dutiesInput({ title: '  主要职责  ', legalBasis: [' 《条例》 '] }));
    expect(trimmed.content).toMatchObject({ title: '主要职责', legalBasis: ['《条例》'] });
  });

  it('refuses, all at once, what breaks the rules of the kind', () => {
    const problems = (input: Parameters<typeof validateCatalogInput>[0]) => {
      try {
        validateCatalogInput(input);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (((error as ValidationError).details?.issues ?? []) as { code: string; field: string }[]).map(
          (i) => `${i.field}:${i.code}`,
        );
      }
    };
    expect(problems({ ...dutiesInput(), kind: 'budget' })).toEqual(['kind:invalid_kind']);
    expect(problems(dutiesInput({ body: ' ', legalBasis: [] }))).toEqual([
      'body:required',
      'legalBasis:required',
    ]);
    expect(problems(staffInput({ staff: [] }))).toEqual(['staff:required']);
    expect(problems(dutiesInput({ staff: staffInput().staff ?? [] }))).toEqual(['staff:field_not_allowed']);
    expect(problems(flowchartInput({ attachments: [] }))).toEqual(['attachments:attachment_required']);
    expect(
      problems(
        flowchartInput({
          attachments: [
            { name: 'a/b.png', contentType: 'image/gif', size: 0 },
            { name: 'big.pdf', contentType: 'application/pdf', size: 10 * 1024 * 1024 + 1 },
          ],
        }),
      ),
    ).toEqual([
      'attachments[0].name:invalid_file_name',
      'attachments[0].contentType:invalid_content_type',
      'attachments[0].size:invalid_size',
      'attachments[1].size:invalid_size',
    ]);
    const six = Array.from({ length: 6 }, (_, i) => ({
      name: `${i}.pdf`,
      contentType: 'application/pdf',
      size: 1,
    }));
    expect(problems(flowchartInput({ attachments: six }))).toEqual(['attachments:too_many']);
    expect(
      problems(contactsInput({ contacts: [{ name: '办公室', website: 'javascript:alert(1)' }] })),
    ).toEqual(['contacts[0].website:invalid_url']);
  });

  it('refuses a certificate number that is a resident ID or a mobile number (R4): staff are public by certificate', () => {
    for (const certificateNumber of ['22030219850312123X', '13812345678', '证号13912345678']) {
      expect(() =>
        validateCatalogInput(staffInput({ staff: [{ name: '王建华', certificateNumber, area: '铁西区' }] })),
      ).toThrow(expect.objectContaining({ code: 'certificate_looks_personal' }));
    }
  });
});

describe('legal reviewers among the staff (R14, 长治 §四(一))', () => {
  it('keeps the legalReviewer flag for the report, drops a false one, and never publishes it', () => {
    const { content } = validateCatalogInput(
      staffInput({
        staff: [
          { name: '王建华', certificateNumber: '吉A22030001', area: '铁西区', legalReviewer: true },
          { name: '欧阳丽', certificateNumber: '吉A22030002', area: '双辽市', legalReviewer: false },
        ],
      }),
    );
    expect(content.staff).toEqual([
      { name: '王建华', certificateNumber: '吉A22030001', area: '铁西区', legalReviewer: true },
      { name: '欧阳丽', certificateNumber: '吉A22030002', area: '双辽市' },
    ]);
    const document = projectCatalogItem({
      id: 'C1',
      agency: { id: AGENCY, name: '四平市工业和信息化局' },
      kind: 'staff',
      revision: 1,
      content,
      attachments: [],
    });
    expect(JSON.stringify(document)).not.toContain('legalReviewer');
    expect(document.staff?.map((s) => s.name)).toEqual(['王建华', '欧阳丽']);
  });
});

describe('law changes (R10, 四平 §四(五))', () => {
  it('give 20 working days across the 2025 National Day holiday, counting the 调休 Saturday 2025-10-11', () => {
    const deadline = lawChangeDeadline(d('2025-09-26'), calendar);
    // 09-28 (调休 Sunday), 09-29, 09-30, then 10-09 … with 10-11 (调休 Saturday) counted: the 20th is 10-30.
    expect(deadline.due).toBe('2025-10-30');
    expect(deadline.rule).toBe('R10');
    expect(deadline.basis).toContain('20个工作日内更新相关公示内容');
    expect(deadline.adjustedWorkdays.map((a) => a.date)).toEqual(['2025-09-28', '2025-10-11']);
    expect(deadline.skipped.filter((s) => s.kind === 'holiday').map((s) => s.date)).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ]);
    expect(deadline.explanation).toContain('2025-10-11（星期六）为国庆节调休上班日');
  });

  it('give 20 working days across the 2026 Spring Festival, counting the 调休 Saturdays', () => {
    const deadline = lawChangeDeadline(d('2026-02-06'), calendar);
    // 02-09 … 02-13, 02-14 (调休), then 02-24 … 02-27, 02-28 (调休), 03-02 … 03-12: the 20th is 03-12.
    expect(deadline.due).toBe('2026-03-12');
    expect(deadline.adjustedWorkdays.map((a) => a.date)).toEqual(['2026-02-14', '2026-02-28']);
    expect(deadline.explanation).toContain('2026-02-15至2026-02-23（春节）');
  });

  it('need a title, a known kind, a real date within reach and the items or the basis they cite', () => {
    const options = { today: d('2025-10-01'), latest: d('2026-10-02') };
    expect(
      validateLawChangeInput(
        {
          title: ' 条例修订 ',
          kind: 'regulation',
          effectiveDate: '2025-09-26',
          legalBasisContains: ' 条例 ',
        },
        options,
      ),
    ).toEqual({
      title: '条例修订',
      kind: 'regulation',
      effectiveDate: '2025-09-26',
      itemIds: [],
      legalBasisContains: '条例',
    });
    expect(() =>
      validateLawChangeInput({ title: '', kind: 'decree', effectiveDate: '2025-02-30' }, options),
    ).toThrow(
      expect.objectContaining({
        details: {
          issues: [
            expect.objectContaining({ field: 'title' }),
            expect.objectContaining({ field: 'kind' }),
            expect.objectContaining({ field: 'effectiveDate', code: 'invalid_date' }),
            expect.objectContaining({ field: 'itemIds', code: 'required' }),
          ],
        },
      }),
    );
    expect(() =>
      validateLawChangeInput(
        { title: '机构改革', kind: 'reorganisation', effectiveDate: '2027-01-01', itemIds: ['X'] },
        options,
      ),
    ).toThrow(expect.objectContaining({ code: 'date_out_of_range' }));
  });

  it('find items by the legal basis they cite, however width and spaces are written', () => {
    const { content } = validateCatalogInput(licenceInput());
    expect(citesBasis(content, HAZCHEM_REGULATION)).toBe(true);
    expect(citesBasis(content, '《危险化学品安全管理条例》 第三十三条')).toBe(true);
    expect(citesBasis(content, '《安全生产法》')).toBe(false);
    expect(citesBasis(validateCatalogInput(randomInspectionInput()).content, HAZCHEM_REGULATION)).toBe(true);
    expect(citesBasis(content, '  ')).toBe(false);
  });
});

// ---- the transition table ----------------------------------------------------------------------------

/** R2: what an approval of the flowchart's one attachment binds. */
const BOUND: readonly ApprovedFile[] = [
  { n: 1, sha256: fileSha256(new Uint8Array([1, 2, 3])), versionId: 'v1' },
];
const approval = (comment: string, files: readonly ApprovedFile[] = BOUND): CatalogEvent => ({
  type: 'approve',
  comment,
  files,
});

function submitted(): CatalogItem {
  const { kind, content, attachments } = validateCatalogInput(flowchartInput());
  return decideCatalog(undefined, { type: 'submit', id: 'C1', kind, content, attachments }, ctx(submitter))
    .item;
}

function lawChange(id: string, effectiveDate: string, recordedAt: string): OpenLawChange {
  return {
    lawChangeId: id,
    title: `${HAZCHEM_REGULATION}修订`,
    kind: 'regulation',
    effectiveDate: d(effectiveDate),
    recordedAt,
    deadline: lawChangeDeadline(d(effectiveDate), calendar),
  };
}

describe('the catalogue lifecycle', () => {
  it('goes submit → approve → publish, keying attachments by item, revision and number', () => {
    const item = submitted();
    expect(item).toMatchObject({ status: 'pending_review', version: 1, pendingRevision: 1, lawChanges: [] });
    expect(item.revisions[0]?.attachments).toEqual([
      { n: 1, name: '行政处罚流程图.png', contentType: 'image/png', size: 8, key: 'catalog/C1/1/1' },
    ]);
    const approved = decideCatalog(item, approval('同意'), ctx(reviewer)).item;
    expect(approved).toMatchObject({ status: 'publishing', publicRevision: 1, version: 2 });
    expect(approved.pendingRevision).toBeUndefined();
    const published = decideCatalog(approved, { type: 'publish' }, ctx(system)).item;
    expect(published).toMatchObject({ status: 'published', version: 3 });
    expect(published.publishedAt).toBe(published.lastPublishedAt);
    expect(allowedCatalogEvents(published)).toEqual(['revise', 'law_change']);
  });

  it('keeps the published revision public while a revision is reviewed, and publishes the new one on approval', () => {
    let item = submitted();
    item = decideCatalog(item, approval(''), ctx(reviewer)).item;
    item = decideCatalog(item, { type: 'publish' }, ctx(system)).item;
    const { content, attachments } = validateCatalogInput(
      flowchartInput({ title: '行政处罚流程图（修订）' }),
    );
    item = decideCatalog(item, { type: 'revise', content, attachments }, ctx(submitter)).item;
    expect(item).toMatchObject({ status: 'published', publicRevision: 1, pendingRevision: 2 });
    expect(item.revisions[1]?.attachments[0]?.key).toBe('catalog/C1/2/1');
    const rejected = decideCatalog(item, { type: 'reject', comment: '流程图不清晰' }, ctx(reviewer)).item;
    expect(rejected).toMatchObject({ status: 'published', publicRevision: 1 });
    expect(() => decideCatalog(item, { type: 'reject', comment: ' ' }, ctx(reviewer))).toThrow(
      expect.objectContaining({ code: 'comment_required' }),
    );
    const approved = decideCatalog(item, approval(''), ctx(reviewer)).item;
    expect(approved).toMatchObject({ status: 'publishing', publicRevision: 2 });
  });

  it('refuses self-review (R2), other agencies, wrong roles and the publisher’s step to anyone but the publisher', () => {
    const item = submitted();
    const approve: CatalogEvent = approval('');
    expect(() => decideCatalog(item, approve, ctx(bothRoles))).toThrow(
      expect.objectContaining({ code: 'self_review' }),
    );
    expect(() => decideCatalog(item, approve, ctx(foreignReviewer))).toThrow(
      expect.objectContaining({ code: 'agency_mismatch' }),
    );
    expect(() => decideCatalog(item, approve, ctx(submitter))).toThrow(
      expect.objectContaining({ code: 'role_required' }),
    );
    const approved = decideCatalog(item, approve, ctx(reviewer)).item;
    expect(() => decideCatalog(approved, { type: 'publish' }, ctx(reviewer))).toThrow(
      expect.objectContaining({ code: 'role_required' }),
    );
    expect(() => decideCatalog(item, { type: 'publish' }, ctx(system))).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
    const { content, attachments } = validateCatalogInput(flowchartInput());
    expect(() => decideCatalog(approved, { type: 'revise', content, attachments }, ctx(submitter))).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
  });

  it('binds the approval to the SHA-256 and version of each attached file, and to nothing else (R2)', () => {
    const item = submitted();
    const refused = (files: readonly ApprovedFile[]) =>
      expect(() => decideCatalog(item, approval('', files), ctx(reviewer))).toThrow(
        expect.objectContaining({ code: 'attachment_unbound' }),
      );
    refused([]);
    refused([{ n: 1, sha256: 'not a hash' }]);
    refused([{ n: 2, sha256: BOUND[0]?.sha256 ?? '' }]);
    refused([...BOUND, { n: 2, sha256: BOUND[0]?.sha256 ?? '' }]);
    const approved = decideCatalog(item, approval('同意'), ctx(reviewer));
    expect(approved.item.revisions[0]?.approvedFiles).toEqual(BOUND);
    expect(approved.audit.detail).toMatchObject({ revision: 1, files: BOUND });
    // A rejection binds nothing; an item without attachments binds nothing either.
    const rejected = decideCatalog(item, { type: 'reject', comment: '流程图不清晰' }, ctx(reviewer)).item;
    expect(rejected.revisions[0]?.approvedFiles).toBeUndefined();
    const { kind, content, attachments } = validateCatalogInput(dutiesInput());
    const duties = decideCatalog(
      undefined,
      { type: 'submit', id: 'C2', kind, content, attachments },
      ctx(submitter),
    );
    expect(() => decideCatalog(duties.item, approval(''), ctx(reviewer))).toThrow(
      expect.objectContaining({ code: 'attachment_unbound' }),
    );
    const plain = decideCatalog(duties.item, approval('', []), ctx(reviewer));
    expect(plain.item.revisions[0]?.approvedFiles).toBeUndefined();
    expect(plain.audit.detail).not.toHaveProperty('files');
  });

  it('lets every event the table names happen, from the states it names, and nothing else', () => {
    const events = new Set(CATALOG_TRANSITIONS.map((r) => r.event));
    expect([...events].sort()).toEqual(['approve', 'law_change', 'publish', 'reject', 'revise', 'submit']);
    expect(allowedCatalogEvents(undefined)).toEqual(['submit']);
    expect(allowedCatalogEvents(submitted())).toEqual(['approve', 'reject', 'revise', 'law_change']);
  });

  it('sets the update deadline on a law change (the earliest open one wins) and clears it on an approved later revision', () => {
    let item = submitted();
    item = decideCatalog(item, approval(''), ctx(reviewer)).item;
    item = decideCatalog(item, { type: 'publish' }, ctx(system)).item;
    const later = lawChange('L2', '2025-10-20', new Date(clock + 1).toISOString());
    item = decideCatalog(item, { type: 'law_change', lawChange: later }, ctx(operator)).item;
    const earlier = lawChange('L1', '2025-09-26', new Date(clock + 2).toISOString());
    item = decideCatalog(item, { type: 'law_change', lawChange: earlier }, ctx(submitter)).item;
    expect(updateDueOf(item)?.lawChangeId).toBe('L1');
    expect(updateDueOf(item)?.deadline.due).toBe('2025-10-30');
    expect(item.status).toBe('published');
    expect(isOverdue(item, d('2025-10-30'))).toBe(false);
    expect(isOverdue(item, d('2025-10-31'))).toBe(true);
    expect(() => decideCatalog(item, { type: 'law_change', lawChange: earlier }, ctx(submitter))).toThrow(
      expect.objectContaining({ code: 'law_change_recorded' }),
    );
    clock += 10_000;
    const { content, attachments } = validateCatalogInput(flowchartInput({ body: '依修订后的条例更新。' }));
    item = decideCatalog(item, { type: 'revise', content, attachments }, ctx(submitter)).item;
    const answered = decideCatalog(item, approval(''), ctx(reviewer));
    expect(answered.item.lawChanges).toEqual([]);
    expect(updateDueOf(answered.item)).toBeUndefined();
    expect(answered.audit.detail).toMatchObject({ lawChangesAnswered: ['L2', 'L1'] });
  });

  it('keeps a law change open when the revision approved was written before it was recorded', () => {
    let item = submitted();
    const change = lawChange('L3', '2025-09-26', new Date(clock + 30_000).toISOString());
    clock += 60_000;
    item = decideCatalog(item, { type: 'law_change', lawChange: change }, ctx(submitter)).item;
    item = decideCatalog(item, approval(''), ctx(reviewer)).item;
    expect(updateDueOf(item)?.lawChangeId).toBe('L3');
  });

  it('chains an audit entry for every change (R11)', () => {
    let item = submitted();
    const events: AuditEvent[] = [];
    const push = (result: ReturnType<typeof decideCatalog>) => {
      events.push(appendAudit(headOf(events), result.audit));
      return result.item;
    };
    const { kind, content, attachments } = validateCatalogInput(flowchartInput());
    item = push(
      decideCatalog(undefined, { type: 'submit', id: 'C9', kind, content, attachments }, ctx(submitter)),
    );
    item = push(decideCatalog(item, approval('同意'), ctx(reviewer)));
    item = push(decideCatalog(item, { type: 'publish' }, ctx(system)));
    expect(events.map((e) => e.action)).toEqual(['submit', 'approve', 'publish']);
    expect(events[1]).toMatchObject({
      actor: { userId: 'wang.fang', agencyId: AGENCY },
      detail: { revision: 1 },
    });
    expect(verifyAuditChain(events, { subject: 'C9' })).toMatchObject({ valid: true, length: 3 });
  });
});
