/**
 * A small platform in memory for the transparency log's tests: the use cases and the publisher over the memory
 * adapters, a signing key, and the site read through a fetcher as `npm run verify` reads it over HTTP.
 */
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import { MemoryUploadStore } from '../../../shared/adapters/memory/upload-store.ts';
import type { CatalogPublisherDependencies } from '../../../shared/app/catalog-publish.ts';
import {
  correctDecision,
  getDecision,
  reviewDecision,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { handleDecisionChange, type PublisherDependencies } from '../../../shared/app/publish.ts';
import { type CheckpointResult, transparencyCheckpoint } from '../../../shared/app/transparency.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import type { Actor, DecisionContent, WithdrawReason } from '../../../shared/domain/decision.ts';
import type { Dependencies, SigningKeySource } from '../../../shared/ports.ts';
import type { Fetcher } from '../../../shared/transparency/verify.ts';
import type { WitnessConfig } from '../../../shared/transparency/witness.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { KEY, keyPair } from '../../fixtures/signing-keys.ts';
import { legalEventFor, versionOf } from '../../fixtures/versions.ts';

type User = Extract<Actor, { kind: 'user' }>;
export const submitter: User = { kind: 'user', userId: 'li.na', agencyId: 'sp', roles: ['submitter'] };
export const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: 'sp', roles: ['reviewer'] };
export const SITE_URL = 'https://gongshi.example/';

export { KEY, keyPair };

export function platform(
  options: {
    site?: MemorySiteBucket;
    start?: string;
    /** The checkpoint key; the fixture's Ed25519 key alone by default. */
    signingKey?: SigningKeySource;
    /** Witnesses the checkpoint asks to cosign, over real HTTP (the global fetch). */
    witnesses?: readonly WitnessConfig[];
  } = {},
) {
  let now = Date.parse(options.start ?? '2025-09-29T02:00:00Z');
  let n = 0;
  const site = options.site ?? new MemorySiteBucket();
  const log = new MemoryTransparencyLog();
  const signingKey: SigningKeySource = options.signingKey ?? { privateKeyPem: async () => KEY.privateKey };
  const deps: Dependencies &
    PublisherDependencies &
    Pick<CatalogPublisherDependencies, 'catalog' | 'uploads'> = {
    store: new MemoryDecisionStore(),
    catalog: new MemoryCatalogStore(),
    uploads: new MemoryUploadStore(),
    agencies: new MemoryAgencyDirectory(),
    calendar: createDefaultCalendar(),
    clock: {
      now: () => {
        now += 1000;
        return new Date(now);
      },
    },
    ids: { next: () => `D${String(++n).padStart(4, '0')}` },
    site,
    log,
    siteConfig: { siteUrl: SITE_URL, title: '行政执法决定公示', correctionFormUrl: 'correction.html' },
  };

  const publishing = async (id: string) =>
    handleDecisionChange(deps, { id, oldStatus: 'pending_review', newStatus: 'publishing' });

  async function published(content: DecisionContent = companyPenaltyContent()): Promise<string> {
    const { view } = await submitDecision(deps, { actor: submitter, content });
    await reviewDecision(deps, {
      actor: reviewer,
      id: view.id,
      ifMatch: view.version,
      outcome: 'approve',
      comment: '',
    });
    await publishing(view.id);
    return view.id;
  }

  async function corrected(id: string, result: string): Promise<void> {
    const view = await getDecision(deps, { actor: submitter, id });
    const content = { ...view.decision, result } as DecisionContent;
    const next = await correctDecision(deps, { actor: submitter, id, ifMatch: view.version, content });
    await reviewDecision(deps, {
      actor: reviewer,
      id,
      ifMatch: await versionOf(deps.store, id),
      outcome: 'approve',
      comment: '更正',
    });
    await publishing(next.id);
  }

  async function withdrawn(id: string, reason: Exclude<WithdrawReason, 'expired'>): Promise<void> {
    await withdrawDecision(deps, {
      actor: submitter,
      id,
      ifMatch: await versionOf(deps.store, id),
      reason,
      ...(await legalEventFor(deps.store, id, reason)),
      explanation: '原决定已被行政复议决定撤销',
    });
    await handleDecisionChange(deps, { id, oldStatus: 'published', newStatus: 'withdrawn' });
  }

  async function checkpoint(at: Date = new Date(now)): Promise<CheckpointResult> {
    const witnesses = options.witnesses ? { witnesses: options.witnesses, fetch } : {};
    return transparencyCheckpoint({ ...deps, signingKey, ...witnesses }, at);
  }

  /** Publish three, correct one, withdraw one with a notice and one without: every kind of entry. */
  async function scenario() {
    const kept = await published();
    const correctedId = await published();
    const revoked = await published();
    const inError = await published();
    await corrected(correctedId, '罚款人民币叁万元');
    await withdrawn(revoked, 'revoked');
    await withdrawn(inError, 'published_in_error');
    return { kept, corrected: correctedId, revoked, inError };
  }

  return {
    deps,
    site,
    log,
    signingKey,
    published,
    corrected,
    withdrawn,
    checkpoint,
    scenario,
    now: () => new Date(now),
  };
}

/** The site as `npm run verify` sees it over HTTP: 200 with the body, or 404. */
export function fetcherOf(site: MemorySiteBucket): Fetcher {
  return async (url) => {
    const key = decodeURIComponent(new URL(url).pathname.slice(1));
    const object = site.objects.get(key);
    return object ? { status: 200, body: object.body, bytes: object.bytes } : { status: 404, body: '' };
  };
}

/** Rewrites an object behind the platform's back, as someone with access to the bucket would. */
export async function tamper(
  site: MemorySiteBucket,
  key: string,
  edit: (body: string) => string,
): Promise<void> {
  const object = site.objects.get(key);
  if (!object) throw new Error(`no ${key} to tamper with`);
  await site.put({
    key,
    body: edit(object.body),
    contentType: object.contentType,
    cacheControl: object.cacheControl,
  });
}
