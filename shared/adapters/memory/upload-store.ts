/**
 * UploadStore in memory, for use-case tests. A presigned "URL" names the key, type and size it was signed for;
 * `upload` stands for the client's PUT and, like S3 with a signed Content-Type and Content-Length, refuses a
 * file of another type or size. `store` puts an object behind the signature's back (as s3rver would accept).
 */
import type { UploadStore } from '../../ports.ts';

export class MemoryUploadStore implements UploadStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  readonly #signed = new Map<string, { key: string; contentType: string; size: number }>();

  async presignPut(upload: {
    readonly key: string;
    readonly contentType: string;
    readonly size: number;
    readonly expiresInSeconds: number;
  }): Promise<{ readonly url: string; readonly headers: Readonly<Record<string, string>> }> {
    const url = `memory://uploads/${upload.key}?signature=${this.#signed.size + 1}`;
    this.#signed.set(url, { key: upload.key, contentType: upload.contentType, size: upload.size });
    return { url, headers: { 'content-type': upload.contentType } };
  }

  /** The client's PUT to a presigned URL: refused (false) unless type and size are the signed ones. */
  upload(url: string, body: Uint8Array, contentType: string): boolean {
    const signed = this.#signed.get(url);
    if (!signed || signed.contentType !== contentType || signed.size !== body.byteLength) return false;
    this.objects.set(signed.key, { body, contentType });
    return true;
  }

  store(key: string, body: Uint8Array, contentType: string): void {
    this.objects.set(key, { body, contentType });
  }

  async head(key: string): Promise<{ readonly size: number; readonly contentType: string } | undefined> {
    const object = this.objects.get(key);
    return object ? { size: object.body.byteLength, contentType: object.contentType } : undefined;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key)?.body;
  }
}
