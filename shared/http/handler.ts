/**
 * The middleware stack every HTTP handler shares: Powertools context and metrics, the caller's
 * claims and role (from the route table), and the error map last, so every failure is problem+json.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { FunctionName } from '../manifest.ts';
import { actorFromEvent, requireRole, type UserActor } from './claims.ts';
import { toProblem } from './error-map.ts';
import { logger, metrics } from './observability.ts';
import { type Problem, problemResponse } from './problem.ts';
import { ROUTES, type RouteDefinition } from './routes.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface HttpRequest {
  readonly event: HttpEvent;
  readonly route: RouteDefinition;
}
export interface AuthenticatedRequest extends HttpRequest {
  readonly actor: UserActor;
}

function routeOf(name: FunctionName): RouteDefinition {
  const route = ROUTES.find((r) => r.function === name);
  if (!route) throw new Error(`no route in the route table for ${name}`);
  return route;
}

/**
 * Answers a problem in another form than problem+json, or undefined for problem+json: a person's browser that
 * posted a form gets a page saying what is wrong (R9's correction form).
 */
export type ProblemRenderer = (event: HttpEvent, problem: Problem) => HttpResult | undefined;

/** Maps every error to problem+json (or the route's own rendering); only unexpected ones (500) are logged. */
function problemDetails(render?: ProblemRenderer): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      const problem = toProblem(request.error);
      if (problem.status >= 500) logger.error('unhandled error', { error: request.error as Error });
      request.response = render?.(request.event, problem) ?? problemResponse(problem);
    },
  };
}

/**
 * Work every HTTP invocation awaits before its handler runs: the composition root registers the refresh of
 * what a warm function keeps for a while and reads synchronously (the loaded calendar years, ADR 0013).
 */
const beforeEach: (() => Promise<void>)[] = [];

export function beforeEveryRequest(hook: () => Promise<void>): void {
  if (!beforeEach.includes(hook)) beforeEach.push(hook);
}

function wrap(
  name: FunctionName,
  run: (event: HttpEvent, route: RouteDefinition) => Promise<HttpResult>,
  render?: ProblemRenderer,
) {
  const route = routeOf(name);
  return (
    middy<HttpEvent, HttpResult, Error, Context>()
      // Never the event: request bodies hold what people send (R9: a requester's contact), whatever
      // POWERTOOLS_LOGGER_LOG_EVENT says.
      .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
      .use(logMetrics(metrics))
      .use(problemDetails(render))
      .handler(async (event) => {
        for (const hook of beforeEach) await hook();
        return run(event, route);
      })
  );
}

/** A route that needs a signed-in caller with one of the route table's roles. */
export function authenticated(
  name: FunctionName,
  fn: (request: AuthenticatedRequest) => Promise<HttpResult>,
) {
  return wrap(name, async (event, route) => {
    const actor = actorFromEvent(event);
    requireRole(actor, route.roles);
    return fn({ event, route, actor });
  });
}

/** A public route (no token). */
export function anonymous(
  name: FunctionName,
  fn: (request: HttpRequest) => Promise<HttpResult>,
  options: { readonly renderProblem?: ProblemRenderer } = {},
) {
  return wrap(name, async (event, route) => fn({ event, route }), options.renderProblem);
}
