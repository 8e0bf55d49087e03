/**
 * The agency console (console/): a static web app built in this process by esbuild into one minified ESM file, a
 * stylesheet and index.html, kept in memory and served by the local site server under /console/. Nothing is
 * written to disk, so a start or a test leaves the checkout as it found it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const CONSOLE_PREFIX = '/console/';

export interface ConsoleFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The console's files by path (`/console/index.html` …). */
export type ConsoleFiles = ReadonlyMap<string, ConsoleFile>;

const CONSOLE_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'console');
const API_PLACEHOLDER = '%GONGSHI_API%';

/**
 * The console's own policy: its script and style from itself only, calls to itself and the API; never framed, no
 * form posted anywhere (the console posts with fetch), no base, no plugin.
 */
export function consoleCsp(apiOrigin: string): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The headers every console file is served with; index.html is also never cached. */
export function consoleHeaders(path: string, apiOrigin: string): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(apiOrigin),
    'x-robots-tag': 'noindex, nofollow',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': path.endsWith('.html') ? 'no-store' : 'no-cache',
  };
}

/** Builds the console for an API at `apiUrl` (its address goes into index.html's `gongshi-api` meta). */
export async function buildConsole(apiUrl: string): Promise<Map<string, ConsoleFile>> {
  const result = await build({
    entryPoints: [join(CONSOLE_DIR, 'main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    write: false,
    outfile: 'app.js',
    logLevel: 'silent',
  });
  const script = result.outputFiles.find((file) => file.path.endsWith('.js'));
  if (!script) throw new Error('esbuild produced no script for the console');
  const [html, css] = await Promise.all([
    readFile(join(CONSOLE_DIR, 'index.html'), 'utf8'),
    readFile(join(CONSOLE_DIR, 'console.css')),
  ]);
  if (!html.includes(API_PLACEHOLDER)) throw new Error(`console/index.html lacks ${API_PLACEHOLDER}`);
  const origin = new URL(apiUrl).origin;
  return new Map<string, ConsoleFile>([
    [
      `${CONSOLE_PREFIX}index.html`,
      {
        body: Buffer.from(html.replace(API_PLACEHOLDER, escapeAttribute(origin))),
        contentType: 'text/html; charset=utf-8',
      },
    ],
    [
      `${CONSOLE_PREFIX}app.js`,
      { body: Buffer.from(script.contents), contentType: 'text/javascript; charset=utf-8' },
    ],
    [`${CONSOLE_PREFIX}console.css`, { body: css, contentType: 'text/css; charset=utf-8' }],
  ]);
}

function escapeAttribute(text: string): string {
  return text.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
