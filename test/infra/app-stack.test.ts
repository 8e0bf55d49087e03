import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_BUCKET_ACTIONS,
  ARCHIVE_OBJECT_ACTIONS,
  DYNAMODB_ACTIONS,
  FUNCTION_SPECS,
  FUNCTIONS,
  SIGNING_KEY_ACTIONS,
  SITE_BUCKET_ACTIONS,
  SITE_OBJECT_ACTIONS,
  UPLOADS_PREFIXES,
  uploadsActions,
} from '../../infra/function-catalog.ts';
import { attachmentKey } from '../../shared/domain/catalog.ts';
import { evidenceKey } from '../../shared/domain/correction-request.ts';
import { ROUTES, routeKey, STREAM_CONSUMERS } from '../../shared/http/routes.ts';
import { ARCHIVE_PREFIX, FUNCTION_NAMES, type FunctionName } from '../../shared/manifest.ts';
import { SCHEDULES } from '../../shared/schedules.ts';
import { logicalId, type Resource, resourcesOf, synthesize } from './deployment.ts';

describe('the app stack', () => {
  const deployment = synthesize({ stage: 'test', logRetentionDays: '90' });
  const stack = deployment.app;
  const template = deployment.templates.app;
  const fnId = (name: FunctionName) => {
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return logicalId(stack, fn.function);
  };
  const policyOf = (name: FunctionName) => {
    const roleId = logicalId(stack, stack.functions.get(name)?.function.role ?? stack);
    const policies = resourcesOf(template, 'AWS::IAM::Policy').filter(([, p]) =>
      ((p.Properties?.Roles ?? []) as unknown[]).some((r) => JSON.stringify(r).includes(roleId)),
    );
    return policies.flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as Statement[]);
  };
  type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
  const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  it('deploys one function per handler: Node 22 on ARM64, traced, logging JSON to its own log group', () => {
    expect(FUNCTIONS.map((f) => f.name)).toEqual([...FUNCTION_NAMES]);
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const name of FUNCTION_NAMES) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: `Gongshi ${name}`,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: FUNCTION_SPECS[name].memoryMb,
        Timeout: FUNCTION_SPECS[name].timeoutSeconds,
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: Match.anyValue() }),
      });
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/gongshi/test/publish-site',
      RetentionInDays: 90,
    });
  });

  it('wires every JWT route of the route table to its function, behind the JWT authorizer (the public ones: public-edge.test.ts)', () => {
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
    const jwtRoutes = ROUTES.filter((route) => route.auth === 'jwt');
    expect(routes).toHaveLength(jwtRoutes.length);
    const integrations = Object.fromEntries(resourcesOf(template, 'AWS::ApiGatewayV2::Integration'));
    const [[authorizerId, authorizer] = []] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    for (const route of jwtRoutes) {
      const found = routes.find(([, r]) => r.Properties?.RouteKey === routeKey(route));
      expect(found, routeKey(route)).toBeDefined();
      const properties = found?.[1].Properties ?? {};
      expect(properties.AuthorizationType).toBe('JWT');
      expect(properties.AuthorizerId).toEqual({ Ref: authorizerId });
      const integrationId = JSON.stringify(properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const uri = JSON.stringify(integrations[integrationId]?.Properties?.IntegrationUri);
      expect(uri, routeKey(route)).toContain(fnId(route.function));
    }
  });

  it('throttles the HTTP API and logs every request; no route of its own is left to loosen or tighten', () => {
    const [[, stage] = []] = resourcesOf(template, 'AWS::ApiGatewayV2::Stage');
    const properties = stage?.Properties ?? {};
    expect(properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    expect(properties.RouteSettings ?? {}).toEqual({});
    expect(properties.AccessLogSettings.Format).toContain('$context.requestId');
  });

  it('creates a schedule per row of the schedule table, in Asia/Shanghai time, passing the scheduled time', () => {
    const schedules = resourcesOf(template, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(SCHEDULES.length);
    for (const row of SCHEDULES) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `cron(${row.cron})`,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId(row.function), 'Arn'] },
          Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>', schedule: row.name }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: Match.anyValue(),
        }),
      });
    }
  });

  it('feeds the publisher from the stream with the shared filter, bisecting, bounded retries, an on-failure queue', () => {
    for (const consumer of STREAM_CONSUMERS) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId(consumer.function) },
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ParallelizationFactor: 1,
        FilterCriteria: {
          Filters: consumer.filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })),
        },
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    }
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', STREAM_CONSUMERS.length);
  });

  it('grants each function only what its catalogue row names', () => {
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTION_SPECS[name];
      const statements = policyOf(name);
      const actions = statements.flatMap(actionsOf);
      const dynamo = actions.filter(
        (a) => a.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(a),
      );
      expect(dynamo.sort(), name).toEqual(
        spec.table === 'none' ? [] : [...DYNAMODB_ACTIONS[spec.table]].sort(),
      );
      // S3 actions by the bucket each resource names: the site bucket for the publisher's kin, the uploads bucket
      // (R9, R10). A minimized policy may list both buckets in one statement (ListBucket), so each pair counts;
      // an action granted on several keys of one bucket (test/infra/grants.test.ts checks which) counts once.
      const s3 = statements.flatMap((st) => {
        const s3Actions = actionsOf(st).filter((a) => a.startsWith('s3:'));
        const resources: unknown[] = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
        return resources.flatMap((r) => s3Actions.map((action) => ({ action, resource: JSON.stringify(r) })));
      });
      const onBucket = (bucketId: string) =>
        s3
          .filter((g) => g.resource.includes(bucketId))
          .map((g) => g.action)
          .filter((action, i, all) => all.indexOf(action) === i)
          .sort();
      const uploadsId = logicalId(stack, stack.uploads.bucket);
      const siteId = logicalId(stack, stack.site.bucket);
      const site = onBucket(siteId);
      const uploads = onBucket(uploadsId);
      expect(site, name).toEqual(
        spec.site === 'write' ? [...SITE_BUCKET_ACTIONS, ...SITE_OBJECT_ACTIONS].sort() : [],
      );
      const grant = spec.uploads && uploadsActions(spec.uploads);
      expect(uploads, name).toEqual(grant ? [...grant.bucket, ...grant.objects].sort() : []);
      // Objects only under the prefix of its row: evidence and catalogue attachments never cross.
      for (const g of s3.filter((g) => g.resource.includes(uploadsId) && g.action !== 's3:ListBucket')) {
        expect(g.resource, name).toContain(`/${grant?.prefix}*`);
      }
      // ADR 0022: the archive bucket (the data stack's, by its export) only where the row grants it, under audit/.
      const archiveImport = 'ArchiveBucketArn';
      const archive = onBucket(archiveImport);
      expect(archive, name).toEqual(
        spec.archive ? [...ARCHIVE_BUCKET_ACTIONS, ...ARCHIVE_OBJECT_ACTIONS[spec.archive]].sort() : [],
      );
      for (const g of s3.filter((g) => g.resource.includes(archiveImport) && g.action !== 's3:ListBucket')) {
        expect(g.resource, name).toContain(`/${ARCHIVE_PREFIX}*`);
      }
      // No S3 action on anything else.
      for (const g of s3)
        expect(
          [siteId, uploadsId, archiveImport].some((id) => g.resource.includes(id)),
          name,
        ).toBe(true);
      // ADR 0007: only the checkpoint function reads the signing key, and nothing else of Secrets Manager.
      const secretId = logicalId(deployment.data, deployment.data.transparencyKey);
      const secrets = actions.filter((a) => a.startsWith('secretsmanager:'));
      expect(secrets, name).toEqual((spec.signingKey ?? 'none') === 'read' ? [...SIGNING_KEY_ACTIONS] : []);
      for (const statement of statements.filter((st) =>
        actionsOf(st).some((a) => a.startsWith('secretsmanager:')),
      )) {
        expect(JSON.stringify(statement.Resource), name).toContain(secretId);
        expect(statement.Resource, name).not.toBe('*');
      }
      expect(
        actions.some((a) => a.startsWith('dynamodb:GetRecords')),
        name,
      ).toBe(STREAM_CONSUMERS.some((c) => c.function === name));
      expect(actions, name).not.toContain('dynamodb:Scan');
    }
  });

  it('has no wildcard action anywhere, and a wildcard resource only where AWS offers nothing narrower', () => {
    const statements = resourcesOf(template, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties?.PolicyDocument.Statement as Statement[],
    );
    for (const statement of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      if (resources.includes('*')) {
        // X-Ray has no resource-level permissions; DynamoDB's ListStreams neither.
        expect(
          actionsOf(statement).every((a) => /^xray:|^dynamodb:ListStreams$/.test(a)),
          JSON.stringify(statement),
        ).toBe(true);
      }
    }
    for (const [, role] of resourcesOf(template, 'AWS::IAM::Role')) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('serves the site from a private bucket through CloudFront with origin access control and security headers', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    for (const [, bucket] of buckets) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const siteBucket = logicalId(stack, stack.site.bucket);
    expect(buckets.find(([id]) => id === siteBucket)?.[1].Properties?.VersioningConfiguration).toEqual({
      Status: 'Enabled',
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Logging: Match.anyValue(),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        // ADR 0021: the tiled log's tiles and bundles never change at their path: cached for a year.
        CacheBehaviors: [
          Match.objectLike({ PathPattern: 'tlog/tile/*', ViewerProtocolPolicy: 'redirect-to-https' }),
        ],
        Origins: [
          Match.objectLike({
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 31536000, MaxTTL: 31536000, MinTTL: 86400 }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    const [[, headers] = []] = resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(
      headers?.Properties?.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
    );
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      'form-action',
    ]) {
      expect(csp).toContain(directive);
    }
    // Only CloudFront reads the site bucket, and only for this distribution.
    const policy = resourcesOf(template, 'AWS::S3::BucketPolicy').find(([, p]) =>
      JSON.stringify(p.Properties?.Bucket).includes(siteBucket),
    )?.[1] as Resource;
    const allows = ((policy.Properties?.PolicyDocument?.Statement ?? []) as Record<string, unknown>[]).filter(
      (s) => s.Effect === 'Allow',
    );
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
    });
  });

  it('keeps evidence uploads (R9) in a private bucket: TLS only, encrypted, a year in quarantine, PUT from the site only', () => {
    const uploadsId = logicalId(stack, stack.uploads.bucket);
    const [, bucket] = resourcesOf(template, 'AWS::S3::Bucket').find(([id]) => id === uploadsId) ?? [];
    const properties = bucket?.Properties ?? {};
    expect(properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(properties.BucketEncryption).toBeDefined();
    expect(properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'uploads-bucket/' });
    expect(properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: 'quarantine/', ExpirationInDays: 365, Status: 'Enabled' }),
    );
    const [rule, ...others] = properties.CorsConfiguration.CorsRules;
    expect(others).toEqual([]);
    expect(rule).toMatchObject({
      AllowedMethods: ['PUT'],
      AllowedHeaders: ['content-type', 'if-none-match'],
    });
    expect(JSON.stringify(rule.AllowedOrigins)).toContain(
      logicalId(stack, stack.site.distribution as IConstruct),
    );
    expect(bucket && (bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    // TLS only: the bucket policy denies any request without it, and allows nobody anything.
    const policy = resourcesOf(template, 'AWS::S3::BucketPolicy').find(([, p]) =>
      JSON.stringify(p.Properties?.Bucket).includes(uploadsId),
    )?.[1] as Resource;
    const statements = (policy.Properties?.PolicyDocument?.Statement ?? []) as Record<string, unknown>[];
    expect(statements.filter((st) => st.Effect === 'Allow')).toEqual([]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('versions the uploads bucket (R2: an approval binds a version of each catalogue file), and lets no evidence version outlive its year', () => {
    const uploadsId = logicalId(stack, stack.uploads.bucket);
    const [, bucket] = resourcesOf(template, 'AWS::S3::Bucket').find(([id]) => id === uploadsId) ?? [];
    const properties = bucket?.Properties ?? {};
    expect(properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const rules = properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'quarantine/',
        ExpirationInDays: 365,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'quarantine/', ExpiredObjectDeleteMarker: true }),
    );
    // Old versions of catalogue files stay: the one an approval bound may be among them.
    const catalogRules = rules.filter(
      (r) => r.Prefix === undefined || String(r.Prefix).startsWith('catalog/'),
    );
    for (const r of catalogRules) {
      expect(r.NoncurrentVersionExpiration).toBeUndefined();
      expect(r.ExpirationInDays).toBeUndefined();
    }
    // Reading a version is its own permission: every function that reads uploads has it, and the signer of a
    // download link too (get-catalog-item).
    expect(uploadsActions({ area: 'catalog', access: ['read'] }).objects).toContain('s3:GetObjectVersion');
    expect(FUNCTION_SPECS['get-catalog-item'].uploads?.access).toContain('read');
  });

  it('gives every function but openapi the site and API addresses, and the uploads bucket where its row says', () => {
    const functions = Object.fromEntries(resourcesOf(template, 'AWS::Lambda::Function'));
    for (const name of FUNCTION_NAMES) {
      const variables = functions[fnId(name)]?.Properties?.Environment?.Variables ?? {};
      if (name === 'openapi') {
        expect(variables.API_URL, name).toBeUndefined();
        continue;
      }
      expect(variables.SITE_URL, name).toBeDefined();
      expect(variables.API_URL, name).toBeDefined();
      expect(variables.UPLOADS_BUCKET !== undefined, name).toBe(FUNCTION_SPECS[name].uploads !== undefined);
    }
  });

  it('grants the uploads bucket by prefixes the keys of the domain really fall under', () => {
    expect(evidenceKey('R1', 0).startsWith(UPLOADS_PREFIXES.evidence)).toBe(true);
    expect(attachmentKey('C1', 1, 1).startsWith(UPLOADS_PREFIXES.catalog)).toBe(true);
  });

  it("gives the checkpoint function the secret's ARN and the extension that reads it, and no one else", () => {
    const functions = Object.fromEntries(resourcesOf(template, 'AWS::Lambda::Function'));
    const withKey = FUNCTION_NAMES.filter((name) => (FUNCTION_SPECS[name].signingKey ?? 'none') === 'read');
    expect(withKey).toEqual(['transparency-checkpoint']);
    for (const name of FUNCTION_NAMES) {
      const properties = functions[fnId(name)]?.Properties ?? {};
      const reads = withKey.includes(name);
      expect(properties.Environment?.Variables?.TRANSPARENCY_KEY_SECRET_ARN !== undefined, name).toBe(reads);
      // The AWS Parameters and Secrets Lambda Extension, as a layer.
      expect(/paramsandsecrets/i.test(JSON.stringify(properties.Layers ?? [])), name).toBe(reads);
    }
  });

  it('tells the operator where everything is', () => {
    for (const output of [
      'SiteUrl',
      'ApiUrl',
      'PublicApiUrl',
      'SiteBucketName',
      'UploadsBucketName',
      'DistributionId',
      'OnFailureQueueUrl',
    ]) {
      template.hasOutput(output, {});
    }
  });
});
