import { describe, expect, it } from 'vitest';
import { reconcileAtStart } from '../../../infra/local/reconcile-at-start.ts';

describe('the reconcile sweep at start', () => {
  it('runs the sweep as of the moment its grace for records on their way has passed, and says what it did', async () => {
    const events: { time: string; resources: string[] }[] = [];
    const lines: string[] = [];
    const result = await reconcileAtStart({
      now: new Date('2027-03-01T08:00:00Z'),
      load: async (name) => {
        expect(name).toBe('reconcile-sweep');
        return async (event) => {
          events.push(event);
          return { stuck: 3, retried: 3, failed: 0, complete: true };
        };
      },
      log: (line) => lines.push(line),
      onError: (message, error) => {
        throw new Error(`${message} ${String(error)}`);
      },
    });
    expect(result).toMatchObject({ retried: 3 });
    // Two minutes on: at start nothing is on its way through the stream, so every `publishing` record is stuck.
    expect(events).toEqual([
      expect.objectContaining({
        time: '2027-03-01T08:02:00.000Z',
        resources: ['local:schedule/reconcile-sweep'],
      }),
    ]);
    expect(lines).toEqual(['reconcile at start: reconcile-sweep  stuck 3 · retried 3 · failed 0 · complete']);
  });

  it('never stops the platform from starting: a failed run is reported and left to the schedule', async () => {
    const errors: string[] = [];
    const result = await reconcileAtStart({
      load: async () => async () => {
        throw new Error('table not ready');
      },
      log: () => {
        throw new Error('nothing to log');
      },
      onError: (message) => errors.push(message),
    });
    expect(result).toBeUndefined();
    expect(errors).toEqual(['reconcile at start failed (its schedule tries again):']);
  });
});
