/**
 * The catalogue's shapes at the HTTP boundary (R10), in zod/mini like schemas.ts: the handlers parse with them
 * and the OpenAPI document is generated from them. Shapes only: the rules of each kind are the domain's
 * (validateCatalogInput), which names every problem at once. Marked pure as schemas.ts says why.
 */
import * as z from 'zod/mini';
import {
  ATTACHMENT_TYPES,
  CATALOG_KIND_IDS,
  CATALOG_STATUSES,
  type CatalogInput,
  type CatalogKind,
  LAW_CHANGE_KINDS,
  type LawChangeInput,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  SHA256_HEX,
} from '../domain/catalog.ts';
import { parseWith } from './request.ts';
import { DateSchema } from './schemas.ts';

const KIND_IDS = CATALOG_KIND_IDS as unknown as readonly [CatalogKind, ...CatalogKind[]];
const text = /* @__NO_SIDE_EFFECTS__ */ (max: number, description?: string) =>
  z.string().check(z.maxLength(max), ...(description ? [z.describe(description)] : []));
/** Agency ids name the catalogue's pages on the site (catalog/<agency>/…): letters, digits, - and _. */
const agencyId = /* @__NO_SIDE_EFFECTS__ */ (description: string) =>
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'an agency id'), z.describe(description));
const rows = /* @__NO_SIDE_EFFECTS__ */ <S extends z.ZodMiniType>(row: S, max = 500) =>
  z.optional(z.array(row).check(z.maxLength(max)));

export const CatalogItemInputSchema = /* @__PURE__ */ z
  .strictObject({
    kind: z.enum(KIND_IDS).check(z.describe('one of the 23 items of 四平 §四(四); fixed once submitted')),
    title: text(200, '标题'),
    body: z.optional(text(20_000, '公示内容 (required for the free-text kinds)')),
    legalBasis: z
      .array(text(500))
      .check(
        z.maxLength(50),
        z.describe('依据: laws, regulations, rules, normative documents (law changes find items by it)'),
      ),
    staff: rows(
      z.strictObject({
        name: text(200, '姓名'),
        certificateNumber: text(40, '行政执法证件号 (never a resident ID or a phone number)'),
        area: text(2_000, '执法区域或类别'),
        // R14: a 法制审核 reviewer; internal, for the compliance report's share against 长治 §四's 5 %.
        legalReviewer: z.optional(z.boolean()),
      }),
    ),
    matters: rows(
      z.strictObject({
        name: text(200, '事项名称'),
        basis: text(2_000, '依据'),
        details: text(20_000, '条件、程序、期限、标准等'),
      }),
    ),
    inspections: rows(
      z.strictObject({
        basis: text(2_000, '抽查依据'),
        subject: text(2_000, '抽查主体'),
        object: text(2_000, '抽查对象'),
        content: text(2_000, '抽查内容'),
        method: text(2_000, '抽查方式'),
        ratio: text(2_000, '抽查比例'),
        frequency: text(2_000, '抽查频次'),
      }),
    ),
    contacts: rows(
      z.strictObject({
        name: text(200, '部门或窗口'),
        phone: z.optional(text(100, '办公电话')),
        address: z.optional(text(2_000, '通信地址')),
        postcode: z.optional(text(20, '邮政编码')),
        email: z.optional(text(200, '电子邮箱')),
        website: z.optional(text(500, '网址 (http or https)')),
      }),
      20,
    ),
    attachments: z.optional(
      z
        .array(
          z.strictObject({
            name: text(200, 'file name as the public will see it'),
            contentType: z.enum(ATTACHMENT_TYPES),
            size: z.int().check(z.gte(1), z.lte(MAX_ATTACHMENT_BYTES)),
          }),
        )
        .check(
          z.maxLength(MAX_ATTACHMENTS),
          z.describe('flowcharts and model texts: PUT each to its upload URL'),
        ),
    ),
  })
  .register(z.globalRegistry, {
    id: 'CatalogItemInput',
    description: 'A pre-disclosure catalogue item (R10): its kind, text, legal basis, rows and attachments',
  });

export const CatalogListQuerySchema = /* @__PURE__ */ z.strictObject({
  kind: z.optional(z.enum(KIND_IDS)),
  status: z.optional(z.enum(CATALOG_STATUSES)),
  limit: z.optional(z.string().check(z.regex(/^(100|[1-9]\d?)$/, 'a whole number from 1 to 100'))),
  cursor: z.optional(text(2_000)),
  agency: z.optional(agencyId('operators only: another agency')),
});

export const CatalogReviewInputSchema = /* @__PURE__ */ z
  .strictObject({ outcome: z.enum(['approve', 'reject']), comment: z.optional(text(2_000)) })
  .register(z.globalRegistry, { id: 'CatalogReviewInput' });

export const LawChangeInputSchema = /* @__PURE__ */ z
  .strictObject({
    title: text(200, '如《危险化学品安全管理条例》修订'),
    kind: z.enum(LAW_CHANGE_KINDS),
    effectiveDate: DateSchema.check(
      z.describe('the day it took effect or was repealed, or the reorganisation'),
    ),
    itemIds: z.optional(z.array(text(64)).check(z.maxLength(100), z.describe('the affected items'))),
    legalBasisContains: z.optional(text(500, 'or: every item whose legal basis cites this text')),
    agency: z.optional(agencyId('operators only: the agency it concerns')),
  })
  .register(z.globalRegistry, {
    id: 'LawChangeInput',
    description: 'R10: a law change or reorganisation, with the items it affects or the basis they cite',
  });

const DeadlineRef = /* @__PURE__ */ z.looseObject({
  kind: z.string(),
  due: DateSchema,
  explanation: z.string(),
});

const summaryShape = {
  id: z.string(),
  agencyId: z.string(),
  kind: z.string(),
  kindNumber: z.number(),
  kindLabel: z.string(),
  title: z.string(),
  status: z.enum(CATALOG_STATUSES),
  version: z.number(),
  underReview: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.nullable(z.string()),
  lastPublishedAt: z.nullable(z.string()),
  updateDue: z.nullable(DeadlineRef),
  overdue: z.boolean(),
};

export const CatalogItemSummarySchema = /* @__PURE__ */ z
  .looseObject(summaryShape)
  .register(z.globalRegistry, { id: 'CatalogItemSummary' });

export const CatalogItemListSchema = /* @__PURE__ */ z
  .object({ items: z.array(CatalogItemSummarySchema), cursor: z.optional(z.string()) })
  .register(z.globalRegistry, { id: 'CatalogItemList' });

const UploadSchema = /* @__PURE__ */ z.object({
  revision: z.number(),
  n: z.number(),
  name: z.string(),
  method: z.literal('PUT'),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});

const Sha256Schema = /* @__PURE__ */ z
  .string()
  .check(z.regex(SHA256_HEX), z.describe('SHA-256, 64 lowercase hex digits'));

/** R2: what an approval bound of an attached file. */
const ApprovedFileSchema = /* @__PURE__ */ z.object({
  n: z.number(),
  sha256: Sha256Schema,
  versionId: z.optional(z.string().check(z.describe('the uploads bucket’s version of the bytes approved'))),
});

const DownloadSchema = /* @__PURE__ */ z.object({
  method: z.literal('GET'),
  url: z.string().check(z.describe('presigned, valid for minutes; answers the bytes as an attachment')),
  expiresAt: z.string(),
});

export const CatalogItemViewSchema = /* @__PURE__ */ z
  .looseObject({
    ...summaryShape,
    content: z.looseObject({ title: z.string(), legalBasis: z.array(z.string()) }),
    attachments: z.array(
      z.looseObject({
        n: z.number(),
        name: z.string(),
        contentType: z.string(),
        size: z.number(),
        uploaded: z.nullable(z.boolean()),
        sha256: z
          .nullable(Sha256Schema)
          .check(
            z.describe(
              'R2: of the bytes the approval bound, once the revision is approved; else of those uploaded now (null: none, or not checked)',
            ),
          ),
        versionId: z
          .nullable(z.string())
          .check(
            z.describe('the uploads bucket’s version of those bytes (null where the bucket keeps none)'),
          ),
        download: z
          .nullable(DownloadSchema)
          .check(
            z.describe(
              'GET of a catalogue item, for its agency’s reviewers and submitters: a link to exactly those bytes',
            ),
          ),
      }),
    ),
    pendingRevision: z.nullable(z.number()),
    publicRevision: z.nullable(z.number()),
    lawChanges: z.array(z.looseObject({ lawChangeId: z.string(), title: z.string(), deadline: DeadlineRef })),
    allowedActions: z.array(z.string()),
    preview: z.looseObject({ id: z.string(), title: z.string() }),
    revisions: z.array(
      z.looseObject({
        number: z.number(),
        submittedBy: z.string(),
        submittedAt: z.string(),
        approvedFiles: z
          .nullable(z.array(ApprovedFileSchema))
          .check(z.describe('R2: what the approval of this revision bound of each attached file')),
      }),
    ),
    audit: z.object({
      verification: z.looseObject({ valid: z.boolean(), length: z.number() }),
      events: z.array(z.looseObject({ seq: z.number(), action: z.string(), hash: z.string() })),
    }),
    uploads: z
      .array(UploadSchema)
      .check(
        z.describe(
          'for the submitter: a URL per attachment not yet uploaded, valid 10 minutes; PUT with the headers given (If-None-Match: * among them: an uploaded file cannot be replaced)',
        ),
      ),
  })
  .register(z.globalRegistry, {
    id: 'CatalogItem',
    description: 'A catalogue item with its revisions, update deadline, preview, audit chain and upload URLs',
  });

export const LawChangeRecordedSchema = /* @__PURE__ */ z
  .object({
    lawChange: z.looseObject({
      id: z.string(),
      agencyId: z.string(),
      title: z.string(),
      kind: z.enum(LAW_CHANGE_KINDS),
      effectiveDate: DateSchema,
      itemIds: z.array(z.string()),
      deadline: DeadlineRef,
    }),
    items: z.array(CatalogItemSummarySchema),
  })
  .register(z.globalRegistry, {
    id: 'LawChangeRecorded',
    description: 'The law change and every item it put an update deadline on',
  });

/** The item body: the shape checked here, the rules of its kind then by the domain's validateCatalogInput. */
export function parseCatalogInput(value: unknown): CatalogInput {
  // zod's optional members read `T | undefined`; parsing never writes an absent member, as the domain expects.
  return parseWith(CatalogItemInputSchema, value, 'body') as unknown as CatalogInput;
}

export function parseLawChangeInput(value: unknown): LawChangeInput & { readonly agency?: string } {
  return parseWith(LawChangeInputSchema, value, 'body') as unknown as LawChangeInput & {
    readonly agency?: string;
  };
}
