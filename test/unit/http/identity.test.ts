import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { actorFromClaims, actorFromEvent } from '../../../shared/http/claims.ts';
import {
  CLAIMS_ENV,
  type ClaimMapping,
  claimMappingFrom,
  claimValues,
  DEFAULT_CLAIM_MAPPING,
  parseClaimMapping,
} from '../../../shared/http/identity.ts';
import { HttpProblem } from '../../../shared/http/problem.ts';
import { ENV } from '../../../shared/manifest.ts';

// The claims below are as API Gateway's HTTP API hands them to a function (payload 2.0): every value a string,
// an array flattened to "[a b]".

const COGNITO_ID_TOKEN = {
  sub: '5f3c8e2a-1b7d-4c51-9e0a-7d2f6b4c1a90',
  'cognito:groups': '[submitter reviewer]',
  email_verified: 'true',
  iss: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbCdEf123',
  'cognito:username': 'li.na',
  'custom:agency': 'siping-gxj',
  aud: '3n4b5urk1ft4fl3mg5e62d9ado',
  token_use: 'id',
  auth_time: '1765152000',
  exp: '1765155600',
  iat: '1765152000',
};

const COGNITO_CLIENT_CREDENTIALS = {
  sub: '7ks2c1vq4mplh0e3n9r6tbd8ua',
  token_use: 'access',
  scope: 'gongshi/case-system gongshi/agency:siping-gxj',
  auth_time: '1765152000',
  iss: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbCdEf123',
  exp: '1765155600',
  iat: '1765152000',
  version: '2',
  jti: 'e2a4c6d8-0f1e-4b3a-9c8d-7e6f5a4b3c2d',
  client_id: '7ks2c1vq4mplh0e3n9r6tbd8ua',
};

const KEYCLOAK_ACCESS_TOKEN = {
  exp: '1765155600',
  iat: '1765152000',
  jti: 'onrtac:5d1c3b0e-8f7a-4e2d-b6c9-1a0f3e5d7c9b',
  iss: 'https://sso.jl.gov.cn/realms/siping',
  aud: 'account',
  sub: 'b1d9e7f3-2c4a-4e6b-8d0f-a1c3e5b7d9f2',
  typ: 'Bearer',
  azp: 'gongshi-web',
  sid: '0a2c4e6f-8b1d-4f3a-9c5e-7d9f1b3d5f7a',
  // A nested claim: never read (identity.ts), whatever text it arrives as.
  realm_access: '{"roles":["offline_access","uma_authorization","submitter"]}',
  scope: 'openid profile email',
  preferred_username: 'wang.fang',
  groups: '[/gongshi/agency/siping-gxj /gongshi/role/reviewer /staff]',
};

const KEYCLOAK_GROUPS: ClaimMapping = parseClaimMapping(
  JSON.stringify({
    user: 'preferred_username',
    agency: [{ claim: 'agency' }, { claim: 'groups', prefix: '/gongshi/agency/' }],
    roles: [{ claim: 'groups', prefix: '/gongshi/role/' }],
    caseSystem: { scope: 'gongshi-case-system' },
  }),
);

const KEYCLOAK_SERVICE_ACCOUNT = {
  exp: '1765155600',
  iat: '1765152000',
  iss: 'https://sso.jl.gov.cn/realms/siping',
  aud: 'account',
  sub: 'c3e5a7b9-4d6f-4a8c-8e0a-b2d4f6a8c0e2',
  typ: 'Bearer',
  azp: 'case-sys-1',
  scope: 'gongshi-case-system profile email',
  clientId: 'case-sys-1',
  clientHost: '10.12.0.7',
  clientAddress: '10.12.0.7',
  preferred_username: 'service-account-case-sys-1',
  // The hardcoded-claim mapper of the client.
  agency: 'siping-gxj',
};

const PROVINCE_TOKEN = {
  iss: 'https://tyrz.jl.gov.cn/oidc',
  sub: '220302198505120031',
  aud: 'gongshi',
  exp: '1765155600',
  iat: '1765152000',
  name: '赵磊',
  org_code: '11220300013528170X',
  roles: '[执法人员 法制审核人员 窗口人员]',
};

const PROVINCE: ClaimMapping = parseClaimMapping(
  JSON.stringify({
    agency: [{ claim: 'org_code' }],
    roles: [{ claim: 'roles' }],
    roleNames: { 执法人员: 'submitter', 法制审核人员: 'reviewer', 平台管理员: 'operator' },
  }),
);

function eventWith(claims: Record<string, string>) {
  return {
    requestContext: { authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function refusal(fn: () => unknown): { status: number; code: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpProblem) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('not refused');
}

describe('the default claim mapping: the SPEC contract, as before', () => {
  it('is what an unset or empty GONGSHI_CLAIMS means, and what {} means', () => {
    expect(claimMappingFrom({})).toBe(DEFAULT_CLAIM_MAPPING);
    expect(claimMappingFrom({ [CLAIMS_ENV]: ' ' })).toBe(DEFAULT_CLAIM_MAPPING);
    expect(parseClaimMapping('{}')).toEqual(DEFAULT_CLAIM_MAPPING);
    expect(DEFAULT_CLAIM_MAPPING).toEqual({
      user: 'sub',
      agency: [
        { claim: 'agency' },
        { claim: 'custom:agency' },
        { claim: 'scope', prefix: 'gongshi/agency:' },
      ],
      roles: [{ claim: 'cognito:groups' }],
      caseSystem: { scope: 'gongshi/case-system', client: ['client_id', 'azp'] },
    });
  });

  it('reads a Cognito ID token: sub, custom:agency, the flattened groups', () => {
    expect(actorFromEvent(eventWith(COGNITO_ID_TOKEN))).toEqual({
      kind: 'user',
      userId: COGNITO_ID_TOKEN.sub,
      agencyId: 'siping-gxj',
      roles: ['submitter', 'reviewer'],
    });
  });

  it('prefers agency to custom:agency, and refuses a token without sub or agency (401)', () => {
    const both = { sub: 'u-1', agency: 'changzhi-gxj', 'custom:agency': 'siping-gxj' };
    expect(actorFromClaims(both, DEFAULT_CLAIM_MAPPING)).toMatchObject({
      agencyId: 'changzhi-gxj',
      roles: [],
    });
    expect(refusal(() => actorFromClaims({ sub: 'u-1' }, DEFAULT_CLAIM_MAPPING))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(refusal(() => actorFromClaims({ agency: 'siping-gxj' }, DEFAULT_CLAIM_MAPPING)).status).toBe(401);
    expect(refusal(() => actorFromClaims({ sub: 'u-1', agency: '' }, DEFAULT_CLAIM_MAPPING)).status).toBe(
      401,
    );
  });

  it('reads the array forms alike: flattened, JSON text, a real array, a scope string', () => {
    expect(claimValues('[submitter reviewer]')).toEqual(['submitter', 'reviewer']);
    expect(claimValues('["submitter","reviewer"]')).toEqual(['submitter', 'reviewer']);
    expect(claimValues(['submitter', 'reviewer'])).toEqual(['submitter', 'reviewer']);
    expect(claimValues('openid gongshi/case-system')).toEqual(['openid', 'gongshi/case-system']);
    expect(claimValues('[]')).toEqual([]);
    expect(claimValues('{roles=[submitter]}')).toEqual([]);
    expect(claimValues(undefined)).toBeUndefined();
  });
});

describe('case systems (R13): machine credentials, submitters only, audited as themselves', () => {
  it('reads a Cognito client-credentials token: the client id, the agency from its scopes', () => {
    expect(actorFromEvent(eventWith(COGNITO_CLIENT_CREDENTIALS))).toEqual({
      kind: 'user',
      userId: COGNITO_CLIENT_CREDENTIALS.client_id,
      agencyId: 'siping-gxj',
      roles: ['submitter'],
      via: 'case_system',
    });
  });

  it('never gives a case system more than submitting, whatever groups its token carries', () => {
    const claims = { ...COGNITO_CLIENT_CREDENTIALS, 'cognito:groups': '[reviewer operator]' };
    expect(actorFromClaims(claims, DEFAULT_CLAIM_MAPPING)).toMatchObject({
      roles: ['submitter'],
      via: 'case_system',
    });
  });

  it('reads a Keycloak service account: azp, the hardcoded agency claim, the configured scope', () => {
    expect(actorFromClaims(KEYCLOAK_SERVICE_ACCOUNT, KEYCLOAK_GROUPS)).toEqual({
      kind: 'user',
      userId: 'case-sys-1',
      agencyId: 'siping-gxj',
      roles: ['submitter'],
      via: 'case_system',
    });
  });

  it('refuses a case-system token that names no client or no agency (401)', () => {
    const { client_id: _, ...withoutClient } = COGNITO_CLIENT_CREDENTIALS;
    expect(refusal(() => actorFromClaims(withoutClient, DEFAULT_CLAIM_MAPPING))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    const noAgency = { ...COGNITO_CLIENT_CREDENTIALS, scope: 'gongshi/case-system' };
    expect(refusal(() => actorFromClaims(noAgency, DEFAULT_CLAIM_MAPPING)).status).toBe(401);
  });

  it('does not take a person for a case system for a scope of another name', () => {
    const person = { ...COGNITO_ID_TOKEN, scope: 'openid gongshi/case-systems' };
    expect(actorFromClaims(person, DEFAULT_CLAIM_MAPPING)).not.toHaveProperty('via');
  });
});

describe('mappings for other identity providers', () => {
  it("reads a Keycloak access token: preferred_username, agency and roles from the group-membership mapper's paths", () => {
    expect(actorFromClaims(KEYCLOAK_ACCESS_TOKEN, KEYCLOAK_GROUPS)).toEqual({
      kind: 'user',
      userId: 'wang.fang',
      agencyId: 'siping-gxj',
      roles: ['reviewer'],
    });
  });

  it('reads a province token: org_code as the agency, its role names translated, unknown names ignored', () => {
    expect(actorFromClaims(PROVINCE_TOKEN, PROVINCE)).toEqual({
      kind: 'user',
      userId: PROVINCE_TOKEN.sub,
      agencyId: PROVINCE_TOKEN.org_code,
      roles: ['submitter', 'reviewer'],
    });
    expect(actorFromClaims({ ...PROVINCE_TOKEN, roles: '[constructor 窗口人员]' }, PROVINCE).roles).toEqual(
      [],
    );
  });

  it('refuses a token naming two agencies (403 ambiguous_agency), never guessing; the same one twice is one', () => {
    const two = {
      ...KEYCLOAK_ACCESS_TOKEN,
      groups: '[/gongshi/agency/siping-gxj /gongshi/agency/changzhi-gxj]',
    };
    expect(refusal(() => actorFromClaims(two, KEYCLOAK_GROUPS))).toMatchObject({
      status: 403,
      code: 'ambiguous_agency',
    });
    const twice = {
      ...KEYCLOAK_ACCESS_TOKEN,
      groups: '[/gongshi/agency/siping-gxj /gongshi/agency/siping-gxj]',
    };
    expect(actorFromClaims(twice, KEYCLOAK_GROUPS).agencyId).toBe('siping-gxj');
    const scopes = {
      ...COGNITO_CLIENT_CREDENTIALS,
      scope: 'gongshi/case-system gongshi/agency:a gongshi/agency:b',
    };
    expect(refusal(() => actorFromClaims(scopes, DEFAULT_CLAIM_MAPPING)).code).toBe('ambiguous_agency');
  });

  it('lets the first source present decide: a later one is not consulted', () => {
    const claims = { sub: 'u-1', agency: 'siping-gxj', scope: 'gongshi/agency:changzhi-gxj' };
    expect(actorFromClaims(claims, DEFAULT_CLAIM_MAPPING).agencyId).toBe('siping-gxj');
  });
});

describe('GONGSHI_CLAIMS', () => {
  it('is the variable the manifest gives the API functions', () => {
    expect(CLAIMS_ENV).toBe(ENV.CLAIMS);
  });

  it('keeps the defaults for what it leaves out', () => {
    expect(parseClaimMapping('{"caseSystem":{"scope":"gongshi-case-system"}}')).toEqual({
      ...DEFAULT_CLAIM_MAPPING,
      caseSystem: { scope: 'gongshi-case-system', client: ['client_id', 'azp'] },
    });
  });

  it.each([
    ['not JSON', '{agency: org_code}', /^GONGSHI_CLAIMS is not JSON/],
    ['no agency source', '{"agency":[]}', /^GONGSHI_CLAIMS: agency: /],
    ['an empty claim name', '{"roles":[{"claim":""}]}', /^GONGSHI_CLAIMS: roles\.0\.claim: /],
    ['a role the platform has not', '{"roleNames":{"执法人员":"admin"}}', /roleNames\.执法人员: /],
    ['an unknown field', '{"agencies":[{"claim":"org_code"}]}', /agencies/],
    ['no client claim', '{"caseSystem":{"client":[]}}', /caseSystem\.client: /],
    ['a source as a string', '{"agency":["org_code"]}', /agency\.0: /],
  ])('refuses %s, naming the field', (_, text, message) => {
    expect(() => parseClaimMapping(text)).toThrow(message);
    expect(() => claimMappingFrom({ [CLAIMS_ENV]: text })).toThrow(message);
  });
});
