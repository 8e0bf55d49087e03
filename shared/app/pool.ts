/**
 * Bounded concurrency for the use cases: a batch of submissions, the reads of a report, the items of a sweep,
 * the page writes of a rebuild. A few at a time, so a run neither crawls nor floods the table or the bucket.
 */

/**
 * `work` applied to every item, at most `limit` at once; the results in the items' order. The first failure
 * rejects the whole, and no item is started after it.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!(limit >= 1)) throw new RangeError(`a pool needs at least one worker, not ${limit}`);
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i] as T, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The same bound for work that arrives one task at a time: `add` waits while `limit` tasks run; the first
 * failure is thrown by the next `add` or by `drain`, which waits for the rest.
 */
export function limitedTasks(limit: number) {
  if (!(limit >= 1)) throw new RangeError(`a pool needs at least one worker, not ${limit}`);
  const running = new Set<Promise<void>>();
  let failure: { readonly error: unknown } | undefined;
  return {
    async add(task: () => Promise<void>): Promise<void> {
      while (running.size >= limit) await Promise.race(running);
      if (failure) throw failure.error;
      const settled: Promise<void> = task()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(settled));
      running.add(settled);
    },
    async drain(): Promise<void> {
      await Promise.all(running);
      if (failure) throw failure.error;
    },
  };
}
