import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { GongshiStack } from '../../infra/stacks/gongshi-stack.ts';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';

describe('the CDK app', () => {
  const app = new App();
  const stack = new GongshiStack(app, 'Gongshi-test', { stage: 'test' });
  const template = Template.fromStack(stack);

  it('synthesizes the stack for a stage, tagged and stating its time zone', () => {
    template.hasOutput('TimeZone', { Value: 'Asia/Shanghai' });
    template.hasOutput('Stage', { Value: 'test' });
    expect(app.synth().getStackByName('Gongshi-test').tags).toMatchObject({
      project: 'gongshi',
      stage: 'test',
    });
  });

  it('builds the table from the shared definition: keys, every index, stream, TTL, PITR, deletion protection', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        GlobalSecondaryIndexes: TABLE.indexes.map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });
});
