/**
 * The one route table. The CDK stack wires each row to its function: on the HTTP API behind the JWT
 * authorizer, or, for `public` rows, on the REST API stage behind the WAF web ACL (ADR 0016); the local
 * platform serves the same rows on one port with the same claims. Neither keeps a list of its own, so they
 * cannot drift apart.
 */
import { CORRECTION_ATTRIBUTE } from '../adapters/dynamodb/decision-keys.ts';
import { META_SK } from '../adapters/dynamodb/table-keys.ts';
import type { CatalogStatus } from '../domain/catalog.ts';
import type { DecisionStatus, Role } from '../domain/decision.ts';
import { CORRECTION_MEANWHILE } from '../domain/decision.ts';
// The functions are the manifest's rows (shared/manifest.ts); the route table names the HTTP ones.
import type { FunctionName } from '../manifest.ts';
import type { StreamFilterPattern } from './stream-filter.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/decisions/{id}`. */
  readonly path: string;
  readonly function: FunctionName;
  /** `jwt`: a bearer token verified by the authorizer; `public`: anyone (on AWS behind the web ACL's rate per address). */
  readonly auth: 'jwt' | 'public';
  /** Who may call it; the handler enforces it (403), the authz tests read it. Empty for public routes. */
  readonly roles: readonly Role[];
  readonly summary: string;
}

const STAFF: readonly Role[] = ['submitter', 'reviewer', 'operator'];

export const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/decisions',
    function: 'submit-decision',
    auth: 'jwt',
    roles: ['submitter'],
    summary: 'Submit a decision for review',
  },
  {
    method: 'POST',
    path: '/v1/decisions/batch',
    function: 'submit-batch',
    auth: 'jwt',
    roles: ['submitter'],
    summary: 'Submit up to 100 decisions (case systems)',
  },
  {
    method: 'POST',
    path: '/v1/decisions/inventory',
    function: 'report-inventory',
    auth: 'jwt',
    roles: ['submitter'],
    summary: 'R12, R13: what the case system decided in a day or month (case numbers or counts), batchable',
  },
  {
    method: 'GET',
    path: '/v1/decisions',
    function: 'list-decisions',
    auth: 'jwt',
    roles: STAFF,
    summary: "List the agency's decisions",
  },
  {
    method: 'GET',
    path: '/v1/decisions/{id}',
    function: 'get-decision',
    auth: 'jwt',
    roles: STAFF,
    summary: 'One decision with its revisions and deadlines',
  },
  {
    method: 'PUT',
    path: '/v1/decisions/{id}',
    function: 'correct-decision',
    auth: 'jwt',
    roles: ['submitter'],
    summary: 'Correct a decision (If-Match required)',
  },
  {
    method: 'POST',
    path: '/v1/decisions/{id}/review',
    function: 'review-decision',
    auth: 'jwt',
    roles: ['reviewer'],
    summary: 'Approve or reject the revision under review (If-Match required)',
  },
  {
    method: 'POST',
    path: '/v1/decisions/{id}/withdraw',
    function: 'withdraw-decision',
    auth: 'jwt',
    roles: ['submitter', 'reviewer', 'operator'],
    summary: 'Take a decision down (If-Match required)',
  },
  {
    method: 'POST',
    path: '/v1/decisions/{id}/withdrawal/confirm',
    function: 'confirm-withdrawal',
    auth: 'jwt',
    roles: ['reviewer'],
    summary: 'R8: confirm a withdrawal made by another person, within 1 working day (If-Match required)',
  },
  {
    method: 'POST',
    path: '/v1/decisions/{id}/withdrawal/reinstate',
    function: 'reinstate-decision',
    auth: 'jwt',
    roles: ['reviewer'],
    summary:
      'R8: undo a withdrawal made by mistake by another person: the last approved revision is published again (If-Match required)',
  },
  {
    method: 'POST',
    path: '/v1/decisions/{id}/discard',
    function: 'discard-decision',
    auth: 'jwt',
    roles: ['submitter'],
    summary: 'Discard a decision never published, with a reason; not a withdrawal (If-Match required)',
  },
  {
    method: 'GET',
    path: '/v1/decisions/{id}/audit',
    function: 'get-audit',
    auth: 'jwt',
    roles: STAFF,
    summary: 'The audit chain and whether it verifies',
  },
  {
    method: 'GET',
    path: '/v1/reports/compliance',
    function: 'compliance-report',
    auth: 'jwt',
    roles: ['reviewer', 'operator'],
    summary: 'R12 supervision: per agency and period, JSON or CSV',
  },
  {
    method: 'GET',
    path: '/v1/reports/annual',
    function: 'annual-report',
    auth: 'jwt',
    roles: ['reviewer', 'operator'],
    summary:
      '政府信息公开条例 art. 49, 50: the enforcement section of an agency’s annual report for a calendar year, JSON, CSV or a printable page',
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'openapi',
    auth: 'public',
    roles: [],
    summary: 'This API as OpenAPI 3.1',
  },
  {
    method: 'GET',
    path: '/v1/lookup',
    function: 'lookup-code',
    auth: 'public',
    roles: [],
    summary:
      'Find a credit code or case number without JavaScript: See Other, to its page of the search index',
  },
  // R9 correction requests: one contiguous block.
  {
    method: 'POST',
    path: '/v1/corrections',
    function: 'file-correction-request',
    auth: 'public',
    roles: [],
    summary: 'Ask for a published decision to be corrected (JSON or an HTML form post; no token)',
  },
  {
    method: 'GET',
    path: '/v1/corrections/challenge',
    function: 'issue-challenge',
    auth: 'public',
    roles: [],
    summary:
      'A proof-of-work challenge for the correction form (ALTCHA v1: find the number; valid 10 minutes, once)',
  },
  {
    method: 'GET',
    path: '/v1/corrections/{id}',
    function: 'get-correction-request',
    auth: 'public',
    roles: [],
    summary: "A correction request's status, deadline and answer (JSON, or HTML for a browser)",
  },
  {
    method: 'GET',
    path: '/v1/corrections',
    function: 'list-correction-requests',
    auth: 'jwt',
    roles: STAFF,
    summary: "The agency's correction requests (open by default) with their deadlines",
  },
  {
    method: 'POST',
    path: '/v1/corrections/{id}/answer',
    function: 'answer-correction-request',
    auth: 'jwt',
    roles: ['submitter', 'reviewer'],
    summary: 'Answer a correction request: accept (a correction, reviewed) or reject with reasons',
  },
  // ---- R10: the pre-disclosure catalogue 事前公开 (四平 §四(一), (四), (五)) ----
  {
    method: 'POST',
    path: '/v1/catalog/items',
    function: 'submit-catalog-item',
    auth: 'jwt',
    roles: ['submitter'],
    summary: 'Submit a catalogue item for review; answers upload URLs for its declared attachments',
  },
  {
    method: 'GET',
    path: '/v1/catalog/items',
    function: 'list-catalog-items',
    auth: 'jwt',
    roles: STAFF,
    summary: "List the agency's catalogue items, with their update deadlines",
  },
  {
    method: 'GET',
    path: '/v1/catalog/items/{id}',
    function: 'get-catalog-item',
    auth: 'jwt',
    roles: STAFF,
    summary: 'One catalogue item with its revisions, update deadline and audit chain',
  },
  {
    method: 'PUT',
    path: '/v1/catalog/items/{id}',
    function: 'revise-catalog-item',
    auth: 'jwt',
    roles: ['submitter'],
    summary: 'Revise a catalogue item (If-Match required)',
  },
  {
    method: 'POST',
    path: '/v1/catalog/items/{id}/review',
    function: 'review-catalog-item',
    auth: 'jwt',
    roles: ['reviewer'],
    summary: 'Approve or reject the revision under review',
  },
  {
    method: 'POST',
    path: '/v1/catalog/law-changes',
    function: 'record-law-change',
    auth: 'jwt',
    roles: ['submitter', 'operator'],
    summary:
      'Record a law change or reorganisation: the affected items must be updated within 20 working days',
  },
  // ---- R5: the working-day calendar, updated without a code change (ADR 0013) ----
  {
    method: 'PUT',
    path: '/v1/calendar/{year}',
    function: 'put-calendar-year',
    auth: 'jwt',
    roles: ['operator'],
    summary:
      "Load (or, with If-Match, re-load) a year's State Council 放假安排: every day off and 调休 working day; deadlines counted provisionally over it are recomputed",
  },
  {
    method: 'GET',
    path: '/v1/calendar/{year}',
    function: 'get-calendar-year',
    auth: 'jwt',
    roles: STAFF,
    summary:
      'Every day of a year as deadlines count it: workday, weekend, holiday or 调休 workday, official or provisional',
  },
];

/** The handler module of a function, relative to the project root (esbuild entry on AWS, import locally). */

/** API Gateway's route key: `POST /v1/decisions/{id}/review`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * The functions fed by the table's stream (the outbox). On AWS an event source mapping with these filters;
 * locally the stream poller, which applies the same filters (stream-filter.ts).
 */
export interface StreamConsumer {
  readonly function: FunctionName;
  readonly description: string;
  /**
   * Lambda event filtering patterns (`FilterCriteria.filter(pattern)` for each): a record reaches the function
   * when any of them matches. They may let through records the handler then skips, never drop one it acts on.
   */
  readonly filters: readonly StreamFilterPattern[];
}

/**
 * The new statuses on which the publisher acts (`publicationAction` in shared/app/publish.ts): `publishing`
 * publishes; `withdrawn` takes down (the handler checks the old status). A REMOVE has no NewImage and never
 * matches: deleting a decision's item publishes nothing. Catalogue items (R10) entering `publishing` pass the
 * same pattern; the handler tells the two apart by the item's key.
 */
const PUBLICATION_STATUSES = ['publishing', 'withdrawn'] as const satisfies readonly DecisionStatus[];
/** R10: a published catalogue item whose update deadline changed has its page rewritten (catalog-publish.ts). */
const CATALOG_REFRESH_STATUSES = ['published'] as const satisfies readonly CatalogStatus[];

export const STREAM_CONSUMERS: readonly StreamConsumer[] = [
  {
    function: 'publish-site',
    description: 'Writes approved decisions, corrections, withdrawals and catalogue items to the public site',
    // Only a decision's META item entering a status that changes the public side: revision, audit, case
    // guard, idempotency and agency items never reach the publisher.
    filters: [
      {
        dynamodb: {
          Keys: { sk: { S: [META_SK] } },
          NewImage: { status: { S: PUBLICATION_STATUSES } },
        },
      },
      {
        dynamodb: {
          Keys: { sk: { S: [META_SK] } },
          NewImage: { type: { S: ['catalog_item'] }, status: { S: CATALOG_REFRESH_STATUSES } },
        },
      },
      // R8: a correction of a published decision submitted (the page says so, or withholds it meanwhile)...
      {
        dynamodb: {
          Keys: { sk: { S: [META_SK] } },
          NewImage: { [CORRECTION_ATTRIBUTE]: { S: CORRECTION_MEANWHILE } },
        },
      },
      // ...or sent back by its reviewer, the decision still published: the page shows it as before.
      {
        dynamodb: {
          Keys: { sk: { S: [META_SK] } },
          OldImage: { [CORRECTION_ATTRIBUTE]: { S: CORRECTION_MEANWHILE } },
          NewImage: { status: { S: ['published'] } },
        },
      },
    ],
  },
];
