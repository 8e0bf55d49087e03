/** Which site `npm run rebuild-site` rebuilds (infra/local/rebuild-site-args.ts), and its usage errors. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../infra/cli.ts';
import { parseRebuildArgs, REBUILD_USAGE } from '../../../infra/local/rebuild-site-args.ts';

const aws = ['--table', 'Gongshi-prod-data-Table1', '--bucket', 'gongshi-prod-app-sitebucket1', '--site-url'];

describe('npm run rebuild-site arguments', () => {
  it('rebuilds the local site without options, under the data folder and at the local address', () => {
    expect(parseRebuildArgs([])).toEqual({
      mode: 'local',
      dataDir: resolve('.data'),
      siteUrl: 'http://127.0.0.1:3001',
      apiUrl: 'http://127.0.0.1:3000/',
    });
    expect(parseRebuildArgs([], { GONGSHI_DATA_DIR: '/srv/gongshi', SITE_PORT: '4000' })).toEqual({
      mode: 'local',
      dataDir: '/srv/gongshi',
      siteUrl: 'http://127.0.0.1:4000',
      apiUrl: 'http://127.0.0.1:3000/',
    });
    expect(parseRebuildArgs([], { SITE_URL: 'http://localhost:3001/' })).toMatchObject({
      siteUrl: 'http://localhost:3001/',
    });
  });

  it("rebuilds a deployed stage's site with the three options together, whatever the local environment", () => {
    const env = { GONGSHI_DATA_DIR: '/srv/gongshi', SITE_URL: 'http://127.0.0.1:3001' };
    expect(parseRebuildArgs([...aws, 'https://d111111abcdef8.cloudfront.net/'], env)).toEqual({
      mode: 'aws',
      tableName: 'Gongshi-prod-data-Table1',
      bucket: 'gongshi-prod-app-sitebucket1',
      siteUrl: 'https://d111111abcdef8.cloudfront.net/',
    });
    // The address as feeds and sitemaps print it: with its trailing slash.
    expect(
      parseRebuildArgs([
        '--site-url=https://gongshi.example.cn/gongshi',
        '--bucket=gongshi-prod-site',
        '--table=gongshi-prod',
      ]),
    ).toEqual({
      mode: 'aws',
      tableName: 'gongshi-prod',
      bucket: 'gongshi-prod-site',
      siteUrl: 'https://gongshi.example.cn/gongshi/',
    });
  });

  it('takes the API address the correction forms post to (R9): local from the environment, on AWS --api-url', () => {
    expect(parseRebuildArgs([], { API_PORT: '4100' })).toMatchObject({ apiUrl: 'http://127.0.0.1:4100/' });
    expect(parseRebuildArgs([], { API_URL: 'http://localhost:3000/' })).toMatchObject({
      apiUrl: 'http://localhost:3000/',
    });
    expect(
      parseRebuildArgs([
        ...aws,
        'https://d1.cloudfront.net/',
        '--api-url',
        'https://abc.execute-api.cn-north-1.amazonaws.com.cn',
      ]),
    ).toMatchObject({ apiUrl: 'https://abc.execute-api.cn-north-1.amazonaws.com.cn/' });
    expect(() => parseRebuildArgs([...aws, 'https://d1.cloudfront.net/', '--api-url', 'http://x'])).toThrow(
      UsageError,
    );
  });

  it('asks for help with -h or --help, before anything else', () => {
    expect(parseRebuildArgs(['-h'])).toEqual({ mode: 'help' });
    expect(parseRebuildArgs(['--table', 'gongshi-prod', '--help'])).toEqual({ mode: 'help' });
  });

  it.each([
    [['--table', 'gongshi-prod'], /go together .*: missing --bucket and --site-url/],
    [['--bucket', 'site-b', '--site-url', 'https://d.cloudfront.net/'], /missing --table$/],
    [['--table', 'gongshi-prod', '--bucket', 'site-b'], /missing --site-url$/],
    [[...aws, 'http://d111111abcdef8.cloudfront.net/'], /--site-url: .* must be an https:\/\/ address/],
    [[...aws, 'd111111abcdef8.cloudfront.net'], /--site-url: .* is not a URL/],
    [[...aws, 'https://d.cloudfront.net/?x=1'], /without query or fragment/],
    [
      ['--table', 'gongshi-prod', '--bucket', 's3://site-b', '--site-url', 'https://d.cloudfront.net/'],
      /--bucket: "s3:\/\/site-b" is not an S3 bucket name/,
    ],
    [
      ['--table', 'gongshi-prod', '--bucket', 'Site_B', '--site-url', 'https://d.cloudfront.net/'],
      /not an S3 bucket name/,
    ],
    [
      ['--table', 'a b', '--bucket', 'site-b', '--site-url', 'https://d.cloudfront.net/'],
      /--table: "a b" is not a DynamoDB table name/,
    ],
    [['--table'], /argument missing/],
    [['--endpoint', 'http://127.0.0.1:8000'], /Unknown option '--endpoint'/],
    [['gongshi-prod'], /Unexpected argument/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseRebuildArgs(argv)).toThrow(UsageError);
    expect(() => parseRebuildArgs(argv)).toThrow(message);
  });

  it('says which AWS permissions the rebuild needs', () => {
    for (const permission of [
      'dynamodb:Scan',
      'dynamodb:GetItem',
      'dynamodb:Query',
      's3:ListBucket',
      's3:GetObject',
      's3:PutObject',
      's3:DeleteObject',
    ]) {
      expect(REBUILD_USAGE).toContain(permission);
    }
  });
});
