/**
 * The function manifest: one row per Lambda function, the one place that says what a function is. Its trigger
 * (the route table, the schedule table or the stream consumers name which), what it may touch in which resource
 * (from which the deployment derives its IAM grants, infra/function-catalog.ts), its size, and the ports its
 * composition root gives it (`functions/lib/ports/`: a test holds every handler to them). Its environment is
 * derived from the same row (`environmentFor`), for the stack and the local platform alike. Adding a function is
 * a row here and a handler file; nothing else keeps a list of functions. Pure data: no AWS in it.
 */

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
/**
 * The kinds of partition of the single table, by what they hold; infra/function-catalog.ts maps each to the
 * partition keys it has (from the key modules' own prefixes), which is what IAM can hold a function to
 * (`dynamodb:LeadingKeys`).
 */
export const TABLE_PARTITIONS = [
  'decisions',
  'agencies',
  'calendar',
  'correction-requests',
  'open-counts',
  'rate-limits',
  'log',
  'challenges',
] as const;
export type TablePartition = (typeof TABLE_PARTITIONS)[number];
/**
 * The partitions a function reaches, when it reaches only some: `read` (GetItem, Query) and `write` (which also
 * reads). Such a function queries no index (an index's partition key is another value, which the grant would
 * have to name too), and its grant names the table alone. Absent: every partition and every index.
 */
export interface TableKeys {
  readonly read: readonly TablePartition[];
  readonly write: readonly TablePartition[];
}
/** The objects of the public site a function reaches, when it reaches only some (infra/function-catalog.ts: their keys). */
export const SITE_AREAS = [
  'heartbeat',
  'feed',
  'months-state',
  'scorecard',
  'transparency',
  /** The months' listing parts (`data/*.ndjson`). */
  'listings',
  /** The 双公示 export (ADR 0018: `exports/*`). */
  'exports',
] as const;
export type SiteArea = (typeof SITE_AREAS)[number];
/** `read`: GetObject; `write`: also PutObject and DeleteObject. Absent: every object of the bucket. */
export interface SiteKeys {
  readonly read: readonly SiteArea[];
  readonly write: readonly SiteArea[];
}
/**
 * ADR 0022 (R11): the object-locked archive bucket's daily audit exports (`audit/`): `read` is GetObject (the
 * audit endpoint compares a chain with the archived heads), `write` also PutObject (the daily export, which
 * never deletes: object lock would refuse it anyway).
 */
export type ArchiveAccess = 'read' | 'write';
export const ARCHIVE_PREFIX = 'audit/';
/** The transparency log's signing key (ADR 0007): `read` is secretsmanager:GetSecretValue on that one secret. */
export type SigningKeyAccess = 'none' | 'read';

/**
 * What a composition root can hand a use case (functions/lib/ports/): each is built by a module of its own, so a
 * handler's bundle holds the adapters it imports and no other.
 */
export const PORTS = [
  /** The decisions of the table (DecisionStore). */
  'decisions',
  /** The agency registry, kept a minute by the warm function (ADR 0010). */
  'agencies',
  /** The working-day calendar with the years loaded at run time (ADR 0013), and their store. */
  'calendar',
  /** The clock and the id generator. */
  'clock',
  /** R10: catalogue items and law changes. */
  'catalog',
  /** R9: correction requests and the rate limiter of their filing. */
  'requests',
  /** The public site bucket and the site's addresses. */
  'site',
  /** The transparency log's table side (ADR 0007). */
  'log',
  /** The private uploads bucket: heads and reads. */
  'uploads',
  /** The private uploads bucket with the presigner (R9 evidence PUTs, R10 attachments, R2 downloads); built on `uploads`. */
  'signed-uploads',
  /** The transparency log's signing key. */
  'signing-key',
  /** R9: tells a requester who asked for it (functions/lib/ports/notifier.ts). */
  'notifier',
  /** R12, R13: the case systems' inventories (InventoryStore). */
  'inventory',
  /** ADR 0022 (R11): the archive bucket's daily audit exports (AuditArchive). */
  'archive',
  /** ADR 0022 (R11): the audit events of a day, of every subject, by the table's auditByDay index. */
  'audit-days',
  /** ADR 0021: the witnesses asked to cosign each checkpoint (`TLOG_WITNESSES`, `-c tlogWitnesses`). */
  'witnesses',
] as const;
export type Port = (typeof PORTS)[number];

export interface FunctionRow {
  /** What starts it: a row of the route table, of the schedule table, or a stream consumer. */
  readonly trigger: 'http' | 'schedule' | 'stream';
  readonly table: TableAccess;
  /** Where in the table; absent means the whole table (and `why` says why, if not plain from the row). */
  readonly tableKeys?: TableKeys;
  readonly site: SiteAccess;
  /** Where in the site bucket; absent means every object (the publisher's kin). */
  readonly siteKeys?: SiteKeys;
  /** What it may do in the uploads bucket; absent means nothing (and no UPLOADS_BUCKET in its environment). */
  readonly uploads?: UploadsGrant;
  /** Absent means `none`. */
  readonly signingKey?: SigningKeyAccess;
  /** ADR 0022: what it may do with the archive's audit exports; absent means nothing (and no ARCHIVE_BUCKET). */
  readonly archive?: ArchiveAccess;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The ports its handler's composition root may build; the handler imports no other (a unit test). */
  readonly ports: readonly Port[];
  /** Why it needs what it needs, when the row alone does not say. */
  readonly why?: string;
  /** It links to the public addresses though it reaches neither the table nor the site (the lookup route). */
  readonly links?: true;
  /** R9: it e-mails requesters through SES from the deployment's sender, when one is set (`-c notifyFrom`). */
  readonly email?: true;
  /** It asks the deployment's witnesses to cosign its checkpoints, when there are any (`-c tlogWitnesses`). */
  readonly witnesses?: true;
}

const CORE: readonly Port[] = ['decisions', 'agencies', 'calendar', 'clock'];
const READ_API = { trigger: 'http', table: 'read', site: 'none', memoryMb: 512, timeoutSeconds: 10 } as const;
const WRITE_API = { ...READ_API, table: 'write' } as const;
const DECISION_READ: FunctionRow = { ...READ_API, ports: CORE };
const DECISION_WRITE: FunctionRow = { ...WRITE_API, ports: CORE };
const CATALOG_PORTS: readonly Port[] = ['catalog', 'agencies', 'calendar', 'clock'];
const EVIDENCE_PRESIGN: UploadsGrant = { area: 'evidence', access: ['presign'] };
const EVIDENCE_READ: UploadsGrant = { area: 'evidence', access: ['read'] };
const CATALOG_PRESIGN: UploadsGrant = { area: 'catalog', access: ['presign'] };
const CATALOG_PRESIGN_READ: UploadsGrant = { area: 'catalog', access: ['presign', 'read'] };
const CATALOG_READ: UploadsGrant = { area: 'catalog', access: ['read'] };
const PUBLISHER_PORTS: readonly Port[] = [...CORE, 'site', 'log', 'catalog', 'uploads'];

export const MANIFEST = {
  'submit-decision': DECISION_WRITE,
  'submit-batch': { ...DECISION_WRITE, timeoutSeconds: 29, why: 'R13: up to 100 decisions a call' },
  // R12, R13: a case system's inventory of what its agency decided, set against what was submitted.
  'report-inventory': { ...DECISION_WRITE, timeoutSeconds: 29, ports: [...CORE, 'inventory'] },
  'list-decisions': DECISION_READ,
  'get-decision': DECISION_READ,
  'correct-decision': DECISION_WRITE,
  'review-decision': DECISION_WRITE,
  'withdraw-decision': DECISION_WRITE,
  // R8: four eyes on a withdrawal made by one person; a never-published decision is discarded, not withdrawn.
  'confirm-withdrawal': DECISION_WRITE,
  'reinstate-decision': DECISION_WRITE,
  'discard-decision': DECISION_WRITE,
  // R11 (ADR 0022): the chain is also compared with the heads the log and the archived exports anchored.
  'get-audit': { ...READ_API, ports: [...CORE, 'log', 'archive'], archive: 'read' },
  openapi: { trigger: 'http', table: 'none', site: 'none', memoryMb: 256, timeoutSeconds: 5, ports: [] },
  // ADR 0017: the search's exact lookup without JavaScript: a redirect to the code's bucket page, read from nothing.
  'lookup-code': {
    trigger: 'http',
    table: 'none',
    site: 'none',
    memoryMb: 256,
    timeoutSeconds: 5,
    ports: [],
    links: true,
  },
  'publish-site': {
    trigger: 'stream',
    table: 'write',
    site: 'write',
    uploads: CATALOG_READ,
    memoryMb: 1024,
    timeoutSeconds: 60,
    ports: PUBLISHER_PORTS,
    why: 'marks decisions published and takedowns confirmed, writes the pages, feeds, listings and the log; R10: copies an approved catalogue revision’s files from the uploads bucket to the site. It touches every kind of partition and the whole site, so its grants are the whole table and bucket',
  },
  'compliance-report': {
    ...READ_API,
    memoryMb: 1024,
    timeoutSeconds: 29,
    ports: [...CORE, 'catalog', 'requests', 'inventory'],
    why: 'R12: reads a period of decisions in full, the correction requests, the catalogue and the case systems’ inventories',
  },
  // 政府信息公开条例 art. 49, 50: the compliance report of a calendar year, and the catalogue items' audit chains.
  'annual-report': {
    ...READ_API,
    memoryMb: 1024,
    timeoutSeconds: 29,
    ports: [...CORE, 'catalog', 'requests', 'inventory'],
    why: 'the annual report: a year of decisions in full and their activity, the correction requests, the inventories, the catalogue and its law changes',
  },
  'withdrawal-sweep': {
    trigger: 'schedule',
    table: 'write',
    site: 'none',
    memoryMb: 512,
    timeoutSeconds: 300,
    ports: CORE,
  },
  'deadline-sweep': {
    trigger: 'schedule',
    table: 'write',
    site: 'none',
    memoryMb: 512,
    timeoutSeconds: 300,
    ports: [...CORE, 'catalog', 'requests', 'inventory'],
    why: 'R5–R10: counts what is overdue on the due-date indexes of decisions, requests and the catalogue; R12: marks an inventoried decision once found submitted, so it is looked up once (its only write)',
  },
  'reconcile-sweep': {
    trigger: 'schedule',
    table: 'write',
    site: 'write',
    uploads: CATALOG_READ,
    memoryMb: 1024,
    timeoutSeconds: 300,
    ports: PUBLISHER_PORTS,
    why: 'publishes again what the stream path missed, decisions and catalogue items alike: as the publisher, the whole table and bucket',
  },
  'site-heartbeat': {
    trigger: 'schedule',
    table: 'none',
    site: 'write',
    memoryMb: 256,
    timeoutSeconds: 30,
    ports: ['site'],
    siteKeys: { read: ['feed'], write: ['heartbeat'] },
    why: 'writes the heartbeat object, and reads the feed for the age of the site',
  },
  scorecard: {
    trigger: 'schedule',
    table: 'read',
    site: 'write',
    memoryMb: 1024,
    timeoutSeconds: 300,
    ports: [...CORE, 'catalog', 'requests', 'inventory', 'site'],
    siteKeys: { read: ['months-state'], write: ['scorecard'] },
    why: 'R12: every agency’s report of 12 months (the table’s decisions, their activity records, requests, inventories and catalogue by their indexes), written as the public scorecard and the lists behind its numbers',
  },
  // ADR 0018: the 双公示 export, apart from the publisher so that its bundle never carries the XLSX writer.
  'credit-export': {
    trigger: 'schedule',
    table: 'read',
    tableKeys: { read: ['agencies'], write: [] },
    site: 'write',
    memoryMb: 1024,
    timeoutSeconds: 300,
    ports: ['agencies', 'site'],
    siteKeys: { read: ['months-state', 'listings'], write: ['exports'] },
    why: 'the 双公示 export of the current and previous month, from the listing parts and the agencies’ own codes',
  },
  // R9 correction requests. Filing writes the request and the rate-limit counter, and signs evidence uploads.
  // Anonymous: it reads the decision, its agency and the calendar, and writes the request, the decision's count
  // of open requests and the client's rate-limit counter, nothing else of the table.
  // ADR 0016: the proof of work of the correction form, signed with the key it makes on first use.
  'issue-challenge': {
    ...WRITE_API,
    tableKeys: { read: [], write: ['challenges'] },
    ports: ['clock', 'requests'],
  },
  'file-correction-request': {
    ...WRITE_API,
    tableKeys: {
      read: ['decisions', 'agencies', 'calendar'],
      write: ['correction-requests', 'open-counts', 'rate-limits', 'challenges'],
    },
    uploads: EVIDENCE_PRESIGN,
    ports: [...CORE, 'requests', 'uploads', 'signed-uploads'],
  },
  // An accepted request reads its decision: whether the correction is public yet.
  'get-correction-request': {
    ...READ_API,
    tableKeys: { read: ['correction-requests', 'decisions', 'calendar'], write: [] },
    ports: [...CORE, 'requests'],
  },
  // The agency's side checks what was uploaded against what was declared; the list signs 5-minute downloads.
  'list-correction-requests': {
    ...READ_API,
    uploads: EVIDENCE_READ,
    ports: [...CORE, 'requests', 'uploads', 'signed-uploads'],
  },
  // Accept writes the decision's correction and the request; reject only the request. Either tells a requester
  // who asked.
  'answer-correction-request': {
    ...WRITE_API,
    uploads: EVIDENCE_READ,
    ports: [...CORE, 'requests', 'uploads', 'notifier'],
    email: true,
  },
  // R10: the pre-disclosure catalogue. Submitting and revising sign uploads for the declared attachments; reading
  // and reviewing an item also check what was uploaded and sign fresh URLs for what is still missing.
  'submit-catalog-item': {
    ...WRITE_API,
    uploads: CATALOG_PRESIGN,
    ports: [...CATALOG_PORTS, 'uploads', 'signed-uploads'],
  },
  'list-catalog-items': { ...READ_API, ports: CATALOG_PORTS },
  'get-catalog-item': {
    ...READ_API,
    uploads: CATALOG_PRESIGN_READ,
    ports: [...CATALOG_PORTS, 'uploads', 'signed-uploads'],
  },
  'revise-catalog-item': {
    ...WRITE_API,
    uploads: CATALOG_PRESIGN,
    ports: [...CATALOG_PORTS, 'uploads', 'signed-uploads'],
  },
  'review-catalog-item': {
    ...WRITE_API,
    uploads: CATALOG_PRESIGN_READ,
    ports: [...CATALOG_PORTS, 'uploads'],
  },
  'record-law-change': {
    ...WRITE_API,
    timeoutSeconds: 29,
    ports: CATALOG_PORTS,
    why: 'R10: reads the agency’s items and writes up to 45 in one transaction',
  },
  'transparency-checkpoint': {
    trigger: 'schedule',
    table: 'write',
    site: 'write',
    signingKey: 'read',
    memoryMb: 512,
    timeoutSeconds: 60,
    witnesses: true,
    ports: ['site', 'log', 'signing-key', 'witnesses'],
    tableKeys: { read: [], write: ['log'] },
    siteKeys: { read: [], write: ['transparency'] },
    why: 'ADR 0007: catches the site’s log up (reads the table, writes the site), stores and publishes the checkpoint',
  },
  // R11 (ADR 0022): yesterday's audit events (and any day since the last anchored) to the archive, each day's
  // file anchored in the transparency log.
  'audit-export': {
    trigger: 'schedule',
    table: 'write',
    site: 'none',
    archive: 'write',
    memoryMb: 1024,
    timeoutSeconds: 300,
    ports: ['log', 'archive', 'audit-days'],
    why: 'ADR 0022: reads the day’s audit events of every kind of record through the auditByDay index (an index, so the whole table) and appends the day’s anchor to the log',
  },
  // R5 (ADR 0013): an operator loads a year (the year and its audit event); the sweep moves the deadlines
  // counted provisionally over it (each record and its audit event) and marks the year done.
  'put-calendar-year': {
    ...WRITE_API,
    tableKeys: { read: ['agencies'], write: ['calendar'] },
    ports: ['calendar', 'clock', 'agencies'],
  },
  'get-calendar-year': {
    ...READ_API,
    tableKeys: { read: ['agencies', 'calendar'], write: [] },
    ports: ['calendar', 'agencies'],
  },
  'recompute-deadlines': {
    trigger: 'schedule',
    table: 'write',
    site: 'none',
    memoryMb: 512,
    timeoutSeconds: 300,
    ports: [...CORE, 'catalog', 'requests'],
  },
} as const satisfies Readonly<Record<string, FunctionRow>>;

export type FunctionName = keyof typeof MANIFEST;
/** Every function, in the manifest's order (the stack's, the bundles', the alarms'). */
export const FUNCTION_NAMES = Object.keys(MANIFEST) as readonly FunctionName[];

export function rowOf(name: FunctionName): FunctionRow {
  return MANIFEST[name];
}

/** Where a function's handler lives: `functions/<name>/handler.ts`, exporting `handler`. */
export function handlerEntry(name: FunctionName): string {
  return `functions/${name}/handler.ts`;
}

/** The names of the environment variables the handlers read: one constant each, imported where read. */
export const ENV = {
  TABLE_NAME: 'TABLE_NAME',
  SITE_BUCKET: 'SITE_BUCKET',
  SITE_URL: 'SITE_URL',
  API_URL: 'API_URL',
  UPLOADS_BUCKET: 'UPLOADS_BUCKET',
  ARCHIVE_BUCKET: 'ARCHIVE_BUCKET',
  TRANSPARENCY_KEY_SECRET_ARN: 'TRANSPARENCY_KEY_SECRET_ARN',
  /** R9: the verified SES sender of requesters' notices; absent, notices are a log line. */
  NOTIFY_FROM: 'NOTIFY_FROM',
  /** ADR 0007 addendum: the witnesses, a JSON array of `{"url", "vkey"}`; absent, checkpoints go unwitnessed. */
  TLOG_WITNESSES: 'TLOG_WITNESSES',
  STAGE: 'GONGSHI_STAGE',
  /** The claims that name the caller, its agency and roles, a case system (shared/http/identity.ts); absent, the SPEC's. */
  CLAIMS: 'GONGSHI_CLAIMS',
  /** Set only by the local platform: DynamoDB Local's and the S3 server's addresses, the dev signing key. */
  DYNAMODB_ENDPOINT: 'GONGSHI_DYNAMODB_ENDPOINT',
  S3_ENDPOINT: 'GONGSHI_S3_ENDPOINT',
  TRANSPARENCY_KEY_FILE: 'GONGSHI_TRANSPARENCY_KEY_FILE',
} as const;

/** The platform's CloudWatch namespace and its one dimension (Powertools' `service`). */
export const METRICS_NAMESPACE = 'Gongshi';
export const METRICS_SERVICE = 'gongshi';

/** The resources of one deployment (or of the local platform) a function's environment points at. */
export interface Resources {
  readonly stage: string;
  readonly tableName: string;
  readonly siteBucket: string;
  readonly siteUrl: string;
  /** R9: the API's address (correction forms post there, status URLs point there). */
  readonly apiUrl: string;
  readonly uploadsBucket: string;
  /** ADR 0022: the object-locked archive of daily audit exports. */
  readonly archiveBucket: string;
  readonly transparencyKeySecretArn: string;
  /** R9: the verified SES sender of requesters' notices, when the deployment has one. */
  readonly notifyFrom?: string;
  /** The witnesses of the log's checkpoints, as `TLOG_WITNESSES` holds them (JSON), when the deployment has any. */
  readonly tlogWitnesses?: string;
  /** The claim mapping as `GONGSHI_CLAIMS` holds it (JSON, checked by `parseClaimMapping`), when not the default. */
  readonly claims?: string;
}

/**
 * A function's environment, from its row alone: the table if it touches it, the site bucket if it writes it,
 * the uploads bucket if it has a grant there, the key's ARN if it reads it; the public addresses for every
 * function that renders or links (all but openapi). The stack sets exactly this; the local platform, which
 * runs every handler in one process, sets the union of every row's.
 */
export function environmentFor(name: FunctionName, resources: Resources): Record<string, string> {
  const row = rowOf(name);
  const environment: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    [ENV.STAGE]: resources.stage,
  };
  if (row.table !== 'none') environment[ENV.TABLE_NAME] = resources.tableName;
  if (row.site === 'write') environment[ENV.SITE_BUCKET] = resources.siteBucket;
  // Public addresses, not secrets: pages link to the site, and the correction form posts to the API (R9).
  if (row.table !== 'none' || row.site !== 'none' || row.links) {
    environment[ENV.SITE_URL] = resources.siteUrl;
    environment[ENV.API_URL] = resources.apiUrl;
  }
  if (row.uploads) environment[ENV.UPLOADS_BUCKET] = resources.uploadsBucket;
  if (row.archive) environment[ENV.ARCHIVE_BUCKET] = resources.archiveBucket;
  if (row.email && resources.notifyFrom) environment[ENV.NOTIFY_FROM] = resources.notifyFrom;
  if (row.witnesses && resources.tlogWitnesses) environment[ENV.TLOG_WITNESSES] = resources.tlogWitnesses;
  // The API's functions read the caller from the authorizer's claims; the public routes' never do, but one rule
  // for every API function keeps the row free of a flag that would have to follow the route table.
  if (row.trigger === 'http' && resources.claims) environment[ENV.CLAIMS] = resources.claims;
  if ((row.signingKey ?? 'none') === 'read') {
    environment[ENV.TRANSPARENCY_KEY_SECRET_ARN] = resources.transparencyKeySecretArn;
  }
  return environment;
}
