/**
 * Least privilege to the key: every function's synthesized policy grants no more of the table and the site
 * bucket than its manifest row implies. A table statement of a row held to some partitions must carry the
 * `dynamodb:LeadingKeys` condition with no pattern beyond the row's, name no index, and write only where the
 * row writes; a site statement must name only the row's objects. The local platform enforces no IAM, so this
 * template is the proof. docs/grants.md is the same grants in a table, and must be current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DYNAMODB_WRITE_ACTIONS,
  FUNCTION_SPECS,
  PARTITION_KEYS,
  SITE_AREA_KEYS,
  SITE_WRITE_ACTIONS,
} from '../../infra/function-catalog.ts';
import { grantsDocument } from '../../infra/grants.ts';
import { agencyKeys } from '../../shared/adapters/dynamodb/agency-keys.ts';
import { calendarKeys } from '../../shared/adapters/dynamodb/calendar-keys.ts';
import { challengeKeys, correctionKeys } from '../../shared/adapters/dynamodb/correction-request-keys.ts';
import { decisionKeys } from '../../shared/adapters/dynamodb/decision-keys.ts';
import { logKeys } from '../../shared/adapters/dynamodb/transparency-log-keys.ts';
import {
  FUNCTION_NAMES,
  type FunctionName,
  TABLE_PARTITIONS,
  type TablePartition,
} from '../../shared/manifest.ts';
import { logicalId, resourcesOf, synthesize } from './deployment.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('the grants of each function', () => {
  const deployment = synthesize({ stage: 'test', logRetentionDays: '90' });
  const stack = deployment.app;
  const template = deployment.templates.app;
  const tableId = logicalId(deployment.data, deployment.data.table);
  const siteId = logicalId(stack, stack.site.bucket);

  const statementsOf = (name: FunctionName): Statement[] => {
    const roleId = logicalId(stack, stack.functions.get(name)?.function.role ?? stack);
    return resourcesOf(template, 'AWS::IAM::Policy')
      .filter(([, p]) => list(p.Properties?.Roles ?? []).some((r) => JSON.stringify(r).includes(roleId)))
      .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as Statement[]);
  };
  // The table's item actions (the stream's, the publisher's trigger, are on the stream, not the table).
  const tableStatements = (name: FunctionName) =>
    statementsOf(name).filter((s) =>
      list(s.Action).some((a) => a.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(a)),
    );
  const leadingKeysOf = (s: Statement): string[] | undefined => {
    const condition = s.Condition as Record<string, Record<string, string | string[]>> | undefined;
    const keys = condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    return keys === undefined ? undefined : list(keys);
  };
  /** The object keys a statement names on the site bucket (`arnForObjects`: the bucket's ARN joined to `/key`). */
  const siteKeysOf = (s: Statement): string[] =>
    list(s.Resource as unknown[])
      .filter((r) => JSON.stringify(r).includes(siteId))
      .flatMap((r) => {
        const parts = (r as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1];
        const last = parts?.at(-1);
        return typeof last === 'string' && last.startsWith('/') ? [last.slice(1)] : [];
      });
  const onSiteObjects = (name: FunctionName) =>
    statementsOf(name).filter(
      (s) => siteKeysOf(s).length > 0 && list(s.Action).some((a) => a.startsWith('s3:')),
    );

  it('holds each row with partitions to them: LeadingKeys on every table statement, no index, writes where it writes', () => {
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTION_SPECS[name];
      const keys = spec.tableKeys;
      const statements = tableStatements(name);
      if (!keys) {
        // The whole table: one statement with no condition, as the row says.
        for (const s of statements) expect(leadingKeysOf(s), name).toBeUndefined();
        continue;
      }
      const writes = spec.table === 'write' ? keys.write.map((p) => PARTITION_KEYS[p]) : [];
      const reads = [...keys.read.map((p) => PARTITION_KEYS[p]), ...writes];
      expect(statements.length, name).toBeGreaterThan(0);
      for (const s of statements) {
        expect(s.Effect, name).toBe('Allow');
        const leading = leadingKeysOf(s);
        expect(leading, `${name}: ${JSON.stringify(s)}`).toBeDefined();
        // ForAllValues with another operator, or a second condition, would change what the key condition means.
        expect(Object.keys(s.Condition as object), name).toEqual(['ForAllValues:StringLike']);
        expect(leading, name).not.toContain('*');
        const writesItems = list(s.Action).some((a) => DYNAMODB_WRITE_ACTIONS.includes(a));
        for (const pattern of leading ?? []) expect(writesItems ? writes : reads, name).toContain(pattern);
        // The table alone: an index's partition key is another value, which no row here grants.
        for (const resource of list(s.Resource)) {
          expect(JSON.stringify(resource), name).toContain(tableId);
          expect(JSON.stringify(resource), name).not.toContain('/index/');
        }
      }
    }
  });

  it('lets the anonymous filing write only its request, the open count, its rate-limit counter and the spent challenge', () => {
    const statements = tableStatements('file-correction-request');
    const writing = statements.filter((s) =>
      list(s.Action).some((a) =>
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].includes(a),
      ),
    );
    expect(writing.length).toBeGreaterThan(0);
    // Spelled out here, not read from the catalogue: a wider row fails this test too.
    const writes = ['CHALLENGE#*', 'CORR#*', 'CORROPEN#*', 'RATE#*'];
    for (const s of writing) expect(leadingKeysOf(s)?.sort()).toEqual(writes);
    for (const s of statements) {
      expect(leadingKeysOf(s)?.sort()).toEqual(
        list(s.Action).includes('dynamodb:PutItem')
          ? writes
          : ['AGENCY#*', 'CALENDAR', 'CHALLENGE#*', 'CORR#*', 'CORROPEN#*', 'DEC#*', 'RATE#*'],
      );
    }
  });

  it('lets the challenge route reach its key and nothing else of the table', () => {
    for (const s of tableStatements('issue-challenge')) expect(leadingKeysOf(s)).toEqual(['CHALLENGE#*']);
  });

  it('lets a row with site areas read and write only their objects', () => {
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTION_SPECS[name];
      const areas = spec.siteKeys;
      const statements = onSiteObjects(name);
      if (!areas) continue;
      const written = areas.write.flatMap((a) => SITE_AREA_KEYS[a]);
      const readable = [...areas.read.flatMap((a) => SITE_AREA_KEYS[a]), ...written];
      expect(statements.length, name).toBeGreaterThan(0);
      for (const s of statements) {
        const writes = list(s.Action).some((a) => (SITE_WRITE_ACTIONS as readonly string[]).includes(a));
        for (const key of siteKeysOf(s)) {
          expect(key, name).not.toBe('*');
          expect(writes ? written : readable, name).toContain(key);
        }
      }
    }
    // Spelled out: the scheduled jobs that write the site write their own objects and nothing else.
    const writtenBy = (name: FunctionName) =>
      onSiteObjects(name)
        .filter((s) => list(s.Action).includes('s3:PutObject'))
        .flatMap(siteKeysOf)
        .sort();
    expect(writtenBy('site-heartbeat')).toEqual(['heartbeat.json']);
    expect(writtenBy('scorecard')).toEqual(['data/scorecard.json', 'scorecard.html', 'scorecard/*']);
    expect(writtenBy('transparency-checkpoint')).toEqual(['tlog/*', 'transparency/*']);
  });

  it('names each kind of partition by a pattern no other kind of partition key matches', () => {
    const patterns = TABLE_PARTITIONS.map((p) => PARTITION_KEYS[p]);
    const like = (pattern: string, value: string) =>
      pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
    // Partition keys of each kind, as the key modules make them (a decision's log marker is the log's).
    const id = '01JABCDEFGHJKMNPQRSTVWXYZ0';
    const samples: Record<TablePartition, readonly string[]> = {
      decisions: [decisionKeys.decision(id).pk],
      agencies: [agencyKeys.profile('a').pk],
      calendar: [calendarKeys.year(2027).pk],
      'correction-requests': [correctionKeys.request(id).pk],
      'open-counts': [
        correctionKeys.openCount(id, 'digest').pk,
        correctionKeys.openCountOverall('digest').pk,
      ],
      'rate-limits': [correctionKeys.rateLimit('file-x', 1_800_000_000).pk],
      log: [logKeys.head().pk, logKeys.entry(1).pk, logKeys.marker(id, 'published').pk],
      challenges: [challengeKeys.key().pk, challengeKeys.spent('a'.repeat(64)).pk],
    };
    for (const partition of TABLE_PARTITIONS) {
      for (const key of samples[partition]) {
        expect(
          patterns.filter((p) => like(p, key)),
          key,
        ).toEqual([PARTITION_KEYS[partition]]);
      }
    }
  });
  it('keeps docs/grants.md current', () => {
    const path = new URL('../../docs/grants.md', import.meta.url);
    const expected = grantsDocument();
    if (process.env.GONGSHI_UPDATE_DOCS === '1') writeFileSync(path, expected);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });
});
