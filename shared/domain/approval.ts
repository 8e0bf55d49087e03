/**
 * R2 (四平 §四(七): 未经审查不得发布): an approval is bound to exactly what the reviewer was shown, the revision
 * (If-Match) and its public projection, by the projection's hash. The approval records the hash; the publisher
 * renders the approved revision again and publishes only if it hashes the same (docs/adr/0011-bound-approvals.md).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { Decision, MaskedFinding, Revision } from './decision.ts';
import { revisionOf } from './decision.ts';
import { type PublicDecisionDocument, type PublicProjection, projectPublic } from './projection.ts';

/**
 * The public projection of one revision of a decision, for its agency: what the reviewer's preview shows, what
 * the approval hashes and what the publisher renders. All three build it here, so they cannot drift apart.
 */
export function projectRevision(
  decision: Pick<Decision, 'id'>,
  revision: Revision,
  agency: { readonly id: string; readonly name: string },
  // R4: what the reviewer chose to mask; by default what the revision's own review masked.
  masked: readonly MaskedFinding[] | undefined = revision.review?.masked,
): PublicProjection {
  return projectPublic({
    id: decision.id,
    agency: { id: agency.id, name: agency.name },
    revision: revision.number,
    content: revision.content,
    ...(masked && masked.length > 0 ? { masked } : {}),
  });
}

/** SHA-256 (hex) of the projection's canonical JSON: equal documents hash equal, whatever their key order. */
export function projectionHash(document: PublicDecisionDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

export type ApprovalBinding =
  /** The projection about to be published is the one approved. */
  | { readonly kind: 'bound'; readonly hash: string }
  /** Approved before approvals recorded a hash: nothing to compare with, published as before. */
  | { readonly kind: 'unbound' }
  /**
   * The projection differs from the approved one (the revision, the agency's name or the masking changed), or
   * the public revision has no approval at all (unreachable by the lifecycle; refused all the same).
   */
  | { readonly kind: 'mismatch'; readonly approved: string | null; readonly rendered: string };

/**
 * R2: whether `document`, the projection of the decision's public revision as the publisher rendered it now, is
 * the one its reviewer approved.
 */
export function approvalBinding(decision: Decision, document: PublicDecisionDocument): ApprovalBinding {
  const review = revisionOf(decision, decision.publicRevision)?.review;
  const rendered = projectionHash(document);
  if (review?.outcome !== 'approve') return { kind: 'mismatch', approved: null, rendered };
  const approved = review.projectionHash;
  if (approved === undefined) return { kind: 'unbound' };
  return rendered === approved ? { kind: 'bound', hash: rendered } : { kind: 'mismatch', approved, rendered };
}
