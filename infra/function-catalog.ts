/**
 * What each function may touch and how big it is: the one place the deployment reads grants and sizes from.
 * A function reaches only what its use case needs (least privilege), and the infra tests hold the stack
 * to this table, so a new function states its needs here or does not deploy.
 */
import {
  FUNCTION_NAMES,
  type FunctionName,
  type FunctionRow,
  MANIFEST,
  type SigningKeyAccess,
  type SiteAccess,
  type TableAccess,
  UPLOADS_PREFIXES,
  type UploadsAccess,
  type UploadsArea,
  type UploadsGrant,
} from '../shared/manifest.ts';

export type { SigningKeyAccess, SiteAccess, TableAccess, UploadsAccess, UploadsArea, UploadsGrant };
export { UPLOADS_PREFIXES };

/** What the deployment reads of a manifest row: the grants and the size. */
export type FunctionSpec = Pick<
  FunctionRow,
  'table' | 'site' | 'uploads' | 'signingKey' | 'memoryMb' | 'timeoutSeconds'
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
