/**
 * ADR 0022 (R11): an audit chain is anchored outside the table, so rewriting it in the table (every hash
 * recomputed) is caught: by the transparency log's entries of the record (`audit {seq, hash}`), and by the daily
 * export of the audit events to the object-locked archive, whose digest the log holds (`anchor`).
 */
import { type AuditAnchor, type AuditEvent, checkAuditAnchors } from '../domain/audit.ts';
import { auditDayId, auditExportKey, headsOfAuditExport, renderAuditExport } from '../domain/audit-export.ts';
import { addDays, type LocalDate, shanghaiDate } from '../domain/dates.ts';
import { sha256Hex } from '../domain/transparency-log.ts';
import type { AuditArchive, AuditDayReader, TransparencyLogStore } from '../ports.ts';

export interface AnchorPorts {
  readonly log: Pick<TransparencyLogStore, 'entriesOf' | 'logged'>;
  readonly archive: Pick<AuditArchive, 'read'>;
}

/** Days of one chain whose exports the endpoint reads, newest first: a record's events span few days. */
const MAX_ARCHIVED_DAYS = 31;

/**
 * The heads anchored for this subject: each of its log entries that carries one, and its head at the end of
 * each day (of its events) already exported, as the archived file says (the file is read only when the log
 * holds its anchor and its bytes match the anchored digest; a file that does not match is itself a finding).
 */
export async function anchorsOf(
  ports: AnchorPorts,
  subject: string,
  events: readonly AuditEvent[],
): Promise<{ anchors: AuditAnchor[]; findings: string[] }> {
  const anchors: AuditAnchor[] = [];
  const findings: string[] = [];
  for (const entry of await ports.log.entriesOf(subject)) {
    if (entry.audit) {
      anchors.push({ ...entry.audit, source: `transparency log entry ${entry.seq} (${entry.action})` });
    }
  }
  const days = [...new Set(events.flatMap((event) => dayOf(event.at)))].sort().reverse();
  for (const day of days.slice(0, MAX_ARCHIVED_DAYS)) {
    const anchor = await ports.log.logged({ decisionId: auditDayId(day), action: 'anchor' });
    if (!anchor) continue;
    const text = await ports.archive.read(auditExportKey(day));
    if (text === undefined || sha256Hex(text) !== anchor.sha256) {
      findings.push(
        `the archived audit export of ${day} ${text === undefined ? 'is missing' : 'does not match'} the digest transparency log entry ${anchor.seq} anchored`,
      );
      continue;
    }
    const head = headsOfAuditExport(text)?.heads[subject];
    if (head) anchors.push({ ...head, source: `the archived audit export of ${day}` });
  }
  return { anchors, findings };
}

function dayOf(at: string): LocalDate[] {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? [] : [shanghaiDate(at)];
}

/** The chain's verification, made invalid by the first anchor it contradicts (or an archive that was changed). */
export async function verifyAgainstAnchors<V extends { readonly valid: boolean }>(
  ports: AnchorPorts,
  subject: string,
  events: readonly AuditEvent[],
  verification: V,
) {
  if (!verification.valid) return verification;
  const { anchors, findings } = await anchorsOf(ports, subject, events);
  const mismatch = checkAuditAnchors(events, anchors);
  if (mismatch) return mismatch;
  const [finding] = findings;
  if (finding) {
    return {
      valid: false as const,
      length: events.length,
      problem: 'anchor_mismatch' as const,
      index: events.length,
      message: finding,
    };
  }
  return verification;
}

// ---- the daily export ------------------------------------------------------------------------------------------

/** Days one run exports at most: a schedule down for longer catches up over several runs. */
export const MAX_EXPORT_DAYS = 7;
/** How far back a run looks for the last anchored day before it assumes nothing older needs exporting. */
export const LOOKBACK_DAYS = 31;

export interface ExportPorts {
  readonly log: Pick<TransparencyLogStore, 'append' | 'logged'>;
  readonly archive: AuditArchive;
  readonly audit: AuditDayReader;
}

export interface ExportedDay {
  readonly day: LocalDate;
  readonly key: string;
  readonly sha256: string;
  readonly events: number;
  /** False when the object (with this digest) was there already: a rerun. */
  readonly written: boolean;
  /** The log's anchor entry (new, or the one logged before). */
  readonly entry: number;
}

/**
 * R11: exports each day since the last anchored one up to yesterday (China time; at most MAX_EXPORT_DAYS a run,
 * oldest first; yesterday alone when no day of the look-back was anchored) and anchors it in the log. Rerunning a day rewrites nothing: the object is written only where
 * none is, and an object already there must have the digest of the day's events as read now, or the run stops
 * (the table or the archive changed since) rather than anchor something else.
 */
export async function exportAuditDays(ports: ExportPorts, now: Date): Promise<ExportedDay[]> {
  const yesterday = addDays(shanghaiDate(now), -1);
  let days: LocalDate[] = [];
  let anchored = false;
  for (let back = 0; back < LOOKBACK_DAYS && !anchored; back++) {
    const day = addDays(yesterday, -back);
    anchored = (await ports.log.logged({ decisionId: auditDayId(day), action: 'anchor' })) !== undefined;
    if (!anchored) days.unshift(day);
  }
  // No anchor within the look-back: the first run of a deployment (the index holds no event written before it
  // existed), or one stopped for longer than the look-back: start from yesterday.
  if (!anchored) days = [yesterday];
  const done: ExportedDay[] = [];
  for (const day of days.slice(0, MAX_EXPORT_DAYS)) done.push(await exportAuditDay(ports, day, now));
  return done;
}

export async function exportAuditDay(ports: ExportPorts, day: LocalDate, now: Date): Promise<ExportedDay> {
  const events = await ports.audit.eventsOn(day);
  const key = auditExportKey(day);
  const body = renderAuditExport(day, events);
  const sha256 = sha256Hex(body);
  const { written } = await ports.archive.putNew(key, body);
  if (!written) {
    const stored = await ports.archive.read(key);
    if (stored === undefined || sha256Hex(stored) !== sha256) {
      throw new Error(
        `the archive holds ${key} with another digest than the day's audit events now have: the table or the archive changed; not anchored`,
      );
    }
  }
  const { entry } = await ports.log.append({
    time: now.toISOString(),
    decisionId: auditDayId(day),
    action: 'anchor',
    document: key,
    sha256,
  });
  return { day, key, sha256, events: events.length, written, entry: entry.seq };
}
