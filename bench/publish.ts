/**
 * Row 5: one decision published by the publisher's own `handleDecisionChange` on the S3 server, timed, with
 * every S3 request it sends counted. Each probe decision is submitted and approved through the use cases
 * first (not timed); the probes run at the wall clock, so they publish into the current month, which the
 * seeded history does not touch, unless `at` puts them into a seeded month.
 */
import { reviewDecision, submitDecision } from '../shared/app/decisions.ts';
import { ensureStaticAssets, handleDecisionChange } from '../shared/app/publish.ts';
import { addDays, type LocalDate, shanghaiDate } from '../shared/domain/dates.ts';
import { type DynamoCounts, difference, type S3Counts, s3Writes, snapshot } from './counting.ts';
import type { BenchEnvironment } from './local.ts';
import { decisionContent, reviewer, submitter } from './seed.ts';

export interface PublishProbe {
  readonly ms: number;
  /** PutObject, DeleteObject and CopyObject. */
  readonly s3Writes: number;
  readonly s3Requests: Readonly<Record<string, number>>;
  readonly dynamo: DynamoCounts;
  readonly writtenKeys: readonly string[];
}

let probeNumber = 0;

function s3Snapshot(counts: S3Counts): Map<string, number> {
  return new Map(counts.requests);
}

export async function publishProbes(
  env: BenchEnvironment,
  count: number,
  at?: Date,
): Promise<PublishProbe[]> {
  env.clock.set(at);
  try {
    await ensureStaticAssets(env.publisher);
    const probes: PublishProbe[] = [];
    for (let i = 0; i < count; i++) {
      const agencyId = 'siping-gxj';
      const today: LocalDate = shanghaiDate(env.clock.now());
      probeNumber += 1;
      const { view } = await submitDecision(env.deps, {
        actor: submitter(agencyId),
        content: decisionContent(700_000_000 + probeNumber, addDays(today, -1), false),
      });
      await reviewDecision(env.deps, {
        actor: reviewer(agencyId),
        id: view.id,
        ifMatch: view.version,
        outcome: 'approve',
        comment: '同意',
      });
      const s3Before = s3Snapshot(env.s3Counts);
      const dynamoBefore = snapshot(env.dynamoCounts);
      env.s3Counts.writtenKeys = [];
      const t0 = performance.now();
      const outcome = await handleDecisionChange(env.publisher, {
        id: view.id,
        oldStatus: 'pending_review',
        newStatus: 'publishing',
      });
      const ms = performance.now() - t0;
      const writtenKeys = env.s3Counts.writtenKeys;
      delete env.s3Counts.writtenKeys;
      if (outcome !== 'published') throw new Error(`probe ${view.id} was ${outcome}`);
      const requests: Record<string, number> = {};
      for (const [command, n] of env.s3Counts.requests) {
        const delta = n - (s3Before.get(command) ?? 0);
        if (delta > 0) requests[command] = delta;
      }
      probes.push({
        ms,
        s3Writes: s3Writes({ requests: new Map(Object.entries(requests)) }),
        s3Requests: requests,
        dynamo: difference(env.dynamoCounts, dynamoBefore),
        writtenKeys,
      });
    }
    return probes;
  } finally {
    env.clock.set(undefined);
  }
}
