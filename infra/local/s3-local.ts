/**
 * The S3-compatible server of the local platform (s3rver, a dev dependency), on 127.0.0.1, its objects as files
 * under a directory: `<dataDir>/s3` for `npm start`, a temporary one for tests.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RunningService } from './dynamodb-local.ts';
import { type FilesystemStore, makeStoreAtomic } from './s3-atomic.ts';
import { conditionalWrites } from './s3-conditional.ts';

/** The part of s3rver's API used here; the package is CommonJS and ships no types. */
interface S3rverInstance {
  readonly store: FilesystemStore;
  /** Koa's middleware list, composed when the server starts listening. */
  readonly middleware: unknown[];
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  configureBuckets?: readonly { name: string }[];
}) => S3rverInstance;

// A CommonJS module without types: `require` gives exactly its `module.exports`, under Node and tsx alike.
const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as S3rverConstructor;
const S3Object = require('s3rver/lib/models/object') as Parameters<typeof makeStoreAtomic>[1];

export async function startS3Local(options: { port?: number; directory: string }): Promise<RunningService> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    // Path-style only: with vhost buckets on, a request to a host name other than localhost would be read
    // as addressed to a bucket of that name.
    vhostBuckets: false,
  });
  // S3 replaces an object atomically; s3rver rewrites its file in place (see s3-atomic.ts).
  makeStoreAtomic(server.store, S3Object);
  // S3 refuses a PUT whose If-Match or If-None-Match does not hold; s3rver ignores both (s3-conditional.ts).
  // First in the chain, before s3rver's own routes.
  server.middleware.unshift(conditionalWrites(server.store));
  const address = await server.run();
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stop: () => {
      stopped ??= server.close();
      return stopped;
    },
  };
}

/** Creates the buckets that do not exist yet; existing ones keep their objects. */
export async function ensureBuckets(s3: S3Client, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: name }));
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404)
        throw error;
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    }
  }
}

/**
 * R9: the browser PUTs evidence to a presigned URL from the site's pages, as the uploads bucket's CORS rule
 * allows on AWS (infra/constructs/uploads.ts); s3rver applies a bucket's CORS configuration the same way. Set on
 * every start: the site's port may have changed.
 */
export async function allowUploadsFrom(s3: S3Client, bucket: string, siteUrl: string): Promise<void> {
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedMethods: ['PUT'],
            AllowedOrigins: [new URL(siteUrl).origin],
            AllowedHeaders: ['content-type', 'if-none-match'],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}
