/**
 * The authorisation matrix, generated from the route table: every route × role (submitter, reviewer, operator,
 * none: a valid token with no role) × own / other / unregistered agency × token (valid, none, and five bad ones: garbage,
 * expired, signed by a foreign key, for another audience, `alg: none`). A caller is let through iff the route is
 * public, or the token is valid, the route's `roles` hold the role, the token's agency is one the registry knows
 * (else 403 unknown_agency), and the record is the caller's agency's (platform operators may read and take down any agency's decisions). Every request that gets through is built
 * to be refused afterwards by a precondition (a stale If-Match, a date in the future, an answer already given),
 * so the whole matrix changes nothing: the table and the site bucket are the same after it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/decision.ts';
import { ROUTES, type RouteDefinition } from '../../shared/http/routes.ts';
import { dutiesInput } from '../fixtures/catalog.ts';
import { agencyId, companyPenalty } from '../integration/fixtures/decisions.ts';
import { type CallOptions, call, callFrom, freshClient, type Reply } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { approve, reachStatus, submit } from './support/flows.ts';
import { recordSection } from './support/report.ts';
import { bucketFingerprint, settled, tableFingerprint } from './support/state.ts';
import { BAD_TOKEN_KINDS, type BadTokenKind, badToken, rolelessToken } from './support/tokens.ts';

const OWN = agencyId('authz-own');
const OTHER = agencyId('authz-other');
// A valid token naming an agency the registry does not know: refused on every route that takes a token.
const UNKNOWN = agencyId('authz-unknown');
const AGENCIES = [OWN, OTHER, UNKNOWN] as const;
const LABEL = { [OWN]: 'own', [OTHER]: 'other', [UNKNOWN]: 'unregistered' } as Record<string, string>;
type Caller = Role | 'none';
type TokenKind = 'valid' | 'absent' | BadTokenKind;
const CALLERS: readonly Caller[] = [...ROLES, 'none'];
const TOKEN_KINDS: readonly TokenKind[] = ['valid', 'absent', ...BAD_TOKEN_KINDS];
type Verdict = 'allowed' | 'unauthenticated' | 'forbidden' | 'unknown' | 'hidden';

let decisionId: string;
let requestId: string;
let catalogItemId: string;
const tokens = new Map<string, string>();
const tokenOf = (caller: Caller, agency: string, kind: TokenKind) =>
  tokens.get(`${agency}:${caller}:${kind}`) as string | undefined;

/** Bound to a record: another agency's record does not exist for its staff. */
const PATH_PARAMETER = /\{[^}]+\}/g;
// A record of one agency (decision, request, item); a calendar year (R5) is everyone's.
const boundToRecord = (route: RouteDefinition) =>
  /\{[^}]+\}/.test(route.path) && !route.path.includes('{year}');

function expected(route: RouteDefinition, caller: Caller, agency: string, kind: TokenKind): Verdict {
  if (route.auth === 'public') return 'allowed';
  if (kind !== 'valid') return 'unauthenticated';
  if (caller === 'none' || !route.roles.includes(caller)) return 'forbidden';
  if (agency === UNKNOWN) return 'unknown';
  if (boundToRecord(route) && agency === OTHER && caller !== 'operator') return 'hidden';
  return 'allowed';
}

function observed(route: RouteDefinition, reply: Reply): Verdict | 'error' {
  if (reply.status >= 500) return 'error';
  if (reply.status === 401) return 'unauthenticated';
  if (reply.status === 403 && reply.body?.code === 'role_required') return 'forbidden';
  if (reply.status === 403 && reply.body?.code === 'unknown_agency') return 'unknown';
  if (reply.status === 404 && reply.body?.code === 'not_found' && boundToRecord(route)) return 'hidden';
  return 'allowed';
}

/** What each route is sent: enough to pass authorisation, then refused without a write. */
function requestOf(route: RouteDefinition): { path: string; options: CallOptions } {
  const id = route.path.startsWith('/v1/corrections/')
    ? requestId
    : route.path.startsWith('/v1/catalog/items/')
      ? catalogItemId
      : decisionId;
  const path = route.path.replace(PATH_PARAMETER, id);
  const stale = { 'if-match': '"999"' };
  switch (route.function) {
    case 'submit-decision':
      return { path, options: { body: companyPenalty({ decisionDate: '2099-01-01' }) } };
    case 'submit-batch':
      return { path, options: { body: { items: [companyPenalty({ decisionDate: '2099-01-01' })] } } };
    case 'correct-decision':
      return { path, options: { body: companyPenalty(), headers: stale } };
    case 'review-decision':
      return { path, options: { body: { outcome: 'approve', comment: '权限矩阵' }, headers: stale } };
    case 'withdraw-decision':
      return { path, options: { body: { reason: 'emergency', explanation: '权限矩阵' }, headers: stale } };
    // R8 and the discard: a stale version, refused (412) once the caller is through, before any rule.
    case 'confirm-withdrawal':
    case 'reinstate-decision':
      return { path, options: { body: { comment: '权限矩阵' }, headers: stale } };
    case 'discard-decision':
      return { path, options: { body: { reason: '权限矩阵' }, headers: stale } };
    case 'compliance-report':
      return { path: `${path}?from=2025-01-01&to=2025-12-31`, options: {} };
    case 'annual-report':
      return { path: `${path}?year=2025`, options: {} };
    case 'file-correction-request':
      return { path, options: { body: { decisionId, what: '', evidence: '', contact: { name: '' } } } };
    case 'answer-correction-request':
      return { path, options: { body: { outcome: 'reject', reasons: '权限矩阵' } } };
    // R10: a body the schema refuses (422) once the caller is through, a stale version, an unknown item.
    case 'submit-catalog-item':
      return { path, options: { body: { kind: 'duties' } } };
    case 'revise-catalog-item':
      return { path, options: { body: dutiesInput(), headers: stale } };
    case 'review-catalog-item':
      // The item was approved before the matrix: a second review is refused (409) after authorisation.
      return { path, options: { body: { outcome: 'reject', comment: '权限矩阵' }, headers: stale } };
    case 'record-law-change':
      return {
        path,
        options: {
          body: { title: '权限矩阵', kind: 'reorganisation', effectiveDate: '2025-09-26', itemIds: ['NOPE'] },
        },
      };
    // R5: a year anyone may read; a notice the check refuses (422) once the operator is through.
    case 'get-calendar-year':
      return { path: route.path.replace('{year}', '2031'), options: {} };
    case 'put-calendar-year':
      return { path: route.path.replace('{year}', '2031'), options: { body: { notice: '权限矩阵' } } };
    default:
      return { path, options: {} };
  }
}

beforeAll(async () => {
  for (const agency of AGENCIES) {
    const registered = agency === UNKNOWN ? { registered: false as const } : {};
    for (const role of ROLES) {
      tokens.set(
        `${agency}:${role}:valid`,
        await tokenFor({ agency, roles: [role], user: `${role}-${agency}`, ...registered }),
      );
    }
    tokens.set(`${agency}:none:valid`, await rolelessToken(agency, `nobody-${agency}`));
    for (const kind of BAD_TOKEN_KINDS) {
      for (const caller of CALLERS) tokens.set(`${agency}:${caller}:${kind}`, await badToken(kind, agency));
    }
  }
  const submitter = tokenOf('submitter', OWN, 'valid') as string;
  const created = await submit(submitter, companyPenalty());
  decisionId = created.id;
  const reviewer = await tokenFor({ agency: OWN, roles: ['reviewer'], user: 'approver' });
  await approve(reviewer, decisionId);
  await reachStatus(submitter, decisionId, 'published');
  const filed = await callFrom(freshClient(), 'POST', '/v1/corrections', {
    body: {
      decisionId,
      what: '罚款金额有误',
      evidence: '见处罚决定书原件',
      contact: { name: '赵先生', email: 'zhao@example.com' },
    },
  });
  expect(filed.status, filed.text).toBe(201);
  requestId = filed.body.request.id;
  // The first challenge a deployment ever hands out makes its key (ADR 0016, one item of the table); every
  // later one changes nothing, which is what the matrix holds the public route to.
  expect((await call('GET', '/v1/corrections/challenge')).status).toBe(200);
  const answered = await call('POST', `/v1/corrections/${requestId}/answer`, {
    token: reviewer,
    body: { outcome: 'reject', reasons: '经核实，信息无误' },
  });
  expect(answered.status, JSON.stringify(answered.body)).toBe(200);
  const item = await call('POST', '/v1/catalog/items', { token: submitter, body: dutiesInput() });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  catalogItemId = item.body.id ?? item.body.item?.id;
  expect(typeof catalogItemId).toBe('string');
  const reviewed = await call('POST', `/v1/catalog/items/${catalogItemId}/review`, {
    token: reviewer,
    body: { outcome: 'approve', comment: '核对无误' },
    headers: { 'if-match': `"${item.body.version ?? 1}"` },
  });
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  // Published before the matrix starts, so the publisher writes nothing while the table is compared.
  for (let waited = 0; ; waited += 200) {
    const got = await call('GET', `/v1/catalog/items/${catalogItemId}`, { token: submitter });
    if ((got.body.status ?? got.body.item?.status) === 'published') break;
    if (waited > 30_000) throw new Error(`catalogue item still ${JSON.stringify(got.body.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

describe('authorisation matrix', () => {
  it('lets through exactly whom the route table admits, and changes nothing', async () => {
    const cells = ROUTES.flatMap((route) =>
      CALLERS.flatMap((caller) =>
        AGENCIES.flatMap((agency) => TOKEN_KINDS.map((kind) => ({ route, caller, agency, kind }))),
      ),
    );
    await settled();
    const tableBefore = await tableFingerprint();
    const bucketBefore = await bucketFingerprint();
    const violations: string[] = [];
    const tally: Record<Verdict, number> = {
      allowed: 0,
      unauthenticated: 0,
      forbidden: 0,
      unknown: 0,
      hidden: 0,
    };
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cells.length; i = next++) {
        const { route, caller, agency, kind } = cells[i] as (typeof cells)[number];
        const { path, options } = requestOf(route);
        const token = kind === 'absent' ? undefined : tokenOf(caller, agency, kind);
        const reply = await call(route.method, path, { ...options, ...(token ? { token } : {}) });
        const want = expected(route, caller, agency, kind);
        const got = observed(route, reply);
        const name = `${route.method} ${route.path} as ${caller} of ${LABEL[agency]} agency, token ${kind}`;
        if (got !== want) {
          violations.push(`${name}: expected ${want}, got ${reply.status} ${JSON.stringify(reply.body)}`);
          continue;
        }
        tally[want] += 1;
        if (reply.status >= 400) {
          const type = reply.headers.get('content-type') ?? '';
          if (!type.startsWith('application/problem+json') || typeof reply.body?.code !== 'string')
            violations.push(`${name}: ${reply.status} is not problem+json with a code`);
        }
        // Let through to a listing of its own agency: never another agency's records (operators may read a
        // record of any agency by its id).
        const operatorRead = caller === 'operator' && boundToRecord(route);
        if (want === 'allowed' && agency === OTHER && reply.status === 200 && !operatorRead) {
          const text = JSON.stringify(reply.body);
          if (route.auth === 'jwt' && text.includes(OWN))
            violations.push(`${name}: the answer names the other agency ${OWN}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(violations).toEqual([]);
    expect(await tableFingerprint()).toEqual(tableBefore);
    expect(await bucketFingerprint()).toEqual(bucketBefore);

    const audit = await call('GET', `/v1/decisions/${decisionId}/audit`, {
      token: tokenOf('submitter', OWN, 'valid') as string,
    });
    expect(audit.body.verification.valid).toBe(true);
    expect(
      audit.body.events.filter((e: { actor: { agencyId?: string } }) => e.actor.agencyId === OTHER),
    ).toEqual([]);
    recordSection('authz', {
      title: 'Authorisation matrix',
      method: `every route of the route table × role (${CALLERS.join(', ')}) × own / other / unregistered agency × token (${TOKEN_KINDS.join(', ')}); allowed iff the route is public or the token is valid, the role is in the route's roles, the token's agency is registered (else 403 unknown_agency) and the record is the caller's agency's (operators: any agency); every request let through is then refused by a precondition, and the table and site bucket are compared before and after.`,
      figures: {
        routes: ROUTES.length,
        cells: cells.length,
        'let through': tally.allowed,
        'refused 401': tally.unauthenticated,
        'refused 403 (role)': tally.forbidden,
        'refused 403 (unregistered agency)': tally.unknown,
        'hidden 404 (other agency)': tally.hidden,
        violations: violations.length,
      },
    });
  });
});
