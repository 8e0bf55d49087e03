/**
 * `npm run verify-archive -- FILE --site URL`: checks one day's audit export (from the archive bucket,
 * `audit/YYYY/MM/DD.ndjson`) against the site's public transparency log (shared/transparency/verify-archive.ts,
 * ADR 0022). Exits 0 with a short report, 1 with one line per problem, 2 for bad arguments or an unreachable site.
 */
import { readFileSync } from 'node:fs';
import type { Fetched } from '../shared/transparency/verify.ts';
import { formatArchiveReport, verifyArchive } from '../shared/transparency/verify-archive.ts';
import { EXIT_FAILURE, EXIT_USAGE, parseCommandLine, UsageError } from './cli.ts';

const USAGE = `usage: npm run verify-archive -- FILE --site SITE_URL
Checks a day's audit export (audit/YYYY/MM/DD.ndjson from the archive bucket) against the site's transparency
log: its SHA-256 is the one the log anchored for its day, and every event in it hashes and links.`;

async function fetchText(url: string): Promise<Fetched> {
  const response = await fetch(url, { redirect: 'follow', headers: { 'cache-control': 'no-cache' } });
  return { status: response.status, body: response.status === 200 ? await response.text() : '' };
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine('verify-archive', USAGE, {
    options: { site: { type: 'string' } },
    allowPositionals: true,
  });
  const [name, ...rest] = positionals;
  if (!name || rest.length > 0) throw new UsageError('name exactly one export file');
  const siteUrl = values.site;
  if (!siteUrl || !/^https?:\/\//.test(siteUrl)) throw new UsageError('--site is the site’s http(s) URL');
  let body: string;
  try {
    body = readFileSync(name, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${(error as Error).message}`);
  }
  let report: Awaited<ReturnType<typeof verifyArchive>>;
  try {
    report = await verifyArchive({ siteUrl, fetch: fetchText, file: { name, body } });
  } catch (error) {
    console.error(`cannot reach ${siteUrl}: ${(error as Error).message}`);
    return EXIT_USAGE;
  }
  const lines = formatArchiveReport(name, report);
  if (report.problems.length > 0) {
    console.error(lines.join('\n'));
    return EXIT_FAILURE;
  }
  console.log(lines.join('\n'));
  return 0;
}

try {
  process.exit(await main());
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`verify-archive: ${error.message} (npm run verify-archive -- --help)`);
    process.exit(EXIT_USAGE);
  }
  console.error('verify-archive failed:', error instanceof Error ? error.message : error);
  process.exit(EXIT_USAGE);
}
