/**
 * What each function may touch and how big it is: the one place the deployment reads grants and sizes from.
 * A function reaches only what its use case needs (least privilege), and the infra tests hold the stack
 * to this table, so a new function states its needs here or does not deploy.
 */
import { FUNCTION_NAMES, type FunctionName } from '../shared/http/routes.ts';

/** `read`: GetItem and Query; `write`: also the item writes a transaction makes. No function scans. */
export type TableAccess = 'none' | 'read' | 'write';
/** `write`: read, write and delete objects of the public site bucket. */
export type SiteAccess = 'none' | 'write';
/**
 * The private uploads bucket (R9 evidence): `presign` signs PUT URLs (the signer needs PutObject itself, and
 * nothing else); `read` reads and heads objects. Never both, never delete: evidence expires by the bucket's
 * lifecycle rule only.
 */
export type UploadsAccess = 'none' | 'presign' | 'read';
/** The transparency log's signing key (ADR 0007): `read` is secretsmanager:GetSecretValue on that one secret. */
export type SigningKeyAccess = 'none' | 'read';

export interface FunctionSpec {
  readonly table: TableAccess;
  readonly site: SiteAccess;
  /** Absent means `none`. */
  readonly uploads?: UploadsAccess;
  /** Absent means `none`. */
  readonly signingKey?: SigningKeyAccess;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

const API: FunctionSpec = { table: 'read', site: 'none', memoryMb: 512, timeoutSeconds: 10 };
const API_WRITE: FunctionSpec = { ...API, table: 'write' };

export const FUNCTION_SPECS: Readonly<Record<FunctionName, FunctionSpec>> = {
  'submit-decision': API_WRITE,
  'submit-batch': { ...API_WRITE, timeoutSeconds: 29 },
  'list-decisions': API,
  'get-decision': API,
  'correct-decision': API_WRITE,
  'review-decision': API_WRITE,
  'withdraw-decision': API_WRITE,
  'get-audit': API,
  openapi: { table: 'none', site: 'none', memoryMb: 256, timeoutSeconds: 5 },
  'compliance-report': { ...API, memoryMb: 1024, timeoutSeconds: 29 },
  // Marks decisions published and takedowns confirmed; writes the pages, feeds and indexes.
  'publish-site': { table: 'write', site: 'write', memoryMb: 1024, timeoutSeconds: 60 },
  'withdrawal-sweep': { table: 'write', site: 'none', memoryMb: 512, timeoutSeconds: 300 },
  'deadline-sweep': { table: 'read', site: 'none', memoryMb: 512, timeoutSeconds: 300 },
  'reconcile-sweep': { table: 'write', site: 'write', memoryMb: 1024, timeoutSeconds: 300 },
  'site-heartbeat': { table: 'none', site: 'write', memoryMb: 256, timeoutSeconds: 30 },
  scorecard: { table: 'read', site: 'write', memoryMb: 1024, timeoutSeconds: 300 },
  // R9 correction requests. Filing writes the request and the rate-limit counter, and signs evidence uploads.
  'file-correction-request': { ...API_WRITE, uploads: 'presign' },
  'get-correction-request': API,
  // The agency's side checks what was uploaded against what was declared.
  'list-correction-requests': { ...API, uploads: 'read' },
  // Accept writes the decision's correction and the request; reject only the request.
  'answer-correction-request': { ...API_WRITE, uploads: 'read' },
  // ADR 0007: catches the site's log up (reads the table, writes the site), stores and publishes the checkpoint.
  'transparency-checkpoint': {
    table: 'write',
    site: 'write',
    signingKey: 'read',
    memoryMb: 512,
    timeoutSeconds: 60,
  },
};

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

export const SITE_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] as const;
/** On the bucket itself: without it S3 answers a read of a missing key with 403 instead of 404. */
export const SITE_BUCKET_ACTIONS = ['s3:ListBucket'] as const;

/** On the uploads bucket's objects; `read` also lists the bucket, so a missing file is a 404, not a 403. */
export const UPLOADS_OBJECT_ACTIONS: Readonly<Record<Exclude<UploadsAccess, 'none'>, readonly string[]>> = {
  presign: ['s3:PutObject'],
  read: ['s3:GetObject'],
};
export const UPLOADS_BUCKET_ACTIONS: Readonly<Record<Exclude<UploadsAccess, 'none'>, readonly string[]>> = {
  presign: [],
  read: ['s3:ListBucket'],
};

export const SIGNING_KEY_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

/** Every function in the route table has a spec (a compile error otherwise); this lists them in order. */
export const FUNCTIONS = FUNCTION_NAMES.map((name) => ({ name, ...FUNCTION_SPECS[name] }));
