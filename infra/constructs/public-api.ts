import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ROUTES, type RouteDefinition, routeKey } from '../../shared/http/routes.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { acknowledge } from '../nag.ts';

/** The routes anyone may call without a token: the route table's `public` rows, and no list of their own. */
export function isPublicRoute(route: Pick<RouteDefinition, 'auth'>): boolean {
  return route.auth === 'public';
}

export function publicRoutes(): readonly RouteDefinition[] {
  return ROUTES.filter(isPublicRoute);
}

/** The public stage's name: its URL is `https://<id>.execute-api.<region>.<suffix>/public/`. */
export const PUBLIC_STAGE_NAME = 'public';

/**
 * ADR 0016: requests from one client address in one evaluation window before the web ACL answers 429. The
 * filing function already allows 5 filings in 10 minutes per address; this is for reads and floods. A person
 * files, then looks at a status page a few times; 300 in 5 minutes is one request a second kept up for five
 * minutes, which no person behind even a busy carrier-grade NAT reaches on these three routes.
 */
export const PUBLIC_RATE_LIMIT = { requests: 300, windowSeconds: 300 } as const;
/** All sources together, on the public stage: enough for people, a ceiling on what a flood costs. */
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

/** The rate rule's name, which is also its CloudWatch metric name (the monitoring stack alarms on it). */
export const RATE_RULE_NAME = 'rate-per-source';
/** The web ACL's name, and its metric name too: the `WebACL` dimension of its metrics is the one as the other. */
export function webAclName(stage: string): string {
  return `gongshi-${stage}-public`;
}
export const RATE_LIMITED_BODY_KEY = 'rate_limited';

/**
 * The 429's body: a problem document like the API's own, `detail` in Chinese and `detailEn` in English (WAF sends it as `application/json`: a custom response
 * may only be plain text, HTML or JSON, and its content type cannot be set by a header).
 */
export const RATE_LIMITED_PROBLEM = {
  type: 'urn:gongshi:problem:rate_limited',
  title: 'Too Many Requests',
  status: 429,
  code: 'rate_limited',
  detail: `请求过于频繁，请${PUBLIC_RATE_LIMIT.windowSeconds / 60}分钟后再试。`,
  detailEn: `Too many requests from this address: try again in ${PUBLIC_RATE_LIMIT.windowSeconds / 60} minutes.`,
} as const;

/**
 * What API Gateway itself answers on the public stage, as problem documents like the functions' (its defaults
 * are `{"message": …}`): the stage's throttle of all sources together, and a request the web ACL blocked
 * without a response of its own (the managed rule groups).
 */
export const GATEWAY_PROBLEMS = [
  {
    id: 'Throttled',
    type: ResponseType.THROTTLED,
    status: 429,
    code: 'busy',
    detail: '请求过多，请稍后再试。',
    detailEn: 'Too many requests right now: try again in a minute.',
    retryAfter: '60',
  },
  {
    id: 'WafFiltered',
    type: ResponseType.WAF_FILTERED,
    status: 403,
    code: 'forbidden',
    detail: '请求被拒绝。',
    detailEn: 'The request was refused by the firewall.',
  },
] as const;

/**
 * AWS managed rule groups, after the rate rule: known bad sources, known bad inputs, then the common rule set,
 * whose body size rule only counts (`SizeRestrictions_BODY` blocks bodies over 8 KB, and a correction request
 * of 2,000 + 5,000 characters of Chinese posted as a form is over 60 KB; the function refuses what is too long,
 * with a message a person can act on).
 */
export const MANAGED_RULE_GROUPS = [
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: [] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: [] },
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
] as const satisfies readonly { name: string; countOnly: readonly string[] }[];

export interface PublicApiProps {
  readonly stage: string;
  readonly logRetention: RetentionDays;
}

/**
 * ADR 0016: the public routes on a REST API stage of their own (regional endpoint) with a regional WAF web
 * ACL: a rate-based rule per client address answering 429 before Lambda runs, and AWS managed rule groups.
 * Each public route is a Lambda proxy integration to its function (payload 1.0, which `anonymous` turns into
 * 2.0); the HTTP API has no public route, so nothing reaches these functions but through the web ACL.
 */
export class PublicApi extends Construct {
  readonly restApi: RestApi;
  readonly webAcl: CfnWebACL;
  readonly association: CfnWebACLAssociation;
  readonly webAclName: string;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Named by stage: API Gateway's metrics of a REST API are by name (ApiName), and two stages share an account.
    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: webAclName(props.stage),
      description: 'Gongshi public routes (correction requests, the OpenAPI document), behind a WAF web ACL',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      cloudWatchRole: false,
      deployOptions: {
        stageName: PUBLIC_STAGE_NAME,
        throttlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        throttlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            route: '$context.httpMethod $context.resourcePath',
            status: '$context.status',
            waf: '$context.wafResponseCode',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            responseLength: '$context.responseLength',
          }),
        ),
      },
    });
    acknowledge(
      this.restApi,
      'AwsSolutions-APIG2',
      'each handler validates its request against the shared schemas and answers problem+json, or a page in Chinese to a form post; an API Gateway model would answer in a format of its own and repeat the schemas',
    );
    acknowledge(
      this.restApi.deploymentStage,
      'AwsSolutions-APIG6',
      'every request is in the stage access log (with the WAF verdict) and every function logs to its own group; execution logging needs the account-wide API Gateway CloudWatch role, which this stack does not own',
    );

    for (const problem of GATEWAY_PROBLEMS) {
      this.restApi.addGatewayResponse(problem.id, {
        type: problem.type,
        statusCode: String(problem.status),
        responseHeaders: {
          'Content-Type': "'application/problem+json'",
          ...('retryAfter' in problem ? { 'Retry-After': `'${problem.retryAfter}'` } : {}),
        },
        templates: {
          'application/json': JSON.stringify({
            type: `urn:gongshi:problem:${problem.code}`,
            title: problem.status === 429 ? 'Too Many Requests' : 'Forbidden',
            status: problem.status,
            code: problem.code,
            detail: problem.detail,
            detailEn: problem.detailEn,
          }),
        },
      });
    }

    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    this.webAclName = webAclName(props.stage);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      description: 'Gongshi public routes: a rate per client address answered 429, AWS managed rule groups',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.webAclName),
      customResponseBodies: {
        [RATE_LIMITED_BODY_KEY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify(RATE_LIMITED_PROBLEM),
        },
      },
      rules: [
        {
          name: RATE_RULE_NAME,
          priority: 0,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: PUBLIC_RATE_LIMIT.requests,
              evaluationWindowSec: PUBLIC_RATE_LIMIT.windowSeconds,
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: RATE_LIMITED_BODY_KEY,
                responseHeaders: [{ name: 'retry-after', value: String(PUBLIC_RATE_LIMIT.windowSeconds) }],
              },
            },
          },
          visibilityConfig: visibility(RATE_RULE_NAME),
        },
        ...MANAGED_RULE_GROUPS.map((group, i) => ({
          name: group.name,
          priority: i + 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group.name,
              ...(group.countOnly.length > 0
                ? {
                    ruleActionOverrides: group.countOnly.map((name) => ({
                      name,
                      actionToUse: { count: {} },
                    })),
                  }
                : {}),
            },
          },
          visibilityConfig: visibility(group.name),
        })),
      ],
    });

    const stage = this.restApi.deploymentStage;
    this.association = new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    this.association.node.addDependency(stage);
  }

  /**
   * The public stage's address, with the trailing slash: the correction form posts under it. Built from the
   * API's id and the stage's name, not from the stage resource, which depends (through the deployment and its
   * methods) on the functions whose environment holds this address.
   */
  get url(): string {
    return `${this.origin}/${PUBLIC_STAGE_NAME}/`;
  }

  /** The REST API's own origin (execute-api), for the site's content security policy. */
  get origin(): string {
    const stack = Stack.of(this);
    return `https://${this.restApi.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }

  /** Every public row of the route table, to the function it names; nothing else. */
  addRoutes(functions: ReadonlyMap<FunctionName, IFunction>): readonly Method[] {
    const integrations = new Map<FunctionName, LambdaIntegration>();
    const methods: Method[] = [];
    for (const route of publicRoutes()) {
      const handler = functions.get(route.function);
      if (!handler) throw new Error(`no function ${route.function} for ${routeKey(route)}`);
      let integration = integrations.get(route.function);
      if (!integration) {
        // Invoked by this stage only: no permission for the console's test invocations, which skip the web ACL.
        integration = new LambdaIntegration(handler, { proxy: true, allowTestInvoke: false });
        integrations.set(route.function, integration);
      }
      const method = this.restApi.root
        .resourceForPath(route.path)
        .addMethod(route.method, integration, { authorizationType: AuthorizationType.NONE });
      const reason = `${routeKey(route)} is public by design (the route table marks it so): ${route.summary}; the web ACL limits each client address to ${PUBLIC_RATE_LIMIT.requests} requests in ${PUBLIC_RATE_LIMIT.windowSeconds / 60} minutes`;
      acknowledge(method, 'AwsSolutions-APIG4', reason);
      acknowledge(method, 'AwsSolutions-COG4', reason);
      methods.push(method);
    }
    return methods;
  }
}
