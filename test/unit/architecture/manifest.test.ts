/**
 * The function manifest (shared/manifest.ts) is the one list of functions: every row's trigger is the table that
 * starts it (routes, schedules, stream consumers), nothing else names a function it lacks, and its environment
 * follows from the row alone.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES, STREAM_CONSUMERS } from '../../../shared/http/routes.ts';
import {
  ENV,
  environmentFor,
  FUNCTION_NAMES,
  type FunctionName,
  MANIFEST,
  type Resources,
} from '../../../shared/manifest.ts';
import { SCHEDULES } from '../../../shared/schedules.ts';

const RESOURCES: Resources = {
  stage: 'test',
  tableName: 'table',
  siteBucket: 'site',
  siteUrl: 'https://site.example/',
  apiUrl: 'https://api.example/',
  uploadsBucket: 'uploads',
  archiveBucket: 'gongshi-archive',
  transparencyKeySecretArn: 'arn:aws:secretsmanager:region:1:secret:key',
  tlogWitnesses: '[]',
};

describe('the function manifest', () => {
  it('names each function once, each started by exactly the table its trigger says', () => {
    const byTrigger = (trigger: string) =>
      FUNCTION_NAMES.filter((name) => MANIFEST[name].trigger === trigger).sort();
    const unique = (names: readonly FunctionName[]) => [...new Set(names)].sort();
    expect(byTrigger('http')).toEqual(unique(ROUTES.map((r) => r.function)));
    expect(byTrigger('schedule')).toEqual(unique(SCHEDULES.map((s) => s.function)));
    expect(byTrigger('stream')).toEqual(unique(STREAM_CONSUMERS.map((c) => c.function)));
  });

  it('derives the environment from the row: the table, the site, the uploads, the archive and the key only where granted', () => {
    for (const name of FUNCTION_NAMES) {
      const row = MANIFEST[name];
      const env = environmentFor(name, RESOURCES);
      expect(env[ENV.TABLE_NAME] !== undefined, name).toBe(row.table !== 'none');
      expect(env[ENV.SITE_BUCKET] !== undefined, name).toBe(row.site === 'write');
      expect(env[ENV.UPLOADS_BUCKET] !== undefined, name).toBe('uploads' in row);
      expect(env[ENV.TRANSPARENCY_KEY_SECRET_ARN] !== undefined, name).toBe(
        'signingKey' in row && row.signingKey === 'read',
      );
      // ADR 0022: the archive bucket only where its row grants it (it was once set everywhere and read nowhere).
      expect(env[ENV.ARCHIVE_BUCKET] !== undefined, name).toBe('archive' in row);
      expect(env[ENV.TLOG_WITNESSES] !== undefined, name).toBe('witnesses' in row && row.witnesses === true);
    }
    // The claim mapping goes to the API's functions, when the deployment sets one.
    const claims = '{"agency":[{"claim":"org_code"}]}';
    for (const name of FUNCTION_NAMES) {
      expect(environmentFor(name, { ...RESOURCES, claims })[ENV.CLAIMS], name).toBe(
        MANIFEST[name].trigger === 'http' ? claims : undefined,
      );
      expect(environmentFor(name, RESOURCES)[ENV.CLAIMS], name).toBeUndefined();
    }
    // openapi touches nothing and needs no address.
    expect(Object.keys(environmentFor('openapi', RESOURCES)).sort()).toEqual([
      ENV.STAGE,
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
    ]);
  });

  it('grants ports only to functions that can reach what they are built on', () => {
    for (const name of FUNCTION_NAMES) {
      const row = MANIFEST[name];
      const ports: readonly string[] = row.ports;
      const onTable = ['decisions', 'agencies', 'catalog', 'requests', 'log'].filter((p) =>
        ports.includes(p),
      );
      if (onTable.length > 0) expect(row.table, name).not.toBe('none');
      if (ports.includes('site')) expect(row.site, name).toBe('write');
      if (ports.includes('uploads') || ports.includes('signed-uploads'))
        expect('uploads' in row, name).toBe(true);
      if (ports.includes('signing-key')) expect('signingKey' in row && row.signingKey, name).toBe('read');
    }
  });
});
