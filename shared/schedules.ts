/**
 * The one schedule table (R5, R6, R7, R9, R10, R11, R12): the CDK stack creates an EventBridge Scheduler schedule
 * per row in Asia/Shanghai time, and the local platform's scheduler fires the same rows. Every scheduled
 * handler takes "now" from the event's `time`, so `npm run sweep -- --time ISO` can replay any date.
 */
import type { FunctionName } from './manifest.ts';

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
    description:
      'R5, R7, R8, R9, R10: decisions past or near their publication deadline, takedowns, withdrawal confirmations, correction reviews and correction answers overdue, catalogue items past their update deadline; metrics for the alarms (hourly)',
  },
  {
    name: 'recompute-deadlines',
    function: 'recompute-deadlines',
    cron: '30 * * * ? *',
    timeZone: 'Asia/Shanghai',
    description:
      'R5: deadlines counted provisionally over a year whose notice an operator loaded are recomputed and audited; a year done is not read again (hourly, at half past)',
  },
  {
    name: 'reconcile-sweep',
    function: 'reconcile-sweep',
    cron: '0/5 * * * ? *',
    timeZone: 'Asia/Shanghai',
    description: 'Decisions and catalogue items stuck in publishing: publish them again (every 5 minutes)',
  },
  {
    name: 'site-heartbeat',
    function: 'site-heartbeat',
    cron: '0/15 * * * ? *',
    timeZone: 'Asia/Shanghai',
    description: "The site's age: a heartbeat object and the SiteAgeMinutes metric (every 15 minutes)",
  },
  {
    name: 'scorecard',
    function: 'scorecard',
    cron: '0 1 * * ? *',
    timeZone: 'Asia/Shanghai',
    description: "The public scorecard: each agency's timeliness over the last 12 months (daily at 01:00)",
  },
  {
    name: 'credit-export',
    function: 'credit-export',
    cron: '30 1 * * ? *',
    timeZone: 'Asia/Shanghai',
    description:
      'The 双公示 export (ADR 0018): the penalties and licences of the current and previous month as CSV and XLSX for the credit platforms (daily at 01:30)',
  },
  {
    name: 'audit-export',
    function: 'audit-export',
    cron: '20 0 * * ? *',
    timeZone: 'Asia/Shanghai',
    description:
      'R11 (ADR 0022): the previous day’s audit events (and any day since the last anchored, up to 7) written to the object-locked archive as NDJSON and anchored in the transparency log (daily at 00:20)',
  },
  {
    name: 'transparency-checkpoint',
    function: 'transparency-checkpoint',
    cron: '0/15 * * * ? *',
    timeZone: 'Asia/Shanghai',
    description:
      "The transparency log: the site's log caught up with the table's, its head signed with Ed25519 when it moved (every 15 minutes)",
  },
];

/**
 * The alarms on the sweeps' and publisher's metrics (namespace Gongshi, dimension service only, so the
 * number of series stays small). The monitoring stack wires each to the operators' SNS topic; they live
 * here, next to the schedules that produce their metrics, so a new sweep and its alarm change together.
 */
export { METRICS_NAMESPACE, METRICS_SERVICE } from './manifest.ts';

export interface AlarmDefinition {
  readonly name: string;
  readonly metric: string;
  readonly statistic: 'Maximum' | 'Sum';
  /** Evaluated over this many minutes. */
  readonly periodMinutes: number;
  readonly threshold: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  /** A period without data: `ok` for event counts, `alarm` where silence means the producer stopped. */
  readonly whenMissing: 'ok' | 'alarm';
  readonly description: string;
}

export const ALARMS: readonly AlarmDefinition[] = [
  {
    name: 'overdue-decisions',
    metric: 'OverdueDecisions',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description: 'R5: a decision is past its publication deadline (7 / 20 working days) and not published',
  },
  {
    name: 'publish-failures',
    metric: 'PublishFailures',
    statistic: 'Sum',
    periodMinutes: 5,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description: 'Writing to the public site failed; the stream or the reconcile sweep retries',
  },
  {
    name: 'approval-mismatch',
    metric: 'ApprovalMismatch',
    statistic: 'Sum',
    periodMinutes: 5,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R2: the publisher refused a decision whose public projection is not the one its reviewer approved; it stays publishing (ADR 0011)',
  },
  {
    name: 'personal-data-blocked',
    metric: 'PersonalDataBlocked',
    statistic: 'Sum',
    periodMinutes: 5,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R4: the publish gate found an unmasked ID, phone, card or e-mail in what a decision would publish; nothing was written, it stays publishing (ADR 0012)',
  },
  {
    name: 'emergency-takedowns',
    metric: 'EmergencyTakedowns',
    statistic: 'Sum',
    periodMinutes: 5,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description: 'R8: an emergency takedown was ordered; someone must look at once',
  },
  {
    name: 'overdue-takedowns',
    metric: 'OverdueTakedowns',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R7: a withdrawn decision is still not confirmed gone from the site 3 working days on (行政处罚法 art. 48/85)',
  },
  {
    name: 'unconfirmed-withdrawals',
    metric: 'UnconfirmedWithdrawals',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R8: a withdrawal made by one person was not confirmed (or undone) by another reviewer of the agency within 1 working day',
  },
  {
    name: 'overdue-correction-reviews',
    metric: 'OverdueCorrectionReviews',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R8 (长治 §二 立即): a correction of a published decision was not reviewed on the working day it was submitted',
  },
  {
    name: 'exemption-reviews-due',
    metric: 'ExemptionReviewsDue',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R3 (四平 §四(三)4): an exemption for hampering enforcement has reached its review date and was not looked at again',
  },
  {
    name: 'unsubmitted-inventoried',
    metric: 'UnsubmittedInventoried',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R12 (四平 §五 选择性公示): a decision a case system reported as made passed its publication deadline without ever being submitted',
  },
  {
    name: 'stale-site',
    metric: 'SiteAgeMinutes',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 24 * 60,
    comparison: 'GreaterThanThreshold',
    whenMissing: 'alarm',
    description: 'The public site has not changed for a day while the heartbeat runs (publisher stuck?)',
  },
  {
    name: 'overdue-correction-requests',
    metric: 'OverdueCorrectionRequests',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R9: a correction request is still unanswered after its answer deadline (default 7 working days)',
  },
  {
    name: 'overdue-catalog-items',
    metric: 'OverdueCatalogItems',
    statistic: 'Maximum',
    periodMinutes: 60,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    whenMissing: 'ok',
    description:
      'R10: a catalogue item is not updated 20 working days after a law change or reorganisation (四平 §四(五))',
  },
];
