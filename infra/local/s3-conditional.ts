/**
 * Makes s3rver honour conditional writes as S3 does (since 2024): a PutObject with `If-None-Match: *` is refused
 * with 412 when the key exists, one with `If-Match: "<etag>"` with 412 when the object's ETag is another and with
 * 404 when there is no object. s3rver 3.7 ignores both headers, so two publishers that read a listing at once
 * both "won" locally and the second silently dropped the first one's entry, where S3 refuses the loser and the
 * publisher plans again (found by the durability test, docs/reliability.md).
 *
 * A Koa middleware put in front of s3rver's own: every object write (PUT, DELETE) of one key runs after the one
 * before it on that key has finished, so the check and the write it guards are one step, as on S3.
 */
import { type FilesystemStore, keyedLock } from './s3-atomic.ts';

/** The part of Koa's context used here (s3rver is a Koa application; its types are not installed). */
interface Context {
  readonly method: string;
  readonly path: string;
  readonly querystring: string;
  get(header: string): string;
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;

/** `"abc"`, `abc` and `W/"abc"` name one ETag. */
function bareEtag(value: string): string {
  return value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

function s3Error(ctx: Context, status: number, code: string, message: string, condition?: string): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `${condition === undefined ? '' : `<Condition>${condition}</Condition>`}</Error>`;
}

/** Bucket and key of a path-style object request (`/bucket/key…`), or undefined for a bucket or service one. */
function objectOf(path: string): { bucket: string; key: string } | undefined {
  const match = /^\/([^/]+)\/(.+)$/.exec(path);
  if (!match) return undefined;
  try {
    return { bucket: decodeURIComponent(match[1] ?? ''), key: decodeURIComponent(match[2] ?? '') };
  } catch {
    return undefined;
  }
}

/** The stored ETag of an object, without quotes, or undefined when there is none. */
async function storedEtag(store: FilesystemStore, bucket: string, key: string): Promise<string | undefined> {
  try {
    const metadata = await store.getMetadata(bucket, key);
    return bareEtag(String(metadata.etag ?? ''));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function conditionalWrites(store: FilesystemStore): Middleware {
  const serialised = keyedLock();
  return async (ctx, next) => {
    const object = objectOf(ctx.path);
    const write = ctx.method === 'PUT' || ctx.method === 'DELETE';
    // Parts of a multipart upload, sub-resources (?acl, ?tagging) and copies are left to s3rver; the SDK's own
    // `?x-id=PutObject` names the operation and nothing else.
    const subresource = [...new URLSearchParams(ctx.querystring).keys()].some((name) => name !== 'x-id');
    if (!object || !write || subresource || ctx.get('x-amz-copy-source') !== '') return next();
    return serialised(`${object.bucket}/${object.key}`, async () => {
      const ifNoneMatch = ctx.method === 'PUT' ? ctx.get('if-none-match') : '';
      const ifMatch = ctx.method === 'PUT' ? ctx.get('if-match') : '';
      if (ifNoneMatch !== '' || ifMatch !== '') {
        const current = await storedEtag(store, object.bucket, object.key);
        if (
          ifNoneMatch !== '' &&
          current !== undefined &&
          (ifNoneMatch.trim() === '*' || bareEtag(ifNoneMatch) === current)
        )
          return s3Error(
            ctx,
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
            'If-None-Match',
          );
        if (ifMatch !== '' && current === undefined)
          return s3Error(ctx, 404, 'NoSuchKey', 'The specified key does not exist.');
        if (ifMatch !== '' && ifMatch.trim() !== '*' && bareEtag(ifMatch) !== current)
          return s3Error(
            ctx,
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
            'If-Match',
          );
      }
      await next();
    });
  };
}
