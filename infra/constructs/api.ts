import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, routeKey } from '../../shared/http/routes.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { isPublicRoute } from './public-api.ts';

/** Requests per second over the whole API, and the burst above it. */
export const API_THROTTLE = { rateLimit: 200, burstLimit: 400 } as const;

/**
 * Whose tokens the API accepts (ADR 0023): the data stack's Cognito user pool and its app clients (the people's,
 * and one per case system), or any OIDC issuer by configuration (a province's 统一身份认证 platform, Keycloak…).
 */
export type ApiIdentity =
  | { readonly kind: 'cognito'; readonly userPool: IUserPool; readonly clients: readonly IUserPoolClient[] }
  | { readonly kind: 'oidc'; readonly issuer: string; readonly audience: readonly string[] };

export interface ApiProps {
  readonly identity: ApiIdentity;
  readonly logRetention: RetentionDays;
}

/**
 * The HTTP API: one route per row of the shared route table that needs a token, each to its function, behind the
 * Cognito JWT authorizer (`addRoutes`, once the functions exist). The handlers check the role the row names (403);
 * the authorizer only proves who is calling, and the claim mapping (shared/http/claims.ts) reads who that is. The public rows are not here: they are served by the REST API behind
 * the web ACL (public-api.ts, ADR 0016), and an HTTP API cannot take a web ACL.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly #authorizer: HttpUserPoolAuthorizer | HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Gongshi: submit, review, correct and withdraw enforcement decisions',
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            responseLength: '$context.responseLength',
          }),
        ),
      },
    });

    const identity = props.identity;
    this.#authorizer =
      identity.kind === 'cognito'
        ? new HttpUserPoolAuthorizer('Staff', identity.userPool, { userPoolClients: [...identity.clients] })
        : new HttpJwtAuthorizer('Staff', identity.issuer, { jwtAudience: [...identity.audience] });
  }

  /** The API's own origin (execute-api), for the site's content security policy. */
  get origin(): string {
    return this.httpApi.apiEndpoint;
  }

  /** The API's address, with the trailing slash. */
  get url(): string {
    return this.stage.url;
  }

  /** Every row of the route table that needs a token, to the function it names; never a public one. */
  addRoutes(functions: ReadonlyMap<FunctionName, IFunction>): void {
    const authorizer = this.#authorizer;
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES.filter((r) => !isPublicRoute(r))) {
      const handler = functions.get(route.function);
      if (!handler) throw new Error(`no function ${route.function} for ${routeKey(route)}`);
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}-integration`, handler);
        integrations.set(route.function, integration);
      }
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer,
      });
    }
  }
}
