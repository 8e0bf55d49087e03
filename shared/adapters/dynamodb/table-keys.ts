/**
 * What every record of the single table is built from: the key and item types, the two rules that keep keys
 * unambiguous (`segment`, `pad`), the sort-key prefixes records share, the errors of a corrupt item or a forged
 * cursor, and the audit-event item every audited record keeps. One module per record kind builds on it
 * (decision-keys.ts, correction-request-keys.ts, agency-keys.ts, transparency-log-keys.ts, catalog-keys.ts,
 * calendar-keys.ts); table-indexes.ts holds the indexes, lists and cursors. None of them imports the AWS SDK,
 * so the memory adapters reuse them: the same sort keys, cursors and conflict precedence make the two stores
 * behave alike by construction. docs/data-model.md explains the design.
 */
import type { AuditEvent } from '../../domain/audit.ts';
import { shanghaiDate } from '../../domain/dates.ts';

export type Item = Record<string, unknown>;

// A type, not an interface, so a key is a record (`Record<string, unknown>`) wherever one is expected.
export type Key = {
  readonly pk: string;
  readonly sk: string;
};

export const META_SK = 'META';
export const REVISION_PREFIX = 'REV#';
export const AUDIT_PREFIX = 'AUDIT#';
/** Sorts after every character our ids and dates use: the upper end of "every key starting with …". */
export const KEY_MAX = '\uffff';

/** A stored item that does not have the shape this code writes: fail loudly rather than serve garbage. */
export class CorruptItemError extends Error {
  readonly code = 'corrupt_item';
  constructor(key: string, problem: string) {
    super(`stored item ${key} is corrupt: ${problem}`);
    this.name = 'CorruptItemError';
  }
}

// A `#` inside an id would let two different (agency, case number) pairs build the same key.
export function segment(value: string, what: string): string {
  if (value === '' || value.includes('#'))
    throw new Error(`${what} must be non-empty and without '#': ${value}`);
  return value;
}

// Fixed width keeps the string order of sort keys equal to the numeric order (REV#00010 after REV#00009).
export function pad(value: number, width: number, what: string): string {
  if (!Number.isInteger(value) || value < 0 || value >= 10 ** width) {
    throw new Error(`${what} ${value} does not fit a ${width}-digit sort key`);
  }
  return String(value).padStart(width, '0');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `pk / sk`: how a corrupt item is named in an error. */
export function keyOf(item: Item): string {
  return `${String(item.pk)} / ${String(item.sk)}`;
}

/**
 * Drops `undefined` members the way the document client (client.ts) leaves them out, and copies: the memory
 * adapters hand out exactly what a DynamoDB round trip would.
 */
export function plainCopy<T>(value: T): T {
  return structuredClone(stripUndefined(value)) as T;
}

function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(stripUndefined);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, stripUndefined(v)]),
    );
  }
  return value;
}

/** `AUDITDAY#2026-12-06`: the auditByDay index's partition of a day (ADR 0022). */
export const AUDIT_DAY_PREFIX = 'AUDITDAY#';

/**
 * ADR 0022: the auditByDay index's key of an audit event, written on every audit item: its day (China time) and
 * `<subject>#<seq>`, so a day's export reads one partition of the index, by subject then seq.
 */
export function auditDayAttributes(event: AuditEvent): { auditDayPk: string; auditDaySk: string } {
  return {
    auditDayPk: `${AUDIT_DAY_PREFIX}${shanghaiDate(event.at)}`,
    auditDaySk: `${event.subject}#${pad(event.seq, 8, 'audit seq')}`,
  };
}

export function eventFromItem(item: Item): AuditEvent {
  const event = item.event;
  if (
    item.type !== 'audit' ||
    !isRecord(event) ||
    typeof event.seq !== 'number' ||
    typeof event.hash !== 'string'
  ) {
    throw new CorruptItemError(keyOf(item), 'not an audit event');
  }
  return event as unknown as AuditEvent;
}
