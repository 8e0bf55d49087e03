/**
 * RFC 9457 problem details. Every error a client sees is one of these, with a stable `code` to branch on;
 * validation problems also list every failing field.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

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
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
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
  constructor(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.extensions = extensions;
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

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return { type: problemType(code), title: TITLES[status] ?? 'Error', status, code, detail, ...extensions };
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
