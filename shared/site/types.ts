/**
 * The types the site's modules share: what the publisher hands the site (`SiteEvent`), what it gets back
 * (`SiteObject`, `SiteOperation`) and how the site is configured (`SiteConfig`). Types only, importing nothing
 * of the site, so every module of shared/site can use them without an import cycle.
 */
import type { WithdrawReason } from '../domain/decision.ts';
import type { PublicDecisionDocument } from '../domain/projection.ts';

/**
 * Why a decision's content is not on the site: a withdrawal's reason, or `correcting` (R8): a correction of it is
 * being reviewed and its submitter withheld the published content meanwhile. The record itself stays published.
 */
export type SiteWithdrawReason = WithdrawReason | 'correcting';

export interface SiteObject {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

export type SiteOperation =
  | { readonly op: 'put'; readonly object: SiteObject }
  | { readonly op: 'delete'; readonly key: string };

export interface Correction {
  readonly revision: number;
  /** ISO instant the corrected version was published. */
  readonly at: string;
  /**
   * R8: the labels of the public fields this correction changed (公示项目, in page order), compared between the
   * public projections, masked as published: nothing the page did not show before or after. Absent on
   * corrections made before it was kept.
   */
  readonly fields?: readonly string[];
}

export type SiteEvent =
  | {
      readonly kind: 'publish';
      /** The approved public projection: exactly what the reviewer approved (R2, R4). */
      readonly document: PublicDecisionDocument;
      /** First publication (ISO instant); the publication date shown is its Asia/Shanghai date (R1). */
      readonly publishedAt: string;
      /** Earlier corrections and, when this publication is itself a correction, this one last (R8). */
      readonly corrections: readonly Correction[];
      /** R8: set when this publication puts back a decision withdrawn by mistake (its 1st, 2nd … reinstatement). */
      readonly reinstatement?: number;
      /**
       * R8: a correction of this decision is being reviewed and the published content stays up meanwhile: the
       * page says so from this instant. Shown on the HTML page only: the public JSON is the approved record.
       */
      readonly correctionUnderWay?: { readonly since: string };
      /**
       * R8: this publication puts back the published revision after the reviewer sent back the correction (that
       * revision's number) whose submitter had withheld the content meanwhile (the transparency log's marker).
       */
      readonly restoring?: number;
    }
  | {
      readonly kind: 'withdraw';
      readonly id: string;
      /** `correcting` (R8): a withheld correction under review; the record stays published. */
      readonly reason: SiteWithdrawReason;
      /** R8, with `correcting`: the revision under review (the transparency log's marker). */
      readonly correcting?: number;
      /** R7: the day of the legal event the withdrawal states, shown on the notice. */
      readonly legalEventDate?: string;
      /** The necessary explanation (R7), shown on the notice. */
      readonly explanation: string;
      readonly withdrawnAt: string;
      /** What the notice may say about the decision: never its content (R7). */
      readonly caseNumber: string;
      readonly agency: { readonly id: string; readonly name: string };
      readonly actionType: PublicDecisionDocument['actionType'];
      readonly decisionDate: string;
      readonly publishedAt: string;
      /** R8: reinstatements before this withdrawal, when there were any (the transparency log's marker). */
      readonly reinstatement?: number;
      /**
       * ADR 0017: the code of the company page the decision was listed on, for the search index alone; never
       * rendered (R7: the notice names no party).
       */
      readonly company?: string;
    };

/** The base URL the site is served from, for feeds, sitemaps and the dataset description. */
export interface SiteConfig {
  readonly siteUrl: string;
  readonly title: string;
  /** Where a member of the public files a correction request (R9). */
  readonly correctionFormUrl: string;
  /**
   * R9: the API's public address (with the trailing slash). With it, every decision page carries a form that
   * files a correction request there, without JavaScript; without it, only the link to the explanation.
   */
  readonly apiUrl?: string;
  /** The licence dataset.json states; without one it states only that the information is public (dataset.ts). */
  readonly license?: { readonly name: string; readonly url?: string };
  /** Entries that start a new listing part (ADR 0009); `LISTING_PART_SIZE` unless a test wants small parts. */
  readonly listingPartSize?: number;
}
