/**
 * The deployment's settings, read from CDK context (`cdk deploy -c stage=prod -c alarmEmail=ops@example.gov.cn`)
 * and validated before anything is built: a typo fails the synth with the setting's name, never a half-built
 * stack.
 */
import * as z from 'zod/mini';
import { parseWitnessList } from '../shared/transparency/witness.ts';

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

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
    z.refine((config) => (config.domainName === undefined) === (config.certificateArn === undefined), {
      message: 'domainName and certificateArn go together: give both or neither',
      path: ['certificateArn'],
    }),
  );
export type DeploymentConfig = z.infer<typeof DeploymentConfig>;

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
