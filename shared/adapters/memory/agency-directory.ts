/** AgencyDirectory in memory, for use-case tests: the same checks and defaults as the DynamoDB directory. */

import type { Agency, AgencyDirectory } from '../../ports.ts';
import { checkAgency, defaultAgency, keys, plainCopy } from '../dynamodb/keys.ts';

export class MemoryAgencyDirectory implements AgencyDirectory {
  readonly #agencies = new Map<string, Agency>();

  async get(agencyId: string): Promise<Agency> {
    keys.agency(agencyId);
    const agency = this.#agencies.get(agencyId);
    return agency ? plainCopy(agency) : defaultAgency(agencyId);
  }

  /** Throws SettingsError for settings that loosen the law, ValidationError for a bad name or agency id. */
  async putAgency(agency: Agency): Promise<void> {
    const checked = checkAgency(agency);
    this.#agencies.set(checked.id, plainCopy(checked));
  }
}
