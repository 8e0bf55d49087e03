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
