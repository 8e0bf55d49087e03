import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { readDeploymentConfig } from '../../infra/config.ts';
import { buildGongshi, type GongshiDeployment } from '../../infra/gongshi-app.ts';
import { acknowledge } from '../../infra/nag.ts';
import { newApp } from './deployment.ts';

/**
 * A fresh deployment, as the helper builds it. The report goes into the error (`inmemory`, as under any test
 * runner), so the assertions can read the rule ids from it.
 */
function build(context: Record<string, unknown> = {}): { app: App; deployment: GongshiDeployment } {
  const app = newApp({ '@aws-cdk/core:appMode': 'inmemory', ...context });
  const deployment = buildGongshi(
    app,
    readDeploymentConfig((key) => app.node.tryGetContext(key)),
  );
  return { app, deployment };
}

/** Something cdk-nag must refuse: a bucket without access logs or TLS, a role allowed everything. */
function addBadResources(stack: Stack): { bucket: Bucket; role: Role } {
  const bucket = new Bucket(stack, 'Careless');
  const role = new Role(stack, 'Almighty', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new PolicyStatement({ actions: ['*'], resources: ['*'] }));
  return { bucket, role };
}

function synthError(synth: () => unknown): string {
  try {
    synth();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the synth passed');
}

/** The rule ids a validation report names, findings included: `AwsSolutions-IAM5[Resource::*]`. */
function rulesIn(message: string): Set<string> {
  return new Set(message.match(/AwsSolutions-[A-Z]+\d+(\[[^\]\s]+\])?/g));
}

/** Every acknowledgement in the app: the construct it is on, the rule, the reason. */
function acknowledgements(app: App): { path: string; construct: unknown; id: string; reason: string }[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          construct,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag', () => {
  it('passes the deployment as it is, with every setting or none', () => {
    expect(() => build().app.synth()).not.toThrow();
    expect(() =>
      build({
        stage: 'prod',
        alarmEmail: 'ops@example.gov.cn',
        domainName: 'gongshi.example.gov.cn',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      }).app.synth(),
    ).not.toThrow();
  });

  it('fails the synth on a finding, naming the rule and the resource', () => {
    const { app, deployment } = build();
    addBadResources(deployment.app);
    const message = synthError(() => Template.fromStack(deployment.app));
    expect(rulesIn(message)).toEqual(
      new Set([
        'AwsSolutions-S1',
        'AwsSolutions-S10',
        'AwsSolutions-IAM5[Action::*]',
        'AwsSolutions-IAM5[Resource::*]',
      ]),
    );
    expect(message).toContain('Gongshi-dev-app/Careless/Resource');
    expect(message).toContain('Gongshi-dev-app/Almighty/DefaultPolicy/Resource');
    expect(rulesIn(synthError(() => app.synth()))).toEqual(rulesIn(message));
  });

  it('fails the synth on a finding in any stack, not only the app stack', () => {
    for (const stack of ['data', 'monitoring'] as const) {
      const { deployment } = build();
      new Bucket(deployment[stack], 'Careless');
      expect(synthError(() => Template.fromStack(deployment[stack]))).toContain(
        `${deployment[stack].stackName}/Careless/Resource`,
      );
    }
  });

  it('lets an acknowledgement pass only the rule it names, on the construct it is on', () => {
    const { deployment } = build();
    const { bucket, role } = addBadResources(deployment.app);
    acknowledge(
      bucket,
      'AwsSolutions-S1',
      'a test bucket, acknowledged to show an acknowledgement is scoped',
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Action::*]',
      'a test role, acknowledged to show a finding id is scoped',
    );
    expect(rulesIn(synthError(() => Template.fromStack(deployment.app)))).toEqual(
      new Set(['AwsSolutions-S10', 'AwsSolutions-IAM5[Resource::*]']),
    );

    acknowledge(
      bucket,
      'AwsSolutions-S10',
      'a test bucket, acknowledged to show an acknowledgement is scoped',
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'a test role, acknowledged to show a finding id is scoped',
    );
    expect(() => Template.fromStack(deployment.app)).not.toThrow();
  });

  describe('the acknowledgements', () => {
    const settings = {
      none: {},
      'a custom domain': {
        domainName: 'gongshi.example.gov.cn',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      },
    };

    it.each(Object.entries(settings))(
      'each name one AwsSolutions rule and give a reason (%s)',
      (_name, context) => {
        const { app } = build(context);
        const found = acknowledgements(app);
        expect(found.length).toBeGreaterThan(0);
        for (const { path, id, reason } of found) {
          expect(id, path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
          expect(reason.trim().length, `${path} ${id}: "${reason}"`).toBeGreaterThanOrEqual(40);
        }
      },
    );

    it('sit on the constructs they concern, never on a whole stack or the app', () => {
      const { app } = build();
      for (const { path, construct } of acknowledgements(app)) {
        expect(Stack.isStack(construct), path).toBe(false);
        expect(construct, path).not.toBe(app);
      }
    });
  });
});
