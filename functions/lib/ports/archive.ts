/** The `archive` port (ADR 0022): the object-locked archive bucket's daily audit exports. */

import { S3AuditArchive } from '../../../shared/adapters/s3/audit-archive.ts';
import { lazyS3Client, s3ConfigFor } from '../../../shared/adapters/s3/client.ts';
import { ENV } from '../../../shared/manifest.ts';
import type { AuditArchive } from '../../../shared/ports.ts';
import { optional, readEnv, required } from '../env.ts';

const env = readEnv({
  [ENV.ARCHIVE_BUCKET]: required(),
  [ENV.S3_ENDPOINT]: optional(),
});

// Built on first use (ADR 0008). s3rver (locally) needs path-style addressing and only the checksums S3 requires.
const endpoint = env[ENV.S3_ENDPOINT];
const s3 = lazyS3Client(s3ConfigFor(endpoint));

export const archive: AuditArchive = new S3AuditArchive({ s3, bucket: env[ENV.ARCHIVE_BUCKET] });
