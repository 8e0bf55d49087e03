/**
 * `allowedActions` is what its caller could start now: for every caller and every state of a decision, the actions
 * listed are exactly the requests the API then accepts. Each request is driven through the route table's roles
 * (what the handler's wrapper checks) and the real use case over the memory adapters, each on a fresh copy of the
 * state, so an accepted request never changes what the next one meets.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import {
  correctDecision,
  discardDecision,
  getDecision,
  reviewDecision,
  reviewWithdrawal,
  submitDecision,
  withdrawDecision,
} from '../../../shared/app/decisions.ts';
import { transitionDecision } from '../../../shared/app/transitions.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import type { Actor, DecisionContent } from '../../../shared/domain/decision.ts';
import type { DecisionEventType } from '../../../shared/domain/lifecycle.ts';
import { requireRole } from '../../../shared/http/claims.ts';
import { ROUTES } from '../../../shared/http/routes.ts';
import type { FunctionName } from '../../../shared/manifest.ts';
import type { Dependencies } from '../../../shared/ports.ts';
import { sipingAgency } from '../../fixtures/agencies.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';

type User = Extract<Actor, { kind: 'user' }>;
const user = (userId: string, roles: User['roles'], agencyId = 'sp'): User => ({
  kind: 'user',
  userId,
  agencyId,
  roles,
});

/** Who submits every decision below, and the people who meet it. */
const author = user('li.na', ['submitter']);
const CALLERS: Readonly<Record<string, User>> = {
  // The author with both roles: R2, never the reviewer of their own revision; a discard is theirs.
  'the author, also a reviewer': user('li.na', ['submitter', 'reviewer']),
  'a submitter who did not write it': user('zhao.lei', ['submitter']),
  'a reviewer': user('wang.fang', ['reviewer']),
  'a colleague with both roles': user('chen.jie', ['submitter', 'reviewer']),
  'an operator of the platform': user('ops.sun', ['operator'], 'platform'),
};
/** Who withdraws in the withdrawn states: R8, never the one who confirms or undoes it. */
const withdrawer = user('wang.fang', ['reviewer']);
const publisher: Actor = { kind: 'system', userId: 'system:publisher' };

const publishable = () => companyPenaltyContent();
// R3: never published: the agency declares a trade secret.
const neverPublished = () =>
  companyPenaltyContent({
    exemption: { reason: 'trade_secret', note: '涉及企业核心工艺参数，属于商业秘密' },
  });

function setup() {
  let now = Date.parse('2025-09-29T02:00:00Z');
  let n = 0;
  const agencies = new MemoryAgencyDirectory();
  const deps: Dependencies = {
    store: new MemoryDecisionStore(),
    agencies,
    calendar: createDefaultCalendar(),
    clock: {
      now: () => {
        now += 1000;
        return new Date(now);
      },
    },
    ids: { next: () => `D${++n}` },
  } as unknown as Dependencies;
  return { deps, ready: agencies.putAgency(sipingAgency('sp')) };
}

const versionOf = async (deps: Dependencies, id: string) => (await deps.store.get(id))?.decision.version;

/** Each state a decision can be in that a person acts on, built through the use cases. */
const STATES: Readonly<Record<string, (deps: Dependencies) => Promise<string>>> = {
  pending_review: async (deps) =>
    (await submitDecision(deps, { actor: author, content: publishable() })).view.id,
  'pending_review, never published (R3)': async (deps) =>
    (await submitDecision(deps, { actor: author, content: neverPublished() })).view.id,
  rejected: async (deps) => {
    const id = await STATES.pending_review?.(deps);
    await review(deps, id as string, 'reject');
    return id as string;
  },
  publishing: async (deps) => {
    const id = (await STATES.pending_review?.(deps)) as string;
    await review(deps, id, 'approve');
    return id;
  },
  published: async (deps) => {
    const id = (await STATES.publishing?.(deps)) as string;
    const stored = await deps.store.get(id);
    await transitionDecision(deps, stored, { type: 'publish' }, { actor: publisher, now: deps.clock.now() });
    return id;
  },
  'published, a correction under review (R8)': async (deps) => {
    const id = (await STATES.published?.(deps)) as string;
    const stored = await deps.store.get(id);
    const content = stored?.decision.revisions.at(-1)?.content as DecisionContent;
    await correctDecision(deps, {
      actor: author,
      id,
      ifMatch: stored?.decision.version,
      content: { ...content, result: '罚款人民币肆万元' },
    });
    return id;
  },
  exempt: async (deps) => {
    const id = (await STATES['pending_review, never published (R3)']?.(deps)) as string;
    await review(deps, id, 'approve');
    return id;
  },
  'withdrawn, unconfirmed (R8)': async (deps) => {
    const id = (await STATES.published?.(deps)) as string;
    await withdrawDecision(deps, {
      actor: withdrawer,
      id,
      ifMatch: await versionOf(deps, id),
      reason: 'published_in_error',
      explanation: '不应公开而公开',
    });
    return id;
  },
  'withdrawn, confirmed': async (deps) => {
    const id = (await STATES['withdrawn, unconfirmed (R8)']?.(deps)) as string;
    await reviewWithdrawal(deps, {
      actor: user('sun.li', ['reviewer']),
      id,
      ifMatch: await versionOf(deps, id),
      action: 'confirm',
      comment: '核实无误',
    });
    return id;
  },
  discarded: async (deps) => {
    const id = (await STATES.pending_review?.(deps)) as string;
    await discardDecision(deps, {
      actor: author,
      id,
      ifMatch: await versionOf(deps, id),
      reason: '重复录入',
    });
    return id;
  },
};

async function review(
  deps: Dependencies,
  id: string,
  outcome: 'approve' | 'reject',
  actor = CALLERS['a reviewer'],
) {
  return reviewDecision(deps, {
    actor: actor as User,
    id,
    ifMatch: await versionOf(deps, id),
    outcome,
    comment: outcome === 'reject' ? '请补充违法事实' : '同意',
  });
}

/**
 * Every request a person can make of a decision, each through its route's roles and its use case. Each answers
 * the actions it started (an approval of a never-publish revision starts `exempt`, R3; a PUT of a rejected one
 * `resubmit`), or throws what the API would answer with.
 */
const REQUESTS: readonly {
  readonly route: FunctionName;
  readonly send: (deps: Dependencies, actor: User, id: string) => Promise<readonly DecisionEventType[]>;
}[] = [
  {
    route: 'review-decision',
    send: async (deps, actor, id) => {
      const answer = await review(deps, id, 'approve', actor);
      return answer.outcome === 'exempt' ? ['approve', 'exempt'] : ['approve'];
    },
  },
  {
    route: 'review-decision',
    send: async (deps, actor, id) => [(await review(deps, id, 'reject', actor)).outcome],
  },
  {
    route: 'correct-decision',
    send: async (deps, actor, id) => {
      const stored = await deps.store.get(id);
      const content = stored?.decision.revisions.at(-1)?.content as DecisionContent;
      await correctDecision(deps, {
        actor,
        id,
        ifMatch: stored?.decision.version,
        content: { ...content, result: '罚款人民币叁万元' },
      });
      return [stored?.decision.status === 'rejected' ? 'resubmit' : 'correct'];
    },
  },
  ...(['published_in_error', 'emergency', 'revoked'] as const).map((reason) => ({
    route: 'withdraw-decision' as const,
    send: async (deps: Dependencies, actor: User, id: string): Promise<readonly DecisionEventType[]> => {
      await withdrawDecision(deps, {
        actor,
        id,
        ifMatch: await versionOf(deps, id),
        reason,
        explanation: '原决定依法撤销',
        ...(reason === 'revoked' ? { legalEventDate: '2025-09-29' } : {}),
      });
      return ['withdraw'];
    },
  })),
  {
    route: 'discard-decision',
    send: async (deps, actor, id) => {
      await discardDecision(deps, { actor, id, ifMatch: await versionOf(deps, id), reason: '重复录入' });
      return ['discard'];
    },
  },
  ...(['confirm', 'reinstate'] as const).map((action) => ({
    route: action === 'confirm' ? ('confirm-withdrawal' as const) : ('reinstate-decision' as const),
    send: async (deps: Dependencies, actor: User, id: string): Promise<readonly DecisionEventType[]> => {
      await reviewWithdrawal(deps, {
        actor,
        id,
        ifMatch: await versionOf(deps, id),
        action,
        comment: '撤下有误',
      });
      return [action === 'confirm' ? 'confirm_withdrawal' : 'reinstate'];
    },
  })),
];

function rolesOf(route: FunctionName) {
  const row = ROUTES.find((r) => r.function === route);
  if (!row) throw new Error(`no route for ${route}`);
  return row.roles;
}

/** What the API accepts of this caller in this state: each request on a fresh copy of it. */
async function accepted(state: string, actor: User): Promise<string[]> {
  const started = new Set<string>();
  for (const request of REQUESTS) {
    const { deps, ready } = setup();
    await ready;
    const id = await (STATES[state] as (deps: Dependencies) => Promise<string>)(deps);
    try {
      requireRole(actor, rolesOf(request.route));
      for (const action of await request.send(deps, actor, id)) started.add(action);
    } catch {
      // Refused: the API answers with a problem, and nothing is started.
    }
  }
  return [...started].sort();
}

async function listed(state: string, actor: User): Promise<string[]> {
  const { deps, ready } = setup();
  await ready;
  const id = await (STATES[state] as (deps: Dependencies) => Promise<string>)(deps);
  return [...(await getDecision(deps, { actor, id })).allowedActions].sort();
}

describe('allowedActions lists exactly what its caller could start now', () => {
  for (const state of Object.keys(STATES)) {
    for (const [who, actor] of Object.entries(CALLERS)) {
      it(`${state}, for ${who}`, async () => {
        expect(await listed(state, actor)).toEqual(await accepted(state, actor));
      });
    }
  }

  it('offers a reviewer the review of the queue and a submitter their own corrections, never the other’s', async () => {
    const { deps, ready } = setup();
    await ready;
    const id = await (STATES.pending_review as (deps: Dependencies) => Promise<string>)(deps);
    const of = async (actor: User) => (await getDecision(deps, { actor, id })).allowedActions;
    expect(await of(CALLERS['a reviewer'] as User)).toEqual(['approve', 'reject']);
    expect(await of(author)).toEqual(['correct', 'discard']);
    // R2: the author's own reviewer role does not let them review what they wrote.
    expect(await of(CALLERS['the author, also a reviewer'] as User)).toEqual(['correct', 'discard']);
    expect(await of(CALLERS['an operator of the platform'] as User)).toEqual([]);
  });

  it('says that approving a decision that is never published exempts it (R3)', async () => {
    const { deps, ready } = setup();
    await ready;
    const id = await (
      STATES['pending_review, never published (R3)'] as (deps: Dependencies) => Promise<string>
    )(deps);
    const view = await getDecision(deps, { actor: CALLERS['a reviewer'] as User, id });
    expect([...view.allowedActions].sort()).toEqual(['approve', 'exempt', 'reject']);
  });
});
