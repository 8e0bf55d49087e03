/**
 * R9, ADR 0016 end to end: floods of correction requests on one published decision, over HTTP, from many
 * addresses and under many contacts, with and without the form's proof of work; then a genuine requester, from
 * an address and with a contact of their own, files on the same decision. The figure the issue asks for is how
 * many flooding requests it takes to block that requester: there is no ceiling per decision for everyone, so no
 * number does. Also: what the flood leaves in the agency's figures (the unsolved ones are held out until
 * answered), and that one requester cannot be flooded under their own contact past their caps.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { DynamoChallengeStore } from '../../shared/adapters/dynamodb/challenge-store.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import {
  FILINGS_PER_CLIENT,
  OPEN_LIMITS,
  UNCHALLENGED_FILINGS_PER_CLIENT,
} from '../../shared/app/correction-requests.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { solvedChallenge } from '../fixtures/challenge.ts';
import { agencyId, companyPenalty } from '../integration/fixtures/decisions.ts';
import { call, callFrom, freshClient } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { approve, reachStatus, submit } from './support/flows.ts';
import { eachLimited } from './support/raw-http.ts';
import { recordSection } from './support/report.ts';

const AGENCY = agencyId('siping-flood');
/** Flooding addresses, each used to its limit and past it. */
const SOURCES = 40;
let submitter: string;
let reviewer: string;
let decisionId: string;

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  const { id, version } = await submit(submitter, companyPenalty());
  await approve(reviewer, id, version);
  await reachStatus(submitter, id, 'published');
  decisionId = id;
}, 120_000);

const contactOf = (n: number) => ({
  name: `灌水${n}`,
  phone: `136${String(n).padStart(8, '0')}`,
  email: `flood${n}@example.com`,
});

describe('a flood of correction requests (R9, ADR 0016)', () => {
  it('never blocks a genuine requester from another address, and counts against the agency only once answered', async () => {
    const client = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
    const challenges = new DynamoChallengeStore({ client, tableName: inject('tableName') });
    const filing = (n: number, challenge?: string) => ({
      decisionId,
      what: `公示的罚款金额有误（第${n}件）。`,
      evidence: '决定书原件。',
      contact: contactOf(n),
      ...(challenge ? { challenge } : {}),
    });
    const statuses = new Map<string, number>();
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    let n = 0;
    try {
      // A scripted flood that solves every challenge (the cheapest case for it: the key read from the table), and
      // one that does not bother: each address to its limit and two past it, a new contact for every request.
      const sources = Array.from({ length: SOURCES }, (_, i) => ({ ip: freshClient(), solves: i % 2 === 0 }));
      await eachLimited(sources, 8, async ({ ip, solves }) => {
        const limit = solves ? FILINGS_PER_CLIENT : UNCHALLENGED_FILINGS_PER_CLIENT;
        for (let i = 0; i < limit + 2; i++) {
          const challenge = solves ? await solvedChallenge(challenges, new Date()) : undefined;
          const reply = await callFrom(ip, 'POST', '/v1/corrections', { body: filing(++n, challenge) });
          count(`${solves ? 'solved' : 'unsolved'} ${reply.status}`);
          if (reply.status !== 201) expect(reply.body.code).toBe('rate_limited');
        }
      });
      // One person's contact from ten addresses: their own caps, never anyone else's.
      for (let i = 0; i < 10; i++) {
        const reply = await callFrom(freshClient(), 'POST', '/v1/corrections', {
          body: { ...filing(0, await solvedChallenge(challenges, new Date())), contact: contactOf(424_242) },
        });
        count(`one contact ${reply.status}`);
      }
      const flooded = [...statuses.values()].reduce((a, b) => a + b, 0);

      // The genuine requester: after all of it, from an address and with a contact of their own.
      const genuine = await callFrom(freshClient(), 'POST', '/v1/corrections', {
        body: {
          ...filing(0, await solvedChallenge(challenges, new Date())),
          contact: { name: '刘建国', phone: '13812345678' },
        },
      });
      expect(genuine.status, JSON.stringify(genuine.body)).toBe(201);
      // And one without the challenge (no JavaScript), likewise.
      const plain = await callFrom(freshClient(), 'POST', '/v1/corrections', {
        body: { ...filing(0), contact: { name: '陈静', email: 'chen.jing@example.com' } },
      });
      expect(plain.status, JSON.stringify(plain.body)).toBe(201);

      const accepted = (kind: string) => statuses.get(`${kind} 201`) ?? 0;
      expect(accepted('solved')).toBe((SOURCES / 2) * FILINGS_PER_CLIENT);
      expect(accepted('unsolved')).toBe((SOURCES / 2) * UNCHALLENGED_FILINGS_PER_CLIENT);
      expect(accepted('one contact')).toBe(OPEN_LIMITS.perDecision);

      // What the agency's figures say of it today: the unsolved ones held, not counted, until answered.
      const today = shanghaiDate(new Date());
      const report = await call('GET', `/v1/reports/compliance?agency=${AGENCY}&from=${today}&to=${today}`, {
        token: reviewer,
      });
      expect(report.status, JSON.stringify(report.body)).toBe(200);
      const held = report.body.correctionRequestsHeld.count as number;
      const counted = report.body.correctionRequestsFiled.count as number;
      expect(held).toBe(accepted('unsolved') + 1);
      expect(counted).toBe(accepted('solved') + accepted('one contact') + 1);

      recordSection('flood', {
        title: 'Floods',
        method: `one published decision; ${SOURCES} addresses, half solving the form's challenge for every request (the key read from the table: the cheapest case for a flood) and half never, each filing to its limit and two past it, every request under a new contact; then one contact from 10 addresses; then a genuine requester from an address and with a contact of their own, with the challenge and without it; the compliance report of the day.`,
        figures: {
          'flooding requests': flooded,
          'taken (solved)': accepted('solved'),
          'taken (unsolved)': accepted('unsolved'),
          'refused 429 (rate per address)':
            (statuses.get('solved 429') ?? 0) + (statuses.get('unsolved 429') ?? 0),
          'one contact, 10 addresses: taken': accepted('one contact'),
          'one contact, 10 addresses: refused 429': statuses.get('one contact 429') ?? 0,
          'genuine requesters refused': 0,
          'requests a flood needs to block a genuine requester':
            'impossible (no ceiling per decision for everyone)',
          'counted in the agency’s figures': counted,
          'held out of them until answered': held,
        },
      });
    } finally {
      client.destroy();
    }
  });
});
