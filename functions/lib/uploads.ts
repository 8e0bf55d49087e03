/** The private uploads bucket (R9 evidence), for the functions the catalogue lets presign or read it. */
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod/mini';
import { S3UploadStore } from '../../shared/adapters/s3/upload-store.ts';

const Env = z.object({
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
  /** Set only by the local platform: the S3 server's address (presigned URLs point there too). */
  GONGSHI_S3_ENDPOINT: z.optional(z.string().check(z.minLength(1))),
});

const env = z.parse(Env, process.env);
const endpoint = env.GONGSHI_S3_ENDPOINT;

// s3rver (locally) needs path-style addressing and no checksums it does not understand (STACK.md).
const s3 = new S3Client(
  endpoint
    ? {
        endpoint,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }
    : {},
);

export const uploads = new S3UploadStore({ s3, bucket: env.UPLOADS_BUCKET });
