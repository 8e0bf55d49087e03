/**
 * The private uploads bucket (R9 evidence, R10 flowcharts and model texts), for the functions whose row of the
 * function catalogue names `uploads` (infra/function-catalog.ts): presigned PUTs for the clients, heads and
 * reads for the agency side, the catalogue's review and the publisher. Its own S3 client: checksums only when
 * required, or the SDK would sign the checksum of an empty body into every presigned URL. The handlers that
 * sign URLs (uploads, and R2's downloads for reviewers) import `uploads` from signed-uploads.ts instead, the
 * only place the presigner is bundled.
 */
import { lazyS3Client } from '../../../shared/adapters/s3/client.ts';
import { S3UploadStore } from '../../../shared/adapters/s3/upload-store.ts';
import type { UploadStore } from '../../../shared/ports.ts';
import { optional, readEnv, required } from '../env.ts';

const env = readEnv({
  UPLOADS_BUCKET: required(),
  /** Set only by the local platform: the S3 server's address (presigned URLs point there too). */
  GONGSHI_S3_ENDPOINT: optional(),
});

/**
 * Built on the first request that touches an upload, not at init: most requests of these functions touch
 * none, and the S3 SDK is most of a cold start's import time (ADR 0008). s3rver (locally) needs path-style
 * addressing: it serves no bucket by host name.
 */
const s3 = lazyS3Client({
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  ...(env.GONGSHI_S3_ENDPOINT ? { endpoint: env.GONGSHI_S3_ENDPOINT, forcePathStyle: true } : {}),
});

export const uploadsBucket = { s3, bucket: env.UPLOADS_BUCKET };

/** Heads and reads; it signs no upload (signed-uploads.ts does). */
export const uploads: UploadStore = new S3UploadStore(uploadsBucket);
