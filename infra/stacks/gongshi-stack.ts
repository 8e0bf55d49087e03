import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface GongshiStackProps extends StackProps {
  readonly stage: string;
}

export class GongshiStack extends Stack {
  constructor(scope: Construct, id: string, props: GongshiStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'gongshi');
    Tags.of(this).add('stage', props.stage);
    // Working days are counted in China whatever region this is deployed to (R5).
    new CfnOutput(this, 'TimeZone', { value: 'Asia/Shanghai', description: 'time zone of every deadline' });
    new CfnOutput(this, 'Stage', { value: props.stage });
  }
}
