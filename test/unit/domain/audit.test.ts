import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  type AuditEvent,
  appendAudit,
  EMPTY_HEAD,
  GENESIS_HASH,
  headOf,
  verifyAuditChain,
} from '../../../shared/domain/audit.ts';
import { auditActorOf } from '../../../shared/domain/authority.ts';
import { canonicalJson } from '../../../shared/domain/canonical-json.ts';

function chainOf(entries: readonly AuditEntry[]): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const entry of entries) events.push(appendAudit(headOf(events), entry));
  return events;
}

const entry = (action: string, at: string, detail: Record<string, unknown> = {}): AuditEntry => ({
  subject: 'dec-1',
  action,
  actor: { userId: 'wang.li', agencyId: 'sp-gxj' },
  at,
  detail,
});

const story = chainOf([
  entry('submit', '2025-09-28T01:00:00.000Z', { revision: 1 }),
  entry('approve', '2025-09-29T02:00:00.000Z', { comment: '同意公开' }),
  entry('publish', '2025-09-29T02:00:05.000Z'),
  entry('withdraw', '2026-03-02T08:00:00.000Z', { reason: 'revoked', explanation: '原决定已被复议机关撤销' }),
]);

describe('the audit chain (R11)', () => {
  it('links each event to the one before it, from the genesis hash', () => {
    expect(story.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(story[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < story.length; i++) expect(story[i]?.prevHash).toBe(story[i - 1]?.hash);
    expect(verifyAuditChain(story, { expectedHead: headOf(story) })).toEqual({
      valid: true,
      length: 4,
      head: headOf(story),
    });
  });

  it('does not depend on the order in which an event’s fields were written', () => {
    const a = appendAudit(EMPTY_HEAD, { ...entry('submit', '2025-01-02T00:00:00Z'), detail: { a: 1, b: 2 } });
    const b = appendAudit(EMPTY_HEAD, {
      detail: { b: 2, a: 1 },
      at: '2025-01-02T00:00:00Z',
      actor: { agencyId: 'sp-gxj', userId: 'wang.li' },
      action: 'submit',
      subject: 'dec-1',
    });
    expect(a.hash).toBe(b.hash);
  });

  it('finds an altered event: the explanation of a withdrawal rewritten', () => {
    const altered = story.map((e, i) => (i === 3 ? { ...e, detail: { reason: 'expired' } } : e));
    expect(verifyAuditChain(altered)).toMatchObject({ valid: false, problem: 'hash_mismatch', index: 3 });
  });

  it('finds a removed event in the middle: the approval deleted', () => {
    const removed = story.filter((_, i) => i !== 1);
    expect(verifyAuditChain(removed)).toMatchObject({ valid: false, problem: 'sequence_gap', index: 1 });
  });

  it('finds events removed from the end only against the head the record keeps', () => {
    const truncated = story.slice(0, 3);
    expect(verifyAuditChain(truncated).valid).toBe(true);
    expect(verifyAuditChain(truncated, { expectedHead: headOf(story) })).toMatchObject({
      valid: false,
      problem: 'head_mismatch',
    });
  });

  it('finds a forged event inserted with correct-looking hashes, and reordered events', () => {
    const forged = appendAudit(headOf(story.slice(0, 1)), entry('approve', '2025-09-28T01:30:00Z'));
    const inserted = [story[0], forged, ...story.slice(1)] as AuditEvent[];
    expect(verifyAuditChain(inserted, { expectedHead: headOf(story) }).valid).toBe(false);
    const swapped = [story[0], story[2], story[1], story[3]] as AuditEvent[];
    expect(verifyAuditChain(swapped)).toMatchObject({ valid: false, index: 1 });
  });

  it('finds an event of another record spliced in', () => {
    const other = chainOf([{ ...entry('submit', '2025-01-01T00:00:00Z'), subject: 'dec-2' }]);
    const spliced = [...story.slice(0, 3), { ...(story[3] as AuditEvent), subject: 'dec-2' }];
    expect(verifyAuditChain(spliced)).toMatchObject({ valid: false, problem: 'subject_mismatch' });
    expect(verifyAuditChain(other, { subject: 'dec-1' })).toMatchObject({ valid: false });
  });

  it('catches any single mutation of any chain (property)', () => {
    const entryArb = fc.record({
      subject: fc.constant('dec-x'),
      action: fc.constantFrom('submit', 'approve', 'reject', 'correct', 'publish', 'withdraw'),
      actor: fc.record({
        userId: fc.string({ minLength: 1, maxLength: 8 }),
        agencyId: fc.string({ maxLength: 6 }),
      }),
      at: fc
        .date({ min: new Date('2004-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      detail: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
    });
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('alter' as const),
        at: fc.nat(),
        field: fc.constantFrom('action', 'at', 'actor', 'detail', 'seq', 'prevHash'),
        value: fc.string(),
      }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), entry: entryArb }),
    );
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 12 }), mutation, (entries, m) => {
        const chain = chainOf(entries);
        const head = headOf(chain);
        const i = m.at % chain.length;
        let mutated: AuditEvent[] = [...chain];
        if (m.kind === 'remove') mutated.splice(i, 1);
        if (m.kind === 'duplicate') mutated.splice(i, 0, chain[i] as AuditEvent);
        if (m.kind === 'insert') mutated.splice(i, 0, appendAudit(headOf(chain.slice(0, i)), m.entry));
        if (m.kind === 'swap') {
          if (chain.length < 2) return;
          const j = (i + 1) % chain.length;
          [mutated[i], mutated[j]] = [chain[j] as AuditEvent, chain[i] as AuditEvent];
        }
        if (m.kind === 'alter') {
          const original = chain[i] as AuditEvent;
          const value =
            m.field === 'seq'
              ? original.seq + 1 + m.value.length
              : m.field === 'actor'
                ? { userId: m.value }
                : m.field === 'detail'
                  ? { forged: m.value }
                  : m.value;
          const changed = { ...original, [m.field]: value };
          if (canonicalJson(changed) === canonicalJson(original)) return;
          mutated = chain.map((e, k) => (k === i ? changed : e));
        }
        expect(verifyAuditChain(mutated, { expectedHead: head }).valid).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('who the audit chain names (R11, R13)', () => {
  const at = '2025-09-28T01:00:00.000Z';

  it("records a person as before: the event's hash is the one it had before case systems", () => {
    const actor = auditActorOf({
      kind: 'user',
      userId: 'li.na',
      agencyId: 'siping-gxj',
      roles: ['submitter'],
    });
    expect(Object.keys(actor)).toEqual(['userId', 'agencyId']);
    const event = appendAudit(EMPTY_HEAD, {
      subject: 'dec-1',
      action: 'submit',
      actor,
      at,
      detail: { revision: 1 },
    });
    expect(event.hash).toBe('ac0dbdd361395356e5eacc2646463cd9d94da899d231575ca9c026b454311884');
  });

  it('records a case system as itself, marked as one, and the mark is part of the hash', () => {
    const actor = auditActorOf({
      kind: 'user',
      userId: 'CASE-SYSTEM',
      agencyId: 'siping-gxj',
      roles: ['submitter'],
      via: 'case_system',
    });
    expect(actor).toEqual({ userId: 'CASE-SYSTEM', agencyId: 'siping-gxj', via: 'case_system' });
    const submitted = appendAudit(EMPTY_HEAD, { subject: 'dec-1', action: 'submit', actor, at });
    const { via: _, ...unmarked } = actor;
    expect(
      appendAudit(EMPTY_HEAD, { subject: 'dec-1', action: 'submit', actor: unmarked, at }).hash,
    ).not.toBe(submitted.hash);
    expect(verifyAuditChain([submitted], { expectedHead: headOf([submitted]) }).valid).toBe(true);
  });

  it('records the platform by its id alone', () => {
    expect(auditActorOf({ kind: 'system', userId: 'publisher' })).toEqual({ userId: 'publisher' });
  });
});
