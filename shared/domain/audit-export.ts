/**
 * ADR 0022 (R11): a day's audit export. Every audit event recorded on a day (China time, `shanghaiDate`), of every
 * subject, one canonical JSON line each, ordered by subject then seq; then one summary line with the day, the
 * number of events and each subject's head at the end of the day. The file is written once to the object-locked
 * archive and the transparency log commits to its SHA-256 (an `anchor` entry named `audit-YYYY-MM-DD`), so a
 * chain rewritten in the table afterwards contradicts both.
 */
import { type AuditEvent, type ChainHead, GENESIS_HASH, hashAuditEvent } from './audit.ts';
import { canonicalJson } from './canonical-json.ts';
import { isLocalDate, type LocalDate, shanghaiDate } from './dates.ts';

/** `audit-2026-12-06`: the `decisionId` of the day's anchor entry in the transparency log. */
export function auditDayId(day: LocalDate): string {
  return `audit-${day}`;
}

/** The day an anchor entry names, or undefined for any other entry. */
export function dayOfAuditId(id: string): LocalDate | undefined {
  const day = id.startsWith('audit-') ? id.slice('audit-'.length) : '';
  return isLocalDate(day) ? day : undefined;
}

/** `audit/2026/12/06.ndjson`: the export's key in the archive bucket. */
export function auditExportKey(day: LocalDate): string {
  return `audit/${day.slice(0, 4)}/${day.slice(5, 7)}/${day.slice(8, 10)}.ndjson`;
}

export interface AuditExportSummary {
  readonly date: LocalDate;
  readonly events: number;
  /** Each subject with an event that day: its last event of the day. */
  readonly heads: Readonly<Record<string, ChainHead>>;
}

function bySubjectThenSeq(a: AuditEvent, b: AuditEvent): number {
  if (a.subject !== b.subject) return a.subject < b.subject ? -1 : 1;
  return a.seq - b.seq;
}

/** The event as the export writes it: the members it is hashed over, and its chain fields. */
function exportedEvent(event: AuditEvent): Record<string, unknown> {
  const { seq, prevHash, hash, subject, action, actor, at, before, after, detail } = event;
  return { seq, prevHash, hash, subject, action, actor, at, before, after, detail };
}

/** The file's text: the events' lines and the summary line, each ending in a newline. */
export function renderAuditExport(day: LocalDate, events: readonly AuditEvent[]): string {
  const sorted = [...events].sort(bySubjectThenSeq);
  const heads: Record<string, ChainHead> = {};
  for (const event of sorted) heads[event.subject] = { seq: event.seq, hash: event.hash };
  const summary: AuditExportSummary = { date: day, events: sorted.length, heads };
  return [...sorted.map((event) => canonicalJson(exportedEvent(event))), canonicalJson(summary)]
    .map((line) => `${line}\n`)
    .join('');
}

export interface AuditExportFinding {
  /** 1-based line of the file; 0 for the file as a whole. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedAuditExport {
  readonly events: readonly AuditEvent[];
  readonly summary?: AuditExportSummary;
  readonly findings: readonly AuditExportFinding[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEvent(value: Record<string, unknown>): boolean {
  return (
    typeof value.subject === 'string' &&
    Number.isInteger(value.seq) &&
    typeof value.hash === 'string' &&
    typeof value.prevHash === 'string' &&
    typeof value.at === 'string' &&
    typeof value.action === 'string'
  );
}

function isSummary(value: Record<string, unknown>): boolean {
  return (
    typeof value.date === 'string' &&
    isLocalDate(value.date) &&
    Number.isInteger(value.events) &&
    isRecord(value.heads) &&
    Object.values(value.heads).every(
      (head) => isRecord(head) && Number.isInteger(head.seq) && typeof head.hash === 'string',
    )
  );
}

/**
 * Reads an export and checks everything one day's file can show on its own: each line is an event or the last
 * line the summary; each event hashes to its `hash`; a subject's events are contiguous (seq n+1 after n) and each
 * links to the one before it in the file; a subject's first event of all (seq 1) links to the genesis hash; every
 * event was recorded on the file's day; the summary counts the events and names each subject's last one. What
 * it cannot show (an event before the day's first, of a subject seen before) the log's anchor of that day's file
 * and the audit endpoint's comparison with the table do.
 */
export function checkAuditExport(text: string): ParsedAuditExport {
  const findings: AuditExportFinding[] = [];
  const at = (line: number, message: string) => findings.push({ line, message });
  if (text !== '' && !text.endsWith('\n')) at(0, 'the file does not end with a newline: it was cut short');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const events: AuditEvent[] = [];
  const lineNumbers: number[] = [];
  let summary: AuditExportSummary | undefined;
  for (const [i, line] of lines.entries()) {
    const n = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      at(n, `line ${n} is not JSON`);
      continue;
    }
    if (!isRecord(value)) {
      at(n, `line ${n} is neither an audit event nor the summary`);
    } else if (isEvent(value)) {
      if (summary) at(n, `line ${n} is an event after the summary line`);
      if (canonicalJson(value) !== line) at(n, `line ${n} is not written canonically: it was edited`);
      const event = value as unknown as AuditEvent;
      events.push(event);
      lineNumbers.push(n);
      if (hashAuditEvent(event) !== event.hash) {
        at(
          n,
          `line ${n} (${event.subject} event ${event.seq}) was altered: its content does not hash to its hash`,
        );
      }
    } else if (isSummary(value)) {
      if (n !== lines.length) at(n, `line ${n} is a summary, but the summary is the last line`);
      summary = value as unknown as AuditExportSummary;
    } else {
      at(n, `line ${n} is neither an audit event nor the summary`);
    }
  }
  if (!summary) {
    at(0, 'the file has no summary line (its day and heads): it was cut short');
    return { events, findings };
  }
  const last = new Map<string, AuditEvent>();
  for (const [i, event] of events.entries()) {
    const n = lineNumbers[i] ?? 0;
    if (shanghaiDate(event.at) !== summary.date) {
      at(
        n,
        `${event.subject} event ${event.seq} was recorded on ${shanghaiDate(event.at)}, not ${summary.date}`,
      );
    }
    const before = last.get(event.subject);
    if (before) {
      if (event.seq !== before.seq + 1) {
        at(
          n,
          event.seq > before.seq + 1
            ? `${event.subject} event ${event.seq} follows event ${before.seq}: events ${before.seq + 1}–${event.seq - 1} are missing`
            : `${event.subject} event ${event.seq} follows event ${before.seq}: events were reordered or repeated`,
        );
      } else if (event.prevHash !== before.hash) {
        at(
          n,
          `${event.subject} event ${event.seq} does not link to event ${before.seq}: an event was changed`,
        );
      }
    } else if (event.seq === 1 && event.prevHash !== GENESIS_HASH) {
      at(n, `${event.subject} event 1 does not start the chain (its prevHash is not the genesis hash)`);
    }
    last.set(event.subject, event);
  }
  if (summary.events !== events.length) {
    at(
      lines.length,
      `the summary counts ${summary.events} events, the file has ${events.length}: a line was removed or added`,
    );
  }
  for (const [subject, event] of last) {
    const head = summary.heads[subject];
    if (!head || head.seq !== event.seq || head.hash !== event.hash) {
      at(
        lines.length,
        `the summary's head of ${subject} is not its last event in the file (event ${event.seq})`,
      );
    }
  }
  for (const subject of Object.keys(summary.heads)) {
    if (!last.has(subject))
      at(lines.length, `the summary names a head of ${subject}, which has no event in the file`);
  }
  return { events, summary, findings };
}

/** The summary's heads of a stored export (its last line), or undefined when it has none. */
export function headsOfAuditExport(text: string): AuditExportSummary | undefined {
  const lines = text.trimEnd().split('\n');
  try {
    const value: unknown = JSON.parse(lines.at(-1) ?? '');
    return isRecord(value) && isSummary(value) ? (value as unknown as AuditExportSummary) : undefined;
  } catch {
    return undefined;
  }
}
