import { isDeepStrictEqual } from 'node:util';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RATE_RULE_NAME } from '../../infra/constructs/public-api.ts';
import { EXTRA_ALARMS } from '../../shared/cost-model.ts';
import { FUNCTION_NAMES } from '../../shared/manifest.ts';
import { ALARMS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/schedules.ts';
import { logicalId, type Resource, resourcesOf, synthesize } from './deployment.ts';

describe('the monitoring stack', () => {
  const deployment = synthesize({ stage: 'test' });
  const template = deployment.templates.monitoring;
  const appOutputs = deployment.templates.app.toJSON().Outputs as Record<
    string,
    { Value: unknown; Export?: { Name: string } }
  >;
  const topicId = logicalId(deployment.monitoring, deployment.monitoring.topic);
  const toTopic = [{ Ref: topicId }];
  const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});

  /**
   * What a dimension of the monitoring stack stands for in the app stack: the app stack publishes the value as
   * an output, which the monitoring stack reads (Fn::GetStackOutput with weak references, Fn::ImportValue
   * with strong ones).
   */
  function inAppStack(value: unknown): unknown {
    const reference = value as {
      'Fn::GetStackOutput'?: { StackName: string; OutputName: string };
      'Fn::ImportValue'?: string;
    };
    const fromOutput = reference['Fn::GetStackOutput'];
    if (fromOutput) {
      expect(fromOutput.StackName).toBe(deployment.app.stackName);
      return appOutputs[fromOutput.OutputName]?.Value;
    }
    const exportName = reference['Fn::ImportValue'];
    if (exportName !== undefined) {
      return Object.values(appOutputs).find((output) => output.Export?.Name === exportName)?.Value;
    }
    throw new Error(`not a reference to the app stack: ${JSON.stringify(value)}`);
  }

  function alarmsOn(namespace: string, metricName: string): NonNullable<Resource['Properties']>[] {
    return alarms.filter((alarm) => alarm.Namespace === namespace && alarm.MetricName === metricName);
  }

  it.each(ALARMS.map((definition) => [definition.name, definition] as const))(
    'turns the alarm row %s into an alarm on the platform metric, to the topic',
    (_name, definition) => {
      const [alarm, ...others] = alarmsOn(METRICS_NAMESPACE, definition.metric);
      expect(others).toHaveLength(0);
      expect(alarm).toMatchObject({
        MetricName: definition.metric,
        Namespace: METRICS_NAMESPACE,
        Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
        Statistic: definition.statistic,
        Period: definition.periodMinutes * 60,
        Threshold: definition.threshold,
        ComparisonOperator: definition.comparison,
        EvaluationPeriods: 1,
        TreatMissingData: definition.whenMissing === 'ok' ? 'notBreaching' : 'breaching',
        AlarmActions: toTopic,
        OKActions: toTopic,
      });
    },
  );

  it.each(FUNCTION_NAMES.map((name) => [name]))('watches %s for errors and throttles', (name) => {
    const fn = deployment.app.functions.get(name);
    if (!fn) throw new Error(`the app stack has no function ${name}`);
    const fnRef = { Ref: logicalId(deployment.app, fn.function) };
    for (const metricName of ['Errors', 'Throttles']) {
      const watching = alarmsOn('AWS/Lambda', metricName).filter((alarm) =>
        alarm.Dimensions?.some(
          (dimension: { Name: string; Value: unknown }) =>
            dimension.Name === 'FunctionName' && isDeepStrictEqual(inAppStack(dimension.Value), fnRef),
        ),
      );
      expect(watching, `${name} ${metricName}`).toHaveLength(1);
      expect(watching[0]).toMatchObject({
        Dimensions: [{ Name: 'FunctionName', Value: expect.anything() }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: toTopic,
        OKActions: toTopic,
      });
    }
  });

  it.each([
    ['the publisher refuses a projection that is not the one approved (R2, ADR 0011)', 'ApprovalMismatch'],
    ['the publish gate refuses a decision that holds personal data (R4, ADR 0012)', 'PersonalDataBlocked'],
  ])('calls someone at once when %s', (_when, metric) => {
    const [alarm, ...others] = alarmsOn(METRICS_NAMESPACE, metric);
    expect(others).toHaveLength(0);
    // Any refusal in five minutes; none is the normal state, so a period without data is fine.
    expect(alarm).toMatchObject({
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: toTopic,
      OKActions: toTopic,
    });
    expect(alarm?.AlarmDescription).toContain(metric === 'ApprovalMismatch' ? 'R2' : 'R4');
  });

  it('calls someone when a withdrawal made by one person is not confirmed by another reviewer in 1 working day (R8)', () => {
    const [alarm, ...others] = alarmsOn(METRICS_NAMESPACE, 'UnconfirmedWithdrawals');
    expect(others).toHaveLength(0);
    // The deadline sweep's hourly count: at least one withdrawal past its confirmation deadline.
    expect(alarm).toMatchObject({
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: toTopic,
      OKActions: toTopic,
    });
    expect(alarm?.AlarmDescription).toContain('R8');
  });

  it('watches the on-failure queue and the API server errors', () => {
    const [queue, ...otherQueues] = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(otherQueues).toHaveLength(0);
    expect(queue).toMatchObject({
      Statistic: 'Maximum',
      Threshold: 1,
      AlarmActions: toTopic,
      OKActions: toTopic,
    });
    expect(queue?.Dimensions).toHaveLength(1);
    expect(queue?.Dimensions[0].Name).toBe('QueueName');
    expect(inAppStack(queue?.Dimensions[0].Value)).toEqual({
      'Fn::GetAtt': [logicalId(deployment.app, deployment.app.failures), 'QueueName'],
    });

    const [api, ...otherApis] = alarmsOn('AWS/ApiGateway', '5xx');
    expect(otherApis).toHaveLength(0);
    expect(api).toMatchObject({ Statistic: 'Sum', Threshold: 1, AlarmActions: toTopic, OKActions: toTopic });
    expect(api?.Dimensions).toHaveLength(1);
    expect(api?.Dimensions[0].Name).toBe('ApiId');
    expect(inAppStack(api?.Dimensions[0].Value)).toEqual({
      Ref: logicalId(deployment.app, deployment.app.api.httpApi),
    });
  });

  it("watches the public stage's server errors and the web ACL's rate rule (ADR 0016)", () => {
    const [rest, ...otherRest] = alarmsOn('AWS/ApiGateway', '5XXError');
    expect(otherRest).toHaveLength(0);
    expect(rest).toMatchObject({ Statistic: 'Sum', Threshold: 1, AlarmActions: toTopic, OKActions: toTopic });
    expect(rest?.Dimensions).toHaveLength(1);
    expect(rest?.Dimensions[0]).toEqual({ Name: 'ApiName', Value: 'gongshi-test-public' });

    const [blocked, ...otherBlocked] = alarmsOn('AWS/WAFV2', 'BlockedRequests');
    expect(otherBlocked).toHaveLength(0);
    expect(blocked).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: toTopic,
      OKActions: toTopic,
    });
    const dimensions = Object.fromEntries(
      ((blocked?.Dimensions ?? []) as { Name: string; Value: unknown }[]).map((d) => [d.Name, d.Value]),
    );
    expect(dimensions).toEqual({
      WebACL: deployment.app.publicApi.webAclName,
      Rule: RATE_RULE_NAME,
      Region: { Ref: 'AWS::Region' },
    });
    const [[, acl] = []] = resourcesOf(deployment.templates.app, 'AWS::WAFv2::WebACL');
    expect(acl?.Properties?.Name).toBe(dimensions.WebACL);
    const rule = (
      (acl?.Properties?.Rules ?? []) as { Name: string; VisibilityConfig: { MetricName: string } }[]
    ).find((r) => r.Name === RATE_RULE_NAME);
    expect(rule?.VisibilityConfig.MetricName).toBe(dimensions.Rule);
  });

  it('has no other alarm, and every alarm notifies the topic both ways', () => {
    expect(EXTRA_ALARMS).toBe(4);
    expect(alarms).toHaveLength(ALARMS.length + 2 * FUNCTION_NAMES.length + EXTRA_ALARMS);
    expect(deployment.monitoring.alarms).toHaveLength(alarms.length);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual(toTopic);
      expect(alarm.OKActions).toEqual(toTopic);
      expect(alarm.AlarmDescription).toEqual(expect.any(String));
    }
  });

  it('encrypts the topic with its own rotating key, which CloudWatch may use', () => {
    const keys = resourcesOf(template, 'AWS::KMS::Key');
    expect(keys).toHaveLength(1);
    const [[keyId, key] = ['', {} as Resource]] = keys;
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(key.Properties?.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
      }),
    );
  });

  it('lets CloudWatch of this account publish to the topic, over TLS only', () => {
    const policies = resourcesOf(template, 'AWS::SNS::TopicPolicy');
    expect(policies).toHaveLength(1);
    const [[, policy] = ['', {} as Resource]] = policies;
    expect(policy.Properties?.Topics).toEqual(toTopic);
    const statements = policy.Properties?.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    // A topic policy replaces SNS's default one: without this statement no alarm could publish.
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });

  it('subscribes no one without -c alarmEmail, and that address with it', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const withEmail = synthesize({ stage: 'test', alarmEmail: 'ops@example.gov.cn' }).templates.monitoring;
    withEmail.resourceCountIs('AWS::SNS::Subscription', 1);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.gov.cn',
      TopicArn: { Ref: topicId },
    });
  });

  it('has the dashboard of the stage', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'Gongshi-test',
      DashboardBody: Match.anyValue(),
    });
    const dev = synthesize().templates.monitoring;
    dev.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Gongshi-dev' });
  });
});
