/**
 * ADR 0016: the public routes on a REST API stage of their own behind a regional WAF web ACL, and no way to
 * reach their functions but through it. Every expectation reads the synthesized templates.
 */
import { describe, expect, it } from 'vitest';
import {
  MANAGED_RULE_GROUPS,
  PUBLIC_RATE_LIMIT,
  PUBLIC_ROUTE_THROTTLE,
  PUBLIC_STAGE_NAME,
  RATE_RULE_NAME,
} from '../../infra/constructs/public-api.ts';
import { ROUTES, routeKey } from '../../shared/http/routes.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { logicalId, type Resource, resourcesOf, synthesize } from './deployment.ts';

describe('the public edge', () => {
  const deployment = synthesize({ stage: 'test' });
  const stack = deployment.app;
  const template = deployment.templates.app;
  // The table's own words decide what is public: no list here either.
  const publicRoutes = ROUTES.filter((route) => route.auth === 'public');
  const jwtRoutes = ROUTES.filter((route) => route.auth === 'jwt');
  const publicFunctions = new Set<FunctionName>(publicRoutes.map((route) => route.function));
  const fnId = (name: FunctionName) => {
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return logicalId(stack, fn.function);
  };
  const restApiId = logicalId(stack, stack.publicApi.restApi);
  const httpApiId = logicalId(stack, stack.api.httpApi);
  const stageId = logicalId(stack, stack.publicApi.restApi.deploymentStage);
  const [[webAclId, webAcl] = []] = resourcesOf(template, 'AWS::WAFv2::WebACL');
  const acl = webAcl?.Properties ?? {};
  type Json = NonNullable<Resource['Properties']>;
  type Rule = {
    Name: string;
    Priority: number;
    Statement: Json;
    Action?: Json;
    OverrideAction?: Record<string, unknown>;
    VisibilityConfig: {
      CloudWatchMetricsEnabled: boolean;
      MetricName: string;
      SampledRequestsEnabled: boolean;
    };
  };
  const rules = (acl.Rules ?? []) as Rule[];

  /** Each REST API method with the path its resources spell (`/v1/corrections/{id}`). */
  function restMethods(): { key: string; method: Resource }[] {
    const resources = Object.fromEntries(resourcesOf(template, 'AWS::ApiGateway::Resource'));
    const pathOf = (ref: unknown): string => {
      const id = (ref as { Ref?: string }).Ref;
      if (id === undefined) {
        expect(ref).toEqual({ 'Fn::GetAtt': [restApiId, 'RootResourceId'] });
        return '';
      }
      const resource = resources[id]?.Properties ?? {};
      return `${pathOf(resource.ParentId)}/${resource.PathPart}`;
    };
    return resourcesOf(template, 'AWS::ApiGateway::Method').map(([, method]) => ({
      key: `${method.Properties?.HttpMethod} ${pathOf(method.Properties?.ResourceId)}`,
      method,
    }));
  }

  it('has one web ACL, REGIONAL, allowing by default, metrics and samples on it and on every rule', () => {
    expect(resourcesOf(template, 'AWS::WAFv2::WebACL')).toHaveLength(1);
    expect(acl.Scope).toBe('REGIONAL');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    expect(acl.VisibilityConfig).toMatchObject({
      CloudWatchMetricsEnabled: true,
      SampledRequestsEnabled: true,
    });
    expect(acl.Name).toBe('gongshi-test-public');
    expect(acl.VisibilityConfig.MetricName).toBe(acl.Name);
    for (const rule of rules) {
      expect(rule.VisibilityConfig, rule.Name).toEqual({
        CloudWatchMetricsEnabled: true,
        MetricName: rule.Name,
        SampledRequestsEnabled: true,
      });
    }
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
  });

  it('answers 429 with a problem document once a client address goes over the limit, before any other rule', () => {
    const rate = rules.find((rule) => rule.Name === RATE_RULE_NAME);
    expect(rate?.Priority).toBe(Math.min(...rules.map((r) => r.Priority)));
    expect(rate?.Statement).toEqual({
      RateBasedStatement: { AggregateKeyType: 'IP', Limit: 300, EvaluationWindowSec: 300 },
    });
    expect(PUBLIC_RATE_LIMIT).toEqual({ requests: 300, windowSeconds: 300 });
    const response = rate?.Action?.Block?.CustomResponse;
    expect(response).toMatchObject({
      ResponseCode: 429,
      ResponseHeaders: [{ Name: 'retry-after', Value: '300' }],
    });
    const body = acl.CustomResponseBodies?.[response.CustomResponseBodyKey];
    expect(body?.ContentType).toBe('APPLICATION_JSON');
    const problem = JSON.parse(body.Content);
    expect(problem).toMatchObject({
      status: 429,
      code: 'rate_limited',
      type: 'urn:gongshi:problem:rate_limited',
    });
    expect(problem.detail).toMatch(/^请求过于频繁/);
    expect(problem.detailEn).toMatch(/Too many requests/);
  });

  it('runs the AWS managed rule groups after it, the body size rule counting only (forms of Chinese text pass 8 KB)', () => {
    const groups = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement);
    expect(groups.map((rule) => rule.Statement.ManagedRuleGroupStatement.Name)).toEqual(
      MANAGED_RULE_GROUPS.map((group) => group.name),
    );
    expect(groups.map((rule) => rule.Statement.ManagedRuleGroupStatement.Name)).toEqual(
      expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']),
    );
    for (const rule of groups) {
      expect(rule.OverrideAction).toEqual({ None: {} });
      expect(rule.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
    }
    const common = groups.find((rule) => rule.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common?.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it('associates the web ACL with the public stage of the REST API, a regional endpoint', () => {
    const associations = resourcesOf(template, 'AWS::WAFv2::WebACLAssociation');
    expect(associations).toHaveLength(1);
    const association = associations[0]?.[1].Properties ?? {};
    expect(association.WebACLArn).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    const arn = JSON.stringify(association.ResourceArn);
    expect(arn).toContain(`"Ref":"${restApiId}"`);
    expect(arn).toContain(`/stages/`);
    expect(arn).toContain(`"Ref":"${stageId}"`);
    const [[, restApi] = []] = resourcesOf(template, 'AWS::ApiGateway::RestApi');
    expect(restApi?.Properties?.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    const [[, stage] = []] = resourcesOf(template, 'AWS::ApiGateway::Stage');
    expect(stage?.Properties?.StageName).toBe(PUBLIC_STAGE_NAME);
    expect(stage?.Properties?.AccessLogSetting?.Format).toContain('$context.wafResponseCode');
    expect(stage?.Properties?.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
      }),
    ]);
  });

  it("answers API Gateway's own refusals on the public stage as problem documents", () => {
    const responses = resourcesOf(template, 'AWS::ApiGateway::GatewayResponse').map(
      ([, r]) => r.Properties ?? {},
    );
    const byType = Object.fromEntries(responses.map((r) => [r.ResponseType, r]));
    expect(byType.THROTTLED).toMatchObject({
      StatusCode: '429',
      ResponseParameters: {
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Retry-After': "'60'",
      },
    });
    expect(JSON.parse(byType.THROTTLED.ResponseTemplates['application/json'])).toMatchObject({ status: 429 });
    expect(byType.WAF_FILTERED).toMatchObject({ StatusCode: '403' });
    expect(JSON.parse(byType.WAF_FILTERED.ResponseTemplates['application/json'])).toMatchObject({
      status: 403,
      code: 'forbidden',
      detail: '请求被拒绝。',
      detailEn: expect.stringMatching(/firewall/),
    });
  });

  it('serves every public route of the route table on the REST API, each to its function, and no JWT route', () => {
    const methods = restMethods();
    expect(methods.map((m) => m.key).sort()).toEqual(publicRoutes.map(routeKey).sort());
    for (const route of publicRoutes) {
      const found = methods.find((m) => m.key === routeKey(route))?.method.Properties ?? {};
      expect(found.AuthorizationType, routeKey(route)).toBe('NONE');
      expect(found.Integration.Type).toBe('AWS_PROXY');
      expect(found.Integration.IntegrationHttpMethod).toBe('POST');
      expect(JSON.stringify(found.Integration.Uri)).toContain(fnId(route.function));
    }
    for (const route of jwtRoutes) {
      expect(
        methods.some((m) => m.key === routeKey(route)),
        routeKey(route),
      ).toBe(false);
    }
  });

  it('keeps every public route off the HTTP API: only JWT routes there, and no catch-all', () => {
    const keys = resourcesOf(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties?.RouteKey);
    expect(keys.sort()).toEqual(jwtRoutes.map(routeKey).sort());
    for (const route of publicRoutes) expect(keys, routeKey(route)).not.toContain(routeKey(route));
    expect(keys.some((key) => key === '$default' || key.includes('{proxy+}'))).toBe(false);
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    for (const name of publicFunctions) {
      expect(
        integrations.some(([, i]) => JSON.stringify(i.Properties?.IntegrationUri).includes(fnId(name))),
        name,
      ).toBe(false);
    }
  });

  it('lets only the public stage of the REST API invoke a public function, and only the HTTP API the others', () => {
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties?.Principal === 'apigateway.amazonaws.com',
    );
    for (const name of publicFunctions) {
      const own = permissions.filter(([, p]) =>
        JSON.stringify(p.Properties?.FunctionName).includes(fnId(name)),
      );
      expect(own.length, name).toBeGreaterThan(0);
      for (const [id, permission] of own) {
        const source = JSON.stringify(permission.Properties?.SourceArn);
        // This API, this stage (no test-invoke-stage: the console's test calls would skip the web ACL).
        expect(source, id).toContain(`"Ref":"${restApiId}"`);
        expect(source, id).toContain(`"Ref":"${stageId}"`);
        expect(source, id).not.toContain('test-invoke-stage');
        expect(source, id).not.toContain(httpApiId);
      }
    }
    const others = permissions.filter(([, p]) =>
      [...publicFunctions].every((name) => !JSON.stringify(p.Properties?.FunctionName).includes(fnId(name))),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const [id, permission] of others) {
      const source = JSON.stringify(permission.Properties?.SourceArn);
      expect(source, id).toContain(`"Ref":"${httpApiId}"`);
      expect(source, id).not.toContain(restApiId);
    }
  });

  it('tells the functions, the site and the operator the public stage as the address of the public routes', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    const withApiUrl = functions.filter(
      ([, f]) => f.Properties?.Environment?.Variables?.API_URL !== undefined,
    );
    expect(withApiUrl.length).toBeGreaterThan(0);
    for (const [id, fn] of withApiUrl) {
      const url = JSON.stringify(fn.Properties?.Environment?.Variables?.API_URL);
      expect(url, id).toContain(`"Ref":"${restApiId}"`);
      expect(url, id).toContain(`/${PUBLIC_STAGE_NAME}/`);
      expect(url, id).not.toContain(httpApiId);
    }
    const policies = resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(
      policies.map(([, p]) => p.Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig),
    );
    expect(csp).toContain('form-action');
    expect(csp).toContain(restApiId);
    template.hasOutput('PublicApiUrl', {});
  });
});
