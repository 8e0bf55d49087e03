/**
 * The deployment's settings, read from CDK context (`cdk deploy -c stage=prod -c alarmEmail=ops@example.gov.cn`)
 * and validated before anything is built: a typo fails the synth with the setting's name, never a half-built
 * stack.
 */
import * as z from 'zod/mini';
import { parseClaimMapping } from '../shared/http/identity.ts';
import { parseWitnessList } from '../shared/transparency/witness.ts';

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const PARTITIONS = ['aws', 'aws-cn'] as const;
export type Partition = (typeof PARTITIONS)[number];
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

const contextNumber = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^\d+$/))]),
  z.transform((value) => Number(value)),
);

export const DeploymentConfig = z
  .object({
    /** Part of every stack's name: `Gongshi-<stage>-data`. Lower case, so it can name buckets. */
    stage: z._default(
      z
        .string()
        .check(
          z.regex(/^[a-z][a-z0-9-]{0,19}$/, 'lower-case letters, digits and -, from a letter, at most 20'),
        ),
      'dev',
    ),
    /** The operators' address for alarms; without it the topic has no subscription (add one in the console). */
    alarmEmail: z.optional(z.email()),
    /**
     * R9: the sender of requesters' notices, an address of an identity verified in SES in the stack's region (the
     * address or its domain); without it a notice is a log line and no function may send mail.
     */
    notifyFrom: z.optional(z.email()),
    /**
     * ADR 0007 addendum: the witnesses asked to cosign each checkpoint (c2sp.org/tlog-witness), a JSON array of
     * `{"url", "vkey"}` (`-c tlogWitnesses='[…]'`, or the array itself in cdk.json); the checkpoint function is
     * given it as TLOG_WITNESSES, normalised. Absent, checkpoints are published without cosignatures.
     */
    tlogWitnesses: z.optional(
      z.pipe(
        z.union([z.string(), z.array(z.unknown())]),
        z.transform((value, ctx) => {
          try {
            const list = parseWitnessList(typeof value === 'string' ? value : JSON.stringify(value));
            return list.length === 0 ? undefined : JSON.stringify(list);
          } catch (error) {
            ctx.issues.push({ code: 'custom', message: (error as Error).message, input: value });
            return z.NEVER;
          }
        }),
      ),
    ),
    /** How long function and API logs are kept. */
    logRetentionDays: z._default(
      z.pipe(
        contextNumber,
        z.number().check(
          z.refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
            message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
          }),
        ),
      ),
      365,
    ),
    /** How long audit exports are locked against deletion in the archive bucket (R11), in days. */
    archiveLockDays: z._default(
      z.pipe(contextNumber, z.number().check(z.int(), z.minimum(1), z.maximum(36_500))),
      3653,
    ),
    /**
     * ADR 0022: the archive's object lock mode. GOVERNANCE (the default) lets a role with
     * s3:BypassGovernanceRetention remove an export; COMPLIANCE lets no one, the root user included, until the
     * retention ends (and the mode cannot be relaxed afterwards).
     */
    archiveLockMode: z._default(z.enum(['GOVERNANCE', 'COMPLIANCE']), 'GOVERNANCE'),
    /** The site's own name, e.g. `gongshi.example.gov.cn`; needs `certificateArn`. */
    domainName: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
            'a lower-case DNS name',
          ),
        ),
    ),
    /**
     * Where it runs: `aws` (the default) or `aws-cn`, the AWS China Regions (docs/deploy-china.md). A region of
     * `cn-north-1` or `cn-northwest-1` implies `aws-cn`.
     */
    partition: z.optional(z.enum(PARTITIONS)),
    /** The region the stacks are pinned to; unset in `aws` (environment-agnostic), Ningxia by default in `aws-cn`. */
    region: z.optional(
      z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region name, e.g. cn-northwest-1')),
    ),
    /**
     * The OIDC issuer whose tokens the API accepts (a province's 统一身份认证 platform, Keycloak, Authing…), as
     * its `iss` claim says it; without it the data stack's Cognito user pool is the issuer (not in `aws-cn`, which
     * has no user pools).
     */
    oidcIssuer: z.optional(z.url({ protocol: /^https$/, hostname: z.regexes.domain })),
    /** With `oidcIssuer`: the audiences (`aud`, or `client_id` of an access token) the API accepts, comma-separated. */
    oidcAudience: z.optional(
      z.pipe(
        z.union([z.string(), z.array(z.string())]),
        z.transform((value) =>
          (Array.isArray(value) ? value : value.split(',')).map((a) => a.trim()).filter((a) => a !== ''),
        ),
      ),
    ),
    /**
     * How the API reads the caller from the issuer's claims (`GONGSHI_CLAIMS`, shared/http/claims.ts): JSON of
     * `{ user, agency: [{ claim, prefix }], roles: [{ claim, prefix }], roleNames, caseSystem: { scope, client } }`,
     * each part optional; validated here as the functions will read it.
     */
    claims: z.optional(
      z.pipe(
        z.union([z.string(), z.record(z.string(), z.unknown())]),
        z.transform((value, ctx) => {
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          try {
            parseClaimMapping(text);
            return text;
          } catch (error) {
            ctx.issues.push({ code: 'custom', message: (error as Error).message, input: value });
            return z.NEVER;
          }
        }),
      ),
    ),
    /**
     * R13: the case systems that push batches with OAuth 2.0 client credentials, each bound to one agency, as a
     * JSON array of `{"client": "CASE-SYSTEM", "agency": "ID"}`: an app client of the Cognito user pool each
     * (ADR 0023). With `oidcIssuer`, register them at that issuer instead.
     */
    caseSystems: z.optional(
      z.pipe(
        z.union([z.string(), z.array(z.unknown())]),
        z.transform((value, ctx) => {
          try {
            return parseCaseSystems(typeof value === 'string' ? JSON.parse(value) : value);
          } catch (error) {
            ctx.issues.push({ code: 'custom', message: (error as Error).message, input: value });
            return z.NEVER;
          }
        }),
      ),
    ),
    /**
     * In `aws-cn`: an IAM server certificate for `domainName` (CloudFront in China takes no ACM certificate), by
     * its ID (`aws iam list-server-certificates`, ServerCertificateId).
     */
    iamCertificateId: z.optional(
      z.string().check(z.regex(/^[A-Z0-9]{16,32}$/, 'an IAM server certificate ID')),
    ),
    /**
     * In `aws-cn` without an ICP-filed `domainName`: the public address where the province's ICP-filed portal
     * serves the mirrored site (`npm run mirror-site`), e.g. `https://gongshi.example.gov.cn/`.
     */
    siteUrl: z.optional(z.url({ protocol: /^https$/, hostname: z.regexes.domain })),
    /** An ACM certificate for `domainName`, in us-east-1 (CloudFront's requirement). */
    certificateArn: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
            'an ACM certificate ARN in us-east-1',
          ),
        ),
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
      for (const problem of placementProblems(config))
        ctx.addIssue({ code: 'custom', ...problem, input: config });
    }),
  );
export type DeploymentConfig = z.infer<typeof DeploymentConfig>;

/** Where the stacks go: the partition, and the region they are pinned to (none: environment-agnostic). */
export interface Placement {
  readonly partition: Partition;
  readonly region?: string;
  /** Whose tokens the API accepts: the data stack's Cognito user pool, or the configured OIDC issuer. */
  readonly identity: 'cognito' | 'oidc';
  /** How the public reaches the site: CloudFront, or the province's portal mirroring the bucket (aws-cn only). */
  readonly siteHosting: 'cloudfront' | 'mirror';
}

/** aws-cn, asked for by its name or by one of its regions. */
function inChina(config: DeploymentConfig): boolean {
  return config.partition === 'aws-cn' || (config.region?.startsWith('cn-') ?? false);
}

export function placementOf(config: DeploymentConfig): Placement {
  const china = inChina(config);
  const region = config.region ?? (china ? 'cn-northwest-1' : undefined);
  return {
    partition: china ? 'aws-cn' : 'aws',
    ...(region ? { region } : {}),
    identity: config.oidcIssuer ? 'oidc' : 'cognito',
    siteHosting: china && !config.domainName ? 'mirror' : 'cloudfront',
  };
}

/** What does not fit together, each problem on the setting to change. */
function placementProblems(config: DeploymentConfig): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const problem = (key: keyof DeploymentConfig, message: string) => problems.push({ path: [key], message });
  const china = inChina(config);
  if (config.partition === 'aws' && china) problem('region', `${config.region} is in aws-cn, not aws`);
  if (china && config.region && !(CHINA_REGIONS as readonly string[]).includes(config.region)) {
    problem('region', `aws-cn has ${CHINA_REGIONS.join(' and ')}`);
  }
  if (
    (config.oidcIssuer === undefined) !==
    (config.oidcAudience === undefined || config.oidcAudience.length === 0)
  ) {
    problem('oidcAudience', 'oidcIssuer and oidcAudience go together: give both or neither');
  }
  if (config.oidcIssuer && config.caseSystems) {
    problem(
      'caseSystems',
      "with oidcIssuer, case systems are that issuer's clients: register them there (docs/deploy-china.md)",
    );
  }
  if (china) {
    if (!config.oidcIssuer)
      problem(
        'oidcIssuer',
        'aws-cn has no Cognito user pools: give the OIDC issuer of the province (and oidcAudience)',
      );
    if (config.certificateArn)
      problem(
        'certificateArn',
        'CloudFront in aws-cn takes an IAM server certificate: give iamCertificateId',
      );
    if (config.notifyFrom)
      problem('notifyFrom', 'aws-cn has no SES: requesters are told in the status page, not by mail');
    if (config.domainName && !config.iamCertificateId)
      problem('iamCertificateId', 'an ICP-filed domainName in aws-cn needs its IAM server certificate');
    if (!config.domainName && config.iamCertificateId)
      problem('domainName', 'iamCertificateId goes with the ICP-filed domainName it is for');
    if (!config.domainName && !config.siteUrl) {
      problem(
        'siteUrl',
        'aws-cn serves nothing public without an ICP-filed domain: give domainName (ICP-filed) and iamCertificateId, or the siteUrl of the portal that mirrors the site',
      );
    }
    if (config.domainName && config.siteUrl)
      problem('siteUrl', 'with domainName the site is served at that domain: leave siteUrl out');
  } else {
    if ((config.domainName === undefined) !== (config.certificateArn === undefined)) {
      problem('certificateArn', 'domainName and certificateArn go together: give both or neither');
    }
    if (config.iamCertificateId)
      problem('iamCertificateId', 'only for CloudFront in aws-cn: in aws give certificateArn');
    if (config.siteUrl)
      problem('siteUrl', 'only for a mirrored site in aws-cn: in aws the site is served by CloudFront');
  }
  return problems;
}

export interface CaseSystem {
  /** The OAuth client's name, which its token and its audit events carry. */
  readonly client: string;
  readonly agency: string;
}

function parseCaseSystems(value: unknown): CaseSystem[] {
  if (!Array.isArray(value)) throw new Error('a JSON array of {"client", "agency"}');
  const seen = new Set<string>();
  return value.map((entry, i) => {
    const { client, agency } = (entry ?? {}) as Record<string, unknown>;
    if (typeof client !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(client)) {
      throw new Error(`[${i}].client: letters, digits, _ and -, at most 64`);
    }
    if (typeof agency !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(agency)) {
      throw new Error(`[${i}].agency: an agency id (letters, digits, - and _)`);
    }
    if (seen.has(client)) throw new Error(`[${i}].client: ${client} twice`);
    seen.add(client);
    return { client, agency };
  });
}

export const CONTEXT_KEYS = [
  'stage',
  'alarmEmail',
  'notifyFrom',
  'tlogWitnesses',
  'logRetentionDays',
  'archiveLockDays',
  'archiveLockMode',
  'domainName',
  'certificateArn',
  'partition',
  'region',
  'oidcIssuer',
  'oidcAudience',
  'claims',
  'caseSystems',
  'iamCertificateId',
  'siteUrl',
] as const;

/** Reads the settings from a context lookup (`app.node.tryGetContext`); throws with every problem named. */
export function readDeploymentConfig(lookup: (key: string) => unknown): DeploymentConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = lookup(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = z.safeParse(DeploymentConfig, raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  -c ${issue.path.join('.') || '(context)'}: ${issue.message}`,
    );
    throw new Error(`the deployment settings are not valid:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
