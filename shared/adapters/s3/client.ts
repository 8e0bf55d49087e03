/**
 * The S3 client of the adapters, built on first use. `@aws-sdk/client-s3` costs a cold start about 115 ms of
 * CPU to load and build (ADR 0008), so no module here imports it at load: a static import of an external
 * package is hoisted to the top of an ESM bundle and evaluated at init, even from a module only reached lazily.
 * The first call that needs S3 imports it; the client it builds is kept for the life of the process.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** The S3 client itself (tests, local tools), or a builder that gives the same client on every call. */
export type S3ClientSource = S3Client | (() => Promise<S3Client>);

/** The SDK's module: the commands and the client, loaded once, on the first call that sends one. */
export const s3Sdk = (): Promise<typeof import('@aws-sdk/client-s3')> => import('@aws-sdk/client-s3');

export function clientOf(source: S3ClientSource): Promise<S3Client> {
  return typeof source === 'function' ? source() : Promise.resolve(source);
}

/**
 * A builder of one client with `config`, for a composition root: nothing is imported until it is first called,
 * and every later call gives the same client. A failed import is not kept, so the next call tries again.
 */
export function lazyS3Client(config: S3ClientConfig): () => Promise<S3Client> {
  let client: Promise<S3Client> | undefined;
  return () => {
    client ??= s3Sdk().then(
      ({ S3Client }) => new S3Client(config),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    );
    return client;
  };
}

/**
 * The client configuration for the site's buckets: S3 itself, or the local platform's S3 server at `endpoint`
 * (s3rver), which needs path-style addressing and only the checksums S3 requires, not the SDK's default ones.
 */
export function s3ConfigFor(endpoint: string | undefined): S3ClientConfig {
  return endpoint
    ? {
        endpoint,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }
    : {};
}
