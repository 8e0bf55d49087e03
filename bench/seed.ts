/**
 * The history the benchmark measures against, written through the same code paths as production: batches of
 * 100 submitted through `submitBatch` (R13), each approved through `reviewDecision` by another user of the
 * agency (R2), each published by the publisher's own `handleDecisionChange`. Only the publisher's listing and
 * page writes are discarded while seeding (the log's files are kept, see SeedSiteBucket): the site is then built
 * from the records by the full rebuild (row 7), the designed way to write a whole history at once, which spares
 * the S3 server hundreds of thousands of page writes the rebuild would overwrite anyway.
 *
 * The decisions are spread evenly over the twelve months before the current one (a province publishing
 * `size` a year), so the history lies in past months and the probes of the publish row publish into the
 * current month. The first batch carries the sweeps' fixed due set: half stays pending review past its
 * deadline (R5), half are natural persons, whose pages come down after 2 years (R6); everything later is a
 * legal person, public for 5 years.
 */

import { ulidGenerator } from '../shared/adapters/ids.ts';
import { MemorySiteBucket } from '../shared/adapters/memory/site-bucket.ts';
import { reviewDecision, submitBatch } from '../shared/app/decisions.ts';
import { handleDecisionChange, type PublisherDependencies } from '../shared/app/publish.ts';
import type { LocalDate } from '../shared/domain/dates.ts';
import { addDays, shanghaiDate } from '../shared/domain/dates.ts';
import type { Actor, DecisionContent } from '../shared/domain/decision.ts';
import type { Clock, Dependencies, SiteBucket, SiteObjectWrite } from '../shared/ports.ts';
import type { BenchEnvironment } from './local.ts';
import { eachLimited } from './progress.ts';

export type UserActor = Extract<Actor, { kind: 'user' }>;

export const AGENCIES = ['siping-gxj', 'changzhi-gxj'] as const;
/** A batch of R13, and the unit the seed's clock advances by. */
export const BATCH = 100;
/**
 * Publishers at once: the stream's shards, each handling its records in order (parallelizationFactor 1 in the
 * app stack). Every publication appends to the one transparency log, so more at once than production runs
 * would only measure their fight over its head.
 */
export const PUBLISHERS = 2;

export const submitter = (agencyId: string): UserActor => ({
  kind: 'user',
  userId: 'li.na',
  agencyId,
  roles: ['submitter'],
});
export const reviewer = (agencyId: string): UserActor => ({
  kind: 'user',
  userId: 'wang.fang',
  agencyId,
  roles: ['reviewer'],
});

/** A 行政处罚 with a paragraph of facts, like the ones agencies publish. */
export function decisionContent(n: number, decisionDate: LocalDate, naturalPerson: boolean): DecisionContent {
  return {
    caseNumber: `工信罚〔${decisionDate.slice(0, 4)}〕${n}号`,
    actionType: 'penalty',
    party: naturalPerson
      ? { kind: 'natural_person', name: '张伟', idType: 'resident_id', idNumber: '11010519491231002X' }
      : {
          kind: 'legal_person',
          name: '四平市鑫达化工有限公司',
          idType: 'uscc',
          idNumber: '91350100M000100Y43',
          legalRepresentative: '刘建国',
        },
    method: '现场检查',
    content:
      '执法人员现场检查发现，当事人未按规定落实危险化学品安全管理制度，未建立危险化学品出入库核查、登记制度，' +
      '储存场所未设置明显的安全警示标志，相关作业人员未经安全教育培训即上岗作业。',
    legalBasis: '《危险化学品安全管理条例》第八十条',
    result: '罚款人民币伍万元',
    penalty: { types: ['fine'], fineYuan: 50000 },
    decisionDate,
  } as DecisionContent;
}

const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });

/**
 * The seed's site: the transparency log's files (`transparency/`) are kept in memory, so each publish catches the
 * log up by one entry as in production; everything else is dropped, and the publisher plans its listings against
 * an empty site. The full rebuild then writes the whole site, the log included, from the table.
 */
export class SeedSiteBucket implements SiteBucket {
  readonly #log = new MemorySiteBucket();
  async read(key: string) {
    return key.startsWith(TRANSPARENCY_PREFIX) ? this.#log.read(key) : undefined;
  }
  async put(object: SiteObjectWrite, condition?: Parameters<SiteBucket['put']>[1]) {
    if (object.key.startsWith(TRANSPARENCY_PREFIX)) await this.#log.put(object, condition);
  }
  async delete(key: string) {
    if (key.startsWith(TRANSPARENCY_PREFIX)) await this.#log.delete(key);
  }
  async *list(): AsyncIterable<string> {}
}

const TRANSPARENCY_PREFIX = 'transparency/';

export interface SeedPlan {
  /** Decisions the whole run seeds (the timeline is laid out for this many). */
  readonly size: number;
  /** The first day of the current month: the history ends before it. */
  readonly historyEnd: Date;
  readonly concurrency: number;
}

export interface SeedState {
  seeded: number;
  published: number;
  /** The decisions of the first batch left pending review past their deadline. */
  readonly pendingIds: string[];
  /** The natural persons of the first batch: the first to expire (R6). */
  readonly naturalIds: string[];
  /** When the first batch was published. */
  firstPublishedAt?: Date;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

export function instantOf(plan: SeedPlan, index: number): Date {
  const start = plan.historyEnd.getTime() - YEAR_MS;
  return new Date(start + Math.floor((index / plan.size) * YEAR_MS));
}

/**
 * Seeds decisions `state.seeded` up to `until`, one batch at a time (each with its own clock: the
 * batch's instant on the timeline), calling `onProgress` with the number seeded.
 */
export async function seed(
  env: Pick<BenchEnvironment, 'deps' | 'publisher'>,
  plan: SeedPlan,
  state: SeedState,
  until: number,
  onProgress: (seeded: number) => void,
): Promise<void> {
  const discarding = new SeedSiteBucket();
  const starts: number[] = [];
  for (let i = state.seeded; i < until; i += BATCH) starts.push(i);
  // One batch at a time: submitted and approved `plan.concurrency` at a time, then published by PUBLISHERS.
  await eachLimited(starts, 1, async (start) => {
    const count = Math.min(BATCH, until - start);
    const at = instantOf(plan, start);
    const clock = fixedClock(at);
    const deps: Dependencies = { ...env.deps, clock, ids: ulidGenerator(clock) };
    const publisher: PublisherDependencies = { ...env.publisher, ...deps, site: discarding };
    const agencyId = AGENCIES[(start / BATCH) % AGENCIES.length] as string;
    const first = start === 0;
    const pending = first ? Math.floor(count / 2) : 0;
    const decisionDate = addDays(shanghaiDate(at), -1);
    const items = Array.from({ length: count }, (_, k) => decisionContent(start + k, decisionDate, first));
    const outcomes = await submitBatch(deps, {
      actor: submitter(agencyId),
      items,
      concurrency: plan.concurrency,
    });
    const ids = outcomes.map((outcome, k) => {
      if (!outcome.ok) throw new Error(`seeding decision ${start + k} failed`, { cause: outcome.error });
      return outcome.submitted.view.id;
    });
    if (first) state.pendingIds.push(...ids.slice(0, pending));
    const toPublish = ids.slice(pending);
    await eachLimited(toPublish, plan.concurrency, async (id) => {
      // Just submitted: version 1 is the version the reviewer read (If-Match, R2).
      await reviewDecision(deps, {
        actor: reviewer(agencyId),
        id,
        ifMatch: 1,
        outcome: 'approve',
        comment: '同意公开',
      });
    });
    await eachLimited(toPublish, PUBLISHERS, async (id) => {
      const outcome = await handleDecisionChange(publisher, {
        id,
        oldStatus: 'pending_review',
        newStatus: 'publishing',
      });
      if (outcome !== 'published') throw new Error(`seeding: decision ${id} was ${outcome}, not published`);
    });
    if (first) {
      state.naturalIds.push(...toPublish);
      state.firstPublishedAt = at;
    }
    state.seeded += count;
    state.published += toPublish.length;
    onProgress(state.seeded);
  });
}
