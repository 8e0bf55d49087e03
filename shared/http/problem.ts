/**
 * RFC 9457 problem details. Every error a client sees is one of these, with a stable `code` to branch on;
 * validation problems also list every failing field. Agency staff and the public read `detail` and each
 * field's `message` in Chinese (messages-zh.ts, by code); the English a throw site wrote stays beside them as
 * `detailEn` and `messageEn`. `title` is the status's reason phrase, in English as HTTP names it.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { labelOf, type MessageParams, messageZh, writtenInChinese } from './messages-zh.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * Answers a problem in another form than problem+json, or undefined for problem+json: a person's browser that
 * posted a form gets a page saying what is wrong (R9's correction form).
 */
export type ProblemRenderer = (event: HttpEvent, problem: Problem) => HttpResult | undefined;

export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  /** In Chinese. */
  readonly message: string;
  /** The same in English, where the check that failed wrote one. */
  readonly messageEn?: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  /** In Chinese. */
  readonly detail?: string;
  /** The same in English, where the refusal wrote one (for logs and English-reading clients). */
  readonly detailEn?: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `urn:gongshi:problem:${code}`;
}

/** An HTTP-level refusal raised by the boundary itself (bad JSON, missing token, missing If-Match …). */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Values the Chinese sentence of `code` may use (messages-zh.ts); not part of the answer. */
  readonly params: MessageParams;
  constructor(
    status: number,
    code: string,
    detail: string,
    extensions: Record<string, unknown> = {},
    params: MessageParams = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.extensions = extensions;
    this.params = params;
  }
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/**
 * `detail` is the English a throw site wrote (or, rarely, a Chinese sentence of its own, kept as it is); the
 * answer says it in Chinese by `code`, and each field problem by its own code and the field's Chinese name.
 * `params` feed the Chinese sentence only; the extensions' own values (retryAfter, currentVersion …) do too.
 */
export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
  params: MessageParams = {},
): Problem {
  const { errors, ...rest } = extensions;
  const fields: FieldProblem[] | undefined = Array.isArray(errors) ? errors.map(inChinese) : undefined;
  const details = isRecord(rest.details) ? rest.details : {};
  const values: MessageParams = { ...rest, ...details, ...params };
  const first = fields?.[0];
  // A refusal of fields says its first problem, and how many more there are.
  const zh =
    first && isFieldProblem(first) && first.code === code
      ? `${first.message}${fields.length > 1 ? `（另有${fields.length - 1}处问题，见 errors）` : ''}`
      : writtenInChinese(detail)
        ? detail
        : messageZh(code, { ...values, ...labelled(values.field) });
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail: zh,
    ...(writtenInChinese(detail) ? {} : { detailEn: detail }),
    ...rest,
    ...(fields ? { errors: fields } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

function labelled(field: unknown): { label?: string } {
  const label = typeof field === 'string' ? labelOf(field) : undefined;
  return label === undefined ? {} : { label };
}

/**
 * A field problem with its message in Chinese: one already written in Chinese (the correction form's checks) or
 * already translated (zod's, request.ts) stays; an English one is said by its code and the field's name. An
 * issue's `params` feed the sentence and are not answered.
 */
function inChinese(item: unknown): FieldProblem {
  // Not a field problem at all: passed on as the throw site wrote it.
  if (!isFieldProblem(item)) return item as FieldProblem;
  const { params, ...rest } = item as FieldProblem & { params?: unknown };
  if (item.messageEn !== undefined || writtenInChinese(item.message)) return rest;
  const field = typeof item.field === 'string' ? item.field : '';
  return {
    ...rest,
    message: messageZh(item.code, { ...(isRecord(params) ? params : {}), ...labelled(field) }),
    messageEn: item.message,
  };
}

/** A 429's `retryAfter` (seconds) becomes the Retry-After header as well. */
export function retryAfterHeader(p: Problem): Record<string, string> {
  return typeof p.retryAfter === 'number' ? { 'retry-after': String(p.retryAfter) } : {};
}

export function problemResponse(
  p: Problem,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: p.status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      'cache-control': 'no-store',
      ...retryAfterHeader(p),
      ...headers,
    },
    body: JSON.stringify(p),
  };
}
