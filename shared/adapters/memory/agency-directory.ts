/** AgencyDirectory in memory, for use-case tests: the same checks and defaults as the DynamoDB directory. */

import type { Agency, AgencyRegistry } from '../../ports.ts';
import { agencyKeys, checkAgency, defaultAgency } from '../dynamodb/agency-keys.ts';
import { plainCopy } from '../dynamodb/table-keys.ts';

export class MemoryAgencyDirectory implements AgencyRegistry {
  readonly #agencies = new Map<string, Agency>();

  async get(agencyId: string): Promise<Agency> {
    return (await this.find(agencyId)) ?? defaultAgency(agencyId);
  }

  /** The stored agency, or undefined when it was never configured (no defaults filled in). */
  async find(agencyId: string): Promise<Agency | undefined> {
    agencyKeys.profile(agencyId);
    const agency = this.#agencies.get(agencyId);
    return agency ? plainCopy(agency) : undefined;
  }

  /** Every stored agency, by id. */
  async list(): Promise<Agency[]> {
    return [...this.#agencies.values()]
      .map((agency) => plainCopy(agency))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Throws SettingsError for settings that loosen the law, ValidationError for a bad name or agency id. */
  async putAgency(agency: Agency): Promise<void> {
    const checked = checkAgency(agency);
    this.#agencies.set(checked.id, plainCopy(checked));
  }
}
