/**
 * R13 over HTTP: an agency's case system signs in with a machine credential (Cognito's client-credentials access
 * token; locally `npm run token -- --client …`), pushes a batch, may do nothing but submit, and the audit chain
 * names it as itself.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { call } from './support/http.ts';
import { clientTokenFor, tokenFor } from './support/tokens.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

const AGENCY = agencyId('siping-gxj');
const CLIENT = `CASE-SYSTEM-${randomUUID().slice(0, 8)}`;
let reviewer: string;

/** `npm run token -- …args` against the data folder whose dev key the platform of the global setup trusts. */
async function token(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['infra/local/token.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, GONGSHI_DATA_DIR: inject('dataDir') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
});

describe('a case system (R13)', () => {
  it('mints its token with npm run token -- --client: Cognito’s client-credentials shape, alone on stdout', async () => {
    const minted = await token('--client', CLIENT, '--agency', AGENCY, '--ttl', '600');
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = decodeJwt(minted.stdout.trim());
    expect(claims).toMatchObject({
      sub: CLIENT,
      client_id: CLIENT,
      token_use: 'access',
      scope: `gongshi/case-system gongshi/agency:${AGENCY}`,
    });
    expect(claims).not.toHaveProperty('cognito:groups');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);

    for (const extra of [
      ['--role', 'reviewer'],
      ['--user', 'li.na'],
    ]) {
      const refused = await token('--client', CLIENT, '--agency', AGENCY, ...extra);
      expect(refused).toMatchObject({ code: 2, stdout: '' });
      expect(refused.stderr).toMatch(/--client goes without --role and --user/);
    }
  });

  it('submits a batch, may not review, and is the actor of the submission in the audit chain', async () => {
    const caseSystem = await clientTokenFor({ client: CLIENT, agency: AGENCY });
    const batch = await call('POST', '/v1/decisions/batch', {
      token: caseSystem,
      body: { items: [companyPenalty(), companyPenalty()] },
    });
    expect(batch.status, JSON.stringify(batch.body)).toBeGreaterThanOrEqual(200);
    expect(batch.status).toBeLessThan(300);
    expect(batch.body).toMatchObject({ accepted: 2, rejected: 0 });
    const ids: string[] = batch.body.results.map((r: { id: string }) => r.id);

    for (const id of ids) {
      const read = await call('GET', `/v1/decisions/${id}`, { token: reviewer });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, agencyId: AGENCY, status: 'pending_review' });
    }
    const [id] = ids;

    const review = await call('POST', `/v1/decisions/${id}/review`, {
      token: caseSystem,
      body: { outcome: 'approve', comment: '同意公开' },
      headers: { 'if-match': '"1"' },
    });
    expect(review).toMatchObject({ status: 403, body: { code: 'role_required' } });

    // A person reviews what the case system submitted: they are not its submitter (R2).
    const approved = await call('POST', `/v1/decisions/${id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '同意公开' },
      headers: { 'if-match': '"1"' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const audit = await call('GET', `/v1/decisions/${id}/audit`, { token: reviewer });
    expect(audit.status).toBe(200);
    expect(audit.body.verification.valid).toBe(true);
    expect(audit.body.events[0]).toMatchObject({ action: 'submit' });
    expect(audit.body.events[0].actor).toEqual({ userId: CLIENT, agencyId: AGENCY, via: 'case_system' });
    expect(audit.body.events[1].actor).toEqual({ userId: 'wang.fang', agencyId: AGENCY });
  });

  it('is refused for an agency the registry does not know (403 unknown_agency)', async () => {
    const stranger = await clientTokenFor({ client: CLIENT, agency: agencyId('nowhere'), registered: false });
    const reply = await call('POST', '/v1/decisions/batch', {
      token: stranger,
      body: { items: [companyPenalty()] },
    });
    expect(reply).toMatchObject({ status: 403, body: { code: 'unknown_agency' } });
  });
});
