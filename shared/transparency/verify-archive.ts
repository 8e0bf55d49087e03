/**
 * ADR 0022 (R11): `npm run verify-archive -- FILE --site URL` checks one day's audit export against the public
 * transparency log, over HTTP and nothing else: the file's SHA-256 is the one the log's `anchor` entry of its
 * day committed to, and the file holds up on its own (checkAuditExport: every event hashes to its hash, each
 * subject's events follow one another and link, the summary names each subject's last event). A file edited,
 * cut or never anchored fails, each with a line saying why.
 */
import { auditDayId, checkAuditExport } from '../domain/audit-export.ts';
import { isLocalDate, type LocalDate } from '../domain/dates.ts';
import { LOG_CHUNK_SIZE, type LogEntry, sha256Hex, short } from '../domain/transparency-log.ts';
import { logChunkKey } from '../site/keys.ts';
import { LogFormatError, parseLogChunk } from '../site/transparency.ts';
import type { Fetcher } from './verify.ts';

export interface ArchiveVerifyOptions {
  readonly siteUrl: string;
  readonly fetch: Fetcher;
  /** The export as read from disk: its name (for the day, when the file has lost its summary) and text. */
  readonly file: { readonly name: string; readonly body: string };
}

export interface ArchiveReport {
  readonly day?: LocalDate;
  readonly sha256: string;
  readonly events: number;
  readonly subjects: number;
  /** The log's entry that anchored the day, when there is one. */
  readonly anchor?: { readonly seq: number; readonly time: string; readonly sha256: string };
  readonly problems: readonly string[];
}

/** `…/2026/12/06.ndjson`: the day an export's key names. */
function dayOfName(name: string): LocalDate | undefined {
  const match = /(\d{4})\/(\d{2})\/(\d{2})\.ndjson$/.exec(name.replaceAll('\\', '/'));
  const day = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  return isLocalDate(day) ? day : undefined;
}

/** The anchor entry of the day in the site's log, reading chunks until the last (a short or missing one). */
async function findAnchor(
  options: ArchiveVerifyOptions,
  day: LocalDate,
  problems: string[],
): Promise<LogEntry | undefined> {
  const root = options.siteUrl.endsWith('/') ? options.siteUrl : `${options.siteUrl}/`;
  const id = auditDayId(day);
  for (let chunk = 0; ; chunk++) {
    const key = logChunkKey(chunk);
    const { status, body } = await options.fetch(new URL(key, root).href);
    if (status !== 200) {
      if (status !== 404 && status !== 403) problems.push(`${key}: the site answered HTTP ${status}`);
      return undefined;
    }
    let entries: LogEntry[];
    try {
      entries = parseLogChunk(key, body);
    } catch (error) {
      if (!(error instanceof LogFormatError)) throw error;
      problems.push(`${key}: ${error.why}`);
      return undefined;
    }
    const anchor = entries.find((entry) => entry.action === 'anchor' && entry.decisionId === id);
    if (anchor) return anchor;
    if (entries.length < LOG_CHUNK_SIZE) return undefined;
  }
}

export async function verifyArchive(options: ArchiveVerifyOptions): Promise<ArchiveReport> {
  const { body, name } = options.file;
  const problems: string[] = [];
  const sha256 = sha256Hex(body);
  const parsed = checkAuditExport(body);
  for (const finding of parsed.findings) {
    problems.push(finding.line > 0 ? `${name}: ${finding.message}` : `${name}: ${finding.message}`);
  }
  const fromName = dayOfName(name);
  const day = parsed.summary?.date ?? fromName;
  if (parsed.summary && fromName && fromName !== parsed.summary.date) {
    problems.push(
      `${name}: its summary is of ${parsed.summary.date}, but its name is the export of ${fromName}`,
    );
  }
  const summary = {
    sha256,
    events: parsed.events.length,
    subjects: new Set(parsed.events.map((event) => event.subject)).size,
  };
  if (!day) {
    problems.push(
      `${name}: neither its summary nor its name (audit/YYYY/MM/DD.ndjson) says which day it exports`,
    );
    return { ...summary, problems };
  }
  const anchor = await findAnchor(options, day, problems);
  if (!anchor) {
    problems.push(
      `the site's transparency log has no anchor of ${day} (${auditDayId(day)}): this export was never anchored`,
    );
    return { day, ...summary, problems };
  }
  if (anchor.sha256 !== sha256) {
    problems.push(
      `${name} hashes to ${short(sha256)}, but log entry ${anchor.seq} anchored ${short(anchor.sha256 ?? '')} for ${day}: the file is not the export that was anchored`,
    );
  }
  return {
    day,
    ...summary,
    anchor: { seq: anchor.seq, time: anchor.time, sha256: anchor.sha256 ?? '' },
    problems,
  };
}

export function formatArchiveReport(name: string, report: ArchiveReport): string[] {
  if (report.problems.length > 0) return report.problems.map((problem) => `FAIL ${problem}`);
  return [
    `OK: ${name} is the audit export of ${report.day}, anchored by transparency log entry ${report.anchor?.seq} (${report.anchor?.time})`,
    `   ${report.events} events of ${report.subjects} records, SHA-256 ${report.sha256}; every event hashes and links`,
  ];
}
