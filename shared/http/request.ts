/** Reading an API Gateway v2 request at the boundary: body, query, preconditions. Every refusal is a 4xx. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { DecisionContent } from '../domain/decision.ts';
import { isFieldName, shapeMessageZh } from './messages-zh.ts';
import { HttpProblem } from './problem.ts';
import { DecisionInputSchema } from './schemas.ts';

/** A batch of 100 full decisions fits; anything larger is refused before it is parsed. */
export const MAX_BODY_BYTES = 1_048_576;

export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const type = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!/^application\/(?:[\w.+-]+\+)?json\b/.test(type)) {
    throw new HttpProblem(415, 'unsupported_media_type', 'send the body as application/json');
  }
  if (event.body === undefined || event.body === '')
    throw new HttpProblem(400, 'body_required', 'a JSON body is required');
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpProblem(413, 'payload_too_large', `the body must not exceed ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpProblem(400, 'malformed_json', 'the body is not valid JSON');
  }
}

let english: z.core.$ZodErrorMap | undefined;

/** zod's English, but a key the caller sent is named only when it reads as a field name (messages-zh.ts). */
function englishOf(): z.core.$ZodErrorMap {
  const locale = en().localeError;
  return (issue) =>
    issue.code === 'unrecognized_keys' && !issue.keys.every(isFieldName)
      ? 'Unrecognized keys'
      : locale(issue);
}

export function parseWith<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query',
): z.output<S> {
  // zod/mini says only "Invalid input" by itself; its English locale says what was expected (messageEn).
  english ??= englishOf();
  const result = z.safeParse(schema, value, { error: english });
  if (result.success) return result.data;
  throw new HttpProblem(
    400,
    'invalid_request',
    `the ${where} does not have the expected shape`,
    {
      errors: result.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.');
        return { field, code: issue.code, message: shapeMessageZh(issue, field), messageEn: issue.message };
      }),
    },
    { where },
  );
}

export function queryOf(event: APIGatewayProxyEventV2): Record<string, string> {
  return { ...(event.queryStringParameters ?? {}) } as Record<string, string>;
}

/** `If-Match: "3"` (also W/"3" or 3) → 3; absent or `*` → undefined. A quote left open (`"3`) is no ETag: 400. */
export function ifMatchOf(event: APIGatewayProxyEventV2): number | undefined {
  const value = event.headers?.['if-match']?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  const match = /^(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))$/.exec(value);
  if (!match)
    throw new HttpProblem(
      400,
      'invalid_if_match',
      'If-Match must be an ETag this API gave (the version), e.g. "3"',
    );
  return Number(match[1] ?? match[2]);
}

export function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new HttpProblem(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key must be 1–200 visible ASCII characters',
    );
  }
  return key;
}

export function pathId(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.id;
  // Ids are ours (26 characters of Crockford base32); anything else cannot exist (decision or catalogue item).
  if (!id || !/^[0-9A-Za-z_-]{1,64}$/.test(id)) throw new HttpProblem(404, 'not_found', 'no such record');
  return id;
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The decision body: the shape checked here; the brands (real dates, ids) are then established by the
 * domain's validateDecisionContent, which every use case runs before anything is decided.
 */
export function parseDecisionInput(value: unknown): DecisionContent {
  return parseWith(DecisionInputSchema, value, 'body') as unknown as DecisionContent;
}
