/**
 * The local platform's stand-in for the console's sign-in: `POST /dev/sign-in` `{agency, role, user}` answers a
 * token minted with the dev key (dev-keys.ts), as `npm run token` mints one. It lives in the local API server
 * only (api-server.ts, `devSignIn`), outside the route table, so no deployed API ever has it; on AWS the console
 * signs in at the configured issuer instead.
 */
import { ROLES, type Role } from '../../shared/domain/decision.ts';
import { isRole } from './dev-keys.ts';

export const DEV_SIGN_IN_PATH = '/dev/sign-in';

export type DevSignIn =
  | { readonly ok: true; readonly agency: string; readonly role: Role; readonly user: string }
  | { readonly ok: false; readonly code: string; readonly detail: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/** The request body, checked; the refusals are the 400 problem's code and its Chinese detail. */
export function parseDevSignIn(text: string): DevSignIn {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed_json', detail: '请求正文不是有效的 JSON。' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, code: 'invalid_sign_in', detail: '请求正文应为 {agency, role, user}。' };
  }
  const { agency, role, user } = body as Record<string, unknown>;
  if (!isRole(role)) {
    return {
      ok: false,
      code: 'unknown_role',
      detail: `未知角色“${String(role ?? '')}”，只能是 ${ROLES.join('、')}。`,
    };
  }
  if (typeof agency !== 'string' || !NAME.test(agency)) {
    return { ok: false, code: 'invalid_agency', detail: '请填写机关代码（字母、数字、点、连字符）。' };
  }
  if (typeof user !== 'string' || !NAME.test(user)) {
    return { ok: false, code: 'invalid_user', detail: '请填写用户名（字母、数字、点、连字符）。' };
  }
  return { ok: true, agency, role, user };
}
