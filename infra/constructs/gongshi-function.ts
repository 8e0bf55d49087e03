import { resolve } from 'node:path';
import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  LoggingFormat,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsVersions,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';
import { ARCHIVE_PREFIX, environmentFor, type FunctionName, handlerEntry } from '../../shared/manifest.ts';
import { BUNDLING } from '../bundling.ts';
import type { Placement } from '../config.ts';
import {
  ARCHIVE_BUCKET_ACTIONS,
  ARCHIVE_OBJECT_ACTIONS,
  type FunctionSpec,
  SIGNING_KEY_ACTIONS,
  SITE_BUCKET_ACTIONS,
  siteStatements,
  tableStatements,
  type UploadsArea,
  uploadsActions,
} from '../function-catalog.ts';
import { acknowledge } from '../nag.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export interface GongshiFunctionProps {
  readonly name: FunctionName;
  readonly spec: FunctionSpec;
  readonly stage: string;
  readonly table: ITableV2;
  readonly siteBucket: IBucket;
  readonly siteUrl: string;
  /** R9: the API's address (correction forms post there, status URLs point there). */
  readonly apiUrl: string;
  /** The private uploads bucket (R9 evidence, R10 attachments), for the functions whose row names `uploads`. */
  readonly uploadsBucket: IBucket;
  /** ADR 0022: the object-locked archive of daily audit exports, for the functions whose row names `archive`. */
  readonly archiveBucket: IBucket;
  /** ADR 0007: the checkpoint key, for the functions whose row names `signingKey`. */
  readonly transparencyKey: ISecret;
  readonly logRetention: RetentionDays;
  /** R9: the verified SES sender, for the functions whose row names `email`. */
  readonly notifyFrom?: string;
  /** ADR 0007 addendum: the witnesses (JSON), for the functions whose row names `witnesses`. */
  readonly tlogWitnesses?: string;
  /** ADR 0023: the claim mapping of the configured issuer (JSON), for the functions behind the API. */
  readonly claims?: string;
  /** Where the stacks go (ADR 0024): aws-cn has no X-Ray for Lambda and no arm64 build of the secrets extension. */
  readonly placement: Placement;
}

const SECRETS_EXTENSION = ParamsAndSecretsVersions.V1_0_103;

/**
 * Graviton, unless the function needs the Parameters and Secrets extension and the region has no arm64 build of
 * it (the China Regions, as CDK's region facts list them): the bundles are plain JavaScript and run on either.
 */
export function architectureFor(signingKey: boolean, region: string | undefined): Architecture {
  if (!signingKey || !region) return Architecture.ARM_64;
  return RegionInfo.get(region).paramsAndSecretsLambdaLayerArn(SECRETS_EXTENSION, 'arm64')
    ? Architecture.ARM_64
    : Architecture.X86_64;
}

/**
 * One handler of `functions/`, as the local platform runs it: bundled by esbuild into minified ESM with the
 * AWS SDK left to the runtime, on Graviton, traced, logging JSON to its own log group, and holding only the
 * grants its row of the function catalogue names.
 */
export class GongshiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: GongshiFunctionProps) {
    super(scope, id);
    const { name, spec } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/gongshi/${props.stage}/${name}`,
      retention: props.logRetention,
    });
    // An explicit role instead of the AWS managed basic execution policy: it may write to its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Gongshi ${name}: its log group${spec.table === 'none' ? '' : `, the table (${spec.table})`}${spec.site === 'none' ? '' : ', the site bucket'}${spec.uploads ? `, the uploads bucket (${spec.uploads.area}: ${spec.uploads.access.join(', ')})` : ''}`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    // The manifest's row decides what the function is told (shared/manifest.ts), here as on the local platform.
    const environment = environmentFor(name, {
      stage: props.stage,
      tableName: props.table.tableName,
      siteBucket: props.siteBucket.bucketName,
      siteUrl: props.siteUrl,
      apiUrl: props.apiUrl,
      uploadsBucket: props.uploadsBucket.bucketName,
      archiveBucket: props.archiveBucket.bucketName,
      transparencyKeySecretArn: props.transparencyKey.secretArn,
      ...(props.notifyFrom ? { notifyFrom: props.notifyFrom } : {}),
      ...(props.tlogWitnesses ? { tlogWitnesses: props.tlogWitnesses } : {}),
      ...(props.claims ? { claims: props.claims } : {}),
    });
    const signingKey = (spec.signingKey ?? 'none') === 'read';
    // The Lambda service's X-Ray integration does not exist in the China Regions (docs/deploy-china.md).
    const traced = props.placement.partition === 'aws';

    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(PROJECT_ROOT, handlerEntry(name)),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: architectureFor(signingKey, props.placement.region),
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: traced ? Tracing.ACTIVE : Tracing.DISABLED,
      loggingFormat: LoggingFormat.JSON,
      logGroup: this.logGroup,
      role,
      environment,
      description: `Gongshi ${name}`,
      // The key is read through the AWS Parameters and Secrets extension (a local HTTP call, cached): no SDK
      // client for one GetSecretValue every 15 minutes.
      ...(signingKey
        ? { paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(SECRETS_EXTENSION) }
        : {}),
      bundling: {
        ...BUNDLING,
        format: OutputFormat.ESM,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...BUNDLING.externalModules],
      },
    });

    if (traced) {
      acknowledge(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing (PutTraceSegments, PutTelemetryRecords) supports no resource-level permissions',
      );
    }
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the bundles target and the tests run against (docs/adr); move to the next LTS with them, not before',
    );

    const tableArn = props.table.tableArn;
    for (const statement of tableStatements(spec)) {
      role.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...statement.actions],
          // The table and its indexes by name, no wildcard; a row held to some partitions queries no index.
          resources: statement.leadingKeys
            ? [tableArn]
            : [tableArn, ...TABLE.indexes.map((index) => `${tableArn}/index/${index.name}`)],
          ...(statement.leadingKeys
            ? {
                conditions: {
                  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...statement.leadingKeys] },
                },
              }
            : {}),
        }),
      );
    }
    if (spec.site === 'write') {
      role.addToPolicy(
        new PolicyStatement({ actions: [...SITE_BUCKET_ACTIONS], resources: [props.siteBucket.bucketArn] }),
      );
      const bucketId = Stack.of(this).getLogicalId(props.siteBucket.node.defaultChild as CfnElement);
      const statements = siteStatements(spec);
      for (const statement of statements) {
        role.addToPolicy(
          new PolicyStatement({
            actions: [...statement.actions],
            resources: statement.keys.map((key) => props.siteBucket.arnForObjects(key)),
          }),
        );
      }
      const prefixes = new Set(statements.flatMap((s) => s.keys).filter((key) => key.includes('*')));
      for (const prefix of prefixes) {
        acknowledge(
          role,
          `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}]`,
          prefix === '*'
            ? 'the publisher writes one object per decision page, feed and index: keys are not known in advance, and the bucket holds nothing but the public site'
            : prefix.endsWith('*')
              ? `the objects under ${prefix.slice(0, -1)} are named by what they hold (a log chunk, a checkpoint's size, a month's export), not known in advance; the role reaches nothing else of the site but the keys it names`
              : `the objects matching ${prefix} are named by the month they hold (a month's listing parts), not known in advance; the role reaches nothing else of the site but the keys it names`,
        );
      }
    }
    if (signingKey) {
      role.addToPolicy(
        new PolicyStatement({
          actions: [...SIGNING_KEY_ACTIONS],
          resources: [props.transparencyKey.secretArn],
        }),
      );
    }
    if (spec.email && props.notifyFrom) {
      // R9: mail from the sender's identity only, verified as the address or as its domain.
      const stack = Stack.of(this);
      const domain = props.notifyFrom.slice(props.notifyFrom.lastIndexOf('@') + 1);
      role.addToPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [props.notifyFrom, domain].map((identity) =>
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
          conditions: { StringEquals: { 'ses:FromAddress': props.notifyFrom } },
        }),
      );
    }
    if (spec.archive) {
      role.addToPolicy(
        new PolicyStatement({
          actions: [...ARCHIVE_BUCKET_ACTIONS],
          resources: [props.archiveBucket.bucketArn],
        }),
      );
      role.addToPolicy(
        new PolicyStatement({
          actions: [...ARCHIVE_OBJECT_ACTIONS[spec.archive]],
          resources: [props.archiveBucket.arnForObjects(`${ARCHIVE_PREFIX}*`)],
        }),
      );
      // The archive is the data stack's, named here by its export, which is how the finding names it.
      const resolved: unknown = Stack.of(this).resolve(props.archiveBucket.bucketArn);
      const archiveArn =
        (resolved as { 'Fn::ImportValue'?: string })['Fn::ImportValue'] ?? JSON.stringify(resolved);
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::${archiveArn}/${ARCHIVE_PREFIX}*]`,
        'ADR 0022: one audit export per day (audit/YYYY/MM/DD.ndjson), a key for every day to come; the role reads (or, the export, writes) there and nowhere else in the archive',
      );
    }
    if (spec.uploads) {
      const { bucket, objects, prefix } = uploadsActions(spec.uploads);
      if (bucket.length > 0) {
        role.addToPolicy(
          new PolicyStatement({ actions: [...bucket], resources: [props.uploadsBucket.bucketArn] }),
        );
      }
      role.addToPolicy(
        new PolicyStatement({
          actions: [...objects],
          resources: [props.uploadsBucket.arnForObjects(`${prefix}*`)],
        }),
      );
      const bucketId = Stack.of(this).getLogicalId(props.uploadsBucket.node.defaultChild as CfnElement);
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        UPLOADS_REASONS[spec.uploads.area],
      );
    }
  }
}

/** Why a role reaches every key under its prefix of the uploads bucket (cdk-nag's IAM5). */
const UPLOADS_REASONS: Readonly<Record<UploadsArea, string>> = {
  evidence:
    'R9: each evidence file gets a key of its own request (quarantine/correction-requests/<id>/<n>), not known in advance; the role signs PUTs or reads there and nowhere else in the bucket',
  catalog:
    'R10: each attachment gets a key of its own item and revision (catalog/<id>/<revision>/<n>), not known in advance; the role signs PUTs or reads there and nowhere else in the bucket',
};
