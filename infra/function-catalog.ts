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

export interface FunctionSpec {
  readonly table: TableAccess;
  readonly site: SiteAccess;
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
  // R10: the pre-disclosure catalogue. A law change reads the agency's items and writes up to 45 in one transaction.
  'submit-catalog-item': API_WRITE,
  'list-catalog-items': API,
  'get-catalog-item': API,
  'revise-catalog-item': API_WRITE,
  'review-catalog-item': API_WRITE,
  'record-law-change': { ...API_WRITE, timeoutSeconds: 29 },
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

/** Every function in the route table has a spec (a compile error otherwise); this lists them in order. */
export const FUNCTIONS = FUNCTION_NAMES.map((name) => ({ name, ...FUNCTION_SPECS[name] }));

/**
 * R10: what each function needs of the private uploads bucket (ADR 0006; the bucket itself comes with the
 * correction requests): `presign` signs PUT URLs for declared attachments and reads what was uploaded (head),
 * `read` reads uploads (the review's check, the publisher's copy to the site). Each needs `UPLOAD_BUCKET` in its
 * environment (functions/lib/uploads.ts). Catalogue keys live under `catalog/`.
 */
export const UPLOADS_ACCESS: Readonly<Partial<Record<FunctionName, 'presign' | 'read'>>> = {
  'submit-catalog-item': 'presign',
  'revise-catalog-item': 'presign',
  'get-catalog-item': 'presign',
  'review-catalog-item': 'presign',
  'publish-site': 'read',
  'reconcile-sweep': 'read',
};
