/**
 * ADR 0022 (R11): the archive bucket of daily audit exports. On AWS the bucket has object lock (a default
 * retention in governance or compliance mode, infra/stacks/data-stack.ts), so an export cannot be replaced or
 * deleted within its retention; every write is also `If-None-Match: *`, so even a role that could bypass
 * governance never overwrites one by mistake. Locally s3rver enforces no object lock; the conditional write
 * it honours (infra/local/s3-conditional.ts) is what keeps an export from being replaced there.
 */
import type { AuditArchive } from '../../ports.ts';
import { clientOf, type S3ClientSource, s3Sdk } from './client.ts';

export class S3AuditArchive implements AuditArchive {
  readonly #source: S3ClientSource;
  readonly #bucket: string;

  constructor(options: { readonly s3: S3ClientSource; readonly bucket: string }) {
    this.#source = options.s3;
    this.#bucket = options.bucket;
  }

  async read(key: string): Promise<string | undefined> {
    const [s3, { GetObjectCommand }] = await Promise.all([clientOf(this.#source), s3Sdk()]);
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return (await out.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (nameOf(error) === 'NoSuchKey' || statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async putNew(key: string, body: string): Promise<{ readonly written: boolean }> {
    const [s3, { PutObjectCommand }] = await Promise.all([clientOf(this.#source), s3Sdk()]);
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: body,
          ContentType: 'application/x-ndjson; charset=utf-8',
          // Object lock wants an integrity checksum on every write: the SDK's default (CRC32) on AWS.
          IfNoneMatch: '*',
        }),
      );
      return { written: true };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 409) return { written: false };
      throw error;
    }
  }
}

function nameOf(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
