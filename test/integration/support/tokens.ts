import { inject } from 'vitest';
import { type DevKeys, loadOrCreateDevKeys, mintToken } from '../../../infra/local/dev-keys.ts';
import type { Role } from '../../../shared/domain/decision.ts';

/** A bearer token the local API of the global setup accepts: signed with its dev key. */
export async function tokenFor(subject: {
  agency: string;
  roles: readonly Role[];
  user: string;
  ttlSeconds?: number;
}): Promise<string> {
  keys ??= loadOrCreateDevKeys(inject('dataDir'));
  return mintToken(await keys, subject);
}

let keys: Promise<DevKeys> | undefined;
