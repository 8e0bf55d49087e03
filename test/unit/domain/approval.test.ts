import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalBinding, projectionHash, projectRevision } from '../../../shared/domain/approval.ts';
import { canonicalJson } from '../../../shared/domain/canonical-json.ts';
import type { Decision, Revision } from '../../../shared/domain/decision.ts';
import type { PublicDecisionDocument } from '../../../shared/domain/projection.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';

const agency = { id: 'sp-gxj', name: '四平市工业和信息化局' };
const content = companyPenaltyContent({ caseNumber: '四工信罚〔2025〕12号' });

function revision(overrides: Partial<Revision> = {}): Revision {
  return {
    number: 1,
    content,
    submittedBy: 'li.na',
    submittedAt: '2025-09-28T02:00:00.000Z',
    basisDate: content.decisionDate,
    ...overrides,
  } as Revision;
}

function documentOf(rev: Revision, name = agency.name): PublicDecisionDocument {
  const projection = projectRevision({ id: 'D1' }, rev, { id: agency.id, name });
  if (!projection.publishable) throw new Error('not publishable');
  return projection.document;
}

function publishing(rev: Revision): Decision {
  return {
    id: 'D1',
    agencyId: agency.id,
    status: 'publishing',
    version: 2,
    createdAt: rev.submittedAt,
    updatedAt: rev.submittedAt,
    revisions: [rev],
    publicRevision: rev.number,
  };
}

const approvedWith = (hash: string | undefined) =>
  revision({
    review: {
      reviewerId: 'wang.fang',
      at: '2025-09-28T03:00:00.000Z',
      outcome: 'approve',
      comment: '同意公开',
      ...(hash === undefined ? {} : { projectionHash: hash }),
    },
  });

describe('R2: the projection hash', () => {
  it('is the SHA-256 of the canonical JSON, whatever the key order', () => {
    const document = documentOf(revision());
    const expected = createHash('sha256').update(canonicalJson(document)).digest('hex');
    expect(projectionHash(document)).toBe(expected);
    expect(projectionHash(document)).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(document).reverse()) as PublicDecisionDocument;
    expect(projectionHash(reordered)).toBe(expected);
  });

  it('changes with any public field, and with the agency name', () => {
    const base = projectionHash(documentOf(revision()));
    fc.assert(
      fc.property(
        fc.constantFrom('method', 'content', 'legalBasis', 'result' as const),
        fc.string({ minLength: 1, maxLength: 20 }),
        (field, suffix) => {
          const changed = revision({ content: { ...content, [field]: `${content[field]}${suffix}` } });
          expect(projectionHash(documentOf(changed))).not.toBe(base);
        },
      ),
    );
    expect(projectionHash(documentOf(revision(), '四平市工信局'))).not.toBe(base);
  });
});

describe('R2: is what would be published what was approved?', () => {
  it('is bound when the rendered projection hashes as the approved one', () => {
    const document = documentOf(revision());
    const rev = approvedWith(projectionHash(document));
    expect(approvalBinding(publishing(rev), document)).toEqual({
      kind: 'bound',
      hash: projectionHash(document),
    });
  });

  it('is a mismatch when the revision or the agency changed after the approval', () => {
    const approved = projectionHash(documentOf(revision()));
    const rev = approvedWith(approved);
    const edited = documentOf(revision({ content: { ...content, result: '罚款人民币伍拾万元' } }));
    expect(approvalBinding(publishing(rev), edited)).toEqual({
      kind: 'mismatch',
      approved,
      rendered: projectionHash(edited),
    });
    const renamed = documentOf(revision(), '四平市工信局');
    expect(approvalBinding(publishing(rev), renamed)).toMatchObject({ kind: 'mismatch', approved });
  });

  it('is unbound for an approval recorded before approvals carried a hash, and a mismatch without any approval', () => {
    const document = documentOf(revision());
    expect(approvalBinding(publishing(approvedWith(undefined)), document)).toEqual({ kind: 'unbound' });
    expect(approvalBinding(publishing(revision()), document)).toMatchObject({
      kind: 'mismatch',
      approved: null,
    });
  });
});
