/**
 * Agencies are few, change seldom (an operator's `npm run agencies`) and are read by nearly every request and
 * every publish: without a cache, a submission is a GetItem plus its TransactWriteItems, and a decision's
 * lifecycle reads its agency four times (counted by the benchmark suite, ADR 0010). A warm function keeps what it read for `maxAgeMs`.
 *
 * Staleness is lawful: the registry refuses settings that loosen the law (SettingsError), so any settings a
 * function may still hold were within the law when read, and a change reaches every function within
 * `maxAgeMs`. A failed read is not kept: the next request reads again.
 */
import type { Agency, AgencyDirectory } from '../ports.ts';

/** How long a handler keeps an agency it read (ADR 0010). */
export const AGENCY_CACHE_MS = 60_000;

export interface AgencyCacheOptions {
  /** Infinity (the default): one view for the cache's whole life, e.g. a sweep's run or a rebuild. */
  readonly maxAgeMs?: number;
  /** Milliseconds of a monotonic clock. */
  readonly now?: () => number;
}

export function cachedAgencies(agencies: AgencyDirectory, options: AgencyCacheOptions = {}): AgencyDirectory {
  const { maxAgeMs = Number.POSITIVE_INFINITY, now = () => performance.now() } = options;
  const read = new Map<string, { readonly agency: Promise<Agency>; readonly at: number }>();
  return {
    get(agencyId) {
      const at = now();
      const kept = read.get(agencyId);
      if (kept && at - kept.at < maxAgeMs) return kept.agency;
      const agency = agencies.get(agencyId);
      const entry = { agency, at };
      read.set(agencyId, entry);
      agency.catch(() => {
        if (read.get(agencyId) === entry) read.delete(agencyId);
      });
      return agency;
    },
  };
}
