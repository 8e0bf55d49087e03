#!/usr/bin/env node
/**
 * The CDK app. For now one stack that holds the platform's identity (its stage and the rules it enforces);
 * the table, buckets, API, functions, schedules and alarms arrive with their issues, from the same
 * route and schedule tables as the local platform.
 */
import { App } from 'aws-cdk-lib';
import { GongshiStack } from './stacks/gongshi-stack.ts';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
new GongshiStack(app, `Gongshi-${stage}`, {
  stage,
  description: 'Gongshi (公示): review, publish, correct and withdraw enforcement decisions on time',
});
app.synth();
