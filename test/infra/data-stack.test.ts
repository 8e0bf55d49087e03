import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';
import { ROLES } from '../../shared/domain/decision.ts';
import { resourcesOf, synthesize } from './deployment.ts';

describe('the data stack', () => {
  const deployment = synthesize({ stage: 'test' });
  const template = deployment.templates.data;

  it('is named for its stage, tagged, and states the time zone of every deadline', () => {
    expect(deployment.data.stackName).toBe('Gongshi-test-data');
    template.hasOutput('TimeZone', { Value: 'Asia/Shanghai' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([
        { Key: 'project', Value: 'gongshi' },
        { Key: 'stage', Value: 'test' },
      ]),
    });
  });

  it('builds the table from the shared definition: keys, every index, stream, TTL, PITR, deletion protection, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        GlobalSecondaryIndexes: TABLE.indexes.map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('locks the archive in compliance mode when -c archiveLockMode=COMPLIANCE says so (ADR 0022)', () => {
    const compliance = synthesize({ stage: 'test', archiveLockMode: 'COMPLIANCE', archiveLockDays: '400' });
    compliance.templates.data.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
      },
    });
  });

  it('keeps every bucket private, encrypted, TLS-only and retained; the archive versioned and object-locked', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [, bucket] of buckets) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.BucketEncryption).toBeDefined();
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3653 } },
      },
    });
    // ADR 0022: the app stack's functions reach the archive through this export.
    template.hasOutput('ArchiveBucketArn', { Export: { Name: 'Gongshi-test-data-ArchiveBucketArn' } });
    const policies = resourcesOf(template, 'AWS::S3::BucketPolicy');
    expect(policies.length).toBeGreaterThanOrEqual(2);
    for (const [, policy] of policies) {
      expect(policy.Properties?.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('has the staff user pool: no self sign-up, MFA required, a strong password, one group per role, retained', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
        Schema: [Match.objectLike({ Name: 'agency', AttributeDataType: 'String', Mutable: true })],
      }),
    });
    const groups = resourcesOf(template, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => g.Properties?.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('lets users read their agency but never write it: only an administrator assigns one', () => {
    const [[, client] = []] = resourcesOf(template, 'AWS::Cognito::UserPoolClient');
    expect(client?.Properties?.ReadAttributes).toContain('custom:agency');
    expect(client?.Properties?.WriteAttributes).not.toContain('custom:agency');
    expect(client?.Properties?.GenerateSecret).toBe(false);
  });

  it("keeps the transparency log's signing key in a retained secret, named in an output (ADR 0007)", () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ Description: Match.stringLikeRegexp('Ed25519') }),
    });
    // No rotation schedule: a new key is an announced event, and the acknowledgement says why.
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.hasOutput('TransparencyKeySecretArn', {});
  });
});
