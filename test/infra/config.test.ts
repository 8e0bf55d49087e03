import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, LOG_RETENTION_DAYS, readDeploymentConfig } from '../../infra/config.ts';
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
