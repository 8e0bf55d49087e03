/**
 * Which claims of a verified token say who calls, for which agency, in which roles, set at deploy: the agencies
 * sign in through their own identity providers (Cognito, Keycloak, a province's OIDC), and each names these
 * things differently. `GONGSHI_CLAIMS` holds a partial mapping as JSON; without it the mapping is
 * DEFAULT_CLAIM_MAPPING, the claims of the SPEC contract (`sub`, `agency`, `cognito:groups`).
 *
 * Claims arrive as API Gateway's HTTP API hands them to the function: every value a string, an array as
 * `[a b]`. A real array, a JSON array's text and a space- or comma-separated string (`scope`) are read alike.
 * A claim holding an object is never read: its flattened form is not something to parse.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { ROLES, type Role } from '../domain/decision.ts';

/** The environment variable of the mapping (ENV.CLAIMS in shared/manifest.ts). */
export const CLAIMS_ENV = 'GONGSHI_CLAIMS';

/** The values of `claim` that start with `prefix`, the prefix removed (all of them without one). */
export interface ClaimSource {
  readonly claim: string;
  readonly prefix?: string;
}

export interface ClaimMapping {
  /** The claim naming the person. */
  readonly user: string;
  /** Tried in order: the first source present decides, and must name exactly one agency. */
  readonly agency: readonly ClaimSource[];
  /** Every source's values count; each is a role of ROLES or a name of `roleNames`, or is ignored. */
  readonly roles: readonly ClaimSource[];
  /** A province's names for the roles (e.g. 执法人员 → submitter). */
  readonly roleNames?: Readonly<Record<string, Role>>;
  /**
   * R13: a token whose `scope` holds `scope` is a case system's, not a person's; it is named by the first of
   * the `client` claims it carries.
   */
  readonly caseSystem: { readonly scope: string; readonly client: readonly string[] };
}

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = {
  user: 'sub',
  // Cognito ID tokens carry the custom attribute as `custom:agency`; the local dev keys mint `agency`; a
  // Cognito client-credentials token has only its scopes.
  agency: [{ claim: 'agency' }, { claim: 'custom:agency' }, { claim: 'scope', prefix: 'gongshi/agency:' }],
  roles: [{ claim: 'cognito:groups' }],
  caseSystem: { scope: 'gongshi/case-system', client: ['client_id', 'azp'] },
};

const Name = z.string().check(z.minLength(1));
const Source = z.strictObject({ claim: Name, prefix: z.optional(Name) });

/** What GONGSHI_CLAIMS may hold: any part of the mapping; a part given replaces the default's. */
const PartialMappingSchema = z.strictObject({
  user: z.optional(Name),
  agency: z.optional(z.array(Source).check(z.minLength(1))),
  roles: z.optional(z.array(Source)),
  roleNames: z.optional(z.record(Name, z.enum(ROLES))),
  caseSystem: z.optional(
    z.strictObject({
      scope: z.optional(Name),
      client: z.optional(z.array(Name).check(z.minLength(1))),
    }),
  ),
});

/**
 * The mapping a GONGSHI_CLAIMS text describes, over the defaults. Throws naming the field at fault, so a bad
 * mapping fails the synth (`-c claims=…`) or the cold start, never a request.
 */
export function parseClaimMapping(text: string): ClaimMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${CLAIMS_ENV} is not JSON: ${(error as Error).message}`);
  }
  const result = z.safeParse(PartialMappingSchema, json, { error: en().localeError });
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(the mapping)'}: ${issue.message}`,
    );
    throw new Error(`${CLAIMS_ENV}: ${problems.join('; ')}`);
  }
  const { user, agency, roles, roleNames, caseSystem } = result.data;
  const defaults = DEFAULT_CLAIM_MAPPING;
  return {
    user: user ?? defaults.user,
    agency: agency?.map(sourceOf) ?? defaults.agency,
    roles: roles?.map(sourceOf) ?? defaults.roles,
    ...(roleNames ? { roleNames } : {}),
    caseSystem: {
      scope: caseSystem?.scope ?? defaults.caseSystem.scope,
      client: caseSystem?.client ?? defaults.caseSystem.client,
    },
  };
}

function sourceOf({ claim, prefix }: { claim: string; prefix?: string | undefined }): ClaimSource {
  return prefix === undefined ? { claim } : { claim, prefix };
}

/** The mapping of an environment: GONGSHI_CLAIMS, or the defaults when it is unset or blank. */
export function claimMappingFrom(env: Readonly<Record<string, string | undefined>>): ClaimMapping {
  const text = env[CLAIMS_ENV];
  return text === undefined || text.trim() === '' ? DEFAULT_CLAIM_MAPPING : parseClaimMapping(text);
}

let configured: ClaimMapping | undefined;

/** This deployment's mapping, read from the environment once. */
export function configuredClaimMapping(): ClaimMapping {
  configured ??= claimMappingFrom(process.env);
  return configured;
}

/**
 * A claim's values: undefined when the token lacks it. `[a b]` (API Gateway), `["a","b"]` (a JSON array's text),
 * `a b` or `a,b` (scope) and a real array all give ['a', 'b']; an object gives none.
 */
export function claimValues(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.filter(isScalar).map(String).filter(Boolean);
  if (!isScalar(value)) return [];
  const text = String(value).trim();
  if (text.startsWith('{')) return [];
  if (text.startsWith('[') && text.endsWith(']')) {
    const parsed = jsonArray(text);
    if (parsed) return claimValues(parsed);
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The values a source yields; undefined when the claim is absent, or with a prefix, no value carries it. */
export function sourceValues(
  claims: Readonly<Record<string, unknown>>,
  source: ClaimSource,
): string[] | undefined {
  const values = claimValues(claims[source.claim]);
  const { prefix } = source;
  if (!values || prefix === undefined) return values;
  const matching = values.filter((v) => v.startsWith(prefix)).map((v) => v.slice(prefix.length));
  return matching.length > 0 ? matching : undefined;
}

export type AgencyReading =
  | { readonly kind: 'one'; readonly agencyId: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly agencyIds: readonly string[] };

/** The agency of the first source present; two different ones are ambiguous, never a guess. */
export function agencyOf(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): AgencyReading {
  for (const source of mapping.agency) {
    const values = sourceValues(claims, source);
    if (values === undefined) continue;
    const distinct = [...new Set(values.filter((v) => v !== ''))];
    if (distinct.length === 1 && distinct[0]) return { kind: 'one', agencyId: distinct[0] };
    return distinct.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', agencyIds: distinct };
  }
  return { kind: 'none' };
}

/** The roles of every source, translated by roleNames; names it does not know are ignored. */
export function rolesOf(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): Role[] {
  const names = new Set(mapping.roles.flatMap((source) => sourceValues(claims, source) ?? []));
  const held = new Set<Role>();
  for (const name of names) {
    const role = mapping.roleNames && Object.hasOwn(mapping.roleNames, name) ? mapping.roleNames[name] : name;
    if (isRole(role)) held.add(role);
  }
  return ROLES.filter((role) => held.has(role));
}

/** R13: the case system's client id when the token carries the case-system scope, else undefined. */
export function caseSystemOf(
  claims: Readonly<Record<string, unknown>>,
  mapping: ClaimMapping,
): { readonly client: string | undefined } | undefined {
  const scopes = claimValues(claims.scope) ?? [];
  if (!scopes.includes(mapping.caseSystem.scope)) return undefined;
  for (const claim of mapping.caseSystem.client) {
    const value = claims[claim];
    if (typeof value === 'string' && value.trim() !== '') return { client: value.trim() };
  }
  return { client: undefined };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function jsonArray(text: string): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
