/**
 * Polling for what the platform does in the background (the stream poller, the publisher): a check retried
 * until it passes or the time runs out, when its last failure is thrown.
 */
export type Eventually = <T>(check: () => Promise<T>, timeoutMs?: number) => Promise<T>;

/** `eventually` for a test file: how long it waits by default, and how often it checks. */
export function eventuallyWithin(defaultTimeoutMs: number, intervalMs = 100): Eventually {
  return async (check, timeoutMs = defaultTimeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    }
  };
}
