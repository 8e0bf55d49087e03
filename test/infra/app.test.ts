import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { GongshiStack } from '../../infra/stacks/gongshi-stack.ts';

describe('the CDK app', () => {
  it('synthesizes the stack for a stage, tagged and stating its time zone', () => {
    const app = new App();
    const stack = new GongshiStack(app, 'Gongshi-test', { stage: 'test' });
    const template = Template.fromStack(stack);
    template.hasOutput('TimeZone', { Value: 'Asia/Shanghai' });
    template.hasOutput('Stage', { Value: 'test' });
    const assembly = app.synth();
    expect(assembly.getStackByName('Gongshi-test').tags).toMatchObject({ project: 'gongshi', stage: 'test' });
  });
});
