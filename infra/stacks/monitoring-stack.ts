import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FunctionName } from '../../shared/manifest.ts';
import { ALARMS, type AlarmDefinition, METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/schedules.ts';
import type { DeploymentConfig } from '../config.ts';
import { type PublicApi, RATE_RULE_NAME } from '../constructs/public-api.ts';

export interface MonitoringStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly functions: ReadonlyMap<FunctionName, IFunction>;
  readonly failures: IQueue;
  readonly httpApi: HttpApi;
  /** ADR 0016: the public routes' REST API and its web ACL. */
  readonly publicApi: PublicApi;
}

/** An alarm of the monitoring stack, as the tests and the README list them. */
export interface AlarmSpec {
  readonly id: string;
  readonly metric: Metric;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  readonly missing: TreatMissingData;
  readonly description: string;
}

/** The platform's own metrics (namespace Gongshi, dimension service only). */
export function platformMetric(definition: AlarmDefinition): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: definition.metric,
    dimensionsMap: { service: METRICS_SERVICE },
    statistic: definition.statistic,
    period: Duration.minutes(definition.periodMinutes),
  });
}

/**
 * What the operators watch: one SNS topic (with an e-mail subscription when `-c alarmEmail` is given), an
 * alarm per row of the shared alarm table, errors and throttles of every function, the on-failure queue and
 * the API's server errors, and a dashboard of the same metrics.
 */
export class MonitoringStack extends Stack {
  readonly topic: Topic;
  readonly alarms: readonly AlarmSpec[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'gongshi');
    Tags.of(this).add('stage', props.config.stage);

    // CloudWatch cannot publish to a topic under the AWS managed SNS key, so the topic has its own key.
    const key = new Key(this, 'AlarmsKey', {
      description: 'Gongshi alarm topic',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.topic = new Topic(this, 'Alarms', {
      displayName: `Gongshi ${props.config.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // The topic policy (enforceSSL) replaces SNS's default one, which let the account's services publish:
    // CloudWatch needs its own statement, or every alarm action fails "not authorized to perform SNS:Publish".
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    if (props.config.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.config.alarmEmail));

    const alarms: AlarmSpec[] = ALARMS.map((definition) => ({
      id: definition.name,
      metric: platformMetric(definition),
      threshold: definition.threshold,
      comparison:
        ComparisonOperator[
          definition.comparison === 'GreaterThanThreshold'
            ? 'GREATER_THAN_THRESHOLD'
            : 'GREATER_THAN_OR_EQUAL_TO_THRESHOLD'
        ],
      missing:
        definition.whenMissing === 'alarm' ? TreatMissingData.BREACHING : TreatMissingData.NOT_BREACHING,
      description: definition.description,
    }));
    // The web ACL's rate rule: requests it blocked (429) in the app stack's region.
    const rateLimited = new Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: props.publicApi.webAclName, Rule: RATE_RULE_NAME, Region: this.region },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    for (const [name, fn] of props.functions) {
      alarms.push(
        {
          id: `${name}-errors`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 1,
          comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          missing: TreatMissingData.NOT_BREACHING,
          description: `${name} failed (an unhandled error)`,
        },
        {
          id: `${name}-throttles`,
          metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 1,
          comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          missing: TreatMissingData.NOT_BREACHING,
          description: `${name} was throttled (account concurrency?)`,
        },
      );
    }
    alarms.push(
      {
        id: 'on-failure-queue',
        metric: props.failures.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        missing: TreatMissingData.NOT_BREACHING,
        description: 'a stream batch or a scheduled run failed every retry: read the message, fix, redrive',
      },
      {
        id: 'api-server-errors',
        metric: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        missing: TreatMissingData.NOT_BREACHING,
        description: 'the API answered 5xx: no input should produce one',
      },
      {
        id: 'public-api-server-errors',
        metric: props.publicApi.restApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        missing: TreatMissingData.NOT_BREACHING,
        description: 'the public routes (REST API stage) answered 5xx: no input should produce one',
      },
      {
        id: 'public-rate-limited',
        metric: rateLimited,
        threshold: 1,
        comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        missing: TreatMissingData.NOT_BREACHING,
        description:
          'ADR 0016: a client address went over the per-source limit of the public routes and was answered 429 by the web ACL; no person reaches it: see the sampled requests of the web ACL',
      },
    );
    this.alarms = alarms;

    const action = new SnsAction(this.topic);
    for (const spec of alarms) {
      const alarm = new Alarm(this, `Alarm-${spec.id}`, {
        alarmDescription: spec.description,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: spec.comparison,
        evaluationPeriods: 1,
        treatMissingData: spec.missing,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `Gongshi-${props.config.stage}`,
      defaultInterval: Duration.days(7),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Gongshi ${props.config.stage}\nDeadlines (R5, R7), publishing and the site. Every alarm goes to the SNS topic ${'`'}Alarms${'`'}.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      ...ALARMS.map(
        (definition) =>
          new GraphWidget({
            title: definition.metric,
            left: [platformMetric(definition)],
            leftAnnotations: [{ value: definition.threshold, label: 'alarm' }],
            width: 8,
          }),
      ),
    );
    const fns = [...props.functions.values()];
    dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: fns.map((f) => f.metricErrors()), width: 12 }),
      new GraphWidget({ title: 'Function throttles', left: fns.map((f) => f.metricThrottles()), width: 12 }),
      new GraphWidget({
        title: 'API',
        left: [
          props.httpApi.metricCount(),
          props.httpApi.metricClientError(),
          props.httpApi.metricServerError(),
        ],
        right: [props.httpApi.metricLatency({ statistic: 'p99' })],
        width: 12,
      }),
      new GraphWidget({
        title: 'Public routes (REST API, web ACL)',
        left: [
          props.publicApi.restApi.metricCount(),
          props.publicApi.restApi.metricClientError(),
          props.publicApi.restApi.metricServerError(),
        ],
        right: [rateLimited],
        width: 12,
      }),
      new GraphWidget({
        title: 'On-failure queue',
        left: [props.failures.metricApproximateNumberOfMessagesVisible()],
        width: 12,
      }),
    );

    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboardName });
  }
}
