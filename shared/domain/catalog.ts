/**
 * R10 (四平 §四(一)、(四)、(五)): the pre-disclosure catalogue 事前公开. Each agency keeps the 23 items of
 * §四(四) — who it is, its staff, duties, legal basis, powers, procedures and flowcharts, random-inspection
 * list, discretion standards, rights, remedies, complaint channels, contacts — reviewed before publication like
 * a decision (R2), and updated within 20 working days when a law changes or the agency is reorganised (§四(五)).
 *
 * This module holds the kinds as a table, the content an item carries, the rules that content must satisfy,
 * the item as Gongshi keeps it and the law-change deadline. The transitions are catalog-lifecycle.ts; what the
 * public sees is catalog-projection.ts.
 */
import { createHash } from 'node:crypto';
import type { WorkCalendar } from './calendar/work-calendar.ts';
import { compareDates, isLocalDate, type LocalDate } from './dates.ts';
import { catalogUpdateDeadline, type Deadline } from './deadlines.ts';
import type { Review } from './decision.ts';
import { throwIfIssues, type ValidationIssue } from './identity.ts';
import { EARLIEST_DATE } from './validation.ts';

// ---- the kinds: 四平 §四(四) 1–23 ----------------------------------------------------------------------

/** How an item of a kind is written: free text, or rows of a fixed shape (each kind may add free text too). */
export const CATALOG_SCHEMAS = ['text', 'staff', 'powers', 'random_inspection_list', 'contacts'] as const;
export type CatalogSchema = (typeof CATALOG_SCHEMAS)[number];

// R10: the enforcement powers whose matters an agency discloses (四平 §四(一)4 and §四(四)5–11, 13).
export const POWER_CATEGORIES = [
  'licence',
  'penalty',
  'coercion',
  'fee',
  'levy',
  'inspection',
  'requisition',
  'benefit',
] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];
export const POWER_CATEGORY_LABELS: Readonly<Record<PowerCategory, string>> = {
  licence: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  fee: '行政事业性收费',
  levy: '行政征收',
  inspection: '行政检查',
  requisition: '行政征用',
  benefit: '行政给付',
};

export interface CatalogKindDefinition {
  readonly kind: string;
  /** The item's number in 四平 §四(四). */
  readonly number: number;
  /** The item as §四(四) words it, quoted. */
  readonly label: string;
  readonly schema: CatalogSchema;
  /** For `powers`: which power the matters are of. */
  readonly category?: PowerCategory;
  /** The law asks for the basis itself (依据), so an item of this kind names at least one. */
  readonly basisRequired: boolean;
  /** §四(一)5 "逐项制定行政执法职权运行流程图，并主动予以公示": a flowchart is a picture or a PDF. */
  readonly attachmentRequired: boolean;
}

// R10: 四平 §四(四) "行政执法公示除不予公开的信息外，应当公示以下主要内容", items 1–23 in its order and words.
export const CATALOG_KINDS = [
  {
    kind: 'subject',
    number: 1,
    label: '行政执法主体资格、实施主体（承办机构）',
    schema: 'text',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'staff',
    number: 2,
    label: '行政执法人员信息',
    schema: 'staff',
    basisRequired: false,
    attachmentRequired: false,
  },
  {
    kind: 'duties',
    number: 3,
    label: '行政执法机关的主要职责',
    schema: 'text',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'legal_basis',
    number: 4,
    label: '行政执法依据',
    schema: 'text',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'licence',
    number: 5,
    label: '行政许可的事项、依据、条件、数量、程序、期限、费用等',
    schema: 'powers',
    category: 'licence',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'penalty',
    number: 6,
    label: '行政处罚的依据、种类、幅度、程序',
    schema: 'powers',
    category: 'penalty',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'coercion',
    number: 7,
    label: '行政强制的种类和行政强制实施与执行的权限、范围、条件、程序、方式等',
    schema: 'powers',
    category: 'coercion',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'levy',
    number: 8,
    label: '行政征收的依据、权限、补偿标准、数额、程序等',
    schema: 'powers',
    category: 'levy',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'requisition',
    number: 9,
    label: '行政征用的依据、权限、程序、补偿标准',
    schema: 'powers',
    category: 'requisition',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'benefit',
    number: 10,
    label: '行政给付的条件、种类、标准',
    schema: 'powers',
    category: 'benefit',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'fee',
    number: 11,
    label: '行政事业性收费事项、依据、标准',
    schema: 'powers',
    category: 'fee',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'decisions',
    number: 12,
    label: '行政许可决定、行政处罚决定、行政检查决定、（结果）',
    schema: 'text',
    basisRequired: false,
    attachmentRequired: false,
  },
  {
    kind: 'inspection',
    number: 13,
    label: '行政检查情况',
    schema: 'powers',
    category: 'inspection',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'random_inspection_list',
    number: 14,
    label: '行政执法机关随机抽查事项清单',
    schema: 'random_inspection_list',
    basisRequired: false,
    attachmentRequired: false,
  },
  {
    kind: 'discretion_standards',
    number: 15,
    label: '行政执法自由裁量权的裁量标准',
    schema: 'text',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'application_materials',
    number: 16,
    label: '行政许可、行政确认等事项需提交的全部材料目录、申请书示范文本',
    schema: 'text',
    basisRequired: false,
    attachmentRequired: false,
  },
  {
    kind: 'flowcharts',
    number: 17,
    label: '行政执法职权运行流程图',
    schema: 'text',
    basisRequired: false,
    attachmentRequired: true,
  },
  {
    kind: 'rights',
    number: 18,
    label: '行政管理相对人依法享有的权利',
    schema: 'text',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'remedies',
    number: 19,
    label: '行政管理相对人的救济途径、方式和期限等',
    schema: 'text',
    basisRequired: true,
    attachmentRequired: false,
  },
  {
    kind: 'complaints',
    number: 20,
    label: '投诉举报的方式和途径',
    schema: 'text',
    basisRequired: false,
    attachmentRequired: false,
  },
  {
    kind: 'contacts',
    number: 21,
    label: '行政执法机关的办公电话、通信地址、电子邮箱、网址等',
    schema: 'contacts',
    basisRequired: false,
    attachmentRequired: false,
  },
  {
    kind: 'responsibility',
    number: 22,
    label: '行政执法责任制',
    schema: 'text',
    basisRequired: false,
    attachmentRequired: false,
  },
  {
    kind: 'other',
    number: 23,
    label: '其他应当公示的内容',
    schema: 'text',
    basisRequired: false,
    attachmentRequired: false,
  },
] as const satisfies readonly CatalogKindDefinition[];

export type CatalogKind = (typeof CATALOG_KINDS)[number]['kind'];
export const CATALOG_KIND_IDS = CATALOG_KINDS.map((k) => k.kind) as readonly CatalogKind[];

export function kindDefinition(kind: CatalogKind): CatalogKindDefinition {
  const found = CATALOG_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`no catalogue kind ${kind}`);
  return found;
}

export function isCatalogKind(value: string): value is CatalogKind {
  return (CATALOG_KIND_IDS as readonly string[]).includes(value);
}

// ---- the content of an item ----------------------------------------------------------------------------

/** 四平 §四(一)2: enforcement staff are public by law, by name, certificate and area (never by ID or phone). */
export interface StaffEntry {
  readonly name: string;
  /** 行政执法证件号. */
  readonly certificateNumber: string;
  /** 执法区域 or 执法类别. */
  readonly area: string;
  /**
   * R14 (长治 §四(一)): works as a 法制审核 reviewer. Internal: the compliance report sets the reviewers against
   * the 5 % of enforcement staff 长治 §四(一) asks for; the public catalogue lists staff without it.
   */
  readonly legalReviewer?: boolean;
}

/** 四平 §四(一) "明确抽查依据、抽查主体、抽查内容、抽查方式、抽查比例、抽查频次"; §四(五) adds 对象. */
export interface RandomInspectionRow {
  readonly basis: string;
  readonly subject: string;
  readonly object: string;
  readonly content: string;
  readonly method: string;
  readonly ratio: string;
  readonly frequency: string;
}

/** One matter of a power (a licence, a kind of penalty …): its name, its basis and what the law asks to show. */
export interface PowerMatter {
  readonly name: string;
  readonly basis: string;
  readonly details: string;
}

/** 四平 §四(一) "接受监督举报的地址、邮编、电话、邮箱", §四(四)21: the agency's own channels, all public. */
export interface ContactEntry {
  readonly name: string;
  readonly phone?: string;
  readonly address?: string;
  readonly postcode?: string;
  readonly email?: string;
  readonly website?: string;
}

export interface CatalogContent {
  readonly title: string;
  /** Free text; required for a `text` kind, an introduction for the others. */
  readonly body?: string;
  /** The laws, regulations, rules and normative documents the item rests on: law changes find items by it. */
  readonly legalBasis: readonly string[];
  readonly staff?: readonly StaffEntry[];
  readonly matters?: readonly PowerMatter[];
  readonly inspections?: readonly RandomInspectionRow[];
  readonly contacts?: readonly ContactEntry[];
}

// Flowcharts and model texts: a picture or a PDF, at most 10 MB each, 5 per revision.
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const ATTACHMENT_EXTENSIONS: Readonly<Record<AttachmentType, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/pdf': 'pdf',
};
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

/** An attachment as the submitter declares it; the file itself goes straight to the uploads bucket. */
export interface AttachmentDeclaration {
  readonly name: string;
  readonly contentType: AttachmentType;
  readonly size: number;
}

/** A declared attachment of a revision, with the key its upload is expected under. */
export interface Attachment extends AttachmentDeclaration {
  /** 1-based, in the order declared. */
  readonly n: number;
  readonly key: string;
}

/** Where the upload of a revision's attachment lives in the (private) uploads bucket. */
export function attachmentKey(itemId: string, revision: number, n: number): string {
  return `catalog/${itemId}/${revision}/${n}`;
}

/**
 * R2: what an approval binds of an attached file: the SHA-256 of the bytes the reviewer could download and, where
 * the uploads bucket keeps versions, the version holding them. The publisher copies exactly that, or nothing.
 */
export interface ApprovedFile {
  readonly n: number;
  /** 64 lowercase hex digits. */
  readonly sha256: string;
  /** Absent where the bucket keeps no versions (the local S3 server): then the SHA-256 alone binds the file. */
  readonly versionId?: string;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The SHA-256 of a file's bytes, as approvals record it (R2). */
export function fileSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function attachmentsOf(
  itemId: string,
  revision: number,
  declared: readonly AttachmentDeclaration[],
): Attachment[] {
  return declared.map((a, i) => ({
    n: i + 1,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    key: attachmentKey(itemId, revision, i + 1),
  }));
}

// ---- the item as Gongshi keeps it --------------------------------------------------------------------

export const CATALOG_STATUSES = ['pending_review', 'rejected', 'publishing', 'published'] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];

export interface CatalogRevision {
  readonly number: number;
  readonly content: CatalogContent;
  readonly attachments: readonly Attachment[];
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly review?: Review;
  /** R2: set by the approval of a revision with attachments, one per attachment in order. */
  readonly approvedFiles?: readonly ApprovedFile[];
}

// R10 (四平 §四(五) "新公布、修改、废止法律、法规、规章和规范性文件或者部门机构职能调整").
export const LAW_CHANGE_KINDS = [
  'law',
  'regulation',
  'rule',
  'normative_document',
  'reorganisation',
] as const;
export type LawChangeKind = (typeof LAW_CHANGE_KINDS)[number];
export const LAW_CHANGE_KIND_LABELS: Readonly<Record<LawChangeKind, string>> = {
  law: '法律',
  regulation: '法规',
  rule: '规章',
  normative_document: '规范性文件',
  reorganisation: '部门机构职能调整',
};

/** A law change an item has not yet been updated for: the deadline it runs against. */
export interface OpenLawChange {
  readonly lawChangeId: string;
  readonly title: string;
  readonly kind: LawChangeKind;
  readonly effectiveDate: LocalDate;
  /** When the law change was recorded: only a revision submitted after it answers it. */
  readonly recordedAt: string;
  readonly deadline: Deadline;
}

export interface CatalogItem {
  readonly id: string;
  readonly agencyId: string;
  readonly kind: CatalogKind;
  readonly status: CatalogStatus;
  /** Optimistic-concurrency counter: +1 on every event. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revisions: readonly CatalogRevision[];
  /** The revision awaiting review, if any. */
  readonly pendingRevision?: number;
  /** The revision the public side shows, or is being written with while `publishing`. */
  readonly publicRevision?: number;
  readonly publishedAt?: string;
  readonly lastPublishedAt?: string;
  /** R10: the law changes this item still has to be updated for, oldest recorded first. */
  readonly lawChanges: readonly OpenLawChange[];
}

export function catalogRevisionOf(
  item: CatalogItem,
  number: number | undefined,
): CatalogRevision | undefined {
  return number === undefined ? undefined : item.revisions.find((r) => r.number === number);
}

export function latestCatalogRevision(item: CatalogItem): CatalogRevision {
  const last = item.revisions.at(-1);
  if (!last) throw new Error(`catalogue item ${item.id} has no revision`);
  return last;
}

/** R10: the update deadline the item runs against: the earliest of its open law changes ("the earliest wins"). */
export function updateDueOf(item: Pick<CatalogItem, 'lawChanges'>): OpenLawChange | undefined {
  let earliest: OpenLawChange | undefined;
  for (const change of item.lawChanges) {
    if (!earliest || change.deadline.due < earliest.deadline.due) earliest = change;
  }
  return earliest;
}

/** R10: past the last day allowed (`due` is itself still on time). */
export function isOverdue(item: Pick<CatalogItem, 'lawChanges'>, today: LocalDate): boolean {
  const due = updateDueOf(item);
  return due !== undefined && due.deadline.due < today;
}

// ---- law changes ---------------------------------------------------------------------------------------

/**
 * R10 (四平 §四(五)): the affected items are updated within 20 working days of the day the law, regulation, rule
 * or normative document took effect or was repealed, or the agency was reorganised; that day is not counted.
 */
export function lawChangeDeadline(effectiveDate: LocalDate, calendar: WorkCalendar): Deadline {
  return catalogUpdateDeadline(effectiveDate, calendar);
}

export interface LawChange {
  readonly id: string;
  readonly agencyId: string;
  readonly title: string;
  readonly kind: LawChangeKind;
  readonly effectiveDate: LocalDate;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** The items it was recorded against. */
  readonly itemIds: readonly string[];
  /** When the items were found by their legal basis: the text searched for. */
  readonly legalBasisContains?: string;
  readonly deadline: Deadline;
}

/** Whether an item's legal basis mentions the text, however its width and spaces are written. */
export function citesBasis(content: CatalogContent, text: string): boolean {
  const needle = foldText(text);
  if (needle === '') return false;
  const bases = [...content.legalBasis, ...(content.matters ?? []).map((m) => m.basis)];
  bases.push(...(content.inspections ?? []).map((r) => r.basis));
  return bases.some((basis) => foldText(basis).includes(needle));
}

function foldText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

// ---- the rules of the content ---------------------------------------------------------------------------

const LIMITS = {
  title: 200,
  body: 20_000,
  basis: 500,
  bases: 50,
  field: 2_000,
  rows: 500,
  name: 200,
} as const;

/** What a submitter sends: the kind, the content, and the attachments they are about to upload. */
export interface CatalogInput {
  readonly kind: string;
  readonly title: string;
  readonly body?: string;
  readonly legalBasis: readonly string[];
  readonly staff?: readonly StaffEntry[];
  readonly matters?: readonly PowerMatter[];
  readonly inspections?: readonly RandomInspectionRow[];
  readonly contacts?: readonly ContactEntry[];
  readonly attachments?: readonly {
    readonly name: string;
    readonly contentType: string;
    readonly size: number;
  }[];
}

export interface ValidCatalogInput {
  readonly kind: CatalogKind;
  readonly content: CatalogContent;
  readonly attachments: readonly AttachmentDeclaration[];
}

/** Rows each structured schema holds, so a row of another shape is refused rather than silently kept. */
const ROWS_OF: Readonly<Record<CatalogSchema, keyof CatalogContent | undefined>> = {
  text: undefined,
  staff: 'staff',
  powers: 'matters',
  random_inspection_list: 'inspections',
  contacts: 'contacts',
};
const ROW_FIELDS = ['staff', 'matters', 'inspections', 'contacts'] as const;

// Eighteen digits with a check character, or fifteen: what a resident ID looks like inside a certificate number.
const ID_LIKE = /(?<![0-9０-９])[0-9０-９]{15,17}[0-9０-９XxＸｘ]?/u;
const MOBILE_LIKE = /(?<![0-9０-９])[1１][3-9３-９][0-9０-９]{9}(?![0-9０-９])/u;

/**
 * The input normalised (texts trimmed, empty optional texts dropped, unknown members dropped), or one
 * ValidationError listing every problem.
 */
export function validateCatalogInput(input: CatalogInput): ValidCatalogInput {
  const issues: ValidationIssue[] = [];
  const kind = input.kind;
  if (!isCatalogKind(kind)) {
    issues.push({
      code: 'invalid_kind',
      field: 'kind',
      message: `the kind must be one of the 23 items of 四平 §四(四): ${CATALOG_KIND_IDS.join(', ')}`,
    });
    throwIfIssues(issues);
  }
  const definition = kindDefinition(kind as CatalogKind);
  const text = (value: string, field: string, max: number, required: boolean): string => {
    const trimmed = value.trim();
    if (required && trimmed === '')
      issues.push({ code: 'required', field, message: `${field} must not be empty` });
    if ([...trimmed].length > max) {
      issues.push({
        code: 'too_long',
        field,
        message: `${field} is longer than ${max} characters`,
        params: { max },
      });
    }
    return trimmed;
  };
  const optional = (value: string | undefined, field: string, max: number = LIMITS.field) => {
    const trimmed = value === undefined ? '' : text(value, field, max, false);
    return trimmed === '' ? undefined : trimmed;
  };

  const title = text(input.title, 'title', LIMITS.title, true);
  const body = optional(input.body, 'body', LIMITS.body);
  if (definition.schema === 'text' && body === undefined) {
    issues.push({
      code: 'required',
      field: 'body',
      message: `an item of kind ${kind} is written as text (body)`,
    });
  }
  if (input.legalBasis.length > LIMITS.bases) {
    issues.push({ code: 'too_many', field: 'legalBasis', message: `at most ${LIMITS.bases} legal bases` });
  }
  const legalBasis = input.legalBasis
    .map((basis, i) => text(basis, `legalBasis[${i}]`, LIMITS.basis, true))
    .filter((basis) => basis !== '');
  // R10: the law asks to disclose the basis (依据) of these items; law changes also find items by it.
  if (definition.basisRequired && legalBasis.length === 0) {
    issues.push({
      code: 'required',
      field: 'legalBasis',
      message: `an item of kind ${kind} names at least one legal basis (法律、法规、规章或者规范性文件)`,
    });
  }

  const expected = ROWS_OF[definition.schema];
  for (const field of ROW_FIELDS) {
    const rows = input[field];
    if (rows === undefined) continue;
    if (field !== expected) {
      issues.push({
        code: 'field_not_allowed',
        field,
        message: `an item of kind ${kind} has no ${field}${expected ? `; it holds ${expected}` : ''}`,
      });
    } else if (rows.length > LIMITS.rows) {
      issues.push({ code: 'too_many', field, message: `at most ${LIMITS.rows} rows` });
    }
  }
  if (expected !== undefined && (input[expected as (typeof ROW_FIELDS)[number]]?.length ?? 0) === 0) {
    issues.push({
      code: 'required',
      field: expected,
      message: `an item of kind ${kind} lists at least one row`,
    });
  }

  const staff =
    expected === 'staff'
      ? input.staff?.map((entry, i) => {
          const certificateNumber = text(entry.certificateNumber, `staff[${i}].certificateNumber`, 40, true);
          // R4, R10: staff are public by name and certificate, never by a resident ID or a mobile number.
          if (ID_LIKE.test(certificateNumber) || MOBILE_LIKE.test(certificateNumber)) {
            issues.push({
              code: 'certificate_looks_personal',
              field: `staff[${i}].certificateNumber`,
              message:
                'a certificate number that is, or holds, a resident ID or a mobile number cannot be published; use the number printed on the 行政执法证',
            });
          }
          return {
            name: text(entry.name, `staff[${i}].name`, LIMITS.name, true),
            certificateNumber,
            area: text(entry.area, `staff[${i}].area`, LIMITS.field, true),
            ...(entry.legalReviewer === true ? { legalReviewer: true } : {}),
          };
        })
      : undefined;
  const matters =
    expected === 'matters'
      ? input.matters?.map((m, i) => ({
          name: text(m.name, `matters[${i}].name`, LIMITS.name, true),
          basis: text(m.basis, `matters[${i}].basis`, LIMITS.field, true),
          details: text(m.details, `matters[${i}].details`, LIMITS.body, false),
        }))
      : undefined;
  const inspections =
    expected === 'inspections'
      ? input.inspections?.map((row, i) => {
          const field = (name: keyof RandomInspectionRow) =>
            text(row[name], `inspections[${i}].${name}`, LIMITS.field, true);
          return {
            basis: field('basis'),
            subject: field('subject'),
            object: field('object'),
            content: field('content'),
            method: field('method'),
            ratio: field('ratio'),
            frequency: field('frequency'),
          };
        })
      : undefined;
  const contacts =
    expected === 'contacts'
      ? input.contacts?.map((c, i) => {
          const entry = {
            name: text(c.name, `contacts[${i}].name`, LIMITS.name, true),
            phone: optional(c.phone, `contacts[${i}].phone`, 100),
            address: optional(c.address, `contacts[${i}].address`),
            postcode: optional(c.postcode, `contacts[${i}].postcode`, 20),
            email: optional(c.email, `contacts[${i}].email`, 200),
            website: optional(c.website, `contacts[${i}].website`, 500),
          };
          if (!entry.phone && !entry.address && !entry.email && !entry.website) {
            issues.push({
              code: 'required',
              field: `contacts[${i}]`,
              message: 'a contact gives at least a phone, an address, an e-mail or a website',
            });
          }
          if (entry.website !== undefined && !/^https?:\/\/\S+$/u.test(entry.website)) {
            issues.push({
              code: 'invalid_url',
              field: `contacts[${i}].website`,
              message: 'a website is an http or https address',
            });
          }
          return withoutUndefined(entry) as ContactEntry;
        })
      : undefined;

  const attachments = checkAttachments(input.attachments ?? [], issues);
  if (definition.attachmentRequired && attachments.length === 0) {
    issues.push({
      code: 'attachment_required',
      field: 'attachments',
      message: `an item of kind ${kind} carries its chart as an attachment (PNG, JPEG or PDF)`,
    });
  }

  throwIfIssues(issues);
  const content: CatalogContent = {
    title,
    ...(body === undefined ? {} : { body }),
    legalBasis,
    ...(staff ? { staff } : {}),
    ...(matters ? { matters } : {}),
    ...(inspections ? { inspections } : {}),
    ...(contacts ? { contacts } : {}),
  };
  return { kind: kind as CatalogKind, content, attachments };
}

function checkAttachments(
  declared: NonNullable<CatalogInput['attachments']>,
  issues: ValidationIssue[],
): AttachmentDeclaration[] {
  if (declared.length > MAX_ATTACHMENTS) {
    issues.push({
      code: 'too_many',
      field: 'attachments',
      message: `at most ${MAX_ATTACHMENTS} attachments`,
    });
  }
  return declared.map((a, i) => {
    const name = a.name.trim();
    if (name === '' || [...name].length > LIMITS.name || /[/\\\p{Cc}]/u.test(name)) {
      issues.push({
        code: 'invalid_file_name',
        field: `attachments[${i}].name`,
        message: `a file name of 1–${LIMITS.name} characters without slashes or control characters`,
      });
    }
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(a.contentType)) {
      issues.push({
        code: 'invalid_content_type',
        field: `attachments[${i}].contentType`,
        message: `an attachment is one of ${ATTACHMENT_TYPES.join(', ')}`,
      });
    }
    if (!Number.isInteger(a.size) || a.size < 1 || a.size > MAX_ATTACHMENT_BYTES) {
      issues.push({
        code: 'invalid_size',
        field: `attachments[${i}].size`,
        message: `an attachment has 1 to ${MAX_ATTACHMENT_BYTES} bytes (10 MB)`,
      });
    }
    return { name, contentType: a.contentType as AttachmentType, size: a.size };
  });
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export interface LawChangeInput {
  readonly title: string;
  readonly kind: string;
  readonly effectiveDate: string;
  readonly itemIds?: readonly string[];
  readonly legalBasisContains?: string;
}

export interface ValidLawChangeInput {
  readonly title: string;
  readonly kind: LawChangeKind;
  readonly effectiveDate: LocalDate;
  readonly itemIds: readonly string[];
  readonly legalBasisContains?: string;
}

/** A law change takes effect at most this far ahead: the working-day calendar does not reach further. */
export const MAX_EFFECTIVE_AHEAD_DAYS = 366;

export function validateLawChangeInput(
  input: LawChangeInput,
  options: { readonly today: LocalDate; readonly latest: LocalDate },
): ValidLawChangeInput {
  const issues: ValidationIssue[] = [];
  const title = input.title.trim();
  if (title === '') issues.push({ code: 'required', field: 'title', message: 'title must not be empty' });
  if ([...title].length > LIMITS.title) {
    issues.push({
      code: 'too_long',
      field: 'title',
      message: `title is longer than ${LIMITS.title} characters`,
    });
  }
  if (!(LAW_CHANGE_KINDS as readonly string[]).includes(input.kind)) {
    issues.push({
      code: 'invalid_kind',
      field: 'kind',
      message: `the kind is one of ${LAW_CHANGE_KINDS.join(', ')}`,
    });
  }
  const { effectiveDate } = input;
  if (!isLocalDate(effectiveDate)) {
    issues.push({
      code: 'invalid_date',
      field: 'effectiveDate',
      message: 'effectiveDate must be a real calendar date written YYYY-MM-DD',
    });
  } else if (compareDates(effectiveDate, EARLIEST_DATE) < 0) {
    issues.push({
      code: 'date_out_of_range',
      field: 'effectiveDate',
      message: `the effective date ${effectiveDate} is before ${EARLIEST_DATE}`,
    });
  } else if (compareDates(effectiveDate, options.latest) > 0) {
    issues.push({
      code: 'date_out_of_range',
      field: 'effectiveDate',
      message: `the effective date ${effectiveDate} is more than ${MAX_EFFECTIVE_AHEAD_DAYS} days after today (${options.today})`,
    });
  }
  const itemIds = [...new Set(input.itemIds ?? [])];
  const legalBasisContains = input.legalBasisContains?.trim();
  if (itemIds.length === 0 && !legalBasisContains) {
    issues.push({
      code: 'required',
      field: 'itemIds',
      message: 'name the affected items (itemIds), or the legal basis they cite (legalBasisContains)',
    });
  }
  throwIfIssues(issues);
  return {
    title,
    kind: input.kind as LawChangeKind,
    effectiveDate: effectiveDate as LocalDate,
    itemIds,
    ...(legalBasisContains ? { legalBasisContains } : {}),
  };
}
