/**
 * What a decision record means for the public site: the SiteEvent its current state stands for, and the
 * static objects every site carries. The publisher (publish.ts) and the full rebuild (rebuild-site.ts) both
 * build their events here, so a rebuilt site is byte for byte the site the publisher wrote.
 */
import { projectRevision } from '../domain/approval.ts';
import { digestOf } from '../domain/audit.ts';
import type { Decision, Revision } from '../domain/decision.ts';
import { correctionUnderWay, rejectedWithheldCorrection, revisionOf } from '../domain/decision.ts';
import { maskPublicNote } from '../domain/projection.ts';
import { type AgencyDirectory, type SiteBucket, SiteConflictError } from '../ports.ts';
import { planPlaceholders, planStaticAssets } from '../site/assets.ts';
import { changedPublicFields } from '../site/model.ts';
import { companyCodeOf } from '../site/search.ts';
import type { SiteConfig, SiteEvent, SiteObject } from '../site/types.ts';

export const ASSETS_VERSION_KEY = 'assets/version.txt';

/**
 * The instant the site shows as first publication (and whose month names the shard): the approval of the
 * first revision that was approved. It is what `updatedAt` says while a decision is `publishing` for the
 * first time, so the first write, its retries, every later correction and the withdrawal all agree on it;
 * the record's own `publishedAt` is set a little later, when the publisher has finished, and at the end
 * of a month can fall in the next one.
 */
export function sitePublishedAt(decision: Decision): string {
  const first = decision.revisions.find((r) => r.review?.outcome === 'approve');
  return first?.review?.at ?? decision.publishedAt ?? decision.updatedAt;
}

export async function publishEvent(
  agencies: AgencyDirectory,
  decision: Decision,
): Promise<Extract<SiteEvent, { kind: 'publish' }>> {
  const revision = revisionOf(decision, decision.publicRevision) as Revision;
  const agency = await agencies.get(decision.agencyId);
  const projection = projectRevision(decision, revision, agency);
  // R3: unreachable by the lifecycle; refusing here too keeps a bug from ever publishing a byte of it.
  if (!projection.publishable)
    throw new Error(`decision ${decision.id} is never published (${projection.reason})`);
  const underWay = correctionUnderWay(decision);
  const restoring = rejectedWithheldCorrection(decision);
  return {
    kind: 'publish',
    document: projection.document,
    publishedAt: sitePublishedAt(decision),
    corrections: correctionsOf(decision, revision.number, agency, projection),
    ...(pendingReinstatement(decision) ? { reinstatement: decision.reinstatements?.length as number } : {}),
    // R8: the published content stays up while its correction is reviewed, and the page says so.
    ...(underWay?.meanwhile === 'show' ? { correctionUnderWay: { since: underWay.since } } : {}),
    ...(restoring ? { restoring: restoring.number } : {}),
  };
}

/** R8: what a submitter who withheld the published content meanwhile leaves in its place, in their words. */
export const WITHHELD_EXPLANATION =
  '本机关发现已公开的信息有误，正在更正；为避免错误信息继续传播，原公示内容暂停公开，更正经审核后重新公开。';

/**
 * The event the public side of a decision stands for now: its notice once withdrawn; while published, the
 * published revision (with a note when a correction is under way), or R8's notice in its place when the
 * correction's submitter withheld it meanwhile.
 */
export async function currentSiteEvent(agencies: AgencyDirectory, decision: Decision): Promise<SiteEvent> {
  if (decision.status === 'withdrawn') return withdrawEvent(agencies, decision);
  const underWay = correctionUnderWay(decision);
  if (underWay?.meanwhile !== 'withhold') return publishEvent(agencies, decision);
  const revision = revisionOf(decision, decision.publicRevision) as Revision;
  const agency = await agencies.get(decision.agencyId);
  return {
    kind: 'withdraw',
    id: decision.id,
    reason: 'correcting',
    correcting: underWay.revision,
    explanation: WITHHELD_EXPLANATION,
    withdrawnAt: underWay.since,
    caseNumber: revision.content.caseNumber,
    agency: { id: agency.id, name: agency.name },
    actionType: revision.content.actionType,
    decisionDate: revision.content.decisionDate,
    publishedAt: sitePublishedAt(decision),
    ...companyOfRevision(decision, revision, agency),
  };
}

/** R8: reinstated and not published since: the publication this event stands for is the reinstatement. */
function pendingReinstatement(decision: Decision): boolean {
  const last = decision.reinstatements?.at(-1);
  return last !== undefined && last.at > (decision.lastPublishedAt ?? '');
}

/**
 * R8: every approved revision after the first public one is a correction, dated by its approval, with the public
 * fields it changed: its projection against the one before, both as published (masked) and under today's agency
 * name, so a renamed agency is not a correction. `upTo`'s projection is the caller's, already made: projecting
 * masks every field's text, the larger part of a publish's or a rebuild's CPU, and a revision projects the same
 * each time (projectRevision is pure).
 */
function correctionsOf(
  decision: Decision,
  upTo: number,
  agency: { readonly id: string; readonly name: string },
  upToProjection: ReturnType<typeof projectRevision>,
) {
  const approved = decision.revisions.filter((r) => r.review?.outcome === 'approve' && r.number <= upTo);
  // One approved revision: no correction, nothing to compare.
  if (approved.length < 2) return [];
  const documents = approved.map((r) => {
    const projection = r.number === upTo ? upToProjection : projectRevision(decision, r, agency);
    return projection.publishable ? projection.document : undefined;
  });
  return approved.slice(1).map((r, i) => {
    const [before, after] = [documents[i], documents[i + 1]];
    return {
      revision: r.number,
      at: r.review?.at ?? r.submittedAt,
      ...(before && after ? { fields: changedPublicFields(before, after) } : {}),
    };
  });
}

/** ADR 0017: the company page a decision's public revision is listed on, if its party has one. */
function companyOfRevision(
  decision: Decision,
  revision: Revision,
  agency: { readonly id: string; readonly name: string },
): { company?: string } {
  const projection = projectRevision(decision, revision, agency);
  const company = projection.publishable ? companyCodeOf(projection.document.party) : undefined;
  return company ? { company } : {};
}

export async function withdrawEvent(agencies: AgencyDirectory, decision: Decision): Promise<SiteEvent> {
  const revision = (revisionOf(decision, decision.publicRevision) ?? decision.revisions.at(-1)) as Revision;
  const agency = await agencies.get(decision.agencyId);
  const withdrawal = decision.withdrawal;
  if (!withdrawal) throw new Error(`decision ${decision.id} is withdrawn without a withdrawal`);
  return {
    kind: 'withdraw',
    id: decision.id,
    reason: withdrawal.reason,
    // R4: the notice stays public for years; a name, ID or phone typed into the explanation must not.
    explanation: maskPublicNote(revision.content, withdrawal.explanation),
    withdrawnAt: withdrawal.at,
    ...(withdrawal.legalEventDate ? { legalEventDate: withdrawal.legalEventDate } : {}),
    caseNumber: revision.content.caseNumber,
    agency: { id: agency.id, name: agency.name },
    actionType: revision.content.actionType,
    decisionDate: revision.content.decisionDate,
    publishedAt: sitePublishedAt(decision),
    // R8: a withdrawal after a reinstatement is logged apart from the first.
    ...(decision.reinstatements?.length ? { reinstatement: decision.reinstatements.length } : {}),
    ...companyOfRevision(decision, revision, agency),
  };
}

/**
 * The stylesheet, the scripts, the 404 and correction pages, and last the version marker that says which code
 * wrote them (the publisher compares it to skip rewriting them on every cold start); apart, the placeholders
 * of pages other writers own, to be written only where their key holds nothing (`putPlaceholder`).
 */
export function staticSiteObjects(config: SiteConfig): {
  readonly version: string;
  objects: SiteObject[];
  readonly placeholders: readonly SiteObject[];
} {
  const operations = planStaticAssets(config);
  const placeholders = planPlaceholders(config);
  const version = digestOf({ operations, placeholders });
  const objects = operations.flatMap((operation) => (operation.op === 'put' ? [operation.object] : []));
  objects.push({
    key: ASSETS_VERSION_KEY,
    body: version,
    contentType: 'text/plain; charset=utf-8',
    cacheControl: 'no-cache',
  });
  return { version, objects, placeholders };
}

/**
 * Writes a placeholder only where the key holds nothing: the catalogue publisher or the scorecard may have
 * written the real page, even a moment ago, and it must stay. True when the placeholder was written.
 */
export async function putPlaceholder(site: SiteBucket, object: SiteObject): Promise<boolean> {
  try {
    await site.put(object, { ifNoneMatch: '*' });
    return true;
  } catch (error) {
    if (error instanceof SiteConflictError) return false;
    throw error;
  }
}
