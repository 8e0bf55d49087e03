import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';
import { ROLES } from '../../shared/domain/decision.ts';
import { type CaseSystem, type DeploymentConfig, placementOf } from '../config.ts';
import { acknowledge } from '../nag.ts';

export interface DataStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

/**
 * What must outlive every deployment: the records and their audit chains (the table), the people who sign
 * them (the user pool), the locked audit exports (the archive) and the transparency log's signing key. Everything here is retained when the
 * stack is deleted; the application stack can be torn down and rebuilt around it, the site included (it is
 * derived from the table: `npm run rebuild-site`).
 */
/** ADR 0022: the export that names the archive bucket's ARN to the app stack. */
export function archiveExportName(dataStackName: string): string {
  return `${dataStackName}-ArchiveBucketArn`;
}

/**
 * ADR 0023: the scopes of the user pool's resource server. A client-credentials token holds `gongshi/case-system`
 * and the `gongshi/agency:<id>` of its one agency; the default claim mapping reads both (shared/http/claims.ts).
 */
export const RESOURCE_SERVER = 'gongshi';
export const CASE_SYSTEM_SCOPE = 'case-system';
export const agencyScope = (agency: string) => `agency:${agency}`;

/** The Cognito side of identity: absent where the API trusts a configured OIDC issuer (and in aws-cn). */
export interface StaffDirectory {
  readonly userPool: UserPool;
  /** The people's app client (SRP, password + MFA). */
  readonly userPoolClient: UserPoolClient;
  /** R13: one app client per case system, client credentials only, by the system's name. */
  readonly caseSystemClients: ReadonlyMap<string, UserPoolClient>;
}

export class DataStack extends Stack {
  readonly table: TableV2;
  /** Cognito, when it is the issuer (placementOf(config).identity === 'cognito'). */
  readonly staff?: StaffDirectory;
  readonly archiveBucket: Bucket;
  /** The transparency log's Ed25519 checkpoint key (ADR 0007), put there once by the operator. */
  readonly transparencyKey: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'gongshi');
    Tags.of(this).add('stage', props.config.stage);

    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Records', {
      partitionKey: key(TABLE.partitionKey),
      sortKey: key(TABLE.sortKey),
      billing: Billing.onDemand(),
      // R11: the archive is never lost: point-in-time recovery, deletion protection, retained on stack deletion.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Only idempotency records and rate-limit counters carry this attribute (docs/data-model.md): decisions,
      // correction requests and every audit event never expire.
      timeToLiveAttribute: TABLE.ttlAttribute,
      // The stream is the outbox: publishing follows from it.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        // The whole item: the withdrawal sweep acts on the decision the expiry index returns (listDueRecords).
        projectionType: ProjectionType.ALL,
      })),
    });

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.config.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      accessLogs,
      'AwsSolutions-S1',
      'this bucket receives the access logs; logging it would log itself',
    );

    // R11: exports of the table and its audit chains: the daily audit export (ADR 0022, `audit/`) and
    // `aws dynamodb export-table-to-point-in-time`, locked against deletion and overwriting for the configured years.
    this.archiveBucket = new Bucket(this, 'Archive', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      // ADR 0022: `-c archiveLockMode=COMPLIANCE` where no one may ever remove an export before its time.
      objectLockDefaultRetention: (props.config.archiveLockMode === 'COMPLIANCE'
        ? ObjectLockRetention.compliance
        : ObjectLockRetention.governance)(Duration.days(props.config.archiveLockDays)),
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'archive/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (placementOf(props.config).identity === 'cognito') this.staff = this.#staff(props.config);

    // ADR 0007: the key every checkpoint of the public transparency log is signed with. Secrets Manager cannot
    // generate an Ed25519 key, so the secret starts with a random placeholder and the operator puts a PKCS#8
    // PEM into it once (`npm run -s transparency-key | aws secretsmanager put-secret-value …`, README); until
    // then the checkpoint function fails loudly (its error alarm). Retained: the published checkpoints can
    // only ever be checked against the public half of this key.
    this.transparencyKey = new Secret(this, 'TransparencyKey', {
      description: 'Gongshi transparency log: Ed25519 private key (PKCS#8 PEM) that signs the checkpoints',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.transparencyKey,
      'AwsSolutions-SMG4',
      'the checkpoint signing key is not rotated automatically: every published checkpoint is verified against the one public key on the site, so a new key is a public, announced event (ADR 0007), not a schedule',
    );

    // Working days are counted in China whatever region this is deployed to (R5).
    new CfnOutput(this, 'TimeZone', { value: 'Asia/Shanghai', description: 'time zone of every deadline' });
    new CfnOutput(this, 'Stage', { value: props.config.stage });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.archiveBucket.bucketName });
    // ADR 0022: the app stack's functions reach the archive by this export, a name fixed by the stage, so their
    // grants (and the acknowledgement of their `audit/*` resource) read the same in every synthesis.
    new CfnOutput(this, 'ArchiveBucketArn', {
      value: this.archiveBucket.bucketArn,
      exportName: archiveExportName(this.stackName),
    });
    if (this.staff) {
      new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.staff.userPoolClient.userPoolClientId });
      for (const [name, client] of this.staff.caseSystemClients) {
        new CfnOutput(this, `CaseSystemClient${name.replace(/[^A-Za-z0-9]/g, '')}`, {
          value: client.userPoolClientId,
          description: `R13: the client id of case system ${name} (its secret: aws cognito-idp describe-user-pool-client); its submissions are audited under this id`,
        });
      }
    }
    new CfnOutput(this, 'TransparencyKeySecretArn', {
      value: this.transparencyKey.secretArn,
      description:
        'put the checkpoint key here once: npm run -s transparency-key | aws secretsmanager put-secret-value',
    });
  }

  /**
   * The people (one group per role: R2, whoever reviews is not whoever submits, the API checks it; the agency as
   * an attribute only administrators set) and, R13, the case systems: client credentials, bound by their scopes to
   * the submitter's part and to one agency (ADR 0023).
   */
  #staff(config: DeploymentConfig): StaffDirectory {
    // The people: one group per role (R2: whoever reviews is not whoever submits, the API checks it), and the
    // agency as an attribute only administrators set.
    const userPool = new UserPool(this, 'Staff', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      customAttributes: { agency: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: userPool.userPoolId,
        groupName: role,
        description: `Gongshi ${role}s`,
      });
    }
    const userPoolClient = userPool.addClient('Api', {
      // SRP for the web, password auth (over TLS, then the MFA challenge) for the command line. No hosted-UI
      // flows (CDK's default would allow implicit and code grants to a placeholder callback): the pool's domain
      // is there only as the case systems' token endpoint.
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // Users may read their agency but never change it: only an administrator assigns it.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('agency'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    const caseSystems: readonly CaseSystem[] = config.caseSystems ?? [];
    const caseSystemClients = new Map<string, UserPoolClient>();
    if (caseSystems.length > 0) {
      const caseSystem = new ResourceServerScope({
        scopeName: CASE_SYSTEM_SCOPE,
        scopeDescription: 'R13: push batches of decisions as a case system (submitter only)',
      });
      const agencies = [...new Set(caseSystems.map((system) => system.agency))].map(
        (agency) =>
          [
            agency,
            new ResourceServerScope({ scopeName: agencyScope(agency), scopeDescription: `agency ${agency}` }),
          ] as const,
      );
      const server = userPool.addResourceServer('ResourceServer', {
        identifier: RESOURCE_SERVER,
        userPoolResourceServerName: 'Gongshi API',
        scopes: [caseSystem, ...agencies.map(([, scope]) => scope)],
      });
      // The token endpoint of client credentials lives on the pool's domain.
      userPool.addDomain('Domain', {
        cognitoDomain: { domainPrefix: `gongshi-${config.stage}-${Aws.ACCOUNT_ID}` },
      });
      const agencyScopes = new Map(agencies);
      for (const system of caseSystems) {
        const agency = agencyScopes.get(system.agency) as ResourceServerScope;
        caseSystemClients.set(
          system.client,
          userPool.addClient(`CaseSystem-${system.client}`, {
            userPoolClientName: `case-system-${system.client}`,
            generateSecret: true,
            authFlows: {},
            oAuth: {
              flows: { clientCredentials: true },
              scopes: [
                OAuthScope.resourceServer(server, caseSystem),
                OAuthScope.resourceServer(server, agency),
              ],
            },
            accessTokenValidity: Duration.hours(1),
            preventUserExistenceErrors: true,
          }),
        );
      }
    }
    return { userPool, userPoolClient, caseSystemClients };
  }
}
