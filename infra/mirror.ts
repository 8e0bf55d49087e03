/**
 * ADR 0024: the copy of the public site that a province's ICP-filed portal serves where the China Regions may not
 * serve it themselves (aws-cn without an ICP-filed domain). One run makes a folder the same as the site bucket:
 * every object whose bytes differ is written (to a temporary file, then renamed, so the web server never serves
 * half a page), and every file the bucket no longer holds is removed, so a withdrawal reaches the mirror on the
 * next run (R7, R8: the portal runs it at least every few minutes). The objects' own Content-Type and
 * Cache-Control go to `.gongshi-mirror.json` beside them, for a server that can read them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { S3SiteBucket } from '../shared/adapters/s3/site-bucket.ts';

export const MIRROR_MANIFEST = '.gongshi-mirror.json';

export interface MirrorReport {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

interface Manifest {
  readonly objects: Record<
    string,
    { readonly etag: string; readonly contentType?: string; readonly cacheControl?: string }
  >;
}

/** A key of the bucket as a path under `dir`, or undefined for a key that would leave it (`..`, absolute). */
export function pathOf(dir: string, key: string): string | undefined {
  if (key === '' || key.endsWith('/') || key === MIRROR_MANIFEST) return undefined;
  const path = resolve(dir, key);
  return path.startsWith(`${resolve(dir)}${sep}`) ? path : undefined;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((key) => key !== MIRROR_MANIFEST && !key.includes('.mirror-'));
}

async function md5Of(path: string): Promise<string | undefined> {
  try {
    return createHash('md5')
      .update(await readFile(path))
      .digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function mirrorSite(options: {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly dir: string;
}): Promise<MirrorReport> {
  const { s3, bucket } = options;
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const { GetObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const site = new S3SiteBucket({ s3, bucket });
  const previous = await readManifest(dir);
  const objects: Manifest['objects'] = {};
  const written: string[] = [];
  let unchanged = 0;
  for await (const key of site.list('')) {
    const path = pathOf(dir, key);
    if (!path) continue;
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const etag = (head.ETag ?? '').replaceAll('"', '');
    // A single-part object's ETag is its MD5: the file is compared by its bytes, not by what the manifest says.
    const same = previous.objects[key]?.etag === etag && (await md5Of(path)) === etag;
    if (!same) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = (await got.Body?.transformToByteArray()) ?? new Uint8Array();
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.mirror-${randomUUID()}`;
      await writeFile(temp, bytes);
      await rename(temp, path);
      written.push(key);
    } else {
      unchanged += 1;
    }
    objects[key] = {
      etag,
      ...(head.ContentType ? { contentType: head.ContentType } : {}),
      ...(head.CacheControl ? { cacheControl: head.CacheControl } : {}),
    };
  }
  const removed: string[] = [];
  for (const key of await filesUnder(dir)) {
    if (objects[key]) continue;
    await rm(join(dir, key), { force: true });
    removed.push(key);
    await removeEmptyParents(dir, dirname(join(dir, key)));
  }
  await writeFile(join(dir, MIRROR_MANIFEST), `${JSON.stringify({ objects }, null, 1)}\n`);
  return { written, removed, unchanged };
}

async function readManifest(dir: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(join(dir, MIRROR_MANIFEST), 'utf8')) as Manifest;
  } catch {
    return { objects: {} };
  }
}

async function removeEmptyParents(root: string, from: string): Promise<void> {
  for (let at = from; at.startsWith(`${root}${sep}`); at = dirname(at)) {
    try {
      await rmdir(at);
    } catch {
      return;
    }
  }
}
