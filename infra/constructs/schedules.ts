import { type CfnElement, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../shared/manifest.ts';
import { SCHEDULES } from '../../shared/schedules.ts';
import { acknowledge } from '../nag.ts';

export interface SchedulesProps {
  readonly functions: ReadonlyMap<FunctionName, IFunction>;
  /** Where an invocation that failed all its retries goes (the operators' on-failure queue). */
  readonly deadLetterQueue: IQueue;
}

/**
 * One EventBridge Scheduler schedule per row of the shared schedule table, in Asia/Shanghai time (R5: working
 * days are Chinese days). Each run passes the instant it stands for as `time`, which the handler takes as
 * "now", exactly as the local scheduler and `npm run sweep -- --time` do.
 */
export class Schedules extends Construct {
  readonly schedules: ReadonlyMap<string, Schedule>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    // One role for every schedule, allowed to invoke the scheduled functions only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Gongshi schedules: invoke the sweeps',
    });
    const schedules = new Map<string, Schedule>();
    for (const row of SCHEDULES) {
      const handler = props.functions.get(row.function);
      if (!handler) throw new Error(`no function ${row.function} for the schedule ${row.name}`);
      schedules.set(
        row.name,
        new Schedule(this, row.name, {
          description: row.description,
          schedule: ScheduleExpression.expression(`cron(${row.cron})`, TimeZone.of(row.timeZone)),
          target: new LambdaInvoke(handler, {
            role,
            input: ScheduleTargetInput.fromObject({
              time: ContextAttribute.scheduledTime,
              schedule: row.name,
            }),
            // A sweep run that fails is retried by the next run; do not pile up stale ones.
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: props.deadLetterQueue,
          }),
        }),
      );
    }
    this.schedules = schedules;
    for (const row of SCHEDULES) {
      const handler = props.functions.get(row.function);
      const functionId = handler && Stack.of(this).getLogicalId(handler.node.defaultChild as CfnElement);
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        `the versions and aliases of ${row.function} (lambda:InvokeFunction as grantInvoke writes it), nothing else`,
      );
    }
  }
}
