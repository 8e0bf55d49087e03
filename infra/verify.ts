/**
 * `npm run verify -- <site URL> [--checkpoint FILE]… [--vkey KEY]…`, or offline `--proof FILE --vkey KEY`: checks a Gongshi site the way a sceptical reader would,
 * over HTTP and nothing else (shared/transparency/verify.ts, ADR 0007). Prints a short report and exits 0, or
 * one line per problem and exits 1; 2 for bad arguments or a site that cannot be reached.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseVerifierKey } from '../shared/domain/tlog/note.ts';
import type { SignedCheckpoint } from '../shared/domain/transparency-log.ts';
import { parseCheckpoint } from '../shared/site/transparency.ts';
import { formatReport, httpFetcher, verifySite } from '../shared/transparency/verify.ts';
import { checkProofFile } from '../shared/transparency/verify-tlog.ts';
import { EXIT_FAILURE, EXIT_USAGE, parseCommandLine, UsageError } from './cli.ts';

const USAGE = `usage: npm run verify -- SITE_URL [--checkpoint FILE]… [--vkey KEY]… [--concurrency N]
       npm run verify -- --proof FILE --vkey KEY… [--document FILE]
Checks the site's transparency log, its signed checkpoints and every decision page against them; or, offline,
a proof file a reader kept (transparency/proofs/{id}.tlog-proof) against the log's keys alone.
--checkpoint FILE   a checkpoint you saved earlier (transparency/checkpoint.json, or the tiled log's
                    tlog/checkpoint): it must still agree with the log (repeatable)
--vkey KEY          the log's verifier key (a line of transparency/log.vkey), or a file holding such lines:
                    pinned, so the site cannot swap its key (repeatable)
--proof FILE        check this tlog-proof file offline, nothing fetched
--document FILE     with --proof: a copy of the decision's page or JSON, which the proved entry must commit to
--concurrency N     decision pages fetched at once (default 8)`;

const fetchText = httpFetcher();

function readText(name: string): string {
  try {
    return readFileSync(name, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${(error as Error).message}`);
  }
}

/** `--vkey` values: a key itself, or a file of keys one a line. */
function vkeysOf(values: readonly string[]): string[] {
  return values.flatMap((value) =>
    existsSync(value)
      ? readText(value)
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '')
      : [value],
  );
}

/** Offline: a proof file against the pinned keys, and the document a reader kept against what it commits to. */
function verifyProof(file: string, vkeys: readonly string[], document: string | undefined): number {
  if (vkeys.length === 0)
    throw new UsageError("--proof needs the log's key: --vkey KEY (transparency/log.vkey)");
  const verifiers = vkeys.map((vkey) => {
    try {
      return parseVerifierKey(vkey);
    } catch (error) {
      throw new UsageError(`--vkey ${vkey}: ${(error as Error).message}`);
    }
  });
  const checked = checkProofFile(readText(file), verifiers);
  if (!checked.ok) {
    console.error(`FAILED: ${file} ${checked.why}`);
    return EXIT_FAILURE;
  }
  const { entry, checkpoint } = checked;
  const lines = [
    `Verified ${file} offline`,
    `  entry ${entry.seq}: ${entry.action} of decision ${entry.decisionId} at ${entry.time}`,
    `  included in ${checkpoint.origin} at ${checkpoint.size} entries, signed by ${verifiers.map((v) => v.name).join(', ')}`,
  ];
  if (document !== undefined) {
    const hash = createHash('sha256').update(readFileSync(document)).digest('hex');
    const committed = Object.entries(entry.commits ?? {}).find(([, digest]) => digest === hash)?.[0];
    if (committed === undefined && entry.sha256 !== hash) {
      console.error(
        [...lines, `FAILED: ${document} hashes to ${hash}, which entry ${entry.seq} does not commit to`].join(
          '\n',
        ),
      );
      return EXIT_FAILURE;
    }
    lines.push(`  ${document} is the decision's ${committed ?? 'json'} as logged (SHA-256 ${hash})`);
  }
  console.log([...lines, 'OK: the entry is in the log that the checkpoint signs.'].join('\n'));
  return 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine('verify', USAGE, {
    options: {
      checkpoint: { type: 'string', multiple: true },
      vkey: { type: 'string', multiple: true },
      proof: { type: 'string' },
      document: { type: 'string' },
      concurrency: { type: 'string' },
    },
    allowPositionals: true,
  });
  const vkeys = vkeysOf(values.vkey ?? []);
  if (values.proof !== undefined) {
    if (positionals.length > 0) throw new UsageError('--proof is checked offline: name no site URL');
    return verifyProof(values.proof, vkeys, values.document);
  }
  if (values.document !== undefined) throw new UsageError('--document goes with --proof');
  const [siteUrl, ...rest] = positionals;
  if (!siteUrl || rest.length > 0) throw new UsageError('name exactly one site URL');
  if (!/^https?:\/\//.test(siteUrl)) throw new UsageError(`${siteUrl} is not an http(s) URL`);
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError('--concurrency is a whole number ≥ 1');
  const savedCheckpoints: { name: string; checkpoint: SignedCheckpoint }[] = [];
  const savedNotes: { name: string; note: string }[] = [];
  for (const name of values.checkpoint ?? []) {
    const body = readText(name);
    // The JSON checkpoint (ADR 0007), or the tiled log's signed note (ADR 0021).
    if (body.trimStart().startsWith('{'))
      savedCheckpoints.push({ name, checkpoint: parseCheckpoint(name, body) });
    else savedNotes.push({ name, note: body });
  }
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
    savedNotes,
    ...(vkeys.length > 0 ? { vkeys } : {}),
    concurrency,
  });
  const lines = formatReport(siteUrl, report);
  if (report.problems.length === 0) {
    console.log(lines.join('\n'));
    if (report.tiled.checkpoint) {
      const root = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
      console.log(
        `Keep a copy of ${new URL('tlog/checkpoint', root).href} and ${new URL('transparency/log.vkey', root).href}:`,
      );
      console.log(
        'pass them with --checkpoint and --vkey next time, and any later rewrite of the log up to it will show.',
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
