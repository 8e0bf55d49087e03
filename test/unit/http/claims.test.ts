import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { actorFromEvent, rolesFromClaim } from '../../../shared/http/claims.ts';

function eventWith(claims: Record<string, string | number | boolean | string[]>) {
  return {
    requestContext: { authorizer: { jwt: { claims, scopes: [] } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('the caller from the authorizer claims', () => {
  it('reads a Cognito ID token: custom:agency and the groups as API Gateway flattens them', () => {
    const actor = actorFromEvent(
      eventWith({ sub: 'u-1', 'custom:agency': 'siping-gxj', 'cognito:groups': '[submitter reviewer]' }),
    );
    expect(actor).toEqual({
      kind: 'user',
      userId: 'u-1',
      agencyId: 'siping-gxj',
      roles: ['submitter', 'reviewer'],
    });
  });

  it('reads the local dev token: agency and the groups as an array', () => {
    const actor = actorFromEvent(
      eventWith({ sub: 'u-2', agency: 'changzhi-gxj', 'cognito:groups': ['operator'] }),
    );
    expect(actor).toMatchObject({ agencyId: 'changzhi-gxj', roles: ['operator'] });
  });

  it('refuses a token without an agency (401), and keeps only the roles it knows', () => {
    expect(() => actorFromEvent(eventWith({ sub: 'u-3' }))).toThrow(/agency/);
    expect(rolesFromClaim('[admin, reviewer]')).toEqual(['reviewer']);
    expect(rolesFromClaim(undefined)).toEqual([]);
  });
});
