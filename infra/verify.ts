/**
 * `npm run verify -- <site URL> [--checkpoint FILE]…`: checks a Gongshi site the way a sceptical reader would,
 * over HTTP and nothing else (shared/transparency/verify.ts, ADR 0007). Prints a short report and exits 0, or
 * one line per problem and exits 1; 2 for bad arguments or a site that cannot be reached.
 */
import { readFileSync } from 'node:fs';
import { parseCheckpoint } from '../shared/site/transparency.ts';
import { formatReport, httpFetcher, verifySite } from '../shared/transparency/verify.ts';
import { EXIT_FAILURE, EXIT_USAGE, parseCommandLine, UsageError } from './cli.ts';

const USAGE = `usage: npm run verify -- SITE_URL [--checkpoint FILE]… [--concurrency N]
Checks the site's transparency log, its signed checkpoints and every decision page against them.
--checkpoint FILE   a checkpoint.json you saved earlier: it must still agree with the log (repeatable)
--concurrency N     decision pages fetched at once (default 8)`;

const fetchText = httpFetcher();

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine('verify', USAGE, {
    options: { checkpoint: { type: 'string', multiple: true }, concurrency: { type: 'string' } },
    allowPositionals: true,
  });
  const [siteUrl, ...rest] = positionals;
  if (!siteUrl || rest.length > 0) throw new UsageError('name exactly one site URL');
  if (!/^https?:\/\//.test(siteUrl)) throw new UsageError(`${siteUrl} is not an http(s) URL`);
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError('--concurrency is a whole number ≥ 1');
  const savedCheckpoints = (values.checkpoint ?? []).map((name) => {
    let body: string;
    try {
      body = readFileSync(name, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${name}: ${(error as Error).message}`);
    }
    return { name, checkpoint: parseCheckpoint(name, body) };
  });
  // Reachable at all? Otherwise every object would be "missing", which says nothing about the site.
  try {
    await fetch(siteUrl, { method: 'HEAD' });
  } catch (error) {
    console.error(`cannot reach ${siteUrl}: ${(error as Error).message}`);
    return EXIT_USAGE;
  }
  const report = await verifySite({
    siteUrl,
    fetch: fetchText,
    now: new Date(),
    savedCheckpoints,
    concurrency,
  });
  const lines = formatReport(siteUrl, report);
  if (report.problems.length === 0) {
    console.log(lines.join('\n'));
    if (report.checkpoints.latest) {
      console.log(
        `Keep a copy of ${new URL('transparency/checkpoint.json', siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href}:`,
      );
      console.log(
        'pass it with --checkpoint next time, and any later rewrite of the log up to it will show.',
      );
    }
    return 0;
  }
  console.error(lines.join('\n'));
  return EXIT_FAILURE;
}

try {
  process.exit(await main());
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`verify: ${error.message} (npm run verify -- --help)`);
    process.exit(EXIT_USAGE);
  }
  console.error('verify failed:', error instanceof Error ? error.message : error);
  process.exit(EXIT_USAGE);
}
