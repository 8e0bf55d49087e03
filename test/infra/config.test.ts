import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, LOG_RETENTION_DAYS, placementOf, readDeploymentConfig } from '../../infra/config.ts';
import { FUNCTION_NAMES } from '../../shared/manifest.ts';
import { resourcesOf, synthesize } from './deployment.ts';

/** The settings as `-c key=value` would give them: a lookup of the context. */
function read(context: Record<string, unknown>) {
  return readDeploymentConfig((key) => context[key]);
}

/** The error `read` throws, for the assertions on its message. */
function problemsWith(context: Record<string, unknown>): string {
  try {
    read(context);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(context)} was accepted`);
}

const DOMAIN = 'gongshi.example.gov.cn';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123';

describe('the deployment settings', () => {
  it('default to the dev stage, a year of logs and ten years of archive lock', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      logRetentionDays: 365,
      archiveLockDays: 3653,
      archiveLockMode: 'GOVERNANCE',
    });
  });

  it('treat an empty value as not given', () => {
    expect(read({ stage: '', alarmEmail: '', logRetentionDays: '' })).toEqual(read({}));
  });

  it('take numbers as the strings the command line gives, and as numbers', () => {
    expect(read({ logRetentionDays: '30', archiveLockDays: '400' })).toMatchObject({
      logRetentionDays: 30,
      archiveLockDays: 400,
    });
    expect(read({ logRetentionDays: 30, archiveLockDays: 400 })).toMatchObject({
      logRetentionDays: 30,
      archiveLockDays: 400,
    });
  });

  it('refuse an object lock mode S3 does not have (ADR 0022)', () => {
    expect(() => read({ archiveLockMode: 'LEGAL_HOLD' })).toThrow(/archiveLockMode/);
  });

  it('take every retention CloudWatch Logs offers', () => {
    for (const days of LOG_RETENTION_DAYS)
      expect(read({ logRetentionDays: String(days) }).logRetentionDays).toBe(days);
  });

  it('take every setting together', () => {
    expect(
      read({
        stage: 'prod',
        alarmEmail: 'ops@example.gov.cn',
        logRetentionDays: '731',
        archiveLockDays: '3653',
        archiveLockMode: 'COMPLIANCE',
        domainName: DOMAIN,
        certificateArn: CERTIFICATE,
      }),
    ).toEqual({
      stage: 'prod',
      alarmEmail: 'ops@example.gov.cn',
      logRetentionDays: 731,
      archiveLockDays: 3653,
      archiveLockMode: 'COMPLIANCE',
      domainName: DOMAIN,
      certificateArn: CERTIFICATE,
    });
  });

  it('read only the keys they know from the context', () => {
    const asked: string[] = [];
    readDeploymentConfig((key) => {
      asked.push(key);
      return undefined;
    });
    expect(asked).toEqual([...CONTEXT_KEYS]);
  });

  it.each([
    ['stage', { stage: 'Prod' }],
    ['stage', { stage: '1st' }],
    ['stage', { stage: 'a-very-long-stage-name-indeed' }],
    ['logRetentionDays', { logRetentionDays: '31' }],
    ['logRetentionDays', { logRetentionDays: 31 }],
    ['logRetentionDays', { logRetentionDays: 'a year' }],
    ['archiveLockDays', { archiveLockDays: '0' }],
    ['archiveLockDays', { archiveLockDays: '1.5' }],
    ['alarmEmail', { alarmEmail: 'ops' }],
    ['alarmEmail', { alarmEmail: 'ops@' }],
    ['domainName', { domainName: 'Gongshi.Example.gov.cn', certificateArn: CERTIFICATE }],
    [
      'certificateArn',
      { certificateArn: 'arn:aws:acm:cn-north-1:123456789012:certificate/abc-123', domainName: DOMAIN },
    ],
    [
      'certificateArn',
      { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123', domainName: DOMAIN },
    ],
    ['certificateArn', { certificateArn: 'not-an-arn', domainName: DOMAIN }],
  ])('name %s in the error when it is wrong: %j', (key, context) => {
    const message = problemsWith(context);
    expect(message).toMatch(/^the deployment settings are not valid:/);
    expect(message).toContain(`-c ${key}:`);
  });

  it('say why: the accepted retentions, the certificate region', () => {
    expect(problemsWith({ logRetentionDays: '31' })).toContain(LOG_RETENTION_DAYS.join(', '));
    expect(
      problemsWith({ domainName: DOMAIN, certificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-1') }),
    ).toContain('us-east-1');
  });

  it('want domainName and certificateArn together', () => {
    for (const context of [{ domainName: DOMAIN }, { certificateArn: CERTIFICATE }]) {
      const message = problemsWith(context);
      expect(message).toContain('domainName');
      expect(message).toContain('certificateArn');
    }
  });

  it('name every wrong setting at once', () => {
    const message = problemsWith({ stage: 'Prod', logRetentionDays: '31', alarmEmail: 'ops' });
    for (const key of ['stage', 'logRetentionDays', 'alarmEmail']) expect(message).toContain(`-c ${key}:`);
  });
});

describe('the settings in the stacks', () => {
  it('keep every log group of the app stack for -c logRetentionDays', () => {
    const logGroups = resourcesOf(
      synthesize({ logRetentionDays: '30' }).templates.app,
      'AWS::Logs::LogGroup',
    );
    // One per function and the API's access logs.
    expect(logGroups.length).toBeGreaterThanOrEqual(FUNCTION_NAMES.length + 1);
    for (const [id, logGroup] of logGroups) expect(logGroup.Properties?.RetentionInDays, id).toBe(30);
  });

  it('serve the site under the custom domain with its certificate and TLS 1.2 at least', () => {
    const deployment = synthesize({ domainName: DOMAIN, certificateArn: CERTIFICATE });
    const template = deployment.templates.app;
    const distributions = resourcesOf(template, 'AWS::CloudFront::Distribution');
    expect(distributions).toHaveLength(1);
    const [[, distribution] = []] = distributions;
    expect(distribution?.Properties?.DistributionConfig).toMatchObject({
      Aliases: [DOMAIN],
      ViewerCertificate: {
        AcmCertificateArn: CERTIFICATE,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
    template.hasOutput('SiteUrl', { Value: `https://${DOMAIN}/` });
  });

  it('serve the site under the CloudFront name without a custom domain', () => {
    const template = synthesize().templates.app;
    const [[distributionId, distribution] = []] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    expect(distribution?.Properties?.DistributionConfig.Aliases).toBeUndefined();
    template.hasOutput('SiteUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] },
    });
  });
});

describe('where it runs and whose tokens it takes (ADRs 0023, 0024)', () => {
  const CHINA = {
    partition: 'aws-cn',
    oidcIssuer: 'https://sso.jl.gov.cn/realms/gongshi',
    oidcAudience: 'gongshi',
    siteUrl: 'https://gongshi.jl.gov.cn/',
  };

  it('place the global stage nowhere in particular, with Cognito and CloudFront', () => {
    expect(placementOf(read({}))).toEqual({
      partition: 'aws',
      identity: 'cognito',
      siteHosting: 'cloudfront',
    });
  });

  it('pin aws-cn to Ningxia unless a China region is given, and read the partition from a cn- region', () => {
    expect(placementOf(read(CHINA))).toEqual({
      partition: 'aws-cn',
      region: 'cn-northwest-1',
      identity: 'oidc',
      siteHosting: 'mirror',
    });
    const { partition: _, ...rest } = CHINA;
    expect(placementOf(read({ ...rest, region: 'cn-north-1' }))).toMatchObject({
      partition: 'aws-cn',
      region: 'cn-north-1',
    });
    expect(
      placementOf(
        read({
          ...rest,
          region: 'cn-north-1',
          siteUrl: '',
          domainName: DOMAIN,
          iamCertificateId: 'ASCAEXAMPLE0000001',
        }),
      ).siteHosting,
    ).toBe('cloudfront');
  });

  it('refuse a region of the other partition, and a region aws-cn does not have', () => {
    expect(problemsWith({ ...CHINA, partition: 'aws', region: 'cn-north-1' })).toMatch(
      /-c region: cn-north-1 is in aws-cn/,
    );
    expect(problemsWith({ ...CHINA, region: 'us-east-1' })).toMatch(
      /-c region: aws-cn has cn-north-1 and cn-northwest-1/,
    );
    expect(problemsWith({ region: 'cn-west-9', ...CHINA })).toMatch(/-c region/);
  });

  it('refuse in aws-cn what it does not have: Cognito, ACM for CloudFront, SES, a site without a way to serve it', () => {
    expect(problemsWith({ ...CHINA, oidcIssuer: '', oidcAudience: '' })).toMatch(
      /-c oidcIssuer: aws-cn has no Cognito/,
    );
    expect(problemsWith({ ...CHINA, siteUrl: '', domainName: DOMAIN, certificateArn: CERTIFICATE })).toMatch(
      /-c certificateArn: CloudFront in aws-cn takes an IAM server certificate/,
    );
    expect(problemsWith({ ...CHINA, notifyFrom: 'notices@example.gov.cn' })).toMatch(
      /-c notifyFrom: aws-cn has no SES/,
    );
    expect(problemsWith({ ...CHINA, siteUrl: '' })).toMatch(
      /-c siteUrl: aws-cn serves nothing public without an ICP-filed domain/,
    );
    expect(problemsWith({ ...CHINA, siteUrl: '', domainName: DOMAIN })).toMatch(/-c iamCertificateId/);
    expect(problemsWith({ ...CHINA, domainName: DOMAIN, iamCertificateId: 'ASCAEXAMPLE0000001' })).toMatch(
      /-c siteUrl: with domainName/,
    );
    expect(problemsWith({ ...CHINA, siteUrl: 'http://gongshi.jl.gov.cn/' })).toMatch(/-c siteUrl/);
  });

  it('refuse the China-only settings in aws', () => {
    expect(problemsWith({ iamCertificateId: 'ASCAEXAMPLE0000001' })).toMatch(
      /-c iamCertificateId: only for CloudFront in aws-cn/,
    );
    expect(problemsWith({ siteUrl: 'https://gongshi.example.gov.cn/' })).toMatch(
      /-c siteUrl: only for a mirrored site/,
    );
  });

  it('want an https issuer with its audiences, and case systems only where Cognito issues their tokens', () => {
    expect(problemsWith({ oidcIssuer: 'https://sso.example.gov.cn' })).toMatch(
      /-c oidcAudience: oidcIssuer and oidcAudience go together/,
    );
    expect(problemsWith({ oidcIssuer: 'http://sso.example.gov.cn', oidcAudience: 'x' })).toMatch(
      /-c oidcIssuer/,
    );
    expect(
      read({ oidcIssuer: 'https://sso.example.gov.cn', oidcAudience: ' gongshi , case-1,' }).oidcAudience,
    ).toEqual(['gongshi', 'case-1']);
    const systems = JSON.stringify([{ client: 'SP-CASES', agency: 'siping-gxj' }]);
    expect(read({ caseSystems: systems }).caseSystems).toEqual([
      { client: 'SP-CASES', agency: 'siping-gxj' },
    ]);
    expect(
      problemsWith({ caseSystems: systems, oidcIssuer: 'https://sso.example.gov.cn', oidcAudience: 'g' }),
    ).toMatch(/-c caseSystems: with oidcIssuer, case systems are that issuer's clients/);
  });

  it.each([
    ['not JSON', '{'],
    ['not an array', '{"client":"A","agency":"b"}'],
    ['a client with a space', '[{"client":"A B","agency":"b"}]'],
    ['an agency that cannot be an id', '[{"client":"A","agency":"b/c"}]'],
    ['the same client twice', '[{"client":"A","agency":"b"},{"client":"A","agency":"c"}]'],
  ])('refuse case systems that are %s', (_what, caseSystems) => {
    expect(problemsWith({ caseSystems })).toMatch(/-c caseSystems/);
  });
});
