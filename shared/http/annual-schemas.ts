/**
 * The annual report's shapes at the HTTP boundary (政府信息公开条例 art. 49, 50), in zod/mini like schemas.ts: the
 * handler parses its query with them and the OpenAPI document describes the answer with them. Marked pure as
 * schemas.ts says why.
 */
import * as z from 'zod/mini';
import { CATALOG_KIND_IDS, type CatalogKind, LAW_CHANGE_KINDS } from '../domain/catalog.ts';
import { ANSWER_OUTCOMES } from '../domain/correction-request.ts';
import { EXEMPTION_REASONS, WITHDRAW_REASONS } from '../domain/decision.ts';
import { DateSchema } from './schemas.ts';

const KIND_IDS = CATALOG_KIND_IDS as unknown as readonly [CatalogKind, ...CatalogKind[]];

export const AnnualQuerySchema = /* @__PURE__ */ z
  .strictObject({
    year: z
      .string()
      .check(
        z.regex(/^\d{4}$/, 'a year written YYYY'),
        z.describe(
          'the calendar year, Asia/Shanghai (required); the current year is reported up to today, a future one is 422',
        ),
      ),
    agency: z.optional(z.string().check(z.maxLength(100), z.describe('operators only: another agency'))),
    format: z.optional(
      z
        .enum(['json', 'csv', 'html'])
        .check(
          z.describe(
            'json (default), csv (one table: 类别, 项目, 数量, 指标代码) or html (a printable page in Chinese); also chosen by Accept',
          ),
        ),
    ),
  })
  .register(z.globalRegistry, { id: 'AnnualReportQuery' });

const counts = /* @__NO_SIDE_EFFECTS__ */ <K extends string>(keys: readonly [K, ...K[]]) =>
  z.record(z.enum(keys), z.number());

export const AnnualReportSchema = /* @__PURE__ */ z
  .object({
    agencyId: z.string(),
    agencyName: z.string(),
    year: z.number(),
    from: DateSchema,
    to: DateSchema,
    today: DateSchema,
    complete: z.boolean(),
    decisions: z.object({
      submitted: z.number(),
      published: z.number(),
      publishedOnTime: z.number(),
      publishedLate: z.number(),
      medianWorkingDaysToPublish: z.nullable(z.number()),
      pendingPastDeadline: z.number(),
      pendingWithinDeadline: z.number(),
      rejectedNotResubmitted: z.number(),
      discarded: z.number(),
      exempt: z.number(),
      exemptByReason: counts(EXEMPTION_REASONS),
      major: z.number(),
      majorWithLegalReview: z.number(),
      majorWithoutLegalReview: z.number(),
      refusedWithoutLegalReview: z.number(),
    }),
    withdrawals: z.object({ count: z.number(), late: z.number(), byReason: counts(WITHDRAW_REASONS) }),
    correctionRequests: z.object({
      filed: z.number(),
      answeredOnTime: z.number(),
      answeredLate: z.number(),
      openPastDeadline: z.number(),
      openWithinDeadline: z.number(),
      byOutcome: counts(ANSWER_OUTCOMES),
      held: z.number(),
    }),
    catalogue: z.object({
      lawChangesRecorded: z.number(),
      itemUpdatesOwed: z.number(),
      updatedOnTime: z.number(),
      updatedLate: z.number(),
      overdue: z.number(),
      pending: z.number(),
      staleToday: z.number(),
      lawChanges: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          kind: z.enum(LAW_CHANGE_KINDS),
          effectiveDate: DateSchema,
          recordedOn: DateSchema,
          due: DateSchema,
          items: z.number(),
          updatedOnTime: z.number(),
          updatedLate: z.number(),
          overdue: z.number(),
          pending: z.number(),
        }),
      ),
      updates: z.array(
        z.object({
          itemId: z.string(),
          kind: z.enum(KIND_IDS),
          lawChangeId: z.string(),
          due: DateSchema,
          updatedOn: z.nullable(DateSchema),
          status: z.enum(['on_time', 'late', 'overdue', 'pending']),
        }),
      ),
    }),
    notes: z.array(z.string()),
  })
  .register(z.globalRegistry, {
    id: 'AnnualReport',
    description:
      '政府信息公开条例 art. 49, 50: the enforcement section of an agency’s annual report on government information disclosure',
  });
