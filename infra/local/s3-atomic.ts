/**
 * Makes s3rver's filesystem store behave like S3 for a key written while it is being read. s3rver truncates
 * an object's file in place and then rewrites its metadata, so a GET during a PUT could read the old length
 * over the new bytes (a cut JSON served with 200) or fail with a 500. S3 itself replaces an object atomically.
 * Here each write goes to a temporary file that is renamed over the object, and a read takes the key's lock
 * only until it has read the metadata and opened the file: the open file keeps the version it opened.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The part of s3rver's FilesystemStore replaced or used here (CommonJS, untyped). */
export interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putMetadata(bucket: string, key: string, metadata: unknown, md5?: string): Promise<void>;
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<unknown>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: Buffer | Readable;
  readonly metadata: unknown;
}

type ObjectModel = new (
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: unknown,
) => {
  range?: { start: number; end: number };
};

/** One chain of work per key: each runs after the one before it on that key has settled. */
export function keyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

async function writeFileAtomically(
  path: string,
  content: Buffer | Readable,
): Promise<{ size: number; md5: string }> {
  const temporary = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const md5 = createHash('md5');
  let size = 0;
  const chunks = Buffer.isBuffer(content) ? [content] : content;
  // The temporary file sits beside the object, so the rename stays on one file system.
  await mkdir(dirname(path), { recursive: true });
  try {
    await pipeline(async function* () {
      for await (const chunk of chunks) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
        md5.update(bytes);
        size += bytes.length;
        yield bytes;
      }
    }, createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return { size, md5: md5.digest('hex') };
}

/** Replaces the store's object reads and writes in place; `S3Object` is s3rver's own object model. */
export function makeStoreAtomic(store: FilesystemStore, S3Object: ObjectModel): void {
  const locked = keyedLock();
  const id = (bucket: string, key: string) => `${bucket}/${key}`;
  const getMetadata = store.getMetadata.bind(store);
  const deleteObject = store.deleteObject.bind(store);

  store.getMetadata = (bucket, key) => locked(id(bucket, key), () => getMetadata(bucket, key));

  store.putObject = (object) =>
    locked(id(object.bucket, object.key), async () => {
      const path = store.getResourcePath(object.bucket, object.key, 'object');
      const written = await writeFileAtomically(path, object.content);
      await store.putMetadata(object.bucket, object.key, object.metadata, written.md5);
      return written;
    });

  store.deleteObject = (bucket, key) => locked(id(bucket, key), () => deleteObject(bucket, key));

  // s3rver's own getObject, with the metadata read and the file opened under the key's lock.
  store.getObject = (bucket, key, options) =>
    locked(id(bucket, key), async () => {
      let metadata: Record<string, unknown>;
      try {
        metadata = await getMetadata(bucket, key);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const lastByte = Math.max(0, Number(metadata['content-length']) - 1);
      const ranged = options !== undefined && (options.start !== undefined || options.end !== undefined);
      const range = {
        start: options?.start ?? 0,
        end: Math.min(options?.end ?? Number.POSITIVE_INFINITY, lastByte),
      };
      if (range.start < 0 || range.end < range.start) {
        const object = new S3Object(bucket, key, null, metadata);
        if (ranged) object.range = range;
        return object;
      }
      let content: Readable;
      try {
        content = await new Promise<Readable>((resolve, reject) => {
          const stream = createReadStream(store.getResourcePath(bucket, key, 'object'), range)
            .on('error', reject)
            .on('open', () => resolve(stream));
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const object = new S3Object(bucket, key, content, metadata);
      if (ranged) object.range = range;
      return object;
    });
}
