/**
 * R4: the personal data a revision holds, as the reviewer and the submitter see it (`personalData.findings`,
 * SPEC contract). Certain findings (personal-data.ts) are masked automatically; suspected ones (suspected.ts)
 * wait for the reviewer, who resolves each (`mask` or `keep`, a kept one with a comment) before approving
 * (422 `unresolved_personal_data`). A finding's id is its field and place in the revision's text, so it is the
 * same on every read of the revision and means nothing for another.
 */
import type { DecisionContent, MaskedFinding, RedactableField } from './decision.ts';
import { isPersonParty } from './decision.ts';
import { ValidationError } from './errors.ts';
import { type CertainKind, findCertain } from './personal-data.ts';
import { findSuspected, type SuspectedKind } from './suspected.ts';

export type FindingKind = CertainKind | SuspectedKind;
export type Resolution = 'mask' | 'keep';
export type Resolutions = Readonly<Record<string, Resolution>>;

export interface PersonalDataFinding {
  readonly id: string;
  readonly field: RedactableField;
  readonly kind: FindingKind;
  readonly certainty: 'certain' | 'suspected';
  /** As the reviewer may see it: a certain finding only masked, a suspected one as written (to judge it). */
  readonly text: string;
  /** Certain findings are always `mask`; a suspected one is null until the reviewer resolves it. */
  readonly resolution: Resolution | null;
  /** Where it stands in the field's text (UTF-16 offsets). */
  readonly start: number;
  readonly end: number;
}

/** The free-text fields where third persons appear; party fields are published as written or masked whole. */
const TEXT_FIELDS = ['method', 'content', 'legalBasis', 'result', 'violationType'] as const;

function textContext(content: DecisionContent) {
  const { party } = content;
  const personName =
    party.kind === 'natural_person'
      ? party.name
      : party.kind === 'individual_business'
        ? party.legalRepresentative
        : undefined;
  // R4 (长治 §二): a legal person's or organisation's own name is public, and an individual business's trade name.
  const publicNames = isPersonParty(party.kind) && party.kind === 'natural_person' ? [] : [party.name];
  const publicCode = party.idType === 'uscc' ? [party.idNumber] : [];
  return {
    suspected: { ...(personName !== undefined ? { personName } : {}), publicNames },
    certain: { keep: publicCode },
  };
}

function maskedPreview(text: string): string {
  // The reviewer sees the place of a certain finding, never its digits: the mask of personal-data.ts.
  return text.replace(/[0-9０-９\p{Nd}]/gu, '*');
}

/** Every finding of the revision's content, resolved by `resolutions` where the reviewer has said. */
export function personalDataFindings(
  content: DecisionContent,
  resolutions: Resolutions = {},
): PersonalDataFinding[] {
  const context = textContext(content);
  const findings: PersonalDataFinding[] = [];
  for (const field of TEXT_FIELDS) {
    const text = content[field] ?? '';
    for (const f of findCertain(text, context.certain)) {
      findings.push({
        id: `${field}@${f.start}-${f.end}`,
        field,
        kind: f.kind,
        certainty: 'certain',
        text:
          f.kind === 'email'
            ? text.slice(f.start, f.end).replace(/^(.).*(?=[@＠])/u, (_m, first: string) => `${first}***`)
            : maskedPreview(text.slice(f.start, f.end)),
        resolution: 'mask',
        start: f.start,
        end: f.end,
      });
    }
    for (const s of findSuspected(text, context.suspected)) {
      const id = `${field}@${s.start}-${s.end}`;
      findings.push({
        id,
        field,
        kind: s.kind,
        certainty: 'suspected',
        text: text.slice(s.start, s.end),
        resolution: resolutions[id] ?? null,
        start: s.start,
        end: s.end,
      });
    }
  }
  return findings.sort((a, b) => (a.field === b.field ? a.start - b.start : 0));
}

/**
 * R4: the review's resolutions checked against the revision's findings: each names a suspected finding of this
 * revision, a kept one needs the review's comment, and an approval leaves none unresolved.
 */
export function checkResolutions(
  content: DecisionContent,
  resolutions: Resolutions,
  review: { readonly outcome: 'approve' | 'reject'; readonly comment: string },
  findings: readonly PersonalDataFinding[] = personalDataFindings(content, resolutions),
): void {
  const suspected = new Map(findings.filter((f) => f.certainty === 'suspected').map((f) => [f.id, f]));
  const unknown = Object.keys(resolutions).filter((id) => !suspected.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(
      'unknown_finding',
      `no suspected finding of this revision has the id ${unknown.join(', ')}: read the decision again`,
      { field: 'resolutions' },
    );
  }
  for (const [id, resolution] of Object.entries(resolutions)) {
    if (resolution !== 'mask' && resolution !== 'keep') {
      throw new ValidationError('invalid_resolution', `resolution of ${id} must be mask or keep`, {
        field: 'resolutions',
      });
    }
  }
  if (Object.values(resolutions).includes('keep') && review.comment.trim() === '') {
    throw new ValidationError(
      'comment_required',
      'keeping a suspected finding public needs a comment saying why',
      {
        field: 'comment',
      },
    );
  }
  if (review.outcome !== 'approve') return;
  const open = [...suspected.values()].filter((f) => f.resolution === null);
  if (open.length > 0) {
    const kinds = [...new Set(open.map((f) => `${f.kind} in ${f.field}`))].join(', ');
    throw new ValidationError(
      'unresolved_personal_data',
      `${open.length} suspected finding(s) are not resolved (${kinds}): mask or keep each before approving`,
      { field: 'resolutions', details: { count: open.length } },
    );
  }
}

/**
 * What the reviewer chose to mask: the `mask` resolutions' findings, as written in the revision. The review
 * keeps them and the projection masks every occurrence in their field (a name keeps its surname, as R4
 * publishes a party's), so the publisher applies a review without running the detectors again.
 */
export function maskedFindings(
  content: DecisionContent,
  resolutions: Resolutions | undefined,
  findings?: readonly PersonalDataFinding[],
): MaskedFinding[] {
  if (!resolutions || Object.keys(resolutions).length === 0) return [];
  return (findings ?? personalDataFindings(content, resolutions))
    .filter((f) => f.certainty === 'suspected' && f.resolution === 'mask')
    .map((f) => ({
      field: f.field,
      kind: f.kind,
      text: (content[f.field as (typeof TEXT_FIELDS)[number]] ?? '').slice(f.start, f.end),
    }));
}

/**
 * A review's resolutions read once (one run of the detectors): what they mask, and their problem (what
 * checkResolutions would throw), which the lifecycle throws once it knows the reviewer may review.
 */
export function reviewResolutions(
  content: DecisionContent,
  resolutions: Resolutions,
  review: { readonly outcome: 'approve' | 'reject'; readonly comment: string },
): { readonly masked: MaskedFinding[]; readonly problem: Error | undefined } {
  const findings = personalDataFindings(content, resolutions);
  const masked = maskedFindings(content, resolutions, findings);
  try {
    checkResolutions(content, resolutions, review, findings);
    return { masked, problem: undefined };
  } catch (error) {
    if (error instanceof ValidationError) return { masked, problem: error };
    throw error;
  }
}
