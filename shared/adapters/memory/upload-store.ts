/**
 * UploadStore in memory, for use-case tests. A presigned "URL" names the key, type and size it was signed for;
 * `upload` stands for the client's PUT and, like S3 with a signed Content-Type and Content-Length, refuses a
 * file of another type or size, and, like S3 with a signed `If-None-Match: *`, a file under a key already taken.
 * `store` puts an object behind the signature's back (as s3rver would accept). By default it behaves as the
 * versioned bucket on AWS; `{ versioned: false, conditionalWrites: false }` behaves as s3rver, which keeps no
 * versions and honours no condition.
 */
import { createHash } from 'node:crypto';
import type { InspectedUpload, UploadStore } from '../../ports.ts';

interface StoredUpload {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly versionId?: string;
}

export class MemoryUploadStore implements UploadStore {
  /** The current object under each key. */
  readonly objects = new Map<string, StoredUpload>();
  readonly #versions = new Map<string, StoredUpload>();
  readonly #signed = new Map<
    string,
    { key: string; contentType: string; size: number; exclusive: boolean }
  >();
  readonly #downloads = new Map<string, { key: string; versionId?: string }>();
  readonly #versioned: boolean;
  readonly #conditionalWrites: boolean;

  constructor(options: { versioned?: boolean; conditionalWrites?: boolean } = {}) {
    this.#versioned = options.versioned ?? true;
    this.#conditionalWrites = options.conditionalWrites ?? true;
  }

  async presignPut(upload: {
    readonly key: string;
    readonly contentType: string;
    readonly size: number;
    readonly expiresInSeconds: number;
    readonly exclusive?: boolean;
  }): Promise<{ readonly url: string; readonly headers: Readonly<Record<string, string>> }> {
    const url = `memory://uploads/${upload.key}?signature=${this.#signed.size + 1}`;
    const exclusive = upload.exclusive === true;
    this.#signed.set(url, { key: upload.key, contentType: upload.contentType, size: upload.size, exclusive });
    return {
      url,
      headers: { 'content-type': upload.contentType, ...(exclusive ? { 'if-none-match': '*' } : {}) },
    };
  }

  async presignGet(download: {
    readonly key: string;
    readonly versionId?: string;
    readonly fileName: string;
    readonly expiresInSeconds: number;
  }): Promise<string> {
    const url = `memory://uploads/${download.key}?download=${this.#downloads.size + 1}`;
    this.#downloads.set(url, {
      key: download.key,
      ...(download.versionId === undefined ? {} : { versionId: download.versionId }),
    });
    return url;
  }

  /** The client's PUT to a presigned URL: refused (false) unless type and size are the signed ones. */
  upload(url: string, body: Uint8Array, contentType: string): boolean {
    const signed = this.#signed.get(url);
    if (!signed || signed.contentType !== contentType || signed.size !== body.byteLength) return false;
    if (signed.exclusive && this.#conditionalWrites && this.objects.has(signed.key)) return false;
    this.store(signed.key, body, contentType);
    return true;
  }

  /** The client's GET of a presigned download URL: the version it names, or what the key holds now. */
  download(url: string): Uint8Array | undefined {
    const signed = this.#downloads.get(url);
    return signed && this.#object(signed.key, signed.versionId)?.body;
  }

  store(key: string, body: Uint8Array, contentType: string): void {
    const versionId = this.#versioned ? `v${this.#versions.size + 1}` : undefined;
    const object = { body, contentType, ...(versionId ? { versionId } : {}) };
    if (versionId) this.#versions.set(`${key}\u0000${versionId}`, object);
    this.objects.set(key, object);
  }

  async head(key: string): Promise<{ readonly size: number; readonly contentType: string } | undefined> {
    const object = this.objects.get(key);
    return object ? { size: object.body.byteLength, contentType: object.contentType } : undefined;
  }

  async inspect(key: string): Promise<InspectedUpload | undefined> {
    const object = this.objects.get(key);
    if (!object) return undefined;
    return {
      size: object.body.byteLength,
      contentType: object.contentType,
      sha256: createHash('sha256').update(object.body).digest('hex'),
      ...(object.versionId ? { versionId: object.versionId } : {}),
    };
  }

  async read(key: string, versionId?: string): Promise<Uint8Array | undefined> {
    return this.#object(key, versionId)?.body;
  }

  /** Like S3: a version id names that version; a bucket without versions ignores it, as s3rver does. */
  #object(key: string, versionId: string | undefined): StoredUpload | undefined {
    if (versionId === undefined || !this.#versioned) return this.objects.get(key);
    return this.#versions.get(`${key}\u0000${versionId}`);
  }
}
