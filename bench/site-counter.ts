/** The site-writer port with every call counted: what a publish or a rebuild asks of the bucket. */
import type { SiteBucket } from '../shared/ports.ts';

export interface SiteCounts {
  reads: number;
  puts: number;
  deletes: number;
  lists: number;
}

export const emptySiteCounts = (): SiteCounts => ({ reads: 0, puts: 0, deletes: 0, lists: 0 });

export function countingSite(site: SiteBucket, counts: SiteCounts): SiteBucket {
  return {
    read: (key) => {
      counts.reads += 1;
      return site.read(key);
    },
    put: (object, condition) => {
      counts.puts += 1;
      return site.put(object, condition);
    },
    delete: (key) => {
      counts.deletes += 1;
      return site.delete(key);
    },
    list: (prefix) => {
      counts.lists += 1;
      return site.list(prefix);
    },
  };
}
