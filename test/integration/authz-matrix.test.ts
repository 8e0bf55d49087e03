import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/decision.ts';
import { ROUTES, type RouteDefinition } from '../../shared/http/routes.ts';
import { dutiesInput } from '../fixtures/catalog.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { call } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

// Generated from the route table: every route × role × own / other agency × no token.
const OWN = agencyId('authz-own');
const OTHER = agencyId('authz-other');
let decisionId: string;
let version: number;
const tokens = new Map<string, string>();

function bodyFor(route: RouteDefinition): unknown {
  switch (route.function) {
    case 'submit-decision':
    case 'correct-decision':
      return companyPenalty();
    case 'submit-batch':
      return { items: [companyPenalty()] };
    case 'review-decision':
      return { outcome: 'reject', comment: '权限矩阵' };
    case 'withdraw-decision':
      return { reason: 'emergency', explanation: '权限矩阵' };
    // R9: `{id}` names no correction request here (it is the decision's id): 404 for every role it admits.
    case 'answer-correction-request':
      return { outcome: 'reject', reasons: '权限矩阵' };
    case 'submit-catalog-item':
    case 'revise-catalog-item':
      return dutiesInput();
    case 'review-catalog-item':
      return { outcome: 'reject', comment: '权限矩阵' };
    case 'record-law-change':
      return { title: '权限矩阵', kind: 'reorganisation', effectiveDate: '2025-09-26', itemIds: ['NOPE'] };
    default:
      return undefined;
  }
}

function request(route: RouteDefinition, token?: string) {
  const path = route.path.replace('{id}', decisionId);
  const body = bodyFor(route);
  return call(route.method, path, {
    ...(token ? { token } : {}),
    ...(body === undefined ? {} : { body }),
    headers: { 'if-match': `"${version}"` },
  });
}

beforeAll(async () => {
  for (const agency of [OWN, OTHER]) {
    for (const role of ROLES)
      tokens.set(`${agency}:${role}`, await tokenFor({ agency, roles: [role], user: `${role}-${agency}` }));
  }
  const created = await call('POST', '/v1/decisions', {
    token: tokens.get(`${OWN}:submitter`) as string,
    body: companyPenalty(),
  });
  decisionId = created.body.id;
  version = created.body.version;
});

const jwtRoutes = ROUTES.filter((r) => r.auth === 'jwt');

describe('authorisation matrix', () => {
  it.each(jwtRoutes.map((r) => [`${r.method} ${r.path}`, r]))('%s: no token → 401', async (_name, route) => {
    expect((await request(route as RouteDefinition)).status).toBe(401);
  });

  const cases = jwtRoutes.flatMap((route) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (agency) =>
          [
            `${route.method} ${route.path} as ${role} of ${agency === OWN ? 'own' : 'other'} agency`,
            route,
            role,
            agency,
          ] as const,
      ),
    ),
  );

  it.each(cases)('%s', async (_name, route, role, agency) => {
    const reply = await request(route, tokens.get(`${agency}:${role}`));
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
    if (!route.roles.includes(role as Role)) {
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('role_required');
      return;
    }
    // A role the route table admits is never refused for its role (the domain may still refuse the act).
    expect(reply.status).not.toBe(401);
    expect(reply.body?.code).not.toBe('role_required');
    const touchesTheDecision = route.path.includes('{id}');
    // Another agency's decision does not exist for agency staff; platform operators may read and take down.
    if (touchesTheDecision && agency === OTHER && role !== 'operator') {
      expect(reply.status).toBe(404);
      expect(reply.body.code).toBe('not_found');
    }
  });

  it('left the decision untouched by every refused request', async () => {
    const reply = await call('GET', `/v1/decisions/${decisionId}/audit`, {
      token: tokens.get(`${OWN}:submitter`) as string,
    });
    expect(reply.body.verification.valid).toBe(true);
    const foreign = reply.body.events.filter(
      (e: { actor: { agencyId?: string } }) => e.actor.agencyId === OTHER,
    );
    expect(foreign).toEqual([]);
  });
});
