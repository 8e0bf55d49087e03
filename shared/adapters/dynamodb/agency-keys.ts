/**
 * An agency's partition (`AGENCY#<id>`): its profile item, and the prefix of the partitions of the list indexes
 * that hold its decisions, correction requests and catalogue items. The refusal counters of R14 sit in it too
 * (decision-keys.ts). docs/data-model.md explains the design.
 */
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { validateUscc } from '../../domain/identity.ts';
import { DEFAULT_AGENCY_SETTINGS, validateAgencySettings } from '../../domain/settings.ts';
import type { Agency } from '../../ports.ts';
import { CorruptItemError, type Item, type Key, keyOf, segment } from './table-keys.ts';

export const AGENCY_PREFIX = 'AGENCY#';
export const AGENCY_SK = 'PROFILE';

/** `AGENCY#<id>`: the agency's own partition, and the start of every list partition of its records. */
export const agencyPartition = (agencyId: string): string =>
  `${AGENCY_PREFIX}${segment(agencyId, 'agency id')}`;

export const agencyKeys = {
  profile: (id: string): Key => ({ pk: agencyPartition(id), sk: AGENCY_SK }),
} as const;

export function agencyItem(agency: Agency): Item {
  const checked = checkAgency(agency);
  return {
    ...agencyKeys.profile(checked.id),
    type: 'agency',
    id: checked.id,
    name: checked.name,
    ...(checked.uscc !== undefined ? { uscc: checked.uscc } : {}),
    settings: checked.settings,
  };
}

export function agencyFromItem(item: Item): Agency {
  if (item.type !== 'agency' || typeof item.id !== 'string' || typeof item.name !== 'string') {
    throw new CorruptItemError(keyOf(item), 'not an agency');
  }
  try {
    const uscc = typeof item.uscc === 'string' ? { uscc: validateUscc(item.uscc, { field: 'uscc' }) } : {};
    return { id: item.id, name: item.name, ...uscc, settings: validateAgencySettings(item.settings) };
  } catch (error) {
    if (error instanceof DomainError) throw new CorruptItemError(keyOf(item), error.message);
    throw error;
  }
}

/** Checks an agency before it is stored: its name, and settings that never loosen the law. */
export function checkAgency(agency: Agency): Agency {
  if (agency.name.trim() === '') {
    throw new ValidationError('invalid_value', 'name: must be a non-empty string', { field: 'name' });
  }
  const settings = validateAgencySettings(agency.settings);
  if (settings.agencyId !== agency.id) {
    throw new ValidationError('invalid_value', `settings.agencyId: must be ${agency.id}`, {
      field: 'settings.agencyId',
    });
  }
  segment(agency.id, 'agency id');
  // The agency's own code is published with its exports, so it must be a real one (checksum).
  const uscc = agency.uscc === undefined ? {} : { uscc: validateUscc(agency.uscc, { field: 'uscc' }) };
  return { id: agency.id, name: agency.name, ...uscc, settings };
}

/** An agency never configured: the statutory defaults, its id as its name, marked as not registered. */
export function defaultAgency(id: string): Agency {
  return { id, name: id, settings: DEFAULT_AGENCY_SETTINGS(id), registered: false };
}
