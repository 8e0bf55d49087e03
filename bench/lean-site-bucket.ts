/**
 * The site bucket of the in-memory rebuild row: S3's semantics as the rebuild sees them (conditional writes on an
 * ETag, deletes, a sorted snapshot listing) without S3's cost, so the row measures our code. Unlike
 * shared/adapters/memory/site-bucket.ts, which keeps every body twice (string and bytes) and a log of every call,
 * it keeps each object's ETag and size, and the body only of what the rebuild reads back: the listing parts' NDJSON of
 * the two latest months written (a decision filed under the month before the one the scan said reopens it, and
 * the rebuild reads its lines back); anything else read back throws rather than answering wrongly. What it holds
 * is part of the child's RSS; `heldBytes` says how much.
 */
import {
  type SiteBucket,
  SiteConflictError,
  type SiteObjectWrite,
  type StoredObject,
} from '../shared/ports.ts';

interface LeanObject {
  readonly etag: string;
  readonly size: number;
  readonly body?: string;
}

/** The keys whose bodies are read back: a reopened month's NDJSON (rebuild-site.ts). */
const READ_BACK = /^data\/(\d{4}-\d{2})(-\d+)?\.ndjson$/;
/** Months whose NDJSON is kept: the latest written and the one before it. */
const MONTHS_KEPT = 2;

export class LeanSiteBucket implements SiteBucket {
  readonly #objects = new Map<string, LeanObject>();
  /** The months whose NDJSON bodies are kept, with their keys, oldest first. */
  readonly #kept = new Map<string, Set<string>>();
  #version = 0;
  /** Objects and bytes written, deletes: what the rebuild asked of the bucket. */
  readonly counts = { puts: 0, bytesPut: 0, deletes: 0 };

  get size(): number {
    return this.#objects.size;
  }

  /** The bodies kept, in bytes of UTF-8 (a V8 string of Chinese text holds about two thirds of that). */
  get heldBytes(): number {
    let bytes = 0;
    for (const object of this.#objects.values()) if (object.body !== undefined) bytes += object.size;
    return bytes;
  }

  async read(key: string): Promise<StoredObject | undefined> {
    const object = this.#objects.get(key);
    if (!object) return undefined;
    if (object.body === undefined) throw new Error(`the bench's site bucket does not keep ${key}'s body`);
    return { body: object.body, etag: object.etag };
  }

  async put(
    object: SiteObjectWrite,
    condition?: { readonly ifMatch: string } | { readonly ifNoneMatch: '*' },
  ): Promise<void> {
    const current = this.#objects.get(object.key);
    if (condition && 'ifMatch' in condition && current?.etag !== condition.ifMatch)
      throw new SiteConflictError(object.key);
    if (condition && 'ifNoneMatch' in condition && current) throw new SiteConflictError(object.key);
    const size =
      typeof object.body === 'string' ? Buffer.byteLength(object.body, 'utf8') : object.body.byteLength;
    // An ETag is opaque to its readers: a counter says "changed" as well as S3's MD5, at no CPU of ours.
    const etag = `"${++this.#version}"`;
    const month = READ_BACK.exec(object.key)?.[1];
    const body =
      month === undefined
        ? undefined
        : typeof object.body === 'string'
          ? object.body
          : Buffer.from(object.body).toString('utf8');
    this.#objects.set(object.key, body === undefined ? { etag, size } : { etag, size, body });
    if (month !== undefined) this.#keep(month, object.key);
    this.counts.puts++;
    this.counts.bytesPut += size;
  }

  #keep(month: string, key: string): void {
    const keys = this.#kept.get(month) ?? new Set<string>();
    this.#kept.delete(month);
    this.#kept.set(month, keys.add(key));
    while (this.#kept.size > MONTHS_KEPT) {
      const [oldest, dropped] = this.#kept.entries().next().value as [string, Set<string>];
      this.#kept.delete(oldest);
      for (const dropKey of dropped) {
        const object = this.#objects.get(dropKey);
        if (object) this.#objects.set(dropKey, { etag: object.etag, size: object.size });
      }
    }
  }

  async delete(key: string): Promise<void> {
    this.#objects.delete(key);
    this.counts.deletes++;
  }

  // A snapshot, like S3's pages. Keys are ASCII here, so UTF-16 order is S3's UTF-8 byte order.
  async *list(prefix: string): AsyncIterable<string> {
    const keys = [...this.#objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    yield* keys;
  }
}
