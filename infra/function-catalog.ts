/**
 * What each function may touch and how big it is: the one place the deployment reads grants and sizes from.
 * A function reaches only what its use case needs (least privilege), and the infra tests hold the stack
 * to this table, so a new function states its needs here or does not deploy.
 */
import { AGENCY_PREFIX } from '../shared/adapters/dynamodb/agency-keys.ts';
import { CALENDAR_PARTITION } from '../shared/adapters/dynamodb/calendar-keys.ts';
import {
  CHALLENGE_PREFIX,
  CORRECTION_REQUEST_PREFIX,
  OPEN_COUNT_PREFIX,
  RATE_LIMIT_PREFIX,
} from '../shared/adapters/dynamodb/correction-request-keys.ts';
import { DECISION_PREFIX } from '../shared/adapters/dynamodb/decision-keys.ts';
import { LOG_PREFIX } from '../shared/adapters/dynamodb/transparency-log-keys.ts';
import {
  type ArchiveAccess,
  FUNCTION_NAMES,
  type FunctionName,
  type FunctionRow,
  MANIFEST,
  type SigningKeyAccess,
  type SiteAccess,
  type SiteArea,
  type SiteKeys,
  type TableAccess,
  type TableKeys,
  type TablePartition,
  UPLOADS_PREFIXES,
  type UploadsAccess,
  type UploadsArea,
  type UploadsGrant,
} from '../shared/manifest.ts';
import { EXPORTS_PREFIX } from '../shared/site/credit-export.ts';
import {
  FEED_KEY,
  HEARTBEAT_KEY,
  MONTHS_KEY,
  SCORECARD_DATA_KEY,
  SCORECARD_KEY,
  SCORECARD_PREFIX,
  TLOG_PREFIX,
  TRANSPARENCY_PREFIX,
} from '../shared/site/keys.ts';

export type {
  SigningKeyAccess,
  SiteAccess,
  SiteArea,
  SiteKeys,
  TableAccess,
  TableKeys,
  TablePartition,
  UploadsAccess,
  UploadsArea,
  UploadsGrant,
};
export { UPLOADS_PREFIXES };

/** What the deployment reads of a manifest row: the grants and the size. */
export type FunctionSpec = Pick<
  FunctionRow,
  | 'table'
  | 'tableKeys'
  | 'site'
  | 'siteKeys'
  | 'uploads'
  | 'archive'
  | 'signingKey'
  | 'email'
  | 'memoryMb'
  | 'timeoutSeconds'
>;

export const FUNCTION_SPECS: Readonly<Record<FunctionName, FunctionSpec>> = MANIFEST;

export const DYNAMODB_ACTIONS: Readonly<Record<Exclude<TableAccess, 'none'>, readonly string[]>> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  write: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
};

/**
 * Each kind of partition as `dynamodb:LeadingKeys` sees it (a `StringLike` pattern of the partition key), from
 * the key modules' prefixes: `CORR#*` does not match `CORROPEN#…`, nor `DEC#*` `LOG#DEC#…`.
 */
export const PARTITION_KEYS: Readonly<Record<TablePartition, string>> = {
  decisions: `${DECISION_PREFIX}*`,
  agencies: `${AGENCY_PREFIX}*`,
  calendar: CALENDAR_PARTITION,
  'correction-requests': `${CORRECTION_REQUEST_PREFIX}*`,
  'open-counts': `${OPEN_COUNT_PREFIX}*`,
  'rate-limits': `${RATE_LIMIT_PREFIX}*`,
  log: `${LOG_PREFIX}*`,
  challenges: `${CHALLENGE_PREFIX}*`,
};

/** The item writes of `write`: what a row with `tableKeys` may do only in its `write` partitions. */
export const DYNAMODB_WRITE_ACTIONS = DYNAMODB_ACTIONS.write.filter(
  (a) => !DYNAMODB_ACTIONS.read.includes(a),
);

/** A grant on the table: its actions, and the partition keys it is held to (none: every item, every index). */
export interface TableStatement {
  readonly actions: readonly string[];
  readonly leadingKeys?: readonly string[];
}

/**
 * The table grants of a row. Without `tableKeys`, one statement on the whole table and its indexes. With them,
 * reads on the partitions it reads or writes, and item writes on those it writes, each held to their keys by
 * `ForAllValues:StringLike` on `dynamodb:LeadingKeys` (a request names one partition key; a transaction is
 * authorised item by item, so a transaction across partitions needs each of them granted).
 */
export function tableStatements(spec: Pick<FunctionSpec, 'table' | 'tableKeys'>): TableStatement[] {
  if (spec.table === 'none') return [];
  const keys = spec.tableKeys;
  if (!keys) return [{ actions: DYNAMODB_ACTIONS[spec.table] }];
  const written = spec.table === 'write' ? keys.write : [];
  const read = [...new Set([...keys.read, ...written])];
  return [
    ...(read.length > 0
      ? [{ actions: DYNAMODB_ACTIONS.read, leadingKeys: read.map((p) => PARTITION_KEYS[p]) }]
      : []),
    ...(written.length > 0
      ? [{ actions: DYNAMODB_WRITE_ACTIONS, leadingKeys: written.map((p) => PARTITION_KEYS[p]) }]
      : []),
  ];
}

/** Each area of the site as object keys (`*` ends a prefix), from the site's key layout. */
export const SITE_AREA_KEYS: Readonly<Record<SiteArea, readonly string[]>> = {
  heartbeat: [HEARTBEAT_KEY],
  feed: [FEED_KEY],
  'months-state': [MONTHS_KEY],
  scorecard: [SCORECARD_KEY, SCORECARD_DATA_KEY, `${SCORECARD_PREFIX}*`],
  // ADR 0021: the tiled log (`tlog/checkpoint`, `tlog/tile/…`) beside the chunks, checkpoints and proofs.
  transparency: [`${TRANSPARENCY_PREFIX}*`, `${TLOG_PREFIX}*`],
  listings: ['data/*.ndjson'],
  exports: [`${EXPORTS_PREFIX}*`],
};

export const SITE_READ_ACTIONS = ['s3:GetObject'] as const;
export const SITE_WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject'] as const;
export const SITE_OBJECT_ACTIONS = [...SITE_READ_ACTIONS, ...SITE_WRITE_ACTIONS] as const;

/** A grant on the site's objects: its actions and the keys (a pattern, `*` for any) they reach. */
export interface SiteStatement {
  readonly actions: readonly string[];
  readonly keys: readonly string[];
}

/** The site object grants of a row: every object without `siteKeys`; else reads of both lists, writes of `write`. */
export function siteStatements(spec: Pick<FunctionSpec, 'site' | 'siteKeys'>): SiteStatement[] {
  if (spec.site === 'none') return [];
  const areas = spec.siteKeys;
  if (!areas) return [{ actions: SITE_OBJECT_ACTIONS, keys: ['*'] }];
  const keysOf = (list: readonly SiteArea[]) => [...new Set(list.flatMap((area) => SITE_AREA_KEYS[area]))];
  const read = keysOf([...areas.read, ...areas.write]);
  const written = keysOf(areas.write);
  return [
    ...(read.length > 0 ? [{ actions: SITE_READ_ACTIONS, keys: read }] : []),
    ...(written.length > 0 ? [{ actions: SITE_WRITE_ACTIONS, keys: written }] : []),
  ];
}
/** On the bucket itself: without it S3 answers a read of a missing key with 403 instead of 404. */
export const SITE_BUCKET_ACTIONS = ['s3:ListBucket'] as const;

/** On the uploads bucket's objects under the grant's prefix. */
export const UPLOADS_OBJECT_ACTIONS: Readonly<Record<UploadsAccess, readonly string[]>> = {
  presign: ['s3:PutObject'],
  read: ['s3:GetObject', 's3:GetObjectVersion'],
};
/** On the bucket itself: `read` lists it, so a missing file is a 404, not a 403. */
export const UPLOADS_BUCKET_ACTIONS: Readonly<Record<UploadsAccess, readonly string[]>> = {
  presign: [],
  read: ['s3:ListBucket'],
};

/** What a grant comes to: the actions on the bucket, and those on the objects under its prefix. */
export function uploadsActions(grant: UploadsGrant): {
  readonly bucket: readonly string[];
  readonly objects: readonly string[];
  readonly prefix: string;
} {
  const union = (table: Readonly<Record<UploadsAccess, readonly string[]>>) => [
    ...new Set(grant.access.flatMap((access) => table[access])),
  ];
  return {
    bucket: union(UPLOADS_BUCKET_ACTIONS),
    objects: union(UPLOADS_OBJECT_ACTIONS),
    prefix: UPLOADS_PREFIXES[grant.area],
  };
}

/**
 * ADR 0022: on the archive bucket's objects under `audit/`. `write` never deletes, and cannot replace a locked
 * export (object lock); ListBucket so a day not exported yet reads as a 404, not a 403.
 */
export const ARCHIVE_OBJECT_ACTIONS: Readonly<Record<ArchiveAccess, readonly string[]>> = {
  read: ['s3:GetObject'],
  write: ['s3:GetObject', 's3:PutObject'],
};
export const ARCHIVE_BUCKET_ACTIONS = ['s3:ListBucket'] as const;

export const SIGNING_KEY_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

/** Every function in the route table has a spec (a compile error otherwise); this lists them in order. */
export const FUNCTIONS = FUNCTION_NAMES.map((name) => ({ name, ...FUNCTION_SPECS[name] }));
