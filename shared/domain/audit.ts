/**
 * R11 (长治 §三: 执法全过程留痕和可回溯管理; "防删改"): every change to a record is an append-only event,
 * hashed over a canonical serialisation and chained to the previous event's hash. Altering, removing,
 * inserting or reordering any event breaks a hash or a link; removing events at the end is caught by
 * comparing with the head the record itself stores (`expectedHead`).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** The hash the first event of every chain links to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  readonly userId: string;
  /** Absent for the platform itself (publisher, sweeps). */
  readonly agencyId?: string;
  /** R13: the event was a case system's. Absent for people, so their events and hashes read as before. */
  readonly via?: 'case_system';
}

/** What a use case records; the chain fields are added by `appendAudit`. */
export interface AuditEntry {
  /** The record the chain belongs to (a decision, a catalogue item, a correction request). */
  readonly subject: string;
  readonly action: string;
  readonly actor: AuditActor;
  /** ISO 8601 instant. */
  readonly at: string;
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface AuditEvent extends AuditEntry {
  /** 1, 2, 3 … per subject. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { seq, prevHash, subject, action, actor, at, before, after, detail } = event;
  return createHash('sha256')
    .update(canonicalJson({ seq, prevHash, subject, action, actor, at, before, after, detail }))
    .digest('hex');
}

export function appendAudit(head: ChainHead, entry: AuditEntry): AuditEvent {
  const unhashed = { ...entry, seq: head.seq + 1, prevHash: head.hash };
  return { ...unhashed, hash: hashAuditEvent(unhashed) };
}

export function headOf(events: readonly AuditEvent[]): ChainHead {
  const last = events.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : EMPTY_HEAD;
}

export type ChainProblem =
  | 'hash_mismatch' // the event's content no longer matches its hash: altered
  | 'broken_link' // prevHash is not the previous event's hash: removed, inserted or reordered
  | 'sequence_gap' // seq does not follow: removed, inserted or reordered
  | 'subject_mismatch' // an event of another record spliced in
  | 'head_mismatch' // the chain ends before (or elsewhere than) the head the record stores: truncated
  | 'anchor_mismatch'; // an event differs from the head anchored outside the table (ADR 0022): rewritten

/** Every problem a chain can have, for the tables keyed by it (the Chinese messages). */
export const CHAIN_PROBLEMS: readonly ChainProblem[] = [
  'hash_mismatch',
  'broken_link',
  'sequence_gap',
  'subject_mismatch',
  'head_mismatch',
  'anchor_mismatch',
];

export type ChainVerification =
  | { readonly valid: true; readonly length: number; readonly head: ChainHead }
  | {
      readonly valid: false;
      readonly length: number;
      readonly problem: ChainProblem;
      /** Index in the given array of the first event found wrong (the array length for head_mismatch). */
      readonly index: number;
      readonly message: string;
    };

export function verifyAuditChain(
  events: readonly AuditEvent[],
  options: { readonly expectedHead?: ChainHead; readonly subject?: string } = {},
): ChainVerification {
  const fail = (problem: ChainProblem, index: number, message: string): ChainVerification => ({
    valid: false,
    length: events.length,
    problem,
    index,
    message,
  });
  let prev = EMPTY_HEAD;
  const subject = options.subject ?? events[0]?.subject;
  for (const [index, event] of events.entries()) {
    if (event.subject !== subject)
      return fail('subject_mismatch', index, `event ${index} belongs to ${event.subject}`);
    if (event.seq !== prev.seq + 1) {
      return fail('sequence_gap', index, `event ${index} has seq ${event.seq}, expected ${prev.seq + 1}`);
    }
    if (event.prevHash !== prev.hash)
      return fail('broken_link', index, `event ${event.seq} does not link to its predecessor`);
    if (hashAuditEvent(event) !== event.hash)
      return fail('hash_mismatch', index, `event ${event.seq} was altered`);
    prev = { seq: event.seq, hash: event.hash };
  }
  const expected = options.expectedHead;
  if (expected && (expected.seq !== prev.seq || expected.hash !== prev.hash)) {
    return fail(
      'head_mismatch',
      events.length,
      `chain ends at seq ${prev.seq}, the record's head is seq ${expected.seq}`,
    );
  }
  return { valid: true, length: events.length, head: prev };
}

/** A stable digest of any content, for pinning what an event refers to without copying it. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * ADR 0022: a head of the chain recorded outside the table: an entry of the transparency log (`audit {seq, hash}`)
 * or the day's heads of an archived audit export. `source` says which, for a person to look it up.
 */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
  readonly source: string;
}

/**
 * R11: a chain rewritten in the table with every hash recomputed verifies on its own; it cannot match the heads
 * anchored outside it. The first anchor the chain contradicts (its event at that seq hashes otherwise, or the
 * chain no longer reaches it), or undefined when it agrees with all of them.
 */
export function checkAuditAnchors(
  events: readonly AuditEvent[],
  anchors: readonly AuditAnchor[],
): Extract<ChainVerification, { valid: false }> | undefined {
  const sorted = [...anchors].sort((a, b) => a.seq - b.seq);
  for (const anchor of sorted) {
    const index = events.findIndex((event) => event.seq === anchor.seq);
    const event = events[index];
    if (!event) {
      return {
        valid: false,
        length: events.length,
        problem: 'anchor_mismatch',
        index: events.length,
        message: `${anchor.source} anchored event ${anchor.seq} (${anchor.hash.slice(0, 12)}…), which the chain no longer has: it was cut or rewritten`,
      };
    }
    if (event.hash !== anchor.hash) {
      return {
        valid: false,
        length: events.length,
        problem: 'anchor_mismatch',
        index,
        message: `event ${anchor.seq} hashes to ${event.hash.slice(0, 12)}…, but ${anchor.source} anchored ${anchor.hash.slice(0, 12)}…: the chain was rewritten`,
      };
    }
  }
  return undefined;
}
