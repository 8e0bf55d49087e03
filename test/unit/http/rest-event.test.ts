/**
 * ADR 0016: on AWS the public routes come from a REST API (payload 1.0); the handlers read 2.0. The public
 * wrapper turns the one into the other and answers in the format it was called with.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as openapi } from '../../../functions/openapi/handler.ts';
import { fromRestEvent, isRestEvent, toRestResult } from '../../../shared/http/rest-event.ts';
import { ROUTES, routeKey } from '../../../shared/http/routes.ts';

/** A REST API proxy event as API Gateway sends it: headers as the client spelled them, the stage in the path. */
function restEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/v1/corrections/{id}',
    path: '/v1/corrections/CR1',
    httpMethod: 'GET',
    headers: {
      Accept: 'text/html',
      'User-Agent': 'Mozilla/5.0',
      Host: 'abc.execute-api.cn-north-1.amazonaws.com.cn',
    },
    multiValueHeaders: {
      Accept: ['text/html'],
      'User-Agent': ['Mozilla/5.0'],
      Host: ['abc.execute-api.cn-north-1.amazonaws.com.cn'],
      'X-Forwarded-For': ['203.0.113.9', '198.51.100.1'],
      Cookie: ['a=1; b=2'],
    },
    queryStringParameters: { lang: 'en' },
    multiValueQueryStringParameters: { lang: ['zh', 'en'] },
    pathParameters: { id: 'CR1' },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      authorizer: null,
      domainName: 'abc.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'abc',
      httpMethod: 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.9',
        user: null,
        userAgent: 'Mozilla/5.0',
        userArn: null,
      },
      path: '/public/v1/corrections/CR1',
      protocol: 'HTTP/1.1',
      requestId: 'req-1',
      requestTime: '07/Dec/2026:12:00:00 +0000',
      requestTimeEpoch: 1_796_644_800_000,
      resourceId: 'r1',
      resourcePath: '/v1/corrections/{id}',
      stage: 'public',
    },
    ...overrides,
  };
}

describe('the REST API event adapter', () => {
  it('tells a REST proxy event from an HTTP API one', () => {
    expect(isRestEvent(restEvent())).toBe(true);
    expect(isRestEvent(fromRestEvent(restEvent()))).toBe(false);
    expect(
      isRestEvent({ version: '2.0', routeKey: 'GET /v1/openapi.json', rawPath: '/v1/openapi.json' }),
    ).toBe(false);
    expect(isRestEvent(undefined)).toBe(false);
  });

  it('gives the handler payload 2.0: lower-case headers joined, cookies apart, the route key and the source address', () => {
    const event = fromRestEvent(restEvent());
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /v1/corrections/{id}');
    expect(event.rawPath).toBe('/v1/corrections/CR1');
    expect(event.rawQueryString).toBe('lang=zh&lang=en');
    expect(event.queryStringParameters).toEqual({ lang: 'zh,en' });
    expect(event.pathParameters).toEqual({ id: 'CR1' });
    expect(event.headers).toMatchObject({
      accept: 'text/html',
      'user-agent': 'Mozilla/5.0',
      'x-forwarded-for': '203.0.113.9,198.51.100.1',
    });
    expect(event.headers.Accept).toBeUndefined();
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    // The filing's rate per address reads this: the address API Gateway saw, not a header a client can write.
    expect(event.requestContext.http).toMatchObject({ method: 'GET', sourceIp: '203.0.113.9' });
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(event.body).toBeUndefined();
  });

  it('keeps a form post as the handler reads it', () => {
    const body = 'decisionId=D1&what=%E9%94%99';
    const event = fromRestEvent(
      restEvent({
        resource: '/v1/corrections',
        path: '/v1/corrections',
        httpMethod: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://site.example' },
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        body,
      }),
    );
    expect(event.routeKey).toBe('POST /v1/corrections');
    expect(event.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://site.example',
    });
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
  });

  it('names every public route of the route table by its own key', () => {
    for (const route of ROUTES.filter((r) => r.auth === 'public')) {
      const event = fromRestEvent(restEvent({ resource: route.path, httpMethod: route.method }));
      expect(event.routeKey).toBe(routeKey(route));
    }
  });

  it('answers as a REST proxy integration wants: a status, string headers, cookies as set-cookie, a body', () => {
    expect(toRestResult({ statusCode: 201, headers: { 'content-length': 2, x: true }, body: '{}' })).toEqual({
      statusCode: 201,
      headers: { 'content-length': '2', x: 'true' },
      body: '{}',
      isBase64Encoded: false,
    });
    expect(toRestResult({ cookies: ['a=1', 'b=2'] })).toEqual({
      statusCode: 200,
      headers: {},
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: '',
      isBase64Encoded: false,
    });
  });

  it('lets a public handler answer a REST event in kind, and an HTTP API event as before', async () => {
    const rest = await openapi(
      restEvent({ resource: '/v1/openapi.json', path: '/v1/openapi.json', pathParameters: null }),
    );
    expect(rest.statusCode).toBe(200);
    expect(rest.isBase64Encoded).toBe(false);
    expect(rest.headers?.['access-control-allow-origin']).toBe('*');
    const document = JSON.parse(rest.body);
    expect(document.openapi).toMatch(/^3\.1/);
    // The public operations are served where the document was fetched: the public stage, not the HTTP API.
    type Document = { paths: Record<string, Record<string, { servers?: unknown }>> };
    const operation = (doc: Document, route: (typeof ROUTES)[number]) =>
      doc.paths[route.path]?.[route.method.toLowerCase()];
    for (const route of ROUTES) {
      expect(operation(document, route)?.servers, routeKey(route)).toEqual(
        route.auth === 'public'
          ? [
              {
                url: 'https://abc.execute-api.cn-north-1.amazonaws.com.cn/public',
                description: 'the public routes',
              },
            ]
          : undefined,
      );
    }
    expect(document.servers).toEqual([{ url: '/' }]);

    // The local platform's (and an HTTP API's) $default stage: the document as it always was.
    const local = fromRestEvent(restEvent({ resource: '/v1/openapi.json', path: '/v1/openapi.json' }));
    const http = await openapi({ ...local, requestContext: { ...local.requestContext, stage: '$default' } });
    expect(http.statusCode).toBe(200);
    const plain = JSON.parse(http.body ?? '') as Document;
    for (const route of ROUTES) {
      expect(operation(plain, route), routeKey(route)).toBeDefined();
      expect(operation(plain, route)?.servers, routeKey(route)).toBeUndefined();
    }
  });
});
