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
 * The private uploads bucket holds two kinds of file, each under a prefix of its own: R9 evidence
 * (`quarantine/`, expiring after a year by the bucket's lifecycle rule) and R10 catalogue attachments
 * (`catalog/`, kept: the publisher copies an approved revision's files to the site). A function reaches one
 * prefix, with one or both of: `presign`, signing PUT URLs (the signer needs PutObject itself, and nothing
 * else); `read`, heading and reading objects, and any version of them (the bucket is versioned: an approval
 * binds a version, R2), which is also what a signed download URL needs of its signer. Never delete.
 */
export type UploadsAccess = 'presign' | 'read';
export const UPLOADS_PREFIXES = { evidence: 'quarantine/', catalog: 'catalog/' } as const;
export type UploadsArea = keyof typeof UPLOADS_PREFIXES;
export interface UploadsGrant {
  readonly area: UploadsArea;
  readonly access: readonly UploadsAccess[];
}
/** The transparency log's signing key (ADR 0007): `read` is secretsmanager:GetSecretValue on that one secret. */
export type SigningKeyAccess = 'none' | 'read';

export interface FunctionSpec {
  readonly table: TableAccess;
  readonly site: SiteAccess;
  /** What it may do in the uploads bucket; absent means nothing (and no UPLOADS_BUCKET in its environment). */
  readonly uploads?: UploadsGrant;
  /** Absent means `none`. */
  readonly signingKey?: SigningKeyAccess;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

const API: FunctionSpec = { table: 'read', site: 'none', memoryMb: 512, timeoutSeconds: 10 };
const API_WRITE: FunctionSpec = { ...API, table: 'write' };
const EVIDENCE_PRESIGN: UploadsGrant = { area: 'evidence', access: ['presign'] };
const EVIDENCE_READ: UploadsGrant = { area: 'evidence', access: ['read'] };
const CATALOG_PRESIGN: UploadsGrant = { area: 'catalog', access: ['presign'] };
const CATALOG_PRESIGN_READ: UploadsGrant = { area: 'catalog', access: ['presign', 'read'] };
const CATALOG_READ: UploadsGrant = { area: 'catalog', access: ['read'] };

export const FUNCTION_SPECS: Readonly<Record<FunctionName, FunctionSpec>> = {
  'submit-decision': API_WRITE,
  'submit-batch': { ...API_WRITE, timeoutSeconds: 29 },
  'list-decisions': API,
  'get-decision': API,
  'correct-decision': API_WRITE,
  'review-decision': API_WRITE,
  'withdraw-decision': API_WRITE,
  'confirm-withdrawal': API_WRITE,
  'reinstate-decision': API_WRITE,
  'discard-decision': API_WRITE,
  'get-audit': API,
  openapi: { table: 'none', site: 'none', memoryMb: 256, timeoutSeconds: 5 },
  'compliance-report': { ...API, memoryMb: 1024, timeoutSeconds: 29 },
  // Marks decisions published and takedowns confirmed; writes the pages, feeds and indexes.
  // R10: it copies an approved catalogue revision's files from the uploads bucket to the site.
  'publish-site': {
    table: 'write',
    site: 'write',
    uploads: CATALOG_READ,
    memoryMb: 1024,
    timeoutSeconds: 60,
  },
  'withdrawal-sweep': { table: 'write', site: 'none', memoryMb: 512, timeoutSeconds: 300 },
  'deadline-sweep': { table: 'read', site: 'none', memoryMb: 512, timeoutSeconds: 300 },
  'reconcile-sweep': {
    table: 'write',
    site: 'write',
    uploads: CATALOG_READ,
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
  'site-heartbeat': { table: 'none', site: 'write', memoryMb: 256, timeoutSeconds: 30 },
  scorecard: { table: 'read', site: 'write', memoryMb: 1024, timeoutSeconds: 300 },
  // R9 correction requests. Filing writes the request and the rate-limit counter, and signs evidence uploads.
  'file-correction-request': { ...API_WRITE, uploads: EVIDENCE_PRESIGN },
  'get-correction-request': API,
  // The agency's side checks what was uploaded against what was declared.
  'list-correction-requests': { ...API, uploads: EVIDENCE_READ },
  // Accept writes the decision's correction and the request; reject only the request.
  'answer-correction-request': { ...API_WRITE, uploads: EVIDENCE_READ },
  // R10: the pre-disclosure catalogue. A law change reads the agency's items and writes up to 45 in one transaction.
  // Submitting and revising sign uploads for the declared attachments; reading and reviewing an item also check
  // what was uploaded (an approval needs every file as declared) and sign fresh URLs for what is still missing.
  'submit-catalog-item': { ...API_WRITE, uploads: CATALOG_PRESIGN },
  'list-catalog-items': API,
  'get-catalog-item': { ...API, uploads: CATALOG_PRESIGN_READ },
  'revise-catalog-item': { ...API_WRITE, uploads: CATALOG_PRESIGN },
  'review-catalog-item': { ...API_WRITE, uploads: CATALOG_PRESIGN_READ },
  'record-law-change': { ...API_WRITE, timeoutSeconds: 29 },
  // ADR 0007: catches the site's log up (reads the table, writes the site), stores and publishes the checkpoint.
  'transparency-checkpoint': {
    table: 'write',
    site: 'write',
    signingKey: 'read',
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  // R5 (ADR 0013): an operator loads a year (the year and its audit event); the sweep moves the deadlines of
  // decisions counted provisionally over it (a decision and its audit event each) and marks the year done.
  'put-calendar-year': API_WRITE,
  'get-calendar-year': API,
  'recompute-deadlines': { table: 'write', site: 'none', memoryMb: 512, timeoutSeconds: 300 },
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

export const SIGNING_KEY_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

/** Every function in the route table has a spec (a compile error otherwise); this lists them in order. */
export const FUNCTIONS = FUNCTION_NAMES.map((name) => ({ name, ...FUNCTION_SPECS[name] }));
