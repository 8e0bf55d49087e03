/**
 * The wrapper of every route that needs a signed-in caller: the token's claims, the route table's roles, and the
 * token's agency known to the registry (403 `unknown_agency`), before the handler runs. Apart from handler.ts
 * because it reads the registry: the public routes get no agencies port.
 */
import { requireRegisteredAgency } from '../../shared/domain/authority.ts';
import { actorFromEvent, requireRole, type UserActor } from '../../shared/http/claims.ts';
import { configuredClaimMapping } from '../../shared/http/identity.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { type HttpRequest, type HttpResult, wrap } from './handler.ts';
import { agencies } from './ports/agencies.ts';

export interface AuthenticatedRequest extends HttpRequest {
  readonly actor: UserActor;
}

// A bad GONGSHI_CLAIMS fails the cold start, naming the field, rather than every request.
configuredClaimMapping();

export function authenticated(
  name: FunctionName,
  fn: (request: AuthenticatedRequest) => Promise<HttpResult>,
) {
  return wrap(name, async (event, route) => {
    const actor = actorFromEvent(event);
    requireRole(actor, route.roles);
    // The registry as the warm function keeps it (a minute, ADR 0010): the first read is the one the use case
    // makes anyway for the agency's settings.
    requireRegisteredAgency(await agencies.get(actor.agencyId));
    return fn({ event, route, actor });
  });
}
