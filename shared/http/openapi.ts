/**
 * GET /v1/openapi.json: OpenAPI 3.1, generated from the route table and the zod schemas the handlers parse
 * with. Nothing here is written by hand but the prose.
 */
import * as z from 'zod/mini';
import type { FunctionName } from '../manifest.ts';
import { AnnualQuerySchema, AnnualReportSchema } from './annual-schemas.ts';
import {
  CatalogItemInputSchema,
  CatalogItemListSchema,
  CatalogItemViewSchema,
  CatalogListQuerySchema,
  CatalogReviewInputSchema,
  LawChangeInputSchema,
  LawChangeRecordedSchema,
} from './catalog-schemas.ts';
import { ROUTES } from './routes.ts';
import {
  AnsweredCorrectionRequestSchema,
  AnswerInputSchema,
  AuditTrailSchema,
  BatchInputSchema,
  BatchResultSchema,
  CalendarNoticeInputSchema,
  CalendarYearSchema,
  ComplianceQuerySchema,
  ComplianceReportSchema,
  CorrectionFilingSchema,
  CorrectionFormSchema,
  CorrectionListQuerySchema,
  CorrectionRequestListSchema,
  CorrectQuerySchema,
  DecisionInputSchema,
  DecisionListSchema,
  DecisionViewSchema,
  DiscardInputSchema,
  FiledCorrectionRequestSchema,
  FilingChallengeSchema,
  InventoryInputSchema,
  InventoryResultSchema,
  ListQuerySchema,
  PublicCorrectionRequestSchema,
  ReviewAnswerSchema,
  ReviewInputSchema,
  WithdrawalReviewInputSchema,
  WithdrawInputSchema,
} from './schemas.ts';

interface Io {
  readonly body?: z.ZodMiniType;
  /** `redirect`: See Other, to the Location header (no body). */
  readonly ok: readonly [number, z.ZodMiniType | 'openapi' | 'redirect'];
  readonly query?: z.ZodMiniObject;
  readonly headers?: readonly { name: string; required: boolean; description: string }[];
  readonly errors: readonly number[];
  /** The success answer is also offered as CSV (`format=csv` or `Accept: text/csv`). */
  readonly csv?: string;
  /** The body may also come as an HTML form post (`application/x-www-form-urlencoded`). */
  readonly form?: z.ZodMiniType;
  /** The success answer is also a page for people (`Accept: text/html`). */
  readonly html?: string;
  /** Further answers that are not problems: a redirect, say. */
  readonly more?: Readonly<Record<number, string>>;
  /** Who may call it beyond the route's roles, for the description. */
  readonly note?: string;
}

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag ("version") you read; a stale one is refused with 412',
};
// Every HTTP route's input and output; functions without a route (the stream publisher) have none.
const IO: Readonly<Partial<Record<FunctionName, Io>>> = {
  'submit-decision': {
    body: DecisionInputSchema,
    ok: [201, DecisionViewSchema],
    headers: [
      {
        name: 'Idempotency-Key',
        required: false,
        description: 'Retry safely: the same key and body give the same decision',
      },
    ],
    errors: [400, 401, 403, 409, 413, 415, 422],
  },
  'submit-batch': { body: BatchInputSchema, ok: [207, BatchResultSchema], errors: [400, 401, 403, 413, 415] },
  'report-inventory': {
    body: InventoryInputSchema,
    ok: [207, InventoryResultSchema],
    errors: [400, 401, 403, 413, 415],
  },
  'list-decisions': { query: ListQuerySchema, ok: [200, DecisionListSchema], errors: [400, 401, 403] },
  'get-decision': { ok: [200, DecisionViewSchema], errors: [401, 403, 404] },
  'correct-decision': {
    query: CorrectQuerySchema,
    body: DecisionInputSchema,
    ok: [200, DecisionViewSchema],
    headers: [{ ...IF_MATCH, required: true }],
    errors: [400, 401, 403, 404, 409, 412, 415, 422, 428],
  },
  'review-decision': {
    body: ReviewInputSchema,
    ok: [200, ReviewAnswerSchema],
    headers: [{ ...IF_MATCH, required: true }],
    errors: [400, 401, 403, 404, 409, 412, 415, 422, 428],
  },
  'withdraw-decision': {
    body: WithdrawInputSchema,
    ok: [200, DecisionViewSchema],
    headers: [{ ...IF_MATCH, required: true }],
    errors: [400, 401, 403, 404, 409, 412, 415, 422, 428],
  },
  'confirm-withdrawal': {
    body: WithdrawalReviewInputSchema,
    ok: [200, DecisionViewSchema],
    headers: [{ ...IF_MATCH, required: true }],
    errors: [400, 401, 403, 404, 409, 412, 415, 422, 428],
  },
  'reinstate-decision': {
    body: WithdrawalReviewInputSchema,
    ok: [200, DecisionViewSchema],
    headers: [{ ...IF_MATCH, required: true }],
    errors: [400, 401, 403, 404, 409, 412, 415, 422, 428],
  },
  'discard-decision': {
    body: DiscardInputSchema,
    ok: [200, DecisionViewSchema],
    headers: [{ ...IF_MATCH, required: true }],
    errors: [400, 401, 403, 404, 409, 412, 415, 422, 428],
  },
  'get-audit': { ok: [200, AuditTrailSchema], errors: [401, 403, 404] },
  openapi: { ok: [200, 'openapi'], errors: [] },
  // R9: correction requests. Anyone files and follows; the agency lists and answers.
  'file-correction-request': {
    body: CorrectionFilingSchema,
    form: CorrectionFormSchema,
    ok: [201, FiledCorrectionRequestSchema],
    more: {
      303: 'A form post was filed: See Other, to the status page (Location). A form post that cannot be filed is answered by an HTML page saying what to fix (400), or why not (404, 409, 429).',
    },
    errors: [400, 404, 409, 413, 415, 422, 429],
    note: 'No token. At most 5 filings per client address in 10 minutes and 50 open requests per decision (429 with Retry-After). Only published decisions take requests: an unknown or unpublished one is 404, a withdrawn one 409. Declared evidence files get presigned PUT URLs (exact Content-Type and Content-Length).',
  },
  'lookup-code': {
    ok: [303, 'redirect'],
    query: z.object({ q: z.string().check(z.describe('a code or a case number, as written')) }),
    errors: [400],
    note: "No token. `?q=` a unified social credit code, another public code or a case number, as written (spaces, brackets, full-width digits are ignored): See Other (Location) to the site page of the search index that lists it when it is published (ADR 0017). The front page's search form posts here when the browser runs no JavaScript.",
  },
  'issue-challenge': {
    ok: [200, FilingChallengeSchema],
    errors: [],
    note: 'No token. ADR 0016: the correction form solves one before it posts; a filing without one is taken at a lower rate per address and held out of the agency’s figures until answered.',
  },
  'get-correction-request': {
    ok: [200, PublicCorrectionRequestSchema],
    html: 'An accessible page in Chinese: status, deadline, the agency’s answer',
    errors: [404],
    note: 'No token. Never the requester’s contact or texts.',
  },
  'list-correction-requests': {
    query: CorrectionListQuerySchema,
    ok: [200, CorrectionRequestListSchema],
    errors: [400, 401, 403],
    note: 'Own agency; open requests (default) oldest first, with deadline and overdue flag.',
  },
  'answer-correction-request': {
    body: AnswerInputSchema,
    ok: [200, AnsweredCorrectionRequestSchema],
    headers: [
      {
        ...IF_MATCH,
        description: 'accept: the decision’s version that the correction corrects (required, 428 without)',
      },
    ],
    errors: [400, 401, 403, 404, 409, 412, 415, 422, 428],
    note: 'accept (submitters: it submits a correction, reviewed by someone else) or reject with reasons (submitters, reviewers).',
  },
  // R12: the supervision report; 422 when the period is longer than 366 days.
  'compliance-report': {
    query: ComplianceQuerySchema,
    ok: [200, ComplianceReportSchema],
    errors: [400, 401, 403, 422],
    csv: 'UTF-8 with BOM: one row per count, a blank line, then one row per decision with the counts it is behind; then one row per correction request filed in the period (R9) and one per catalogue item past its update deadline (R10)',
  },
  // R10: the pre-disclosure catalogue. 409 attachment_missing / 422 attachment_mismatch on an approval.
  'submit-catalog-item': {
    body: CatalogItemInputSchema,
    ok: [201, CatalogItemViewSchema],
    errors: [400, 401, 403, 413, 415, 422],
  },
  'list-catalog-items': {
    query: CatalogListQuerySchema,
    ok: [200, CatalogItemListSchema],
    errors: [400, 401, 403],
  },
  'get-catalog-item': { ok: [200, CatalogItemViewSchema], errors: [401, 403, 404] },
  'revise-catalog-item': {
    body: CatalogItemInputSchema,
    ok: [200, CatalogItemViewSchema],
    headers: [{ ...IF_MATCH, required: true }],
    errors: [400, 401, 403, 404, 409, 412, 413, 415, 422, 428],
  },
  'review-catalog-item': {
    body: CatalogReviewInputSchema,
    ok: [200, CatalogItemViewSchema],
    headers: [IF_MATCH],
    errors: [400, 401, 403, 404, 409, 412, 415, 422],
  },
  'record-law-change': {
    body: LawChangeInputSchema,
    ok: [201, LawChangeRecordedSchema],
    errors: [400, 401, 403, 409, 413, 415, 422],
  },
  // R5 (ADR 0013): 422 names the field (holidays.2027-02-05 statutory_holiday_missing …); nothing is stored.
  'put-calendar-year': {
    body: CalendarNoticeInputSchema,
    ok: [200, CalendarYearSchema],
    headers: [
      { ...IF_MATCH, description: 'Re-loading a year: the version you read (required then, 428 without)' },
    ],
    errors: [400, 401, 403, 404, 412, 413, 415, 422, 428],
    note: 'operators only. The year must be 2004–2099; from 2025 every statutory holiday of Decree 795 must be a day off.',
  },
  'get-calendar-year': { ok: [200, CalendarYearSchema], errors: [401, 403, 422] },
  // 政府信息公开条例 art. 49, 50: a year of the compliance report as the agency publishes it.
  'annual-report': {
    query: AnnualQuerySchema,
    ok: [200, AnnualReportSchema],
    errors: [400, 401, 403, 404, 422],
    csv: 'UTF-8 with BOM, one table: 类别, 项目, 数量, 指标代码 (the JSON path of the figure); file name 《…年度政府信息公开工作年度报告（行政执法信息公开部分）》 (RFC 6266 filename*)',
    html: 'A printable A4 page in Chinese with the figures in tables; no external resource (CSP: only its own inline style)',
    note: 'Agency staff see their own agency (another agency is 404); operators name any with `agency` (an unknown one is 404). A year before 2008 or not yet begun is 422; the current year is reported up to today (`complete: false`).',
  },
};

const ref = (schema: z.ZodMiniType) => {
  const id = z.globalRegistry.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : z.toJSONSchema(schema);
};

interface ObjectJson {
  readonly properties?: Record<string, { description?: string }>;
  readonly required?: readonly string[];
}

function queryParameters(schema: z.ZodMiniObject) {
  const root = z.toJSONSchema(schema) as ObjectJson & { $ref?: string; $defs?: Record<string, ObjectJson> };
  // A registered query schema comes back as a $ref into $defs; its parameters are the definition's.
  const json = root.$ref ? (root.$defs?.[root.$ref.slice('#/$defs/'.length)] ?? {}) : root;
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
    ...(property.description ? { description: property.description } : {}),
  }));
}

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const paths: Record<string, Record<string, object>> = {};
  for (const route of ROUTES) {
    const io = IO[route.function];
    if (!io) throw new Error(`no OpenAPI description for ${route.function}`);
    const [okStatus, okSchema] = io.ok;
    const parameters = [
      ...(route.path.includes('{id}')
        ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]
        : []),
      ...(route.path.includes('{year}')
        ? [{ name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } }]
        : []),
      ...(io.headers ?? []).map((h) => ({
        name: h.name,
        in: 'header',
        required: h.required,
        description: h.description,
        schema: { type: 'string' },
      })),
      ...(io.query ? queryParameters(io.query) : []),
    ];
    const responses: Record<string, object> = {
      [okStatus]:
        okSchema === 'redirect'
          ? {
              description: 'See Other',
              headers: {
                Location: { description: 'Where the answer is', schema: { type: 'string', format: 'uri' } },
              },
            }
          : {
              description: 'OK',
              content: {
                'application/json': {
                  schema: okSchema === 'openapi' ? { type: 'object' } : ref(okSchema as z.ZodMiniType),
                },
                ...(io.csv ? { 'text/csv': { schema: { type: 'string', description: io.csv } } } : {}),
                ...(io.html ? { 'text/html': { schema: { type: 'string', description: io.html } } } : {}),
              },
            },
    };
    for (const [status, description] of Object.entries(io.more ?? {})) responses[status] = { description };
    for (const status of io.errors) {
      responses[status] = {
        description: 'Problem',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const methods = paths[route.path] ?? {};
    methods[route.method.toLowerCase()] = {
      operationId: route.function.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
      summary: route.summary,
      ...(route.roles.length > 0 || io.note
        ? {
            description: [route.roles.length > 0 ? `Roles: ${route.roles.join(', ')}.` : '', io.note ?? '']
              .filter(Boolean)
              .join(' '),
          }
        : {}),
      security: route.auth === 'jwt' ? [{ bearer: [] }] : [],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(io.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: ref(io.body) },
                ...(io.form ? { 'application/x-www-form-urlencoded': { schema: ref(io.form) } } : {}),
              },
            },
          }
        : {}),
      responses,
    };
    paths[route.path] = methods;
  }
  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, object>;
  };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Gongshi 公示 API',
      version: '1.0.0',
      description:
        'Submit, review, correct and withdraw enforcement decisions; anyone may ask for a published one to be corrected (R9); keep the pre-disclosure catalogue (事前公开, R10) and record the law changes it must follow. Errors are RFC 9457 problem+json with a stable `code` (429 with Retry-After), their `detail` and each field’s `message` in Chinese and the English beside them as `detailEn` and `messageEn`; dates are YYYY-MM-DD in Asia/Shanghai.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas,
    },
    paths,
  };
  return cached;
}

/**
 * ADR 0016: on AWS the public routes are on another API than the others (a REST API stage behind the web ACL),
 * which also serves this document. Given the base the document was fetched from (`https://<id>.execute-api…
 * /public`), each public operation names it as its server (an operation, not a path: `/v1/corrections` has a
 * public POST and a GET that needs a token); the top-level `/` stays for the routes that need a token.
 * Without a base (the local platform serves every route on one port) the document is unchanged.
 */
export function openApiDocumentFor(publicBase: string | undefined): object {
  const document = openApiDocument() as { paths: Record<string, Record<string, object>> };
  if (!publicBase) return document;
  const paths = { ...document.paths };
  for (const route of ROUTES.filter((r) => r.auth === 'public')) {
    const method = route.method.toLowerCase();
    const item = paths[route.path];
    const operation = item?.[method];
    if (!item || !operation) continue;
    paths[route.path] = {
      ...item,
      [method]: { ...operation, servers: [{ url: publicBase, description: 'the public routes' }] },
    };
  }
  return { ...document, paths };
}
