/**
 * The transparency log on the local platform (ADR 0007): decisions published, corrected and withdrawn through
 * the API and the stream, the checkpoint handler run as the schedule runs it, and the site verified over HTTP
 * as a journalist would (`npm run verify`), in process and as the command. Then objects of the bucket are
 * edited and deleted behind the platform's back, through the S3 endpoint, and the verifier names them; each is
 * put back afterwards, since other files publish to the same site.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localS3Config } from '../../infra/local/aws-config.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { parseCheckpoint } from '../../shared/site/transparency.ts';
import { httpFetcher, type VerifyReport, verifySite } from '../../shared/transparency/verify.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call, currentIfMatch } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const ROOT = join(import.meta.dirname, '../..');
const AGENCY = agencyId('siping-log');
let submitter: string;
let reviewer: string;
let s3: S3Client;
let checkpoint: (event: { time: string }) => Promise<{ size: number; created: boolean }>;
const ids = { kept: '', corrected: '', revoked: '' };

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  // The handler reads its configuration when first imported: this worker's environment must hold it first.
  Object.assign(process.env, {
    TABLE_NAME: inject('tableName'),
    SITE_BUCKET: inject('siteBucket'),
    SITE_URL: inject('siteUrl'),
    GONGSHI_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    GONGSHI_S3_ENDPOINT: inject('s3Endpoint'),
    GONGSHI_TRANSPARENCY_KEY_FILE: join(inject('dataDir'), 'dev-keys', 'transparency-ed25519.pem'),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  checkpoint = (await import('../../functions/transparency-checkpoint/handler.ts'))
    .handler as unknown as typeof checkpoint;
}, 120_000);
afterAll(() => s3?.destroy());

const eventually = eventuallyWithin(30_000, 200);

async function decision(id: string) {
  return (await call('GET', `/v1/decisions/${id}`, { token: submitter })).body;
}

async function published(): Promise<string> {
  const created = await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await call('POST', `/v1/decisions/${created.body.id}/review`, {
    token: reviewer,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { outcome: 'approve', comment: '同意公开' },
  });
  await eventually(async () => expect((await decision(created.body.id)).status).toBe('published'));
  return created.body.id;
}

const fetchText = httpFetcher();

async function verify(): Promise<VerifyReport> {
  return verifySite({ siteUrl: inject('siteUrl'), fetch: fetchText, now: new Date() });
}

/** Other files publish beside this one: a publication in flight may show for a moment, never for long. */
async function verifiedClean(): Promise<VerifyReport> {
  return eventually(async () => {
    const report = await verify();
    expect(report.problems).toEqual([]);
    return report;
  });
}

async function object(key: string): Promise<{ body: string; contentType: string }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: inject('siteBucket'), Key: key }));
  return { body: (await out.Body?.transformToString('utf-8')) ?? '', contentType: out.ContentType ?? '' };
}

async function putObject(key: string, body: string, contentType: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: inject('siteBucket'), Key: key, Body: body, ContentType: contentType }),
  );
}

async function runVerify(
  args: readonly string[] = [inject('siteUrl')],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['infra/verify.ts', ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the transparency log of the local platform', () => {
  it('logs publications, a correction and a withdrawal, checkpoints them, and verifies over HTTP', async () => {
    ids.kept = await published();
    ids.corrected = await published();
    ids.revoked = await published();

    const before = await decision(ids.corrected);
    const corrected = await call('PUT', `/v1/decisions/${ids.corrected}`, {
      token: submitter,
      body: { ...before.decision, result: '罚款人民币叁万元' },
      headers: { 'if-match': `"${before.version}"` },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    await call('POST', `/v1/decisions/${ids.corrected}/review`, {
      token: reviewer,
      headers: { 'if-match': `"${corrected.body.version}"` },
      body: { outcome: 'approve', comment: '同意更正' },
    });
    await eventually(async () =>
      expect(await decision(ids.corrected)).toMatchObject({ status: 'published', publicRevision: 2 }),
    );

    await call('POST', `/v1/decisions/${ids.revoked}/withdraw`, {
      token: submitter,
      headers: await currentIfMatch(submitter, ids.revoked),
      body: {
        reason: 'revoked',
        legalEventDate: shanghaiDate(new Date()),
        explanation: '原处罚决定已被行政复议决定撤销',
      },
    });
    await eventually(async () =>
      expect((await object(`decisions/${ids.revoked}.json`)).body).toContain('"status": "withdrawn"'),
    );

    const result = await checkpoint({ time: new Date().toISOString() });
    expect(result.size).toBeGreaterThanOrEqual(5);
    const signed = parseCheckpoint('checkpoint', (await object('transparency/checkpoint.json')).body);
    expect(signed.size).toBe(result.size);

    // This file's decisions in the log: publish ×3, then the correction and the withdrawal.
    const log = (await object('transparency/log/000000.ndjson')).body;
    const mine = log
      .split('\n')
      .filter((line) => Object.values(ids).some((id) => line.includes(`"decisionId":"${id}"`)))
      .map((line) => JSON.parse(line) as { decisionId: string; action: string });
    expect(mine.map((e) => [e.decisionId, e.action])).toEqual([
      [ids.kept, 'publish'],
      [ids.corrected, 'publish'],
      [ids.revoked, 'publish'],
      [ids.corrected, 'correct'],
      [ids.revoked, 'withdraw'],
    ]);

    const report = await verifiedClean();
    expect(report.checkpoints.verified).toBeGreaterThanOrEqual(1);
    expect(report.decisions.checked).toBeGreaterThanOrEqual(3);
  });

  it('passes as the command a journalist runs, exit status 0', async () => {
    let run = await runVerify();
    // A publication of another file caught in flight: once more.
    if (run.code !== 0) run = await runVerify();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('OK: the site agrees with its transparency log');
    expect(run.stdout).toContain('Keep a copy of');
  });

  it('checks a proof file a reader kept, offline, with the log key and the JSON they downloaded (ADR 0021)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-proof-'));
    try {
      const file = (name: string, body: string) => {
        writeFileSync(join(dir, name), body);
        return join(dir, name);
      };
      const proof = file(
        'kept.tlog-proof',
        (await object(`transparency/proofs/${ids.corrected}.tlog-proof`)).body,
      );
      const vkey = file('log.vkey', (await object('transparency/log.vkey')).body);
      const json = file('kept.json', (await object(`decisions/${ids.corrected}.json`)).body);
      const ok = await runVerify(['--proof', proof, '--vkey', vkey, '--document', json]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(`correct of decision ${ids.corrected}`);
      expect(ok.stdout).toContain("is the decision's json as logged");

      const edited = file('edited.json', readFileSync(json, 'utf8').replace('叁万元', '叁仟元'));
      const wrongDocument = await runVerify(['--proof', proof, '--vkey', vkey, '--document', edited]);
      expect(wrongDocument.code).toBe(1);
      expect(wrongDocument.stderr).toContain('does not commit to');

      const lines = readFileSync(proof, 'utf8').split('\n');
      const index = lines.findIndex((line) => line.startsWith('index '));
      const forged = file('forged.tlog-proof', lines.with(index, 'index 0').join('\n'));
      const refused = await runVerify(['--proof', forged, '--vkey', vkey]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^FAILED: .*forged\.tlog-proof /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names a decision page edited in the bucket behind the platform's back, as the command too", async () => {
    const key = `decisions/${ids.kept}.json`;
    const original = await object(key);
    await putObject(key, original.body.replace('罚款人民币伍万元', '罚款人民币伍仟元'), original.contentType);
    try {
      const report = await verify();
      expect(report.problems).toContainEqual({
        object: key,
        message: expect.stringMatching(/^hashes to .* says /),
      });
      const run = await runVerify();
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^${key.replace('.', '\\.')}: hashes to `, 'm'));
    } finally {
      await putObject(key, original.body, original.contentType);
    }
  });

  it('names a withdrawal notice deleted from the bucket', async () => {
    const key = `decisions/${ids.revoked}.json`;
    const original = await object(key);
    await s3.send(new DeleteObjectCommand({ Bucket: inject('siteBucket'), Key: key }));
    try {
      const report = await verify();
      expect(report.problems).toContainEqual({
        object: key,
        message: expect.stringMatching(/^missing: its latest log entry \d+ \(withdraw, /),
      });
    } finally {
      await putObject(key, original.body, original.contentType);
    }
    await verifiedClean();
  });

  it('names a checkpoint edited in the bucket', async () => {
    const key = 'transparency/checkpoint.json';
    const original = await object(key);
    await putObject(
      key,
      original.body.replace(/"time": "[^"]+"/, '"time": "2020-01-01T00:00:00.000Z"'),
      original.contentType,
    );
    try {
      const report = await verify();
      expect(report.problems).toContainEqual({
        object: key,
        message: expect.stringContaining('its signature does not verify'),
      });
    } finally {
      await putObject(key, original.body, original.contentType);
    }
  });
});
