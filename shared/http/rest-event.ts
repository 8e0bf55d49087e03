/**
 * ADR 0016: on AWS the public routes are served by an API Gateway REST API (the only kind a regional WAF web
 * ACL can sit in front of), whose Lambda proxy integration sends payload format 1.0; every handler reads the
 * HTTP API's payload 2.0. The public routes' wrapper (`anonymous`, functions/lib/handler.ts) turns the one
 * into the other on the way in and the answer back on the way out, so no handler knows which API called it.
 * The local platform sends 2.0, which passes untouched.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HttpEvent, HttpResult } from './problem.ts';

export type RestEvent = APIGatewayProxyEvent;
export type RestResult = APIGatewayProxyResult;

/** A REST API's proxy event (1.0) has `httpMethod` and `resource`; an HTTP API's (2.0) says `version: '2.0'`. */
export function isRestEvent(event: unknown): event is RestEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return e.version !== '2.0' && typeof e.httpMethod === 'string' && typeof e.resource === 'string';
}

/** Payload 2.0 joins the values of a repeated header or query parameter with commas; so does this. */
function joined(
  single: Readonly<Record<string, string | undefined>> | null,
  multi: Readonly<Record<string, readonly string[] | undefined>> | null,
  lowerCase: boolean,
): Record<string, string> {
  const result: Record<string, string> = {};
  const name = (n: string) => (lowerCase ? n.toLowerCase() : n);
  for (const [n, values] of Object.entries(multi ?? {})) {
    if (values && values.length > 0) result[name(n)] = values.join(',');
  }
  for (const [n, value] of Object.entries(single ?? {})) {
    if (value !== undefined && !(name(n) in result)) result[name(n)] = value;
  }
  return result;
}

function queryString(multi: Readonly<Record<string, readonly string[] | undefined>> | null): string {
  const search = new URLSearchParams();
  for (const [name, values] of Object.entries(multi ?? {})) {
    for (const value of values ?? []) search.append(name, value);
  }
  return search.toString();
}

/**
 * The same request as payload 2.0: header names in lower case (2.0's), cookies in their own list, the route key
 * from the REST resource (`POST /v1/corrections`, the route table's own key), the source address from the
 * REST identity. No authorizer: the public routes have none.
 */
export function fromRestEvent(event: RestEvent): HttpEvent {
  const headers = joined(event.headers, event.multiValueHeaders, true);
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const cookies = cookieHeader
    ? cookieHeader
        .split(';')
        .map((c) => c.trim())
        .filter(Boolean)
    : [];
  const query = joined(event.queryStringParameters, event.multiValueQueryStringParameters, false);
  const context = event.requestContext;
  const routeKey = `${event.httpMethod} ${event.resource}`;
  const http2: HttpEvent = {
    version: '2.0',
    routeKey,
    rawPath: event.path,
    rawQueryString: queryString(event.multiValueQueryStringParameters),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(event.pathParameters ? { pathParameters: { ...event.pathParameters } } : {}),
    ...(event.stageVariables ? { stageVariables: { ...event.stageVariables } } : {}),
    ...(event.body !== null && event.body !== undefined ? { body: event.body } : {}),
    isBase64Encoded: event.isBase64Encoded,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName ?? headers.host ?? '',
      domainPrefix: context.domainPrefix ?? (headers.host ?? '').split('.')[0] ?? '',
      http: {
        method: event.httpMethod,
        path: context.path,
        protocol: context.protocol,
        sourceIp: context.identity.sourceIp,
        userAgent: context.identity.userAgent ?? headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey,
      stage: context.stage,
      time: context.requestTime ?? '',
      timeEpoch: context.requestTimeEpoch,
    },
  } as HttpEvent;
  return http2;
}

/**
 * The answer as a REST proxy integration wants it: a status (2.0's default is 200), header values as strings,
 * 2.0's `cookies` as repeated `set-cookie` headers, and always a body.
 */
export function toRestResult(result: HttpResult): RestResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  const cookies = result.cookies ?? [];
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    ...(cookies.length > 0 ? { multiValueHeaders: { 'set-cookie': [...cookies] } } : {}),
    body: result.body ?? '',
    isBase64Encoded: result.isBase64Encoded ?? false,
  };
}
