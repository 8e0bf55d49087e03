/** An in-memory site bucket with the same conditional-write semantics as S3, for unit tests. */
import { createHash } from 'node:crypto';
import { type SiteBucket, SiteConflictError, type SiteObjectWrite, type StoredObject } from '../../ports.ts';

export interface MemoryObject extends StoredObject {
  readonly contentType: string;
  readonly cacheControl: string;
  /** The bytes as written, for binary objects (flowcharts); `body` is their UTF-8 reading, as S3's would be. */
  readonly bytes: Uint8Array;
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
    object: SiteObjectWrite,
    condition?: { readonly ifMatch: string } | { readonly ifNoneMatch: '*' },
  ): Promise<void> {
    const current = this.objects.get(object.key);
    if (condition && 'ifMatch' in condition && current?.etag !== condition.ifMatch)
      throw new SiteConflictError(object.key);
    if (condition && 'ifNoneMatch' in condition && current) throw new SiteConflictError(object.key);
    const bytes = typeof object.body === 'string' ? Buffer.from(object.body, 'utf8') : object.body;
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    const body = typeof object.body === 'string' ? object.body : Buffer.from(bytes).toString('utf8');
    this.objects.set(object.key, { ...object, body, bytes: new Uint8Array(bytes), etag });
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
