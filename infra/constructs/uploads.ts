import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { UPLOADS_PREFIXES } from '../function-catalog.ts';

/** R9: how long evidence stays in quarantine: long enough for any answer, review and appeal that follows. */
export const QUARANTINE_DAYS = 365;
/** Where evidence lies in the bucket (shared/domain/correction-request.ts `evidenceKey`). */
export const QUARANTINE_PREFIX = UPLOADS_PREFIXES.evidence;
/** How long a browser may cache the answer to the CORS preflight of a presigned PUT. */
const CORS_MAX_AGE_SECONDS = 3000;

export interface UploadsProps {
  /** The site's origin (`https://…`, no path): the only page that may PUT to a presigned URL from a browser. */
  readonly siteOrigin: string;
  /** Where S3 writes this bucket's access logs. */
  readonly accessLogs: IBucket;
}

/**
 * The private uploads bucket: files people send (R9 evidence under `quarantine/`, R10 catalogue attachments
 * under `catalog/`) arrive here by presigned PUT, with their type and size signed, and are never public: the
 * publisher copies an approved catalogue attachment to the site; evidence is never published. Quarantined
 * objects expire after a year. Only the functions whose catalogue row names `uploads` reach it, each under its
 * own prefix (infra/function-catalog.ts).
 *
 * Versioned (R2): an approval records the version of each attachment it binds, and the publisher copies exactly
 * that version, whatever reaches the key later. Catalogue uploads are signed with `If-None-Match: *` as well, so
 * a second version of a catalogue file should never exist; old versions of catalogue files are kept (one may be
 * the approved one). Expired evidence leaves a version behind, which goes a day later: nothing of it outlives
 * its year.
 */
export class Uploads extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: UploadsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'uploads-bucket/',
      versioned: true,
      lifecycleRules: [
        {
          prefix: QUARANTINE_PREFIX,
          expiration: Duration.days(QUARANTINE_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // The delete markers the expiry leaves, once nothing is left behind them.
        { prefix: QUARANTINE_PREFIX, expiredObjectDeleteMarker: true },
        // A PUT that never completed leaves nothing behind for long.
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [props.siteOrigin],
          // If-None-Match: a catalogue attachment's URL carries the condition in its signature (R2).
          allowedHeaders: ['content-type', 'if-none-match'],
          maxAge: CORS_MAX_AGE_SECONDS,
        },
      ],
      // Evidence of a request outlives a redeployment of the app, like the records it belongs to.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
