/**
 * Fuzzing every operation of the OpenAPI document (GET /v1/openapi.json) over HTTP with fast-check: wrong types,
 * missing and extra fields, huge and odd Unicode strings (lone surrogates, RTL, NUL, emoji, 1 MB), bad JSON,
 * bad Content-Type, If-Match and Idempotency-Key, bad, expired and wrongly signed tokens, wrong roles and
 * agencies, unknown ids, paths and methods, bad queries and cursors.
 *
 * Phase A: each request carries at least one defect that must get it refused. Expected: never a 5xx, every
 * answer a 4xx problem+json with a `code` (R9's no-JavaScript form gets its HTML page instead), and the table and
 * site bucket exactly as before each batch. Phase B: valid requests whose strings are as odd as the schemas let
 * them be. Expected: never a 5xx, errors problem+json, exactly the accepted ones stored, and the approved ones
 * published (the publisher copes with every string the API accepts).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { agencyId, companyPenalty } from '../integration/fixtures/decisions.ts';
import { call, callFrom, freshClient } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { approve, reachStatus, submit } from './support/flows.ts';
import { eachLimited, type RawReply, type RawRequest, send } from './support/raw-http.ts';
import { recordSection } from './support/report.ts';
import { allObjects, bucketFingerprint, settled, tableFingerprint } from './support/state.ts';
import { BAD_TOKEN_KINDS, badToken, rolelessToken } from './support/tokens.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const PHASE_A = Number(process.env.FUZZ_REJECTED ?? 9_400);
const PHASE_B = Number(process.env.FUZZ_ODD_VALID ?? 600);
const BATCH = 600;
const CONCURRENCY = 12;

const OWN = agencyId('fuzz-own');
const OTHER = agencyId('fuzz-other');

interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly auth: 'jwt' | 'public';
  readonly roles: readonly string[];
  readonly query: readonly string[];
  readonly headers: readonly string[];
  readonly body: boolean;
}

let operations: Operation[] = [];
let api: string;
const tokens = {
  byRole: new Map<string, string>(),
  other: new Map<string, string>(),
  roleless: '',
  bad: [] as string[],
};
const ids = { pending: '', published: '', publishedVersion: 0, request: '' };

// ---- the document ----------------------------------------------------------------------------------------

interface OpenApiOperation {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
}

function operationsOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const route = ROUTES.find((r) => r.path === path && r.method === method.toUpperCase());
      if (!route) throw new Error(`the OpenAPI document has ${method} ${path}, the route table does not`);
      return {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        auth: route.auth,
        roles: route.roles,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        headers: (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()),
        body: op.requestBody !== undefined,
      };
    }),
  );
}

// ---- strings ---------------------------------------------------------------------------------------------

const MB = 1_048_576;
const ODD_PIECES = [
  '\u0000',
  '\u202e',
  '\u200f',
  '\u200d',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '😀',
  '👩‍👩‍👧',
  'e\u0301',
  '𠮷',
  '\uffff',
  '\u0085',
  '\u2028',
  '\u0007',
  '<script>alert(1)</script>',
  ']]>',
  '"',
  '\\',
  '%00',
  '../',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder sent as plain text
  '${x}',
  '{{x}}',
  'ﷺ',
  '１３８１２３４５６７８',
  'DROP TABLE',
  '\r\n',
  '\t',
];
const huge = {
  ascii: 'x'.repeat(MB),
  emoji: '😀'.repeat(MB / 4),
  rtl: '\u202e'.repeat(MB / 3),
};
const oddString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 6,
    arbitrary: fc
      .array(fc.constantFrom(...ODD_PIECES), { minLength: 1, maxLength: 12 })
      .map((a) => a.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 100, maxLength: 2_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(huge.ascii, huge.emoji, huge.rtl) },
);
/** Odd, yet within the schemas' and the domain's limits (phase B). */
const oddButFitting = (max: number) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...ODD_PIECES), { maxLength: 8 }).map((a) => a.join('')),
      fc.string({ unit: 'binary', maxLength: 30 }),
    )
    .map(([a, b]) => `${a}${b}`.slice(0, max));

const notOfType = (value: unknown) =>
  fc
    .oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.string(),
      fc.array(fc.jsonValue(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
    )
    .filter((v) => jsonType(v) !== jsonType(value));

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

// ---- valid requests, and what each one requires ----------------------------------------------------------

interface Base {
  readonly op: Operation;
  readonly id?: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body?: Record<string, unknown>;
  /** Paths into the body a missing value or a value of another type must get refused. */
  readonly required: readonly string[];
}

const DECISION_REQUIRED = [
  'caseNumber',
  'actionType',
  'party',
  'party.kind',
  'party.name',
  'party.idType',
  'party.idNumber',
  'method',
  'content',
  'legalBasis',
  'result',
  'decisionDate',
];

function baseOf(op: Operation): Base {
  const common = { op, query: {}, headers: {} };
  switch (op.operationId) {
    case 'submitDecision':
      return { ...common, body: companyPenalty(), required: DECISION_REQUIRED };
    case 'submitBatch':
      return { ...common, body: { items: [companyPenalty()] }, required: ['items'] };
    case 'correctDecision':
      return {
        ...common,
        id: ids.published,
        headers: { 'if-match': `"${ids.publishedVersion}"` },
        body: companyPenalty(),
        required: DECISION_REQUIRED,
      };
    case 'reviewDecision':
      return {
        ...common,
        id: ids.pending,
        // Submitted and never changed: version 1 (If-Match is required, R2).
        headers: { 'if-match': '"1"' },
        body: { outcome: 'reject', comment: '退回' },
        required: ['outcome'],
      };
    case 'withdrawDecision':
      return {
        ...common,
        id: ids.published,
        headers: { 'if-match': `"${ids.publishedVersion}"` },
        body: { reason: 'revoked', legalEventDate: shanghaiDate(new Date()), explanation: '已撤销' },
        required: ['reason'],
      };
    case 'complianceReport':
      return { ...common, query: { from: '2025-01-01', to: '2025-12-31' }, required: [] };
    case 'fileCorrectionRequest':
      return {
        ...common,
        body: {
          decisionId: ids.published,
          what: '金额有误',
          evidence: '见原件',
          contact: { name: '赵先生', email: 'zhao@example.com' },
        },
        required: ['decisionId', 'what', 'evidence', 'contact', 'contact.name'],
      };
    case 'answerCorrectionRequest':
      return {
        ...common,
        id: ids.request,
        body: { outcome: 'reject', reasons: '无误' },
        required: ['outcome'],
      };
    case 'getDecision':
    case 'getAudit':
      return { ...common, id: ids.published, required: [] };
    case 'getCorrectionRequest':
      return { ...common, id: ids.request, required: [] };
    default:
      return { ...common, required: [] };
  }
}

// ---- defects: each one alone gets a request refused --------------------------------------------------------

interface Draft {
  method: string;
  path: string;
  query: Record<string, string> | string;
  headers: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of JSON of `body`. */
  raw?: Buffer;
  sourceIp?: string;
  form?: boolean;
}

type Defect = (draft: Draft, base: Base) => fc.Arbitrary<string>;

function setPath(target: Record<string, unknown>, path: string, value: unknown | typeof DELETE): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    // A parent another defect removed or replaced: that defect already breaks the request.
    if (!child || typeof child !== 'object') return;
    node = child as Record<string, unknown>;
  }
  const last = parts.at(-1) as string;
  if (value === DELETE) delete node[last];
  else node[last] = value;
}
function getPath(target: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], target);
}
const DELETE = Symbol('delete');

const BAD_JSON = [
  '{',
  '{"caseNumber": }',
  "{'a': 1}",
  '{"a": 1,}',
  '[1, 2',
  'NaN',
  'undefined',
  '{"a": "\\x41"}',
  '{"a": "\\ud800',
  '\u0000',
  '{"a":1}{"b":2}',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `{"a":${'1'.repeat(5_000)}}`,
  '\ufeff{"a":1}',
];
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=xyz',
  'application/jsonp',
  'application/octet-stream',
  'image/png',
  'json',
  'text/json5',
];
const BAD_IF_MATCH = [
  '"abc"',
  'W/',
  '"-1"',
  '"99999999999"',
  '"1", "2"',
  'W/"x"',
  '"1',
  'ÿÿ',
  `"${'9'.repeat(500)}"`,
];
// Leading and trailing blanks are not part of a header's value (RFC 9110 §5.5): ' key' is the key `key`.
const BAD_IDEMPOTENCY_KEYS = ['', ' ', 'a b', 'x'.repeat(201), 'key\u00a0', 'clé-ÿ'];
const BAD_IDS = [
  '..',
  '%2e%2e',
  '%00',
  '%ZZ',
  '%E4%B8%AD%E6%96%87',
  'a'.repeat(65),
  '%27%3B%20DROP',
  '%F0%9F%98%80',
  'a%2Fb',
];

const jwt = (op: Operation) => op.auth === 'jwt';
/** Any path parameter (`{id}`, or another name a later route may use). */
const PATH_PARAMETER = /\{[^}]+\}/g;
const hasId = (op: Operation) => /\{[^}]+\}/.test(op.path);

/** The defects that apply to an operation, each a way to break the draft that must get it refused. */
function defectsOf(base: Base): Defect[] {
  const { op } = base;
  const list: Defect[] = [];
  if (jwt(op)) {
    list.push((d) =>
      fc.constant('no token').map((n) => {
        delete d.headers.authorization;
        return n;
      }),
    );
    list.push((d) =>
      fc.nat(tokens.bad.length - 1).map((i) => {
        d.headers.authorization = `Bearer ${tokens.bad[i]}`;
        return `bad token ${i}`;
      }),
    );
    list.push((d) =>
      fc.constantFrom('Basic dXNlcjpwYXNz', 'Bearer', 'Bearer  ', 'bearer a.b.c', 'Token x').map((h) => {
        d.headers.authorization = h;
        return 'bad authorization header';
      }),
    );
    list.push((d) =>
      fc.constant('no role').map((n) => {
        d.headers.authorization = `Bearer ${tokens.roleless}`;
        return n;
      }),
    );
    const refused = ['submitter', 'reviewer', 'operator'].filter((r) => !op.roles.includes(r));
    if (refused.length > 0) {
      list.push((d) =>
        fc.constantFrom(...refused).map((role) => {
          d.headers.authorization = `Bearer ${tokens.byRole.get(role)}`;
          return `wrong role ${role}`;
        }),
      );
    }
    if (hasId(op)) {
      const admitted = op.roles.filter((r) => r !== 'operator');
      if (admitted.length > 0) {
        list.push((d) =>
          fc.constantFrom(...admitted).map((role) => {
            d.headers.authorization = `Bearer ${tokens.other.get(role)}`;
            return `other agency's ${role}`;
          }),
        );
      }
    }
  }
  if (hasId(op)) {
    list.push((d) =>
      fc.oneof(fc.constantFrom(...BAD_IDS), fc.stringMatching(/^[0-9A-Z]{26}$/)).map((id) => {
        d.path = op.path.replace(PATH_PARAMETER, id);
        return 'unknown id';
      }),
    );
  }
  // A method the path does not take, and paths no route has.
  const taken = ROUTES.filter((r) => r.path === op.path).map((r) => r.method);
  const untaken = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => !taken.includes(m as never));
  list.push((d) =>
    fc.constantFrom(...untaken).map((m) => {
      d.method = m;
      return `method ${m}`;
    }),
  );
  list.push((d) =>
    fc.constantFrom('/', '/x', '/', '//', '/..', '/%00', '.json', '/batch/x').map((suffix) => {
      d.path = `${d.path}${suffix}`;
      return 'unknown path';
    }),
  );
  if (op.body && base.body) {
    list.push((d) =>
      fc.constantFrom(...BAD_JSON).map((text) => {
        d.raw = Buffer.from(text);
        return 'bad JSON';
      }),
    );
    list.push((d) =>
      fc.constant('empty body').map((n) => {
        d.raw = Buffer.alloc(0);
        return n;
      }),
    );
    list.push((d) =>
      fc.constantFrom(...WRONG_CONTENT_TYPES, '').map((type) => {
        if (type === '') delete d.headers['content-type'];
        else d.headers['content-type'] = type;
        return 'wrong content-type';
      }),
    );
    list.push((d) =>
      fc.constantFrom('x'.repeat(MB + 1), '😀'.repeat(MB / 4 + 1)).map((filler) => {
        (d.body as Record<string, unknown>).padding = filler;
        return 'body over 1 MB';
      }),
    );
    list.push((d) =>
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue()).map(([key, value]) => {
        const body = d.body as Record<string, unknown>;
        // A key the schema does not know (strict objects): at the top or inside a nested object.
        const nested = Object.values(body).find((v) => v && typeof v === 'object' && !Array.isArray(v));
        const target = (nested ?? body) as Record<string, unknown>;
        const name = key in target || key === '__proto__' ? `${key}_extra` : key;
        target[name] = value;
        return 'extra field';
      }),
    );
    if (base.required.length > 0) {
      list.push((d) =>
        fc.constantFrom(...base.required).map((path) => {
          setPath(d.body as Record<string, unknown>, path, DELETE);
          return `missing ${path}`;
        }),
      );
      list.push((d) =>
        fc.constantFrom(...base.required).chain((path) =>
          notOfType(getPath(d.body as Record<string, unknown>, path)).map((value) => {
            setPath(d.body as Record<string, unknown>, path, value);
            return `wrong type at ${path}`;
          }),
        ),
      );
      const longField = base.required.find((p) => typeof getPath(base.body ?? {}, p) === 'string');
      if (longField) {
        list.push((d) =>
          fc.constantFrom(huge.ascii.slice(0, 30_000), huge.emoji.slice(0, 60_000)).map((s) => {
            setPath(d.body as Record<string, unknown>, longField, s);
            return `too long ${longField}`;
          }),
        );
      }
    }
  }
  if (op.operationId === 'submitBatch') {
    list.push((d) =>
      fc
        .constantFrom(
          [],
          Array.from({ length: 101 }, () => ({})),
        )
        .map((items) => {
          (d.body as Record<string, unknown>).items = items;
          return 'batch of 0 or 101';
        }),
    );
    // Every item broken: 207, nothing accepted.
    list.push((d) =>
      fc
        .array(fc.oneof(fc.jsonValue(), fc.constant({ ...companyPenalty(), decisionDate: '2099-13-45' })), {
          minLength: 1,
          maxLength: 5,
        })
        .map((items) => {
          (d.body as Record<string, unknown>).items = items.map((i) =>
            i && typeof i === 'object' && !Array.isArray(i) ? { ...i, actionType: 'not-a-type' } : i,
          );
          return 'every item broken';
        }),
    );
  }
  if (op.headers.includes('if-match') && op.operationId !== 'answerCorrectionRequest') {
    list.push((d) =>
      fc.constantFrom(...BAD_IF_MATCH).map((v) => {
        d.headers['if-match'] = v;
        return 'bad If-Match';
      }),
    );
    list.push((d) =>
      fc.integer({ min: 100, max: 999_999 }).map((v) => {
        d.headers['if-match'] = `"${v}"`;
        return 'stale If-Match';
      }),
    );
  }
  // If-Match is required on corrections, reviews and withdrawals (R2, R8): without it, 428.
  if (['correctDecision', 'reviewDecision', 'withdrawDecision'].includes(op.operationId)) {
    list.push((d) =>
      fc.constant('no If-Match').map((n) => {
        delete d.headers['if-match'];
        return n;
      }),
    );
  }
  if (op.headers.includes('idempotency-key')) {
    list.push((d) =>
      fc.constantFrom(...BAD_IDEMPOTENCY_KEYS).map((key) => {
        d.headers['idempotency-key'] = key;
        return 'bad Idempotency-Key';
      }),
    );
  }
  if (op.query.length > 0) {
    const limits = op.query.includes('limit') ? ['0', '101', '-1', 'abc', '1.5', ' 5', '1e2', ''] : [];
    list.push((d) =>
      fc
        .oneof(
          fc.constantFrom(...(limits.length ? limits : ['x'])).map((v) => ['limit', v] as const),
          fc.string({ minLength: 1, maxLength: 8 }).map((k) => [`zz${k}`, 'x'] as const),
          fc.constantFrom('status', 'actionType', 'format').map((k) => [k, 'nonsense'] as const),
          fc.constantFrom('from', 'to').map((k) => [k, '2025/01/01'] as const),
        )
        .map(([key, value]) => {
          const q = d.query as Record<string, string>;
          // A key the operation does not take is refused; a bad value of one it does, too.
          q[op.query.includes(key) || key.startsWith('zz') ? key : `zz${key}`] = value;
          return `bad query ${key}`;
        }),
    );
    if (op.query.includes('cursor')) {
      list.push((d) =>
        fc
          .oneof(
            fc.base64String({ maxLength: 60 }),
            fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
            fc.constant(Buffer.from('{"pk":{"S":"x"},"sk":"META"}').toString('base64url')),
            fc.constant(
              Buffer.from('{"pk":"DEC#x","sk":"META","gsi2pk":"AGENCY#other"}').toString('base64url'),
            ),
          )
          .filter((c) => c.length > 0)
          .map((cursor) => {
            (d.query as Record<string, string>).cursor = cursor;
            return 'bad cursor';
          }),
      );
    }
    if (op.operationId === 'complianceReport') {
      list.push((d) =>
        fc
          .constantFrom(
            { from: '2020-01-01', to: '2025-12-31' },
            { from: '2025-01-01' },
            { to: '2025-01-01' },
            { from: '0000-00-00', to: '9999-99-99' },
          )
          .map((q) => {
            d.query = { ...q };
            return 'bad period';
          }),
      );
    }
  }
  if (op.operationId === 'fileCorrectionRequest') {
    list.push((d) =>
      fc.constantFrom(ids.pending, 'NOPE', ...BAD_IDS.slice(0, 3)).map((id) => {
        (d.body as Record<string, unknown>).decisionId = id;
        return 'not a published decision';
      }),
    );
  }
  return list;
}

/** Harmless on its own: odd strings where strings go, harmless extra headers, equivalent JSON types. */
function noise(draft: Draft, base: Base): fc.Arbitrary<string> {
  return fc
    .record({
      strings: fc.array(fc.tuple(fc.nat(20), oddString), { maxLength: 3 }),
      header: fc.option(
        fc.tuple(
          fc.constantFrom(
            'x-fuzz',
            'accept',
            'x-forwarded-for',
            'user-agent',
            'accept-language',
            'x-amz-date',
          ),
          fc.string({
            unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
            maxLength: 60,
          }),
        ),
      ),
      type: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/vnd.api+json',
        'application/problem+json',
      ),
    })
    .map(({ strings, header, type }) => {
      if (header) {
        const [name, value] = header;
        draft.headers[name] = name === 'accept' ? 'application/json' : value;
      }
      if (base.body && draft.headers['content-type'] === 'application/json')
        draft.headers['content-type'] = type;
      const body = draft.body as Record<string, unknown> | undefined;
      if (!body) return 'noise';
      const stringPaths = base.required.filter((p) => typeof getPath(base.body ?? {}, p) === 'string');
      if (stringPaths.length === 0) return 'noise';
      for (const [at, value] of strings) {
        const path = stringPaths[at % stringPaths.length] as string;
        if (typeof getPath(body, path) === 'string') setPath(body, path, value);
      }
      return 'noise';
    });
}

function draftOf(base: Base): Draft {
  const { op } = base;
  const headers: Record<string, string> = {};
  if (op.auth === 'jwt') headers.authorization = `Bearer ${tokens.byRole.get(op.roles[0] as string)}`;
  if (base.body) headers['content-type'] = 'application/json';
  Object.assign(headers, base.headers);
  return {
    method: op.method,
    path: op.path.replace(PATH_PARAMETER, base.id ?? 'NO-SUCH-ID'),
    query: { ...base.query },
    headers,
    ...(base.body ? { body: structuredClone(base.body) } : {}),
  };
}

interface Generated {
  readonly op: Operation;
  readonly defects: readonly string[];
  readonly request: RawRequest;
}

function toRequest(draft: Draft): RawRequest {
  const query =
    typeof draft.query === 'string'
      ? draft.query
      : new URLSearchParams(draft.query as Record<string, string>).toString();
  const path = query ? `${draft.path}?${query}` : draft.path;
  const body = draft.raw ?? (draft.body === undefined ? undefined : Buffer.from(JSON.stringify(draft.body)));
  return {
    method: draft.method,
    path,
    headers: draft.headers,
    ...(body ? { body } : {}),
    ...(draft.sourceIp ? { sourceIp: draft.sourceIp } : {}),
  };
}

/** One refused-by-construction request of an operation: a valid one, noise, then 1–3 defects. */
function rejectedRequest(op: Operation): fc.Arbitrary<Generated> {
  return fc.constant(null).chain(() => {
    const base = baseOf(op);
    const defects = defectsOf(base);
    return fc.uniqueArray(fc.nat(defects.length - 1), { minLength: 1, maxLength: 3 }).chain((chosen) => {
      const draft = draftOf(base);
      return noise(draft, base).chain(() =>
        fc.tuple(...chosen.map((i) => (defects[i] as Defect)(draft, base))).map((names) => ({
          op,
          defects: names,
          request: toRequest(draft),
        })),
      );
    });
  });
}

/** A form post of R9's no-JavaScript form, for a decision that takes no requests: an HTML page, never a 5xx. */
function formPost(op: Operation): fc.Arbitrary<Generated> {
  return fc
    .record({
      decisionId: fc.oneof(fc.constantFrom(ids.pending, 'NOPE', ''), fc.string({ maxLength: 30 })),
      what: oddString,
      evidence: fc.string({ maxLength: 50 }),
      name: fc.string({ maxLength: 20 }),
      phone: fc.string({ maxLength: 20 }),
      extra: fc.string({ maxLength: 20 }),
    })
    .map((fields) => ({
      op,
      defects: ['form post for an unpublished decision'],
      request: {
        method: 'POST',
        path: '/v1/corrections',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: Buffer.from(new URLSearchParams(fields).toString()),
      },
    }));
}

// ---- checking the answers --------------------------------------------------------------------------------

interface Tally {
  requests: number;
  byStatus: Record<string, number>;
  violations: string[];
  accepted: number;
}

/** C0 controls but tab, line feed and carriage return, and U+FFFE / U+FFFF: not characters of XML 1.0. */
function hasXmlForbiddenCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

function fiveHundreds(tally: Tally): number {
  return Object.entries(tally.byStatus)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, n]) => sum + n, 0);
}

function describeRequest(g: Generated): string {
  const r = g.request;
  const body = r.body ? r.body.subarray(0, 300).toString('utf8') : '';
  return `${g.op.operationId} [${g.defects.join(', ')}] ${r.method} ${r.path.slice(0, 200)} ${JSON.stringify(
    Object.fromEntries(
      Object.entries(r.headers).map(([k, v]) => [k, k === 'authorization' ? v.slice(0, 20) : v.slice(0, 80)]),
    ),
  )} ${body}`;
}

function check(g: Generated, reply: RawReply, tally: Tally, expectRefusal: boolean): void {
  tally.requests += 1;
  tally.byStatus[reply.status] = (tally.byStatus[reply.status] ?? 0) + 1;
  const where = () => `${reply.status} ${reply.text.slice(0, 300)} ← ${describeRequest(g)}`;
  if (reply.status >= 500 || reply.status < 200) {
    tally.violations.push(`5xx: ${where()}`);
    return;
  }
  const html = g.request.headers['content-type'] === 'application/x-www-form-urlencoded';
  if (reply.status >= 400) {
    if (html) {
      if (!reply.contentType.startsWith('text/html'))
        tally.violations.push(`form post without a page: ${where()}`);
      return;
    }
    if (!reply.contentType.startsWith('application/problem+json')) {
      tally.violations.push(`not problem+json: ${where()}`);
      return;
    }
    try {
      const problem = JSON.parse(reply.text) as { code?: unknown; status?: unknown };
      if (typeof problem.code !== 'string' || problem.code === '' || problem.status !== reply.status)
        tally.violations.push(`problem without a code or with another status: ${where()}`);
    } catch {
      tally.violations.push(`problem+json that is not JSON: ${where()}`);
    }
    return;
  }
  // 2xx, 3xx
  if (expectRefusal) {
    const batchAllRefused =
      reply.status === 207 && (JSON.parse(reply.text) as { accepted?: number }).accepted === 0;
    if (!batchAllRefused) tally.violations.push(`accepted a request with a defect: ${where()}`);
    return;
  }
  if (g.op.method !== 'GET') tally.accepted += 1;
}

async function fetchJson(path: string, token?: string) {
  return call('GET', path, token ? { token } : {});
}

// ---- the run ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  api = inject('apiUrl');
  for (const role of ['submitter', 'reviewer', 'operator'] as const) {
    tokens.byRole.set(role, await tokenFor({ agency: OWN, roles: [role], user: `fuzz-${role}` }));
    tokens.other.set(role, await tokenFor({ agency: OTHER, roles: [role], user: `other-${role}` }));
  }
  tokens.roleless = await rolelessToken(OWN, 'fuzz-nobody');
  for (const kind of BAD_TOKEN_KINDS) tokens.bad.push(await badToken(kind, OWN));
  tokens.bad.push(
    `${tokens.byRole.get('submitter')}x`,
    (tokens.byRole.get('submitter') ?? '').split('.').slice(0, 2).join('.'),
  );

  const submitter = tokens.byRole.get('submitter') as string;
  const reviewer = tokens.byRole.get('reviewer') as string;
  ids.pending = (await submit(submitter, companyPenalty())).id;
  const published = await submit(submitter, companyPenalty());
  ids.published = published.id;
  await approve(reviewer, published.id);
  ids.publishedVersion = (await reachStatus(submitter, published.id, 'published')).version;
  const filed = await callFrom(freshClient(), 'POST', '/v1/corrections', {
    body: {
      decisionId: ids.published,
      what: '金额有误',
      evidence: '见原件',
      contact: { name: '赵先生', phone: '13800001234' },
    },
  });
  expect(filed.status, filed.text).toBe(201);
  ids.request = filed.body.request.id;

  const doc = await fetchJson('/v1/openapi.json');
  expect(doc.status).toBe(200);
  operations = operationsOf(doc.body);
});

const figures: Record<string, number | string> = {};

describe('fuzzing the API', () => {
  it('covers every operation of the OpenAPI document, and every route of the route table', () => {
    expect(operations.length).toBe(ROUTES.length);
    for (const route of ROUTES) {
      expect(operations.some((o) => o.method === route.method && o.path === route.path)).toBe(true);
    }
  });

  it(`phase A: ${PHASE_A} requests with defects: all 4xx problem+json, nothing stored, nothing published`, async () => {
    const started = Date.now();
    const formOp = operations.find((o) => o.operationId === 'fileCorrectionRequest') as Operation;
    const arbitrary = fc.oneof(
      ...operations.map((op) => ({ weight: op.body ? 3 : 2, arbitrary: rejectedRequest(op) })),
      { weight: 1, arbitrary: formPost(formOp) },
    );
    const generated = fc.sample(arbitrary, { numRuns: PHASE_A, seed: SEED });
    const tally: Tally = { requests: 0, byStatus: {}, violations: [], accepted: 0 };
    const perOperation: Record<string, number> = {};
    let fingerprints = 0;
    await settled();
    let table = await tableFingerprint();
    let bucket = JSON.stringify([...(await bucketFingerprint()).entries()]);
    for (let start = 0; start < generated.length; start += BATCH) {
      const batch = generated.slice(start, start + BATCH);
      await eachLimited(batch, CONCURRENCY, async (g) => {
        perOperation[g.op.operationId] = (perOperation[g.op.operationId] ?? 0) + 1;
        let reply: RawReply;
        try {
          reply = await send(api, g.request);
        } catch (error) {
          tally.violations.push(`no answer (${(error as Error).message}) ← ${describeRequest(g)}`);
          return;
        }
        check(g, reply, tally, true);
      });
      const tableAfter = await tableFingerprint();
      const bucketAfter = JSON.stringify([...(await bucketFingerprint()).entries()]);
      fingerprints += 1;
      if (tableAfter.digest !== table.digest)
        tally.violations.push(
          `the table changed in batch ${start / BATCH}: ${table.items} → ${tableAfter.items} items`,
        );
      if (bucketAfter !== bucket) tally.violations.push(`the site bucket changed in batch ${start / BATCH}`);
      table = tableAfter;
      bucket = bucketAfter;
      if (tally.violations.length > 50) break;
    }
    expect(tally.violations.slice(0, 20), `seed ${SEED}`).toEqual([]);
    expect(tally.requests).toBe(PHASE_A);
    // Every operation got its share (they are drawn with weights 2 and 3).
    const fair = PHASE_A / operations.length / 4;
    for (const op of operations)
      expect(perOperation[op.operationId] ?? 0, op.operationId).toBeGreaterThan(fair);
    figures['phase A requests (each with a defect)'] = tally.requests;
    figures['phase A 5xx'] = fiveHundreds(tally);
    figures['phase A statuses'] = Object.entries(tally.byStatus)
      .sort()
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    figures['state comparisons (table + bucket)'] = fingerprints;
    figures['phase A seconds'] = Math.round((Date.now() - started) / 1000);
  });

  it(`phase B: ${PHASE_B} valid requests with odd strings: no 5xx, exactly the accepted stored, the approved published`, async () => {
    const started = Date.now();
    const submitter = tokens.byRole.get('submitter') as string;
    const reviewer = tokens.byRole.get('reviewer') as string;
    const countOwn = async () => {
      let count = 0;
      let cursor: string | undefined;
      do {
        const page = await fetchJson(
          `/v1/decisions?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          submitter,
        );
        count += page.body.items.length;
        cursor = page.body.cursor;
      } while (cursor);
      return count;
    };
    const before = await countOwn();
    const decision = fc.record({
      caseNumber: oddButFitting(60).map((s) => `${s}${randomUUID().slice(0, 8)}`),
      name: oddButFitting(100),
      legalRepresentative: oddButFitting(100),
      method: oddButFitting(500),
      content: fc.oneof(
        oddButFitting(2_000),
        fc.string({ unit: 'binary', minLength: 5_000, maxLength: 19_000 }),
      ),
      legalBasis: oddButFitting(500),
      result: oddButFitting(500),
    });
    const submits = fc.sample(decision, { numRuns: Math.floor(PHASE_B * 0.6), seed: SEED + 1 });
    const filings = fc.sample(
      fc.record({ what: oddButFitting(1_000), evidence: oddButFitting(1_000), name: oddButFitting(50) }),
      { numRuns: PHASE_B - submits.length, seed: SEED + 2 },
    );
    const tally: Tally = { requests: 0, byStatus: {}, violations: [], accepted: 0 };
    const created: string[] = [];
    const op = (id: string) => operations.find((o) => o.operationId === id) as Operation;
    await eachLimited(submits, CONCURRENCY, async (d) => {
      const body = companyPenalty({
        caseNumber: d.caseNumber,
        party: {
          ...companyPenalty().party,
          name: `公司${d.name}`,
          legalRepresentative: d.legalRepresentative,
        },
        method: d.method,
        content: d.content,
        legalBasis: d.legalBasis,
        result: d.result,
      });
      const g: Generated = {
        op: op('submitDecision'),
        defects: [],
        request: {
          method: 'POST',
          path: '/v1/decisions',
          headers: { authorization: `Bearer ${submitter}`, 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify(body)),
        },
      };
      const reply = await send(api, g.request);
      check(g, reply, tally, false);
      if (reply.status === 201) created.push((JSON.parse(reply.text) as { id: string }).id);
    });
    await eachLimited(filings, CONCURRENCY, async (f) => {
      const g: Generated = {
        op: op('fileCorrectionRequest'),
        defects: [],
        request: {
          method: 'POST',
          path: '/v1/corrections',
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(
            JSON.stringify({
              decisionId: ids.published,
              what: f.what,
              evidence: f.evidence,
              contact: { name: f.name || '某', email: 'a@example.com' },
            }),
          ),
          sourceIp: freshClient(),
        },
      };
      check(g, await send(api, g.request), tally, false);
    });
    expect(tally.violations.slice(0, 20), `seed ${SEED}`).toEqual([]);
    // Exactly what was accepted is stored.
    expect(await countOwn()).toBe(before + created.length);
    expect(created.length).toBeGreaterThan(submits.length / 4);
    // The publisher copes with every string the API accepted: a sample of them approved and published.
    const approved = created.slice(0, 25);
    for (const id of approved) await approve(reviewer, id);
    for (const id of approved) await reachStatus(submitter, id, 'published', 60_000);
    const objects = await allObjects();
    const badXml: string[] = [];
    for (const [key, body] of objects) {
      if (!/\.(xml|html)$/.test(key)) continue;
      // XML 1.0 (and the HTML parsers' error recovery aside, HTML too) has no place for these.
      if (hasXmlForbiddenCharacter(body.toString('utf8'))) badXml.push(key);
    }
    expect(badXml).toEqual([]);
    for (const id of approved.slice(0, 5)) {
      const audit = await fetchJson(`/v1/decisions/${id}/audit`, submitter);
      expect(audit.body.verification.valid).toBe(true);
    }
    figures['phase B requests (valid, odd strings)'] = tally.requests;
    figures['phase B accepted'] = tally.accepted;
    figures['phase B 5xx'] = fiveHundreds(tally);
    figures['phase B published'] = approved.length;
    figures['phase B seconds'] = Math.round((Date.now() - started) / 1000);
    figures.seed = String(SEED);
    figures['requests fuzzed'] = PHASE_A + tally.requests;
    recordSection('fuzz', {
      title: 'Fuzzing',
      method: `every operation of GET /v1/openapi.json, over HTTP, ${CONCURRENCY} at a time. Phase A: a valid request, harmless noise (odd Unicode in its strings, extra headers, equivalent JSON media types), then 1–3 defects that must each get it refused (no, bad, expired, foreign-signed, wrong-audience or alg:none token; no role, wrong role, other agency; unknown or malformed id, path or method; bad JSON, empty or >1 MB body, wrong Content-Type; missing, mistyped, extra or too long fields; bad or stale If-Match, bad Idempotency-Key; bad query values, unknown parameters, forged cursors; R9 form posts); after every ${BATCH} requests the table (full scan) and site bucket must be unchanged. Phase B: valid submissions and correction requests whose strings are lone surrogates, RTL, NUL, emoji, control characters; exactly the accepted stored, 25 approved and published, no control character in any XML or HTML object. Reproduce with FUZZ_SEED.`,
      figures,
    });
  });
});
