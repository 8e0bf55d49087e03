/**
 * The private uploads bucket (R9 evidence, R10 flowcharts and model texts): presigned PUTs whose Content-Type
 * and Content-Length are part of the signature, so S3 refuses a file of another size or type than was
 * declared. s3rver (locally) checks no signature at all, which is why the agency side and the catalogue's
 * review compare `head()` with the declaration as well. Nothing here is public.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadStore } from '../../ports.ts';

/** `getSignedUrl` of @aws-sdk/s3-request-presigner, given only by the composition roots that sign uploads. */
export type Presigner = typeof getSignedUrl;

export class S3UploadStore implements UploadStore {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #presign: Presigner | undefined;

  /**
   * The client must compute checksums only when required (`requestChecksumCalculation: 'WHEN_REQUIRED'`):
   * otherwise the SDK signs the checksum of an empty body into the URL and every upload is refused. `presign`
   * only where uploads are signed: the presigner (~35 KB with its signing code) stays out of the other bundles.
   */
  constructor(options: { s3: S3Client; bucket: string; presign?: Presigner }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
    this.#presign = options.presign;
  }

  async presignPut(upload: {
    readonly key: string;
    readonly contentType: string;
    readonly size: number;
    readonly expiresInSeconds: number;
  }): Promise<{ readonly url: string; readonly headers: Readonly<Record<string, string>> }> {
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: upload.key,
      ContentType: upload.contentType,
      ContentLength: upload.size,
    });
    if (!this.#presign)
      throw new Error('this upload store was built without a presigner: it cannot sign uploads');
    const url = await this.#presign(this.#s3, command, {
      expiresIn: upload.expiresInSeconds,
      // The presigner leaves Content-Type unsigned by default; signing both is what limits the upload.
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    // Content-Length is set by every HTTP client from the body; the client must send the signed type.
    return { url, headers: { 'content-type': upload.contentType } };
  }

  async head(key: string): Promise<{ readonly size: number; readonly contentType: string } | undefined> {
    try {
      const out = await this.#s3.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? '' };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
  );
}
