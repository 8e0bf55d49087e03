/**
 * `npm run agencies` on DynamoDB Local: the command itself as an operator runs it (`--endpoint`), on a table
 * of this file's own, and the directory's listing among decision items; and the local platform's seeding,
 * which goes through the same upsert.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAgencies } from '../../infra/agency-admin.ts';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { caseGuardItem } from '../../shared/adapters/dynamodb/decision-keys.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../shared/domain/settings.ts';
import { freshTable } from './support/tables.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run agencies -- …args`, as a child process with no AWS credentials of its own. */
async function agencies(...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
    delete env[name];
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['infra/agencies.ts', ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const tight = (agencyId: string) => ({
  ...DEFAULT_AGENCY_SETTINGS(agencyId),
  publishWithinWorkingDays: { penalty: 3 },
  expiry: 'keep' as const,
});

// A file may leave out the settings' agencyId: it is the agency's.
const { agencyId: _, ...withoutAgencyId } = tight('siping-gxj');

let dir: string;
let tableName: string;
let directory: DynamoAgencyDirectory;
const documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
const file = (name: string, json: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongshi-agencies-'));
  const table = await freshTable();
  table.client.destroy();
  tableName = table.tableName;
  directory = new DynamoAgencyDirectory({ client: documents, tableName });
  // Not an agency: --list must leave out what else the table holds.
  await documents.put({
    TableName: tableName,
    Item: caseGuardItem('siping-gxj', '四工信罚〔2026〕1号', 'd1'),
  });
});
afterAll(() => {
  documents.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run agencies on DynamoDB Local', () => {
  it('creates the agencies of a file and lists them', async () => {
    const path = file('agencies.json', {
      agencies: [
        { id: 'siping-gxj', name: '四平市工业和信息化局', settings: withoutAgencyId },
        { id: 'changzhi-gxj', name: '长治市工业和信息化局' },
      ],
    });
    const run = await agencies(
      '--endpoint',
      inject('dynamoEndpoint'),
      '--table',
      tableName,
      '--file',
      path,
      '--list',
    );
    expect(run.stderr).toContain('created   siping-gxj    四平市工业和信息化局  (settings from the file)');
    expect(run.stderr).toContain('created   changzhi-gxj  长治市工业和信息化局  (statutory settings)');
    expect(run.stderr).toContain(`${tableName}: 2 created, 0 updated, 0 unchanged.`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      agencies: [
        {
          id: 'changzhi-gxj',
          name: '长治市工业和信息化局',
          settings: DEFAULT_AGENCY_SETTINGS('changzhi-gxj'),
        },
        { id: 'siping-gxj', name: '四平市工业和信息化局', settings: tight('siping-gxj') },
      ],
    });
  });

  it('renames an agency and keeps its settings when the file gives none', async () => {
    const path = file('renamed.json', { agencies: [{ id: 'siping-gxj', name: '四平市工信局' }] });
    const run = await agencies('--endpoint', inject('dynamoEndpoint'), '--table', tableName, '--file', path);
    expect(run.stderr).toContain('updated   siping-gxj  四平市工信局  (settings kept)');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(await directory.find('siping-gxj')).toEqual({
      id: 'siping-gxj',
      name: '四平市工信局',
      settings: tight('siping-gxj'),
    });
  });

  it('writes nothing of a file with a bad agency, and says why with exit status 2 and no stack', async () => {
    const path = file('loose.json', {
      agencies: [
        { id: 'new-agency', name: '新局' },
        {
          id: 'siping-gxj',
          name: '四平市',
          settings: { ...tight('siping-gxj'), publishWithinWorkingDays: { penalty: 10 } },
        },
      ],
    });
    const run = await agencies('--endpoint', inject('dynamoEndpoint'), '--table', tableName, '--file', path);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `agencies: ${path}: agencies[1] (siping-gxj): settings.publishWithinWorkingDays.penalty: `,
    );
    expect(run.stderr).toContain('npm run agencies -- --help');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await directory.find('new-agency')).toBeUndefined();
    expect((await directory.find('siping-gxj'))?.settings).toEqual(tight('siping-gxj'));
  });

  it('says a table is missing without a stack', async () => {
    const run = await agencies('--endpoint', inject('dynamoEndpoint'), '--table', 'no-such-table', '--list');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^agencies: Table no-such-table was not found/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves an agency as it is when the file says what the table holds', async () => {
    const err: string[] = [];
    await runAgencies(
      { table: tableName, entries: [{ id: 'changzhi-gxj', name: '长治市工业和信息化局' }], list: false },
      directory,
      { out: () => {}, err: (text) => err.push(text) },
    );
    expect(err).toEqual([
      'unchanged changzhi-gxj  长治市工业和信息化局  (settings kept)',
      `${tableName}: 0 created, 0 updated, 1 unchanged.`,
    ]);
  });
});

describe('the local platform', () => {
  it('seeded the agencies of infra/local/agencies.json through the same upsert', async () => {
    const platform = new DynamoAgencyDirectory({ client: documents, tableName: inject('tableName') });
    expect(await platform.find('siping-gxj')).toMatchObject({ name: '四平市工业和信息化局' });
    expect(await platform.find('changzhi-gxj')).toMatchObject({ name: '长治市工业和信息化局' });
  });
});
