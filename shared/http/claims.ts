/**
 * The caller, from the claims API Gateway's JWT authorizer verified (locally: the dev-key verifier).
 * API Gateway flattens claims to strings, an array as "[submitter reviewer]", so both forms are read.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type Actor, ROLES, type Role } from '../domain/decision.ts';
import { HttpProblem } from './problem.ts';

export type UserActor = Extract<Actor, { kind: 'user' }>;

export function rolesFromClaim(value: unknown): Role[] {
  const raw = Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? value.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return ROLES.filter((role) => raw.includes(role));
}

export function actorFromEvent(event: APIGatewayProxyEventV2WithJWTAuthorizer): UserActor {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const userId = claims.sub;
  // Cognito ID tokens carry the custom attribute as `custom:agency`; the local dev keys mint `agency`.
  const agencyId = claims.agency ?? claims['custom:agency'];
  if (typeof userId !== 'string' || userId === '' || typeof agencyId !== 'string' || agencyId === '') {
    throw new HttpProblem(
      401,
      'unauthorized',
      'a bearer token with the claims sub and agency (or custom:agency) is required',
    );
  }
  return { kind: 'user', userId, agencyId, roles: rolesFromClaim(claims['cognito:groups']) };
}

/** 403 unless the caller holds one of the roles the route table names for this route. */
export function requireRole(actor: UserActor, roles: readonly Role[]): void {
  if (roles.length > 0 && !actor.roles.some((r) => roles.includes(r))) {
    throw new HttpProblem(403, 'role_required', `this needs the role ${roles.join(' or ')}`);
  }
}
