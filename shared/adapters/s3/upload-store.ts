/**
 * The private uploads bucket (R9 evidence, R10 flowcharts and model texts): presigned PUTs whose Content-Type
 * and Content-Length are part of the signature, so S3 refuses a file of another size or type than was
 * declared, and, for catalogue attachments, `If-None-Match: *`, so S3 refuses to replace a file once uploaded.
 * s3rver (locally) checks no signature and no condition at all, which is why the agency side and the catalogue's
 * review compare what is stored with the declaration as well, and why an approval binds each file's SHA-256
 * (R2), not only its version (s3rver keeps none). Nothing here is public.
 */
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { InspectedUpload, UploadStore } from '../../ports.ts';
import { clientOf, type S3ClientSource, s3Sdk } from './client.ts';

/** `getSignedUrl` of @aws-sdk/s3-request-presigner, given only by the composition roots that sign uploads. */
export type Presigner = typeof getSignedUrl;

export class S3UploadStore implements UploadStore {
  readonly #source: S3ClientSource;
  readonly #bucket: string;
  readonly #presign: (() => Promise<Presigner>) | undefined;

  /**
   * The client must compute checksums only when required (`requestChecksumCalculation: 'WHEN_REQUIRED'`):
   * otherwise the SDK signs the checksum of an empty body into the URL and every upload is refused. `presign`
   * only where uploads are signed: the presigner (~35 KB with its signing code) stays out of the other bundles;
   * it is a loader, called on the first URL signed, so even these do not evaluate it at init.
   */
  constructor(options: { s3: S3ClientSource; bucket: string; presign?: () => Promise<Presigner> }) {
    this.#source = options.s3;
    this.#bucket = options.bucket;
    this.#presign = options.presign;
  }

  /** The client itself, or what the builder gives (the composition root's builder builds it once). */
  #s3(): Promise<S3Client> {
    return clientOf(this.#source);
  }

  async presignPut(upload: {
    readonly key: string;
    readonly contentType: string;
    readonly size: number;
    readonly expiresInSeconds: number;
    readonly exclusive?: boolean;
  }): Promise<{ readonly url: string; readonly headers: Readonly<Record<string, string>> }> {
    const { PutObjectCommand } = await s3Sdk();
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: upload.key,
      ContentType: upload.contentType,
      ContentLength: upload.size,
      ...(upload.exclusive ? { IfNoneMatch: '*' } : {}),
    });
    const url = await (await this.#presigner())(await this.#s3(), command, {
      expiresIn: upload.expiresInSeconds,
      // The presigner leaves Content-Type unsigned by default; signing both is what limits the upload, and
      // signing If-None-Match is what keeps a client from dropping the condition.
      signableHeaders: new Set([
        'content-type',
        'content-length',
        ...(upload.exclusive ? ['if-none-match'] : []),
      ]),
    });
    // Content-Length is set by every HTTP client from the body; the client must send the signed headers.
    return {
      url,
      headers: { 'content-type': upload.contentType, ...(upload.exclusive ? { 'if-none-match': '*' } : {}) },
    };
  }

  async presignGet(download: {
    readonly key: string;
    readonly versionId?: string;
    readonly fileName: string;
    readonly expiresInSeconds: number;
  }): Promise<string> {
    const { GetObjectCommand } = await s3Sdk();
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: download.key,
      ...(download.versionId === undefined ? {} : { VersionId: download.versionId }),
      // A download, never a page of the bucket's origin, whatever the bytes are (RFC 6266, RFC 5987).
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
    });
    return (await this.#presigner())(await this.#s3(), command, { expiresIn: download.expiresInSeconds });
  }

  #presigner(): Promise<Presigner> {
    if (!this.#presign)
      throw new Error('this upload store was built without a presigner: it cannot sign URLs');
    return this.#presign();
  }

  async head(key: string): Promise<{ readonly size: number; readonly contentType: string } | undefined> {
    try {
      const { HeadObjectCommand } = await s3Sdk();
      const out = await (await this.#s3()).send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? '' };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async inspect(key: string): Promise<InspectedUpload | undefined> {
    try {
      const { GetObjectCommand } = await s3Sdk();
      const out = await (await this.#s3()).send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      // Hashed as it streams: up to 10 MB a file need not sit in memory.
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of (out.Body ?? []) as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.byteLength;
      }
      return {
        size,
        contentType: out.ContentType ?? '',
        sha256: hash.digest('hex'),
        // A bucket that never had versioning answers none; one where it was suspended may answer "null".
        ...(out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {}),
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, versionId?: string): Promise<Uint8Array | undefined> {
    try {
      const { GetObjectCommand } = await s3Sdk();
      const out = await (await this.#s3()).send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          ...(versionId === undefined ? {} : { VersionId: versionId }),
        }),
      );
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

/**
 * NoSuchKey (GET), NotFound (HEAD), NoSuchVersion (GET of a version), or any S3 answer of 404; by name, as the
 * classes are not imported here.
 */
function isMissing(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    name === 'NoSuchKey' ||
    name === 'NotFound' ||
    name === 'NoSuchVersion' ||
    $metadata?.httpStatusCode === 404
  );
}
