import { CfnOutput, Duration, Fn, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { STREAM_CONSUMERS } from '../../shared/http/routes.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { type DeploymentConfig, placementOf } from '../config.ts';
import { Api, type ApiIdentity } from '../constructs/api.ts';
import { GongshiFunction } from '../constructs/gongshi-function.ts';
import { PublicApi } from '../constructs/public-api.ts';
import { Schedules } from '../constructs/schedules.ts';
import { Site } from '../constructs/site.ts';
import { Uploads } from '../constructs/uploads.ts';
import { FUNCTIONS } from '../function-catalog.ts';
import { acknowledge } from '../nag.ts';
import type { StaffDirectory } from './data-stack.ts';

export interface AppStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly table: ITableV2;
  /** ADR 0022: the export naming the ARN of the data stack's object-locked archive of daily audit exports. */
  readonly archiveExport: string;
  /** The data stack's Cognito, where it is the issuer; otherwise the configured OIDC issuer's tokens are accepted. */
  readonly staff?: StaffDirectory;
  /** ADR 0007: the transparency log's checkpoint key (data stack). */
  readonly transparencyKey: ISecret;
}

/** The stream's retries before a batch goes to the on-failure queue (the reconcile sweep still catches it). */
export const STREAM_RETRY_ATTEMPTS = 5;

/**
 * What runs: the functions of the route and schedule tables, the API, the public site, the schedules and the
 * stream that publishes. It holds nothing that cannot be rebuilt from the data stack.
 */
export class AppStack extends Stack {
  readonly functions: ReadonlyMap<FunctionName, GongshiFunction>;
  readonly api: Api;
  /** ADR 0016: the public routes, on a REST API stage behind a regional WAF web ACL. */
  readonly publicApi: PublicApi;
  readonly site: Site;
  readonly uploads: Uploads;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'gongshi');
    Tags.of(this).add('stage', props.config.stage);
    const logRetention = props.config.logRetentionDays as RetentionDays;

    this.api = new Api(this, 'Api', { identity: apiIdentity(props.config, props.staff), logRetention });
    this.publicApi = new PublicApi(this, 'PublicApi', { stage: props.config.stage, logRetention });
    // The site's forms post to the public routes, so its pages may reach the public stage, not the HTTP API.
    this.site = new Site(this, 'Site', { config: props.config, apiOrigin: this.publicApi.origin });
    this.uploads = new Uploads(this, 'Uploads', { siteOrigin: this.site.origin, accessLogs: this.site.logs });

    const archiveBucket = Bucket.fromBucketArn(this, 'Archive', Fn.importValue(props.archiveExport));
    const functions = new Map<FunctionName, GongshiFunction>();
    for (const spec of FUNCTIONS) {
      functions.set(
        spec.name,
        new GongshiFunction(this, spec.name, {
          name: spec.name,
          spec,
          stage: props.config.stage,
          table: props.table,
          siteBucket: this.site.bucket,
          siteUrl: this.site.url,
          // Every address a function renders is a public route's (the correction form, a request's status).
          apiUrl: this.publicApi.url,
          uploadsBucket: this.uploads.bucket,
          archiveBucket,
          transparencyKey: props.transparencyKey,
          logRetention,
          ...(props.config.notifyFrom ? { notifyFrom: props.config.notifyFrom } : {}),
          ...(props.config.tlogWitnesses ? { tlogWitnesses: props.config.tlogWitnesses } : {}),
          ...(props.config.claims ? { claims: props.config.claims } : {}),
          placement: placementOf(props.config),
        }),
      );
    }
    this.functions = functions;
    const lambdas = new Map<FunctionName, IFunction>([...functions].map(([name, f]) => [name, f.function]));
    this.api.addRoutes(lambdas);
    this.publicApi.addRoutes(lambdas);

    // Stream batches and schedule runs that failed every retry: the operators look here (an alarm says so).
    this.failures = new Queue(this, 'OnFailure', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      'AwsSolutions-SQS3',
      'this queue is itself the on-failure destination of the stream and the schedules',
    );

    new Schedules(this, 'Schedules', { functions: lambdas, deadLetterQueue: this.failures });

    for (const consumer of STREAM_CONSUMERS) {
      const target = functions.get(consumer.function);
      if (!target) throw new Error(`no function ${consumer.function} for the stream`);
      target.function.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: 100,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: STREAM_RETRY_ATTEMPTS,
          maxRecordAge: Duration.hours(24),
          parallelizationFactor: 1,
          onFailure: new SqsDlq(this.failures),
          filters: consumer.filters.map((pattern) => FilterCriteria.filter(pattern)),
        }),
      );
    }

    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'the public site' });
    if (this.site.mirrorPolicy) {
      new CfnOutput(this, 'SiteMirrorPolicyArn', {
        value: this.site.mirrorPolicy.managedPolicyArn,
        description:
          "attach to the portal's role or user that mirrors the site (npm run mirror-site), as often as the takedown deadlines need",
      });
      new CfnOutput(this, 'SiteContentSecurityPolicy', {
        value: this.site.contentSecurityPolicy,
        description: 'the Content-Security-Policy header the portal serves the mirrored pages with',
      });
    }
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: props.staff
        ? 'the API (bearer: a Cognito ID token, or a case system client-credentials access token)'
        : `the API (bearer: a token of ${props.config.oidcIssuer})`,
    });
    new CfnOutput(this, 'PublicApiUrl', {
      value: this.publicApi.url,
      description:
        'the public routes (correction requests, the OpenAPI document), behind the WAF web ACL: --api-url of rebuild-site',
    });
    new CfnOutput(this, 'SiteBucketName', { value: this.site.bucket.bucketName });
    new CfnOutput(this, 'UploadsBucketName', {
      value: this.uploads.bucket.bucketName,
      description:
        'Uploads (private): R9 evidence (quarantined, expires after a year), R10 catalogue attachments',
    });
    if (this.site.distribution) {
      new CfnOutput(this, 'DistributionId', { value: this.site.distribution.distributionId });
    }
    new CfnOutput(this, 'OnFailureQueueUrl', { value: this.failures.queueUrl });
  }
}

/** ADR 0023: the data stack's Cognito (its people's client and one per case system), or the configured issuer. */
function apiIdentity(config: DeploymentConfig, staff: StaffDirectory | undefined): ApiIdentity {
  if (staff) {
    return {
      kind: 'cognito',
      userPool: staff.userPool,
      clients: [staff.userPoolClient, ...staff.caseSystemClients.values()],
    };
  }
  if (!config.oidcIssuer || !config.oidcAudience) throw new Error('no Cognito user pool and no oidcIssuer');
  return { kind: 'oidc', issuer: config.oidcIssuer, audience: config.oidcAudience };
}
