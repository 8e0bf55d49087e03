/**
 * The widest grant of each function, as docs/grants.md shows it: derived from the function catalogue, which
 * the stack's policies are built from and which the infra tests hold the synthesized policies to.
 */
import { ARCHIVE_PREFIX } from '../shared/manifest.ts';
import {
  ARCHIVE_OBJECT_ACTIONS,
  FUNCTIONS,
  type FunctionSpec,
  siteStatements,
  tableStatements,
  uploadsActions,
} from './function-catalog.ts';

const code = (value: string) => `\`${value}\``;

/** The table grant in a line: the partitions it writes and reads, or the whole table and its indexes. */
export function widestTableGrant(spec: FunctionSpec): string {
  const statements = tableStatements(spec);
  if (statements.length === 0) return 'none';
  const writes = statements.find((s) => s.actions.includes('dynamodb:PutItem'));
  const reads = statements.find((s) => s.actions.includes('dynamodb:GetItem'));
  if (!reads?.leadingKeys && !writes?.leadingKeys) {
    return spec.table === 'write' ? 'write: every item and index' : 'read: every item and index';
  }
  const written = writes?.leadingKeys ?? [];
  const readOnly = (reads?.leadingKeys ?? [])
    .filter((k) => !written.includes(k))
    .map(code)
    .join(', ');
  if (written.length === 0) return `read: ${readOnly}`;
  return `write: ${written.map(code).join(', ')}${readOnly ? `; read: ${readOnly}` : ''}`;
}

/** The site bucket's objects it may write (and read), or `none`. */
export function widestSiteGrant(spec: FunctionSpec): string {
  const statements = siteStatements(spec);
  if (statements.length === 0) return 'none';
  const writes = statements.find((s) => s.actions.includes('s3:PutObject'));
  const reads = statements.find((s) => s.actions.includes('s3:GetObject'));
  const only = (s: typeof reads) =>
    (s?.keys ?? []).map((k) => (k === '*' ? 'every object' : code(k))).join(', ');
  const readOnly = (reads?.keys ?? []).filter((k) => !writes?.keys.includes(k));
  return `write: ${only(writes)}${readOnly.length > 0 ? `; read: ${readOnly.map(code).join(', ')}` : ''}`;
}

export function widestUploadsGrant(spec: FunctionSpec): string {
  if (!spec.uploads) return 'none';
  const { objects, prefix } = uploadsActions(spec.uploads);
  return `${objects.map((a) => a.replace('s3:', '')).join(', ')} under ${code(prefix)}`;
}

/** ADR 0022: what it may do with the archive's audit exports, or `none`. */
export function widestArchiveGrant(spec: FunctionSpec): string {
  if (!spec.archive) return 'none';
  return `${ARCHIVE_OBJECT_ACTIONS[spec.archive].map((a) => a.replace('s3:', '')).join(', ')} under ${code(ARCHIVE_PREFIX)}`;
}

export function grantsDocument(): string {
  const lines = [
    '# The widest grant of each function',
    '',
    'Written from the function catalogue (`infra/function-catalog.ts`, from each row of `shared/manifest.ts`);',
    '`test/infra/grants.test.ts` fails when this file is not current (`GONGSHI_UPDATE_DOCS=1 npx vitest run',
    'test/infra/grants.test.ts` writes it) and when a synthesized policy grants more than its row.',
    '',
    'A table grant held to some partitions is a `ForAllValues:StringLike` condition on `dynamodb:LeadingKeys`',
    '(the partition key of every item a request reads or writes, each item of a transaction alike) on the table',
    'alone, no index; what it writes it may read. A site grant names object keys (`*` ends a prefix); what it',
    'writes it may read and delete. Every function with the site keeps `s3:ListBucket` on the bucket, so a',
    'missing object reads as a 404, not a 403. Every function also writes its own log group and sends X-Ray traces.',
    '',
    '| function | table | site bucket | uploads bucket | archive bucket |',
    '|---|---|---|---|---|',
    ...FUNCTIONS.map(
      (spec) =>
        `| ${spec.name} | ${widestTableGrant(spec)} | ${widestSiteGrant(spec)} | ${widestUploadsGrant(spec)} | ${widestArchiveGrant(spec)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
