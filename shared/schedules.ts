/**
 * The one schedule table (R5, R6, R7, R9, R10, R12): the CDK stack creates an EventBridge Scheduler schedule
 * per row in Asia/Shanghai time, and the local platform's scheduler fires the same rows. Every scheduled
 * handler takes "now" from the event's `time`, so `npm run sweep -- --time ISO` can replay any date.
 */
import type { FunctionName } from './http/routes.ts';

export interface ScheduleDefinition {
  readonly name: string;
  readonly function: FunctionName;
  /** Cron in the six-field form minute hour day-of-month month day-of-week year of EventBridge Scheduler. */
  readonly cron: string;
  readonly timeZone: 'Asia/Shanghai';
  readonly description: string;
}

export const SCHEDULES: readonly ScheduleDefinition[] = [
  {
    name: 'withdrawal-sweep',
    function: 'withdrawal-sweep',
    cron: '5 0 * * ? *',
    timeZone: 'Asia/Shanghai',
    description: 'R6: take down decisions whose publication period ended (daily, just after midnight)',
  },
  {
    name: 'deadline-sweep',
    function: 'deadline-sweep',
    cron: '0 * * * ? *',
    timeZone: 'Asia/Shanghai',
    description: 'R5, R7: decisions past or near their publication deadline; metrics for the alarms (hourly)',
  },
  {
    name: 'reconcile-sweep',
    function: 'reconcile-sweep',
    cron: '0/5 * * * ? *',
    timeZone: 'Asia/Shanghai',
    description: 'Decisions stuck in publishing: publish them again (every 5 minutes)',
  },
  {
    name: 'site-heartbeat',
    function: 'site-heartbeat',
    cron: '0/15 * * * ? *',
    timeZone: 'Asia/Shanghai',
    description: "The site's age: a heartbeat object and the SiteAgeMinutes metric (every 15 minutes)",
  },
];
