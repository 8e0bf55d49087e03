/**
 * The uploads bucket for the handlers that hand out presigned URLs (PUTs of R9 evidence and R10 attachments,
 * GETs of R10 attachments for their reviewers, R2): the same client and bucket as uploads.ts, with the presigner,
 * which only these handlers bundle.
 */
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3UploadStore } from '../../../shared/adapters/s3/upload-store.ts';
import type { UploadStore } from '../../../shared/ports.ts';
import { uploadsBucket } from './uploads.ts';

export const uploads: UploadStore = new S3UploadStore({ ...uploadsBucket, presign: getSignedUrl });
