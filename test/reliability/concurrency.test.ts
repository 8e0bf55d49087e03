/**
 * Races over HTTP (R2, R8, R11): 20 parallel approvals of one decision, 20 parallel corrections sent with the
 * same If-Match, 20 parallel withdrawals. Exactly one of each wins; every other one is a 409 or 412
 * problem+json; the audit chain holds exactly one event for the race and verifies.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty } from '../integration/fixtures/decisions.ts';
import { call, type Reply } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { reachStatus, submit } from './support/flows.ts';
import { recordSection } from './support/report.ts';
import { eventually } from './support/state.ts';

const AGENCY = agencyId('races');
const RACERS = 20;
let submitter: string;
const reviewers: string[] = [];
const submitters: string[] = [];
const withdrawers: string[] = [];
const figures: Record<string, number> = {};

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'author' });
  for (let i = 0; i < RACERS; i++) {
    reviewers.push(await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: `reviewer-${i}` }));
    submitters.push(await tokenFor({ agency: AGENCY, roles: ['submitter'], user: `clerk-${i}` }));
    // Operators may only take a decision down in an emergency (R8); a revocation is the agency's.
    const role = i % 2 === 0 ? 'submitter' : 'reviewer';
    withdrawers.push(await tokenFor({ agency: AGENCY, roles: [role], user: `${role}-${i}` }));
  }
});

async function audit(id: string) {
  const reply = await call('GET', `/v1/decisions/${id}/audit`, { token: submitter });
  expect(reply.status).toBe(200);
  return reply.body as { verification: { valid: boolean }; events: { action: string }[] };
}

/** One winner (2xx), every loser a 409 or 412 problem+json with a code. */
function judge(race: string, replies: readonly Reply[]): Reply {
  const winners = replies.filter((r) => r.status >= 200 && r.status < 300);
  const losers = replies.filter((r) => !(r.status >= 200 && r.status < 300));
  expect(winners, `${race}: ${JSON.stringify(replies.map((r) => [r.status, r.body?.code]))}`).toHaveLength(1);
  for (const loser of losers) {
    expect([409, 412], JSON.stringify(loser.body)).toContain(loser.status);
    expect(loser.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(typeof loser.body.code).toBe('string');
  }
  figures[`${race}: 409`] = losers.filter((r) => r.status === 409).length;
  figures[`${race}: 412`] = losers.filter((r) => r.status === 412).length;
  return winners[0] as Reply;
}

describe('races', () => {
  let id: string;

  it('20 parallel approvals: one wins, the rest 409/412, one review in the audit chain', async () => {
    const created = await submit(submitter, companyPenalty());
    id = created.id;
    const replies = await Promise.all(
      reviewers.map((token, i) =>
        call('POST', `/v1/decisions/${id}/review`, {
          token,
          body: { outcome: 'approve', comment: `第${i}位审核人同意` },
          // Each names the version it read (R2: required); all read the same one.
          headers: { 'if-match': `"${created.version}"` },
        }),
      ),
    );
    judge('approvals', replies);
    await reachStatus(submitter, id, 'published');
    const trail = await audit(id);
    expect(trail.verification.valid).toBe(true);
    expect(trail.events.filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  it('20 parallel corrections with the same If-Match: one wins, the rest 409/412, the winner is under review', async () => {
    const current = await call('GET', `/v1/decisions/${id}`, { token: submitter });
    const etag = current.headers.get('etag') ?? `"${current.body.version}"`;
    const before = (await audit(id)).events.length;
    const replies = await Promise.all(
      submitters.map((token, i) =>
        call('PUT', `/v1/decisions/${id}`, {
          token,
          headers: { 'if-match': etag },
          body: { ...current.body.decision, result: `罚款人民币伍万元（第${i}次更正）` },
        }),
      ),
    );
    const winner = judge('corrections', replies);
    const after = await call('GET', `/v1/decisions/${id}`, { token: submitter });
    expect(after.body.version).toBe(winner.body.version);
    expect(after.body.pendingRevision).not.toBeNull();
    const pending = after.body.revisions.find(
      (r: { number: number }) => r.number === after.body.pendingRevision,
    );
    expect(pending.content?.result ?? after.body.decision.result).toBe(winner.body.decision.result);
    const trail = await audit(id);
    expect(trail.verification.valid).toBe(true);
    expect(trail.events.length).toBe(before + 1);
  });

  it('20 parallel withdrawals: one wins, the rest 409/412, the site shows the notice once', async () => {
    const before = (await audit(id)).events.length;
    const current = await call('GET', `/v1/decisions/${id}`, { token: submitter });
    const replies = await Promise.all(
      withdrawers.map((token, i) =>
        call('POST', `/v1/decisions/${id}/withdraw`, {
          token,
          headers: { 'if-match': `"${current.body.version}"` },
          body: {
            reason: 'revoked',
            legalEventDate: shanghaiDate(new Date()),
            explanation: `原处罚决定已被撤销（第${i}人）`,
          },
        }),
      ),
    );
    judge('withdrawals', replies);
    const after = await audit(id);
    expect(after.verification.valid).toBe(true);
    expect(after.events.filter((e) => e.action === 'withdraw')).toHaveLength(1);
    expect(after.events.length).toBeGreaterThanOrEqual(before + 1);
    // The one withdrawal reaches the site once: the notice in place of the page, one Atom tombstone.
    await eventually(async () => {
      const page = await (await fetch(new URL(`decisions/${id}.html`, inject('siteUrl')))).text();
      expect(page).toContain('已撤下');
      const atom = await (await fetch(new URL('atom.xml', inject('siteUrl')))).text();
      expect(atom.split(`decisions/${id}.html" when=`).length - 1).toBe(1);
      const feed = (await (await fetch(new URL('feed.json', inject('siteUrl')))).json()) as {
        items: { id: string }[];
      };
      expect(feed.items.filter((item) => item.id.includes(id)).length).toBeLessThanOrEqual(1);
    });
    // The takedown is confirmed once (R7): the publisher's last write of this race.
    await eventually(async () => {
      const reply = await call('GET', `/v1/decisions/${id}`, { token: submitter });
      expect(reply.body.status).toBe('withdrawn');
      expect(reply.body.deadlines.takedown ?? null).toBeNull();
    });
    const confirmations = (await audit(id)).events.filter((e) => e.action === 'confirm_takedown');
    expect(confirmations).toHaveLength(1);
    figures.races = 3;
    figures['requests raced'] = 3 * RACERS;
    recordSection('concurrency', {
      title: 'Races',
      method: `${RACERS} parallel approvals, ${RACERS} parallel corrections and ${RACERS} parallel withdrawals of one decision over HTTP, each race with the same If-Match; exactly one 2xx per race, every other answer 409 or 412 problem+json with a code, one audit event per race, the chain verifies.`,
      figures,
    });
  });
});
