import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { cachedAgencies } from '../../../shared/app/agency-cache.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';
import type { AgencyDirectory } from '../../../shared/ports.ts';

/** The registry under the cache, counting the reads that reach it. */
function counted(registry: AgencyDirectory) {
  const reads: string[] = [];
  return {
    reads,
    directory: {
      get: (id: string) => {
        reads.push(id);
        return registry.get(id);
      },
    } satisfies AgencyDirectory,
  };
}

async function registryWith(name: string) {
  const registry = new MemoryAgencyDirectory();
  await registry.putAgency({ id: 'siping-gxj', name, settings: DEFAULT_AGENCY_SETTINGS('siping-gxj') });
  return registry;
}

describe('cachedAgencies', () => {
  it('reads each agency once while it is fresh, and concurrent callers share that read', async () => {
    const { reads, directory } = counted(await registryWith('四平市工业和信息化局'));
    let now = 0;
    const agencies = cachedAgencies(directory, { maxAgeMs: 60_000, now: () => now });
    const [a, b] = await Promise.all([agencies.get('siping-gxj'), agencies.get('siping-gxj')]);
    now = 59_999;
    const c = await agencies.get('siping-gxj');
    await agencies.get('changzhi-gxj');
    expect([a.name, b.name, c.name]).toEqual(Array(3).fill('四平市工业和信息化局'));
    expect(reads).toEqual(['siping-gxj', 'changzhi-gxj']);
  });

  it('reads again once maxAgeMs has passed, so an operator’s change reaches a warm function within it', async () => {
    const registry = await registryWith('四平市工业和信息化局');
    const { reads, directory } = counted(registry);
    let now = 0;
    const agencies = cachedAgencies(directory, { maxAgeMs: 60_000, now: () => now });
    await agencies.get('siping-gxj');
    await registry.putAgency({
      id: 'siping-gxj',
      name: '四平市工业和信息化局（更名）',
      settings: { ...DEFAULT_AGENCY_SETTINGS('siping-gxj'), expiry: 'keep' },
    });
    now = 30_000;
    expect((await agencies.get('siping-gxj')).settings.expiry).toBe('auto_withdraw');
    now = 60_000;
    const fresh = await agencies.get('siping-gxj');
    expect(fresh.name).toBe('四平市工业和信息化局（更名）');
    expect(fresh.settings.expiry).toBe('keep');
    expect(reads).toHaveLength(2);
  });

  it('keeps nothing of a failed read: the next call reads again', async () => {
    let fail = true;
    const registry = await registryWith('四平市工业和信息化局');
    const agencies = cachedAgencies({
      get: (id) => (fail ? Promise.reject(new Error('throttled')) : registry.get(id)),
    });
    await expect(agencies.get('siping-gxj')).rejects.toThrow('throttled');
    fail = false;
    expect((await agencies.get('siping-gxj')).name).toBe('四平市工业和信息化局');
  });

  it('keeps one view for its whole life by default (a sweep run, a rebuild)', async () => {
    const { reads, directory } = counted(await registryWith('四平市工业和信息化局'));
    let now = 0;
    const agencies = cachedAgencies(directory, { now: () => now });
    await agencies.get('siping-gxj');
    now = 10 * 365 * 24 * 3600 * 1000;
    await agencies.get('siping-gxj');
    expect(reads).toHaveLength(1);
  });
});
