import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';

export interface GongshiStackProps extends StackProps {
  readonly stage: string;
}

/**
 * The platform's stateful core, built from the same table definition the local platform uses. The API,
 * functions, schedules, site and alarms join with the infrastructure issue.
 */
export class GongshiStack extends Stack {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: GongshiStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'gongshi');
    Tags.of(this).add('stage', props.stage);

    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Records', {
      partitionKey: key(TABLE.partitionKey),
      sortKey: key(TABLE.sortKey),
      billing: Billing.onDemand(),
      // R11: the archive is never lost: point-in-time recovery, deletion protection, retained on stack deletion.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE.ttlAttribute,
      // The stream is the outbox: publishing follows from it.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
      })),
    });

    // Working days are counted in China whatever region this is deployed to (R5).
    new CfnOutput(this, 'TimeZone', { value: 'Asia/Shanghai', description: 'time zone of every deadline' });
    new CfnOutput(this, 'Stage', { value: props.stage });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
