/**
 * One stage of the whole app, synthesized as `cdk synth` would (cdk.json's feature flags, cdk-nag on), but
 * without bundling the functions: `npm run synth` bundles them in CI, and the tests only read the templates.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { readDeploymentConfig } from '../../infra/config.ts';
import { buildGongshi, type GongshiDeployment } from '../../infra/gongshi-app.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface SynthesizedDeployment extends GongshiDeployment {
  readonly templates: { readonly data: Template; readonly app: Template; readonly monitoring: Template };
}

/** An app as `cdk synth` builds it (cdk.json's context, then `-c` overrides), with no stack bundled. */
export function newApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context },
  });
}

export function synthesize(context: Record<string, unknown> = {}): SynthesizedDeployment {
  const app = newApp(context);
  const deployment = buildGongshi(
    app,
    readDeploymentConfig((key) => app.node.tryGetContext(key)),
  );
  return {
    ...deployment,
    templates: {
      data: Template.fromStack(deployment.data),
      app: Template.fromStack(deployment.app),
      monitoring: Template.fromStack(deployment.monitoring),
    },
  };
}

/** The logical ID of a construct's CloudFormation resource, as a template names it. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON, read by assertions
export type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string };

export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}
