import { describe, expect, it } from 'vitest';
import { limitedTasks, mapLimited } from '../../../shared/app/pool.ts';

/** A task that finishes when told to, counting how many run at once. */
function gauge() {
  let running = 0;
  let peak = 0;
  return {
    get peak() {
      return peak;
    },
    async run<T>(value: T, ms = 1): Promise<T> {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return value;
    },
  };
}

describe('mapLimited', () => {
  it('answers in the order of the items, whatever order the work finishes in', async () => {
    const items = [30, 5, 20, 1, 10];
    const results = await mapLimited(items, 3, async (ms, i) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return `${i}:${ms}`;
    });
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
  });

  it('never runs more than the limit at once, and uses all of it', async () => {
    const g = gauge();
    await mapLimited(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      (i) => g.run(i),
    );
    expect(g.peak).toBe(4);
  });

  it('runs an empty list without calling the work', async () => {
    let calls = 0;
    expect(await mapLimited([], 8, async () => ++calls)).toEqual([]);
    expect(calls).toBe(0);
  });

  it('rejects with the first failure and starts no item after it', async () => {
    const started: number[] = [];
    const run = mapLimited([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (i === 1) throw new Error('item 1 failed');
      return i;
    });
    await expect(run).rejects.toThrow('item 1 failed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual([0, 1, 2]);
  });

  it('refuses a pool without workers', async () => {
    await expect(mapLimited([1], 0, async (i) => i)).rejects.toThrow(RangeError);
  });
});

describe('limitedTasks', () => {
  it('holds tasks that arrive one at a time to the limit, and drain waits for the last', async () => {
    const g = gauge();
    const done: number[] = [];
    const tasks = limitedTasks(3);
    for (let i = 0; i < 10; i++) await tasks.add(async () => void done.push(await g.run(i)));
    await tasks.drain();
    expect(g.peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('throws the first failure from the next add or from drain', async () => {
    const tasks = limitedTasks(1);
    await tasks.add(async () => {
      throw new Error('write failed');
    });
    await expect(tasks.add(async () => {})).rejects.toThrow('write failed');
    await expect(tasks.drain()).rejects.toThrow('write failed');
  });
});
