/**
 * Every handler's wrapper, in one place: `wrap` for the routes (Powertools context and metrics, the route table's
 * row, and the error map last, so every failure is problem+json), `anonymous` for the public ones (authenticated.ts
 * adds the caller's claims, role and registered agency), `scheduled` for the schedule table and `streamConsumer`
 * for the table's stream (Lambda context in the logs, the refresh hooks, the metrics flushed at the end).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { toProblem } from '../../shared/http/error-map.ts';
import {
  type HttpEvent,
  type HttpResult,
  type ProblemRenderer,
  problemResponse,
} from '../../shared/http/problem.ts';
import {
  fromRestEvent,
  isRestEvent,
  type RestEvent,
  type RestResult,
  toRestResult,
} from '../../shared/http/rest-event.ts';
import { ROUTES, type RouteDefinition } from '../../shared/http/routes.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { logger, metrics } from './observability.ts';
import { eventTime, type ScheduleEvent, type SweepContext, sweepDeadline } from './schedule-event.ts';

export type { HttpEvent, HttpResult, ProblemRenderer };

export interface HttpRequest {
  readonly event: HttpEvent;
  readonly route: RouteDefinition;
}

function routeOf(name: FunctionName): RouteDefinition {
  const route = ROUTES.find((r) => r.function === name);
  if (!route) throw new Error(`no route in the route table for ${name}`);
  return route;
}

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
 * Work every invocation awaits before its handler runs, HTTP, scheduled or stream: the composition root registers
 * the refresh of what a warm function keeps for a while and reads synchronously (the loaded calendar years,
 * ADR 0013).
 */
const beforeEach: (() => Promise<void>)[] = [];

export function beforeEveryInvocation(hook: () => Promise<void>): void {
  if (!beforeEach.includes(hook)) beforeEach.push(hook);
}

async function runHooks(): Promise<void> {
  for (const hook of beforeEach) await hook();
}

/** Powertools' Lambda context on every log line, when Lambda (not the local scheduler or a replay) gave one. */
function withContext(name: FunctionName, context: Partial<Context> | undefined): void {
  logger.resetKeys();
  if (context?.awsRequestId) logger.addContext(context as Context);
  logger.appendKeys({ function: name });
}

/** The part of the Lambda context a sweep reads; the local scheduler passes only this, or nothing. */
export type ScheduleContext = Partial<Context> & SweepContext;

/**
 * A scheduled function (the schedule table): "now" is the event's `time`, never the clock (any date can be
 * replayed); the run is bounded by the Lambda's remaining time (`deadlineMs`); the hooks run first, the metrics
 * are flushed last, whatever happens.
 */
export function scheduled<R>(
  name: FunctionName,
  run: (input: { readonly now: Date; readonly deadlineMs: number }) => Promise<R>,
) {
  return async (event: ScheduleEvent, context?: ScheduleContext): Promise<R> => {
    withContext(name, context);
    const now = eventTime(event);
    const deadlineMs = sweepDeadline(context);
    try {
      await runHooks();
      return await run({ now, deadlineMs });
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

/** A consumer of the table's stream (the stream consumers' table): the hooks first, the metrics flushed last. */
export function streamConsumer<E, R>(name: FunctionName, run: (event: E) => Promise<R>) {
  return async (event: E, context?: Partial<Context>): Promise<R> => {
    withContext(name, context);
    try {
      await runHooks();
      return await run(event);
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

export function wrap(
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
        await runHooks();
        return run(event, route);
      })
  );
}

/**
 * A public route's handler: called with payload 2.0 by the local platform and the tests, and on AWS by the
 * REST API behind the web ACL with payload 1.0 (ADR 0016), answered in the format it was called with.
 */
export interface PublicHandler {
  (event: HttpEvent, context?: Context): Promise<HttpResult>;
  (event: RestEvent, context?: Context): Promise<RestResult>;
}

/** A public route (no token). */
export function anonymous(
  name: FunctionName,
  fn: (request: HttpRequest) => Promise<HttpResult>,
  options: { readonly renderProblem?: ProblemRenderer } = {},
): PublicHandler {
  const handler = wrap(name, async (event, route) => fn({ event, route }), options.renderProblem);
  // The context goes on as given (the local platform and the tests may give none), as before.
  return (async (event: HttpEvent | RestEvent, context?: Context) =>
    isRestEvent(event)
      ? toRestResult(await handler(fromRestEvent(event), context as Context))
      : handler(event, context as Context)) as PublicHandler;
}
