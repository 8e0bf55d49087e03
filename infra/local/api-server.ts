/**
 * The local stand-in for API Gateway (HTTP API): the rows of ROUTES, the JWT authorizer (dev keys instead
 * of Cognito) and the Lambda proxy integration with payload format 2.0. Each handler receives the event a
 * Lambda behind the real API receives, claims flattened to strings included, so what passes here passes there.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';
import { configuredClaimMapping } from '../../shared/http/identity.ts';
import { PROBLEM_CONTENT_TYPE, problem } from '../../shared/http/problem.ts';
import { ROUTES, type RouteDefinition, routeKey } from '../../shared/http/routes.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { LOCAL_REGION } from './aws-config.ts';
import { type DevKeys, mintToken, verifyToken } from './dev-keys.ts';
import { DEV_SIGN_IN_PATH, parseDevSignIn } from './dev-sign-in.ts';
import { type ListeningServer, listen } from './ports.ts';

export type ApiHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface LocalLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface ApiServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly keys: DevKeys;
  readonly loadHandler: (name: FunctionName) => Promise<ApiHandler>;
  readonly logger?: LocalLogger;
  /**
   * The one origin allowed to call the API from a browser (the local site, which serves the console), as the
   * HTTP API's `corsPreflight` allows it; read on each request, since the site's port is known only once it listens.
   */
  readonly corsOrigin?: () => string | undefined;
  /**
   * `POST /dev/sign-in` (dev-sign-in.ts): tokens minted with the dev key for the console's sign-in. Only the local
   * platform turns it on; it is not in the route table, so it is never deployed.
   */
  readonly devSignIn?: boolean;
}

export type RunningApiServer = ListeningServer;

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout for HTTP APIs; the handler sees it through getRemainingTimeInMillis. */
const TIMEOUT_MS = 29_000;

const QUIET: LocalLogger = { info: () => {}, error: (message, error) => console.error(message, error ?? '') };

interface Match {
  readonly route: RouteDefinition;
  readonly pathParameters: Record<string, string>;
}

type RouteResult =
  | { readonly kind: 'match'; readonly match: Match }
  | { readonly kind: 'method'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const { keys, loadHandler, logger = QUIET } = options;
  const host = options.host ?? '127.0.0.1';
  // The handlers run in this process and read the claims through GONGSHI_CLAIMS as on AWS: a bad mapping stops
  // the start, as it fails a Lambda's cold start.
  configuredClaimMapping();
  const server = createServer((req, res) => {
    const started = Date.now();
    if (answerCors(req, res, options.corsOrigin?.())) {
      logger.info(`${req.method} ${req.url} → ${res.statusCode} (preflight)`);
      return;
    }
    const local = options.devSignIn === true ? localRoute(req, keys) : undefined;
    (local
      ? local.then((refusalOrToken) => writeLocal(res, refusalOrToken))
      : handle(req, res, keys, loadHandler, logger)
    )
      .catch((error: unknown) => {
        logger.error(`${req.method} ${req.url}: the local API failed`, error);
        if (!res.headersSent) writeProblem(res, new Refusal(500, 'internal_error', 'Internal Server Error'));
        else res.destroy();
      })
      .finally(() =>
        logger.info(`${req.method} ${req.url} → ${res.statusCode} (${Date.now() - started} ms)`),
      );
  });
  return listen(server, options.port, host);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  keys: DevKeys,
  loadHandler: (name: FunctionName) => Promise<ApiHandler>,
  logger: LocalLogger,
): Promise<void> {
  const requestId = randomUUID();
  res.setHeader('apigw-requestid', requestId);
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const method = req.method ?? 'GET';
  try {
    const found = matchRoute(method, rawPath);
    if (found.kind === 'none') throw new Refusal(404, 'not_found', `no route for ${method} ${rawPath}`);
    if (found.kind === 'method') {
      throw new Refusal(405, 'method_not_allowed', `${rawPath} does not accept ${method}`, {
        allow: found.allow.join(', '),
      });
    }
    const { route, pathParameters } = found.match;
    const claims = route.auth === 'jwt' ? await authorize(req, keys) : undefined;
    const body = await readBody(req);
    const event = buildEvent({
      req,
      route,
      rawPath,
      rawQueryString,
      pathParameters,
      body,
      claims,
      requestId,
    });
    let handler: ApiHandler;
    try {
      handler = await loadHandler(route.function);
    } catch (error) {
      logger.error(`${route.function}: the handler could not be loaded`, error);
      throw new Refusal(500, 'internal_error', `the handler of ${route.function} could not be loaded`);
    }
    let result: APIGatewayProxyResultV2;
    try {
      // Public routes have no authorizer on AWS either; their handlers do not read one.
      result = await handler(event as APIGatewayProxyEventV2WithJWTAuthorizer, lambdaContext(route.function));
    } catch (error) {
      logger.error(`${route.function} threw instead of answering`, error);
      throw new Refusal(500, 'internal_error', 'Internal Server Error');
    }
    writeResult(res, result);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    writeProblem(res, error);
  }
}

/** The headers of `corsPreflight` (infra: the HTTP API's CORS): the methods and headers the console sends. */
export const CORS_ALLOW_METHODS = 'GET, POST, PUT, OPTIONS';
export const CORS_ALLOW_HEADERS = 'authorization, content-type, if-match, idempotency-key';
export const CORS_EXPOSE_HEADERS = 'etag, location';
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * As API Gateway answers with `corsPreflight` configured: a preflight from the allowed origin is answered 204 here,
 * before any route; an actual request from it gets the allow-origin and expose headers on whatever it is answered.
 * Any other origin gets no CORS header, so its browser keeps the answer from its script. True when answered.
 */
function answerCors(req: IncomingMessage, res: ServerResponse, allowed: string | undefined): boolean {
  const origin = req.headers.origin;
  if (allowed === undefined || origin !== allowed) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    res.writeHead(204, {
      'access-control-allow-methods': CORS_ALLOW_METHODS,
      'access-control-allow-headers': CORS_ALLOW_HEADERS,
      'access-control-expose-headers': CORS_EXPOSE_HEADERS,
      'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
    });
    res.end();
    req.resume();
    return true;
  }
  res.setHeader('access-control-expose-headers', CORS_EXPOSE_HEADERS);
  return false;
}

/** The local platform's own routes (not in the route table): the dev sign-in; undefined for every other request. */
function localRoute(req: IncomingMessage, keys: DevKeys): Promise<Refusal | { token: string }> | undefined {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== DEV_SIGN_IN_PATH) return undefined;
  if (req.method !== 'POST') {
    req.resume();
    return Promise.resolve(
      new Refusal(405, 'method_not_allowed', `${DEV_SIGN_IN_PATH} does not accept ${req.method}`, {
        allow: 'POST',
      }),
    );
  }
  return readBody(req).then(
    (body) => devSignIn(keys, body),
    (error: unknown) => {
      if (error instanceof Refusal) return error;
      throw error;
    },
  );
}

async function devSignIn(keys: DevKeys, body: Buffer): Promise<Refusal | { token: string }> {
  const parsed = parseDevSignIn(body.toString('utf8'));
  if (!parsed.ok) return new Refusal(400, parsed.code, parsed.detail);
  return { token: await mintToken(keys, { agency: parsed.agency, roles: [parsed.role], user: parsed.user }) };
}

function writeLocal(res: ServerResponse, answer: Refusal | { token: string }): void {
  if (answer instanceof Refusal) {
    writeProblem(res, answer);
    return;
  }
  const body = JSON.stringify(answer);
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** API Gateway's choice among the routes: the method must match, then the most specific path wins. */
export function matchRoute(method: string, rawPath: string): RouteResult {
  const segments = rawPath.split('/');
  const candidates: { match: Match; score: number[] }[] = [];
  for (const route of ROUTES) {
    const pathParameters = matchPath(route.path.split('/'), segments);
    if (!pathParameters) continue;
    // A literal segment beats a parameter at the same place: POST /v1/decisions/batch is not {id}.
    const score = route.path.split('/').map((part) => (part.startsWith('{') ? 0 : 1));
    candidates.push({ match: { route, pathParameters }, score });
  }
  if (candidates.length === 0) return { kind: 'none' };
  const sameMethod = candidates.filter((c) => c.match.route.method === method);
  if (sameMethod.length === 0) {
    return { kind: 'method', allow: [...new Set(candidates.map((c) => c.match.route.method))].sort() };
  }
  sameMethod.sort((a, b) => compareScores(b.score, a.score));
  const best = sameMethod[0];
  return best ? { kind: 'match', match: best.match } : { kind: 'none' };
}

function matchPath(
  template: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i] ?? '';
    const segment = segments[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segment === '') return undefined;
      parameters[part.slice(1, -1)] = safeDecode(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return parameters;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function authorize(req: IncomingMessage, keys: DevKeys): Promise<Record<string, string>> {
  const header = req.headers.authorization;
  const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!token) throw new Refusal(401, 'unauthorized', 'a bearer token is required (npm run token)');
  try {
    return flattenClaims(await verifyToken(keys, token));
  } catch {
    // Like the authorizer: why a token is refused is not told to the caller.
    throw new Refusal(401, 'unauthorized', 'the bearer token is not valid');
  }
}

/**
 * API Gateway hands a JWT authorizer's claims to the integration as strings: numbers and booleans in their
 * text form, arrays as `[a b]`. Handlers must parse `cognito:groups` from that form, as they will on AWS.
 * (An object claim becomes its JSON text here; the claim mapping never reads one, identity.ts.)
 */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    flat[name] = Array.isArray(value) ? `[${value.map(scalarText).join(' ')}]` : scalarText(value);
  }
  return flat;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): Refusal {
  return new Refusal(413, 'payload_too_large', `the request body exceeds ${MAX_BODY_BYTES} bytes`);
}

/** Bodies API Gateway passes as text; everything else arrives base64-encoded. */
export function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/([\w.-]+\+)?(json|xml)$/.test(type) ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/javascript' ||
    type === 'application/x-ndjson'
  );
}

interface EventInput {
  readonly req: IncomingMessage;
  readonly route: RouteDefinition;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly pathParameters: Record<string, string>;
  readonly body: Buffer;
  readonly claims: Record<string, string> | undefined;
  readonly requestId: string;
}

function buildEvent(input: EventInput): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const { req, route, rawPath, rawQueryString, pathParameters, body, claims, requestId } = input;
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    // Payload 2.0 moves cookies out of the headers into their own list.
    if (name === 'cookie') cookies = values.flatMap((v) => v.split(';').map((c) => c.trim())).filter(Boolean);
    else headers[name] = values.join(',');
  }
  const socket = req.socket;
  const sourceIp = (socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-port'] ??= String(socket.localPort ?? '');
  headers['x-forwarded-proto'] ??= 'http';
  const domainName = headers.host ?? 'localhost';
  const now = new Date();
  const key = routeKey(route);
  const requestContext: APIGatewayEventRequestContextV2 = {
    accountId: 'local',
    apiId: 'local',
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: req.method ?? 'GET',
      path: rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey: key,
    stage: '$default',
    time: apiGatewayTime(now),
    timeEpoch: now.getTime(),
  };
  const query = queryParameters(rawQueryString);
  const textual = isTextual(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext,
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(body.length > 0 ? { body: body.toString(textual ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
  };
  if (!claims) return event;
  const scope = claims.scope;
  return {
    ...event,
    requestContext: {
      ...requestContext,
      authorizer: { jwt: { claims, scopes: scope ? scope.split(' ') : null } },
    },
  };
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    result[name] = name in result ? `${result[name]},${value}` : value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, as API Gateway writes `requestContext.time`. */
function apiGatewayTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

function lambdaContext(name: FunctionName): Context {
  const deadline = Date.now() + TIMEOUT_MS;
  const requestId = randomUUID();
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws-cn:lambda:${LOCAL_REGION}:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${day}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  // Without a statusCode API Gateway takes the whole result as a JSON body with status 200.
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies && result.cookies.length > 0) res.setHeader('set-cookie', result.cookies);
  res.statusCode = result.statusCode ?? 200;
  const body = result.body ?? '';
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function writeProblem(res: ServerResponse, refusal: Refusal): void {
  const body = JSON.stringify(problem(refusal.status, refusal.code, refusal.message));
  res.writeHead(refusal.status, {
    ...refusal.headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
