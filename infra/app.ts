#!/usr/bin/env node
/**
 * The CDK app: `npx cdk deploy --all -c stage=prod -c alarmEmail=…`. The settings are validated before
 * anything is built (infra/config.ts); the stacks read the same route, schedule, table and alarm definitions
 * as the local platform.
 */
import { App } from 'aws-cdk-lib';
import { readDeploymentConfig } from './config.ts';
import { buildGongshi } from './gongshi-app.ts';

const app = new App();
buildGongshi(
  app,
  readDeploymentConfig((key) => app.node.tryGetContext(key)),
);
app.synth();
