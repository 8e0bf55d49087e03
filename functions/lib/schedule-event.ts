/**
 * The schedule event: EventBridge Scheduler (and the local scheduler) pass `time`, the instant the run stands
 * for. Scheduled handlers take "now" from it, never from the clock, so any date can be replayed.
 */
export interface ScheduleEvent {
  readonly time?: unknown;
  readonly [key: string]: unknown;
}

export function eventTime(event: ScheduleEvent | undefined): Date {
  const time = event?.time;
  const at = typeof time === 'string' ? new Date(time) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    throw new Error(`a scheduled run needs the event's time as an ISO instant, not ${JSON.stringify(time)}`);
  }
  return at;
}

/** The part of the Lambda context a sweep reads. */
export interface SweepContext {
  getRemainingTimeInMillis(): number;
}

/** Time left after the last page for the writes in flight, the metrics and the log line. */
export const SWEEP_MARGIN_MS = 15_000;
/** Without a Lambda context (the local scheduler, a replay): bounded all the same, as on AWS. */
export const DEFAULT_SWEEP_BUDGET_MS = 5 * 60_000;

/**
 * The wall-clock instant (epoch ms) after which a sweep reads no further page: the Lambda's remaining time
 * less a margin, so a run with more due than it can handle stops cleanly and the next run continues.
 */
export function sweepDeadline(context: SweepContext | undefined, now: number = Date.now()): number {
  const remaining = context?.getRemainingTimeInMillis();
  return typeof remaining === 'number' && Number.isFinite(remaining)
    ? now + Math.max(0, remaining - SWEEP_MARGIN_MS)
    : now + DEFAULT_SWEEP_BUDGET_MS;
}
