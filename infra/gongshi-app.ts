/**
 * The whole deployment of one stage, for `infra/app.ts` and the infra tests alike: the data stack, the app
 * stack built on it, the monitoring stack watching both, and cdk-nag's AwsSolutions checks over all three.
 */
import { type App, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FunctionName } from '../shared/manifest.ts';
import { type DeploymentConfig, placementOf } from './config.ts';
import { AppStack } from './stacks/app-stack.ts';
import { archiveExportName, DataStack } from './stacks/data-stack.ts';
import { MonitoringStack } from './stacks/monitoring-stack.ts';

export interface GongshiDeployment {
  readonly data: DataStack;
  readonly app: AppStack;
  readonly monitoring: MonitoringStack;
}

export function buildGongshi(app: App, config: DeploymentConfig): GongshiDeployment {
  const prefix = `Gongshi-${config.stage}`;
  // aws-cn (ADR 0024): the stacks are pinned to their China region, so that every ARN, endpoint and regional fact
  // (a layer's ARN, an S3 endpoint) is that partition's; elsewhere they stay environment-agnostic.
  const { region } = placementOf(config);
  const env = region
    ? {
        env: {
          region,
          ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
        },
      }
    : {};
  const description = 'Gongshi (公示): review, publish, correct and withdraw enforcement decisions on time';
  const data = new DataStack(app, `${prefix}-data`, {
    config,
    ...env,
    description: `${description}: records and people`,
  });
  const application = new AppStack(app, `${prefix}-app`, {
    config,
    ...env,
    description: `${description}: API, functions, site, schedules`,
    table: data.table,
    ...(data.staff ? { staff: data.staff } : {}),
    transparencyKey: data.transparencyKey,
    archiveExport: archiveExportName(data.stackName),
  });
  const monitoring = new MonitoringStack(app, `${prefix}-monitoring`, {
    config,
    ...env,
    description: `${description}: alarms and dashboard`,
    functions: new Map<FunctionName, IFunction>([...application.functions].map(([n, f]) => [n, f.function])),
    failures: application.failures,
    httpApi: application.api.httpApi,
    publicApi: application.publicApi,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, app: application, monitoring };
}
