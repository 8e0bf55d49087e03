/**
 * ADR 0024: the China stage (`-c partition=aws-cn`) and ADR 0023: the identity settings, as `cdk synth` builds them with
 * cdk-nag on. Each deployment is synthesized once (a synth takes seconds) and read by several tests.
 */
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CHINA_SERVICES, serviceOf } from '../../infra/china.ts';
import { readDeploymentConfig } from '../../infra/config.ts';
import { buildGongshi, type GongshiDeployment } from '../../infra/gongshi-app.ts';
import { ENV, FUNCTION_NAMES, rowOf } from '../../shared/manifest.ts';
import { newApp, type Resource, resourcesOf } from './deployment.ts';

interface Built {
  readonly app: App;
  readonly deployment: GongshiDeployment;
  readonly templates: readonly Template[];
  /** Every template as one string, for what must appear nowhere. */
  readonly text: string;
}

/** Synthesized with cdk-nag's checks: `app.synth()` throws on any finding, as `cdk synth` fails. */
function build(context: Record<string, unknown>): Built {
  const app = newApp({ '@aws-cdk/core:appMode': 'inmemory', ...context });
  const deployment = buildGongshi(
    app,
    readDeploymentConfig((key) => app.node.tryGetContext(key)),
  );
  app.synth();
  const templates = [deployment.data, deployment.app, deployment.monitoring].map((s) =>
    Template.fromStack(s),
  );
  return { app, deployment, templates, text: JSON.stringify(templates.map((t) => t.toJSON())) };
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

const ISSUER = 'https://sso.jl.gov.cn/realms/gongshi';
const CLAIMS = JSON.stringify({
  agency: [{ claim: 'org_code' }],
  roles: [{ claim: 'groups', prefix: '/gongshi/role/' }],
});
/** Ningxia, no ICP-filed domain: the province's portal mirrors the site. */
const mirrored = once(() =>
  build({
    partition: 'aws-cn',
    oidcIssuer: ISSUER,
    oidcAudience: 'gongshi,case-sys-1',
    claims: CLAIMS,
    siteUrl: 'https://gongshi.jl.gov.cn/',
  }),
);
/** Beijing (the region implies the partition), an ICP-filed domain with its IAM server certificate. */
const filed = once(() =>
  build({
    region: 'cn-north-1',
    oidcIssuer: ISSUER,
    oidcAudience: 'gongshi',
    domainName: 'gongshi.jl.gov.cn',
    iamCertificateId: 'ASCAEXAMPLEIAMCERT0001',
  }),
);
/** The global partition with Cognito and two case systems. */
const withCaseSystems = once(() =>
  build({
    caseSystems: JSON.stringify([
      { client: 'SP-CASES', agency: 'siping-gxj' },
      { client: 'CZ-CASES', agency: 'changzhi-gxj' },
    ]),
  }),
);

const resources = (built: Built, type: string): [string, Resource][] =>
  built.templates.flatMap((t) => resourcesOf(t, type));

describe('the China stage', () => {
  it.each([
    ['mirrored', mirrored],
    ['ICP-filed', filed],
  ])('synthesizes with cdk-nag clean and no arn:aws: anywhere (%s)', (_name, built) => {
    const { text, deployment } = built();
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).toMatch(/arn:aws-cn:|AWS::Partition/);
    for (const stack of [deployment.data, deployment.app, deployment.monitoring]) {
      expect(stack.region).toMatch(/^cn-north(west)?-1$/);
    }
  });

  it.each([
    ['mirrored', mirrored],
    ['ICP-filed', filed],
  ])('holds only services the China Regions have, each with its source (%s)', (_name, built) => {
    const types = new Set(
      built()
        .templates.flatMap((t) => Object.values(t.toJSON().Resources ?? {}))
        .map((r) => (r as Resource).Type),
    );
    const missing = [...types].filter(
      (type) => !type.startsWith('Custom::') && !CHINA_SERVICES[serviceOf(type)],
    );
    expect(missing).toEqual([]);
    for (const type of types) expect(type).not.toMatch(/^AWS::(Cognito|CertificateManager|SES)::/);
    for (const row of Object.values(CHINA_SERVICES))
      expect(row.source).toMatch(/^https:\/\/(docs\.)?amazonaws\.cn\/|^https:\/\/www\.amazonaws\.cn\//);
  });

  it('pins the stacks to Ningxia by default and to the region given', () => {
    expect(mirrored().deployment.app.region).toBe('cn-northwest-1');
    expect(filed().deployment.app.region).toBe('cn-north-1');
  });

  it('accepts the configured issuer with its audiences, and tells the API functions the claim mapping', () => {
    const [[, authorizer] = []] = resources(mirrored(), 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: ISSUER, Audience: ['gongshi', 'case-sys-1'] },
    });
    const functions = resources(mirrored(), 'AWS::Lambda::Function');
    const withClaims = functions.filter(
      ([, f]) => f.Properties?.Environment?.Variables?.[ENV.CLAIMS] === CLAIMS,
    );
    const httpFunctions = FUNCTION_NAMES.filter((name) => rowOf(name).trigger === 'http');
    expect(withClaims).toHaveLength(httpFunctions.length);
  });

  it('runs without X-Ray, on Graviton except where the secrets extension has no arm64 layer', () => {
    const functions = resources(mirrored(), 'AWS::Lambda::Function');
    for (const [id, fn] of functions)
      expect(fn.Properties?.TracingConfig?.Mode ?? 'PassThrough', id).not.toBe('Active');
    const x86 = functions.filter(([, fn]) => fn.Properties?.Architectures?.[0] === 'x86_64');
    const keyed = FUNCTION_NAMES.filter((name) => (rowOf(name).signingKey ?? 'none') === 'read');
    expect(x86).toHaveLength(keyed.length);
    for (const [, fn] of x86)
      expect(JSON.stringify(fn.Properties?.Layers)).toContain('Parameters-and-Secrets');
    expect(functions.length - x86.length).toBeGreaterThan(30);
  });

  it('without an ICP-filed domain serves nothing itself: no distribution, a read-only policy for the mirror', () => {
    const built = mirrored();
    expect(resources(built, 'AWS::CloudFront::Distribution')).toEqual([]);
    const [[, policy] = []] = resources(built, 'AWS::IAM::ManagedPolicy');
    const actions = policy?.Properties?.PolicyDocument.Statement.flatMap(
      (s: { Action: string | string[] }) => s.Action,
    );
    expect(actions.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    const outputs = built.deployment.app.node.findAll().map((c) => c.node.id);
    expect(outputs).toEqual(expect.arrayContaining(['SiteMirrorPolicyArn', 'SiteContentSecurityPolicy']));
    const site = built.deployment.app.site;
    expect(site.url).toBe('https://gongshi.jl.gov.cn/');
    expect(site.contentSecurityPolicy).toContain('https://*.s3.cn-northwest-1.amazonaws.com.cn');
  });

  it('with an ICP-filed domain: CloudFront China with the IAM certificate, an origin access identity, no policies', () => {
    const built = filed();
    const [[, distribution] = []] = resources(built, 'AWS::CloudFront::Distribution');
    const config = distribution?.Properties?.DistributionConfig;
    expect(config.Aliases).toEqual(['gongshi.jl.gov.cn']);
    expect(config.ViewerCertificate).toMatchObject({
      IamCertificateId: 'ASCAEXAMPLEIAMCERT0001',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(config.DefaultCacheBehavior.CachePolicyId).toBeUndefined();
    expect(config.DefaultCacheBehavior.ForwardedValues).toMatchObject({ QueryString: false });
    for (const type of ['CachePolicy', 'ResponseHeadersPolicy', 'OriginAccessControl']) {
      expect(resources(built, `AWS::CloudFront::${type}`), type).toEqual([]);
    }
    expect(resources(built, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(1);
    expect(built.deployment.app.site.url).toBe('https://gongshi.jl.gov.cn/');
  });
});

describe('case systems on Cognito (R13)', () => {
  it('each get a client-credentials app client with the case-system scope and its one agency, and no other flow', () => {
    const clients = resources(withCaseSystems(), 'AWS::Cognito::UserPoolClient');
    const machine = clients.filter(([, c]) =>
      c.Properties?.AllowedOAuthFlows?.includes('client_credentials'),
    );
    expect(machine.map(([, c]) => c.Properties?.ClientName).sort()).toEqual([
      'case-system-CZ-CASES',
      'case-system-SP-CASES',
    ]);
    for (const [, client] of machine) {
      expect(client.Properties?.AllowedOAuthFlows).toEqual(['client_credentials']);
      expect(client.Properties?.GenerateSecret).toBe(true);
      const scopes = JSON.stringify(client.Properties?.AllowedOAuthScopes);
      expect(scopes).toContain('/case-system');
      expect(scopes.match(/\/agency:/g)).toHaveLength(1);
    }
    const sp = machine.find(([, c]) => c.Properties?.ClientName === 'case-system-SP-CASES')?.[1];
    expect(JSON.stringify(sp?.Properties?.AllowedOAuthScopes)).toContain('/agency:siping-gxj');
  });

  it("leaves the people's client without any hosted-UI flow, now that the pool has a domain", () => {
    const clients = resources(withCaseSystems(), 'AWS::Cognito::UserPoolClient');
    const people = clients.filter(
      ([, c]) => !c.Properties?.AllowedOAuthFlows?.includes('client_credentials'),
    );
    expect(people).toHaveLength(1);
    expect(people[0]?.[1].Properties?.AllowedOAuthFlows).toBeUndefined();
    expect(people[0]?.[1].Properties?.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(resources(withCaseSystems(), 'AWS::Cognito::UserPoolDomain')).toHaveLength(1);
  });

  it('names every client, the case systems included, as an audience of the authorizer', () => {
    const [[, authorizer] = []] = resources(withCaseSystems(), 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties?.JwtConfiguration.Audience).toHaveLength(3);
  });
});
