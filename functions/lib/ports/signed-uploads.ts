/**
 * The uploads bucket for the handlers that hand out presigned URLs (PUTs of R9 evidence and R10 attachments,
 * GETs of R10 attachments for their reviewers, R2): the same client and bucket as uploads.ts, with the presigner,
 * which only these handlers bundle. Imported on the first URL signed, with the S3 client: most requests of
 * these handlers sign none, and a static import would be evaluated at init (ADR 0008).
 */
import { type Presigner, S3UploadStore } from '../../../shared/adapters/s3/upload-store.ts';
import type { UploadStore } from '../../../shared/ports.ts';
import { uploadsBucket } from './uploads.ts';

const presign = (): Promise<Presigner> =>
  import('@aws-sdk/s3-request-presigner').then(({ getSignedUrl }) => getSignedUrl);

export const uploads: UploadStore = new S3UploadStore({ ...uploadsBucket, presign });
