/**
 * The local stand-in for CloudFront in front of the site bucket: serves the public site read-only from the
 * local S3 server, with the index documents and content types the deployed site has, and a missing key answered
 * as the distribution answers it (infra/constructs/site.ts): the site's own 404.html, with status 404.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { NOT_FOUND_KEY } from '../../shared/site/keys.ts';
import { CONSOLE_PREFIX, type ConsoleFiles, consoleHeaders } from './console.ts';
import { type ListeningServer, listen } from './ports.ts';

export interface SiteServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly onError?: (message: string, error: unknown) => void;
  /** The agency console (console.ts), served under /console/ with its own headers; absent, /console/ is the bucket's. */
  readonly console?: { readonly files: ConsoleFiles; readonly apiOrigin: string };
}

export type RunningSiteServer = ListeningServer;

const HTML = 'text/html; charset=utf-8';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: HTML,
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  svg: 'image/svg+xml',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream']);

/** Only while the bucket holds no 404.html of its own (the publisher writes it with the static assets). */
const NOT_FOUND_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>页面不存在</title></head>
<body><h1>页面不存在</h1><p>您访问的页面不存在或已撤下。<a href="/">返回首页</a></p></body>
</html>
`;

/**
 * The type the site writer stored with the object, as S3 behind CloudFront serves it; by the key's extension
 * when it stored none (the SDK then leaves S3's generic default).
 */
export function contentTypeFor(key: string, stored?: string): string {
  if (stored && !GENERIC_TYPES.has(stored.toLowerCase())) return stored;
  const extension = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** `/` → `index.html`, `/x/` → `x/index.html`, `/a%20b.html` → `a b.html`; undefined for a path that escapes. */
export function objectKeyFor(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.split('/').some((part) => part === '..' || part === '.'))
    return undefined;
  const key = decoded.slice(1);
  return key === '' || key.endsWith('/') ? `${key}index.html` : key;
}

export async function startSiteServer(options: SiteServerOptions): Promise<RunningSiteServer> {
  const { s3, bucket, onError = (message, error) => console.error(message, error) } = options;
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const served = options.console ? serveConsole(req, res, options.console) : false;
    if (served) return;
    serve(req, res, s3, bucket).catch((error: unknown) => {
      onError(`site: ${req.method} ${req.url} failed`, error);
      if (res.headersSent) res.destroy();
      else send(res, 500, 'text/plain; charset=utf-8', '服务器内部错误\n', req.method === 'HEAD');
    });
  });
  return listen(server, options.port, host);
}

/** The console's files from memory; true when the path is the console's (answered, found or not). */
function serveConsole(
  req: IncomingMessage,
  res: ServerResponse,
  consoleApp: { readonly files: ConsoleFiles; readonly apiOrigin: string },
): boolean {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path !== CONSOLE_PREFIX.slice(0, -1) && !path.startsWith(CONSOLE_PREFIX)) return false;
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', '只读站点，仅支持 GET 与 HEAD\n', false);
    return true;
  }
  if (path === CONSOLE_PREFIX.slice(0, -1)) {
    res.setHeader('location', CONSOLE_PREFIX);
    send(res, 302, 'text/plain; charset=utf-8', '', head);
    return true;
  }
  const key = path === CONSOLE_PREFIX ? `${CONSOLE_PREFIX}index.html` : path;
  const file = consoleApp.files.get(key);
  for (const [name, value] of Object.entries(consoleHeaders(key, consoleApp.apiOrigin)))
    res.setHeader(name, value);
  if (!file) {
    send(res, 404, 'text/plain; charset=utf-8', '控制台中没有这个文件\n', head);
    return true;
  }
  send(res, 200, file.contentType, file.body, head);
  return true;
}

async function serve(req: IncomingMessage, res: ServerResponse, s3: S3Client, bucket: string): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', '只读站点，仅支持 GET 与 HEAD\n', false);
    return;
  }
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const key = objectKeyFor(path);
  if (key === undefined) {
    await notFound(res, s3, bucket, head);
    return;
  }
  const object = await getObject(s3, bucket, key);
  if (object) {
    const body = object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
    send(res, 200, contentTypeFor(key, object.ContentType), body, head);
    return;
  }
  // Like S3 website hosting: a folder asked for without its slash is redirected to it when it has an index.
  const lastSegment = key.slice(key.lastIndexOf('/') + 1);
  if (key !== '' && !lastSegment.includes('.') && (await exists(s3, bucket, `${key}/index.html`))) {
    res.setHeader('location', `${path}/`);
    send(res, 302, 'text/plain; charset=utf-8', '', head);
    return;
  }
  await notFound(res, s3, bucket, head);
}

/** CloudFront's custom error response: the bucket's 404.html with status 404 (a built-in page before it exists). */
async function notFound(res: ServerResponse, s3: S3Client, bucket: string, head: boolean): Promise<void> {
  const page = await getObject(s3, bucket, NOT_FOUND_KEY);
  const body = page?.Body ? Buffer.from(await page.Body.transformToByteArray()) : NOT_FOUND_PAGE;
  send(res, 404, HTML, body, head);
}

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

async function getObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<GetObjectCommandOutput | undefined> {
  try {
    return await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  head: boolean,
): void {
  // The local site changes as decisions are published; a browser should always see the current state.
  if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'no-cache');
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  });
  res.end(head ? undefined : body);
}
