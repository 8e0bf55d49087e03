/**
 * `npm run mirror-site -- --bucket NAME --to DIR [--endpoint URL]`: makes DIR the same as the site bucket (ADR 0024,
 * aws-cn without an ICP-filed domain: the province's portal serves DIR at the stage's `siteUrl`). Run it from the
 * portal's scheduler every few minutes with credentials holding the stack's SiteMirrorPolicyArn; `--endpoint`
 * reaches the local platform's S3 server. Prints what it wrote and removed.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { explainAwsError, parseCommandLine, runCommand, UsageError } from './cli.ts';
import { localS3Config } from './local/aws-config.ts';
import { mirrorSite } from './mirror.ts';

const USAGE = `usage: npm run mirror-site -- --bucket NAME --to DIR [--endpoint URL]
Makes DIR the same as the public site bucket: changed objects are written, removed ones (withdrawals) deleted.
  --bucket NAME    the site bucket (stack output SiteBucketName)
  --to DIR         the folder the portal serves
  --endpoint URL   an S3-compatible endpoint instead of AWS (the local platform's S3 server)
Credentials and region come from the AWS environment (AWS_PROFILE, AWS_REGION=cn-northwest-1).`;

await runCommand(
  'mirror-site',
  async () => {
    const { values } = parseCommandLine('mirror-site', USAGE, {
      options: { bucket: { type: 'string' }, to: { type: 'string' }, endpoint: { type: 'string' } },
    });
    if (!values.bucket) throw new UsageError('--bucket is required');
    if (!values.to) throw new UsageError('--to is required');
    if (values.endpoint !== undefined && !/^https?:\/\//.test(values.endpoint)) {
      throw new UsageError('--endpoint is an http(s) URL');
    }
    const s3 = new S3Client(values.endpoint ? localS3Config(values.endpoint) : {});
    const report = await mirrorSite({ s3, bucket: values.bucket, dir: values.to });
    for (const key of report.written) console.log(`written ${key}`);
    for (const key of report.removed) console.log(`removed ${key}`);
    console.log(
      `${report.written.length} written, ${report.removed.length} removed, ${report.unchanged} unchanged`,
    );
  },
  { hint: 'npm run mirror-site -- --help', explain: (error) => explainAwsError(error) },
);
