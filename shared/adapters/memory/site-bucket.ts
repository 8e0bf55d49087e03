/** An in-memory site bucket with the same conditional-write semantics as S3, for unit tests. */
import { createHash } from 'node:crypto';
import { type SiteBucket, SiteConflictError, type StoredObject } from '../../ports.ts';

export interface MemoryObject extends StoredObject {
  readonly contentType: string;
  readonly cacheControl: string;
}

export class MemorySiteBucket implements SiteBucket {
  readonly objects = new Map<string, MemoryObject>();
  /** Every put and delete, in order: what one publish costs. */
  readonly log: Array<{ op: 'put' | 'delete'; key: string }> = [];

  async read(key: string): Promise<StoredObject | undefined> {
    const object = this.objects.get(key);
    return object ? { body: object.body, etag: object.etag } : undefined;
  }

  async put(
    object: { key: string; body: string; contentType: string; cacheControl: string },
    condition?: { readonly ifMatch: string } | { readonly ifNoneMatch: '*' },
  ): Promise<void> {
    const current = this.objects.get(object.key);
    if (condition && 'ifMatch' in condition && current?.etag !== condition.ifMatch)
      throw new SiteConflictError(object.key);
    if (condition && 'ifNoneMatch' in condition && current) throw new SiteConflictError(object.key);
    const etag = `"${createHash('md5').update(object.body).digest('hex')}"`;
    this.objects.set(object.key, { ...object, etag });
    this.log.push({ op: 'put', key: object.key });
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
    this.log.push({ op: 'delete', key });
  }

  // A snapshot, like S3's pages: deleting while listing neither skips nor repeats a key.
  async *list(prefix: string): AsyncIterable<string> {
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort(byUtf8);
    yield* keys;
  }
}

/** S3 lists keys in the order of their UTF-8 bytes. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
