/** The site-writer port with every call counted: what a publish or a rebuild asks of the bucket. */
import { type SiteBucket, SiteConflictError } from '../shared/ports.ts';

export interface SiteCounts {
  reads: number;
  puts: number;
  deletes: number;
  lists: number;
}

export const emptySiteCounts = (): SiteCounts => ({ reads: 0, puts: 0, deletes: 0, lists: 0 });

/**
 * A failed call names its operation and key, so a report says which object the S3 server refused. A lost
 * conditional write stays what it is: the code under measure handles it (it plans again, or leaves a real page
 * where it would have put a placeholder), and a wrapped one would look to it like a failure.
 */
async function naming<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SiteConflictError) throw error;
    throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
  }
}

export function countingSite(site: SiteBucket, counts: SiteCounts): SiteBucket {
  return {
    read: (key) => {
      counts.reads += 1;
      return naming(`read ${key}`, () => site.read(key));
    },
    put: (object, condition) => {
      counts.puts += 1;
      return naming(`put ${object.key} (${object.body.length} characters)`, () =>
        site.put(object, condition),
      );
    },
    delete: (key) => {
      counts.deletes += 1;
      return naming(`delete ${key}`, () => site.delete(key));
    },
    list: (prefix) => {
      counts.lists += 1;
      return site.list(prefix);
    },
  };
}
