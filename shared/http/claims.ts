/**
 * The caller, from the claims API Gateway's JWT authorizer verified (locally: the dev-key verifier), read through
 * the claim mapping of the deployment (identity.ts; by default the SPEC contract's `sub`, `agency`,
 * `cognito:groups`). API Gateway flattens claims to strings, an array as "[submitter reviewer]", so both forms are
 * read.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Actor, Role } from '../domain/decision.ts';
import {
  agencyOf,
  type ClaimMapping,
  caseSystemOf,
  configuredClaimMapping,
  DEFAULT_CLAIM_MAPPING,
  rolesOf,
} from './identity.ts';
import { HttpProblem } from './problem.ts';

export type UserActor = Extract<Actor, { kind: 'user' }>;

export function rolesFromClaim(value: unknown): Role[] {
  return rolesOf({ roles: value }, { ...DEFAULT_CLAIM_MAPPING, roles: [{ claim: 'roles' }] });
}

export function actorFromEvent(event: APIGatewayProxyEventV2WithJWTAuthorizer): UserActor {
  return actorFromClaims(event.requestContext?.authorizer?.jwt?.claims ?? {}, configuredClaimMapping());
}

/** The caller a token's claims name under a mapping: a person of an agency, or an agency's case system (R13). */
export function actorFromClaims(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): UserActor {
  const agency = agencyOf(claims, mapping);
  if (agency.kind === 'ambiguous') {
    // A token that names two agencies is a misconfigured identity provider: acting for either would be a guess.
    throw new HttpProblem(
      403,
      'ambiguous_agency',
      `the token names more than one agency (${agency.agencyIds.join(', ')}); it may name only one`,
    );
  }
  const caseSystem = caseSystemOf(claims, mapping);
  if (caseSystem) {
    if (!caseSystem.client || agency.kind !== 'one') {
      throw new HttpProblem(
        401,
        'unauthorized',
        `a case system's token names its client (${mapping.caseSystem.client.join(' or ')}) and its agency`,
      );
    }
    // R13: a case system submits and nothing else, whatever groups its token carries, and is audited as itself.
    return {
      kind: 'user',
      userId: caseSystem.client,
      agencyId: agency.agencyId,
      roles: ['submitter'],
      via: 'case_system',
    };
  }
  const user = claims[mapping.user];
  const userId = typeof user === 'string' ? user : '';
  if (userId === '' || agency.kind !== 'one') {
    throw new HttpProblem(
      401,
      'unauthorized',
      `a bearer token with the claims ${mapping.user} and ${mapping.agency.map((s) => s.claim).join(' or ')} is required`,
    );
  }
  return { kind: 'user', userId, agencyId: agency.agencyId, roles: rolesOf(claims, mapping) };
}

/** 403 unless the caller holds one of the roles the route table names for this route. */
export function requireRole(actor: UserActor, roles: readonly Role[]): void {
  if (roles.length > 0 && !actor.roles.some((r) => roles.includes(r))) {
    throw new HttpProblem(403, 'role_required', `this needs the role ${roles.join(' or ')}`);
  }
}
