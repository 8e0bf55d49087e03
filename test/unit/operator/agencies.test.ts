/** `npm run agencies` (infra/agency-admin.ts) over the memory directory: arguments, the file, the upsert. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AgencyEntry,
  parseAgenciesArgs,
  parseAgencyFile,
  readAgencyFile,
  runAgencies,
  upsertAgencies,
} from '../../../infra/agency-admin.ts';
import { UsageError } from '../../../infra/cli.ts';
import localAgencies from '../../../infra/local/agencies.json' with { type: 'json' };
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';

const tight = (agencyId: string) => ({
  ...DEFAULT_AGENCY_SETTINGS(agencyId),
  publishWithinWorkingDays: { penalty: 3 },
  expiry: 'keep' as const,
});
const { agencyId: _, ...tightWithoutId } = tight('x');
const { randomInspectionWithinWorkingDays: __, ...withoutInspection } = tightWithoutId;

describe('npm run agencies arguments', () => {
  it('writes a file, lists, or both, on AWS or on an endpoint', () => {
    expect(parseAgenciesArgs(['--table', 'Gongshi-prod-data-Table1', '--file', 'a.json'])).toEqual({
      help: false,
      table: 'Gongshi-prod-data-Table1',
      file: 'a.json',
      list: false,
    });
    expect(parseAgenciesArgs(['--table=gongshi', '--list', '--endpoint', 'http://127.0.0.1:8000'])).toEqual({
      help: false,
      table: 'gongshi',
      list: true,
      endpoint: 'http://127.0.0.1:8000',
    });
    expect(parseAgenciesArgs(['--table', 'gongshi', '--file', 'a.json', '--list'])).toMatchObject({
      file: 'a.json',
      list: true,
    });
    expect(parseAgenciesArgs(['-h'])).toEqual({ help: true });
  });

  it.each([
    [[], /--table NAME is required/],
    [['--list'], /--table NAME is required/],
    [['--table', 'gongshi'], /nothing to do/],
    [['--table', 'x', '--list'], /not a DynamoDB table name/],
    [['--table', 'gongshi', '--list', '--endpoint', 'localhost:8000'], /--endpoint: .* not an http\(s\) URL/],
    [['--table', 'gongshi', '--file'], /argument missing/],
    [['--table', 'gongshi', '--list', '--region', 'cn-north-1'], /Unknown option '--region'/],
    [['--table', 'gongshi', '--list', 'agencies.json'], /Unexpected argument/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseAgenciesArgs(argv)).toThrow(UsageError);
    expect(() => parseAgenciesArgs(argv)).toThrow(message);
  });
});

describe('an agency file', () => {
  it('reads infra/local/agencies.json, which the local platform seeds from', () => {
    expect(parseAgencyFile(localAgencies, 'agencies.json')).toEqual([
      { id: 'siping-gxj', name: '四平市工业和信息化局' },
      { id: 'changzhi-gxj', name: '长治市工业和信息化局' },
      { id: 'province', name: '省政务服务和数据管理局' },
    ]);
  });

  it('takes settings with or without their agencyId, checked as the directory checks them', () => {
    const file = {
      agencies: [
        { id: 'a', name: '甲', settings: tightWithoutId },
        { id: 'b', name: '乙', settings: tight('b') },
      ],
    };
    expect(parseAgencyFile(file, 'f.json')).toEqual([
      { id: 'a', name: '甲', settings: tight('a') },
      { id: 'b', name: '乙', settings: tight('b') },
    ]);
  });

  it.each([
    ['not an object', [], /f\.json: must be a JSON object/],
    ['an unknown member', { agencies: [], agency: [] }, /unknown member "agency"/],
    ['no agencies array', { agencies: { id: 'a' } }, /"agencies" must be an array/],
    ['an entry that is not an object', { agencies: ['a'] }, /agencies\[0\]: must be an object/],
    ['a missing id', { agencies: [{ name: '甲' }] }, /agencies\[0\]\.id: must be a non-empty string/],
    ['a missing name', { agencies: [{ id: 'a' }] }, /agencies\[0\] \(a\)\.name: must be a string/],
    [
      'a blank name',
      { agencies: [{ id: 'a', name: ' ' }] },
      /agencies\[0\] \(a\): name: must be a non-empty/,
    ],
    [
      'an id with #',
      { agencies: [{ id: 'a#b', name: '甲' }] },
      /agency id must be non-empty and without '#'/,
    ],
    ['a mistyped settings', { agencies: [{ id: 'a', name: '甲', setting: {} }] }, /unknown member "setting"/],
    [
      'settings not an object',
      { agencies: [{ id: 'a', name: '甲', settings: 7 }] },
      /settings: must be an object/,
    ],
    [
      'settings looser than the law',
      {
        agencies: [
          { id: 'a', name: '甲', settings: { ...tightWithoutId, publishWithinWorkingDays: { penalty: 8 } } },
        ],
      },
      /agencies\[0\] \(a\): settings\.publishWithinWorkingDays\.penalty: .*statutory 7 working days/,
    ],
    [
      'incomplete settings',
      { agencies: [{ id: 'a', name: '甲', settings: { expiry: 'keep' } }] },
      /settings\.publishWithinWorkingDays: must be an object/,
    ],
    [
      'settings without one of their fields',
      { agencies: [{ id: 'a', name: '甲', settings: withoutInspection }] },
      /settings\.randomInspectionWithinWorkingDays: is required/,
    ],
    [
      'an unknown setting',
      { agencies: [{ id: 'a', name: '甲', settings: { ...tightWithoutId, expire: 'keep' } }] },
      /settings\.expire: not a setting/,
    ],
    [
      "another agency's settings",
      { agencies: [{ id: 'a', name: '甲', settings: tight('b') }] },
      /settings\.agencyId: must be a/,
    ],
    [
      'an agency given twice',
      {
        agencies: [
          { id: 'a', name: '甲' },
          { id: 'a', name: '乙' },
        ],
      },
      /agencies\[1\] \(a\): agency a is given twice/,
    ],
  ])('is refused with %s', (_what, json, message) => {
    expect(() => parseAgencyFile(json, 'f.json')).toThrow(UsageError);
    expect(() => parseAgencyFile(json, 'f.json')).toThrow(message);
  });

  describe('on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-agencies-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is refused when missing or not JSON', () => {
      expect(() => readAgencyFile(join(dir, 'none.json'))).toThrow(/none\.json: cannot read it \(ENOENT\)/);
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{"agencies": [');
      expect(() => readAgencyFile(broken)).toThrow(UsageError);
      expect(() => readAgencyFile(broken)).toThrow(/broken\.json: not JSON/);
    });
  });
});

describe('upserting agencies', () => {
  it('creates with the defaults or the given settings, renames keeping settings, and skips what is unchanged', async () => {
    const registry = new MemoryAgencyDirectory();
    await registry.putAgency({ id: 'kept', name: '旧名', settings: tight('kept') });
    const entries: AgencyEntry[] = [
      { id: 'new', name: '新局' },
      { id: 'given', name: '给定', settings: tight('given') },
      { id: 'kept', name: '新名' },
    ];
    const first = await upsertAgencies(registry, entries);
    expect(first.map(({ agency, change, settings }) => [agency.id, change, settings])).toEqual([
      ['new', 'created', 'default'],
      ['given', 'created', 'file'],
      ['kept', 'updated', 'kept'],
    ]);
    expect(await registry.list()).toEqual([
      { id: 'given', name: '给定', settings: tight('given') },
      { id: 'kept', name: '新名', settings: tight('kept') },
      { id: 'new', name: '新局', settings: DEFAULT_AGENCY_SETTINGS('new') },
    ]);

    const again = await upsertAgencies(registry, entries);
    expect(again.map((r) => r.change)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    // Settings in the file replace the stored ones.
    const replaced = await upsertAgencies(registry, [
      { id: 'kept', name: '新名', settings: DEFAULT_AGENCY_SETTINGS('kept') },
    ]);
    expect(replaced.map((r) => [r.change, r.settings])).toEqual([['updated', 'file']]);
    expect(await registry.get('kept')).toEqual({
      id: 'kept',
      name: '新名',
      settings: DEFAULT_AGENCY_SETTINGS('kept'),
    });
  });

  it('reports what it wrote on stderr and lists the table as JSON in the file format on stdout', async () => {
    const registry = new MemoryAgencyDirectory();
    const out: string[] = [];
    const err: string[] = [];
    const output = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };
    const entries = parseAgencyFile(localAgencies, 'agencies.json');
    await runAgencies({ table: 'gongshi', entries, list: true }, registry, output);
    expect(err).toEqual([
      'created   siping-gxj    四平市工业和信息化局  (statutory settings)',
      'created   changzhi-gxj  长治市工业和信息化局  (statutory settings)',
      'created   province      省政务服务和数据管理局  (statutory settings)',
      'gongshi: 3 created, 0 updated, 0 unchanged.',
    ]);
    expect(out).toHaveLength(1);
    const listed = JSON.parse(out[0] as string) as unknown;
    expect(listed).toEqual({
      agencies: [
        {
          id: 'changzhi-gxj',
          name: '长治市工业和信息化局',
          settings: DEFAULT_AGENCY_SETTINGS('changzhi-gxj'),
        },
        { id: 'province', name: '省政务服务和数据管理局', settings: DEFAULT_AGENCY_SETTINGS('province') },
        { id: 'siping-gxj', name: '四平市工业和信息化局', settings: DEFAULT_AGENCY_SETTINGS('siping-gxj') },
      ],
    });
    // What --list prints is a file --file takes back, settings and all.
    expect(parseAgencyFile(listed, 'listed.json')).toEqual([
      { id: 'changzhi-gxj', name: '长治市工业和信息化局', settings: DEFAULT_AGENCY_SETTINGS('changzhi-gxj') },
      { id: 'province', name: '省政务服务和数据管理局', settings: DEFAULT_AGENCY_SETTINGS('province') },
      { id: 'siping-gxj', name: '四平市工业和信息化局', settings: DEFAULT_AGENCY_SETTINGS('siping-gxj') },
    ]);
  });
});
