/** The API as the console calls it: the address from index.html's `gongshi-api` meta, problems as ApiProblem. */
import type { Role } from './session.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

export interface Answer<T> {
  readonly body: T;
  readonly etag: string | null;
}

interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly ifMatch?: string;
}

export function apiOrigin(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="gongshi-api"]');
  return meta?.content || location.origin;
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${apiOrigin()}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiProblem(0, 'network', '无法连接接口服务，请确认本地平台（npm start）正在运行。');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const problem = (body ?? {}) as { code?: string; detail?: string; title?: string };
    const detail = problem.detail ?? problem.title ?? `接口返回 ${response.status}`;
    // An expired token, or one signed by a key the platform no longer has (a new data folder).
    const hint = response.status === 401 && options.token ? '请退出登录后重新登录。' : '';
    throw new ApiProblem(response.status, problem.code ?? 'http_error', `${detail}${hint}`);
  }
  return { body: body as T, etag: response.headers.get('etag') };
}

export async function devSignIn(agency: string, role: Role, user: string): Promise<string> {
  const { body } = await call<{ token: string }>('POST', '/dev/sign-in', { body: { agency, role, user } });
  return body.token;
}

export interface Summary {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly caseNumber: string;
  readonly actionType: string;
  readonly partyName: string;
  readonly partyKind?: string;
  readonly decisionDate: string;
  readonly publishBy: string | null;
  readonly overdue: boolean;
  readonly workingDaysLeft: number | null;
}

export interface Finding {
  readonly id: string;
  readonly field: string;
  readonly kind: string;
  readonly certainty: 'certain' | 'suspected';
  readonly text: string;
  readonly resolution: 'mask' | 'keep' | null;
}

export interface Party {
  readonly kind: string;
  readonly kindLabel?: string;
  readonly name: string;
  readonly idType: string;
  readonly idTypeLabel?: string;
  readonly idNumber: string;
  readonly legalRepresentative?: string;
}

export interface DecisionContent {
  readonly caseNumber: string;
  readonly actionType: string;
  readonly party: Party;
  readonly method: string;
  readonly content: string;
  readonly legalBasis: string;
  readonly result: string;
  readonly decisionDate: string;
  readonly [field: string]: unknown;
}

export interface DecisionView {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly caseNumber: string;
  readonly publishBy: string | null;
  readonly overdue: boolean;
  readonly workingDaysLeft: number | null;
  readonly decision: DecisionContent;
  readonly preview: (DecisionContent & { readonly actionTypeLabel?: string }) | null;
  readonly personalData: { readonly findings: readonly Finding[] };
  readonly allowedActions: readonly string[];
  readonly deadlines: { readonly publication: { readonly explanation: string } | null };
}

/** The review queue: every page of the agency's pending_review decisions. */
export async function reviewQueue(token: string): Promise<Summary[]> {
  const items: Summary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const query = new URLSearchParams({ status: 'pending_review', limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const { body } = await call<{ items: Summary[]; cursor?: string }>('GET', `/v1/decisions?${query}`, {
      token,
    });
    items.push(...body.items);
    cursor = body.cursor;
    if (!cursor) break;
  }
  return items;
}
