/**
 * The site bucket on S3 (locally s3rver): reads with ETags, conditional puts, deletes, listing. The SDK is
 * imported on the first call (client.ts), so a function that builds this at load does not load S3 at init.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { type SiteBucket, SiteConflictError, type SiteObjectWrite, type StoredObject } from '../../ports.ts';
import { clientOf, type S3ClientSource, s3Sdk } from './client.ts';

export class S3SiteBucket implements SiteBucket {
  readonly #source: S3ClientSource;
  readonly #bucket: string;

  constructor(options: { s3: S3ClientSource; bucket: string }) {
    this.#source = options.s3;
    this.#bucket = options.bucket;
  }

  #s3(): Promise<S3Client> {
    return clientOf(this.#source);
  }

  async read(key: string): Promise<StoredObject | undefined> {
    const [s3, { GetObjectCommand }] = await Promise.all([this.#s3(), s3Sdk()]);
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return { body: (await out.Body?.transformToString('utf-8')) ?? '', etag: out.ETag ?? '' };
    } catch (error) {
      if (nameOf(error) === 'NoSuchKey' || statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async put(
    object: SiteObjectWrite,
    condition?: { readonly ifMatch: string } | { readonly ifNoneMatch: '*' },
  ): Promise<void> {
    const [s3, { PutObjectCommand }] = await Promise.all([this.#s3(), s3Sdk()]);
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          CacheControl: object.cacheControl,
          ...(condition && 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : {}),
          ...(condition && 'ifNoneMatch' in condition ? { IfNoneMatch: condition.ifNoneMatch } : {}),
        }),
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 409) throw new SiteConflictError(object.key);
      // If-Match on a key that is gone (S3 answers 404): it changed since it was read, like a 412.
      if (status === 404 && condition && 'ifMatch' in condition) throw new SiteConflictError(object.key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const [s3, { DeleteObjectCommand }] = await Promise.all([this.#s3(), s3Sdk()]);
    await s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  // One page (up to 1 000 keys) at a time; the continuation token is a key, so deleting listed keys between
  // pages is safe.
  /**
   * Pages of ListObjects (version 1), each starting after the last key of the one before. Not version 2: the S3
   * server of the local platform (s3rver 3.7.1) makes its continuation tokens with DES, which the OpenSSL 3 of
   * Node 20 refuses, so any truncated version-2 answer is a 500 there; on S3 both list the same keys, in order.
   */
  async *list(prefix: string): AsyncIterable<string> {
    const [s3, { ListObjectsCommand }] = await Promise.all([this.#s3(), s3Sdk()]);
    let marker: string | undefined;
    for (;;) {
      const page = await s3.send(
        new ListObjectsCommand({
          Bucket: this.#bucket,
          ...(prefix === '' ? {} : { Prefix: prefix }),
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
      yield* keys;
      if (!page.IsTruncated || keys.length === 0) return;
      marker = page.NextMarker ?? keys.at(-1);
    }
  }
}

// By name and status rather than by class: the SDK's classes are not imported at load.
function nameOf(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
