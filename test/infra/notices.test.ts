/**
 * R9: requesters' notices by e-mail. With `-c notifyFrom` the answering function alone may send, from that
 * address only (its identity as the address or as its domain), and is told the sender; without it no function may.
 */
import { describe, expect, it } from 'vitest';
import { sesEmail } from '../../shared/adapters/ses/notifier.ts';
import { FUNCTION_NAMES } from '../../shared/manifest.ts';
import { logicalId, resourcesOf, synthesize } from './deployment.ts';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const statementsOf = (policy: { Properties?: Record<string, unknown> }): Statement[] =>
  (policy.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [];

function sesStatements(context: Record<string, unknown>) {
  const deployment = synthesize({ stage: 'test', ...context });
  const template = deployment.templates.app;
  const roleOf = new Map<string, string>();
  for (const name of FUNCTION_NAMES) {
    const role = deployment.app.functions.get(name)?.function.role;
    if (role) roleOf.set(logicalId(deployment.app, role), name);
  }
  const byFunction = new Map<string, Statement[]>(FUNCTION_NAMES.map((name) => [name, []]));
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const roles = (policy.Properties?.Roles as { Ref: string }[] | undefined) ?? [];
    const statements = statementsOf(policy).filter((s) => list(s.Action).some((a) => a.startsWith('ses:')));
    for (const role of roles) {
      const name = roleOf.get(role.Ref);
      if (name) byFunction.get(name)?.push(...statements);
    }
  }
  const environment = (name: string) => {
    const fn = deployment.app.functions.get(name as never);
    const id = fn ? logicalId(deployment.app, fn.function) : '';
    const resource = resourcesOf(template, 'AWS::Lambda::Function').find(([key]) => key === id)?.[1];
    return (
      (resource?.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ??
      {}
    );
  };
  const all = resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
    statementsOf(p).filter((s) => list(s.Action).some((a) => a.startsWith('ses:'))),
  );
  return { byFunction, environment, all };
}

describe('requesters’ notices by e-mail (R9)', () => {
  it('lets the answering function alone send, from the configured sender only', () => {
    const { byFunction, environment, all } = sesStatements({ notifyFrom: 'noreply@gongshi.example.gov.cn' });
    expect(all).toHaveLength(1);
    for (const [name, statements] of byFunction) {
      if (name === 'answer-correction-request') {
        expect(statements).toHaveLength(1);
        expect(list(statements[0]?.Action ?? [])).toEqual(['ses:SendEmail']);
        const resources = JSON.stringify(statements[0]?.Resource);
        expect(resources).toContain('identity/noreply@gongshi.example.gov.cn');
        expect(resources).toContain('identity/gongshi.example.gov.cn');
        expect(statements[0]?.Condition).toEqual({
          StringEquals: { 'ses:FromAddress': 'noreply@gongshi.example.gov.cn' },
        });
      } else expect(statements, name).toEqual([]);
    }
    expect(environment('answer-correction-request').NOTIFY_FROM).toBe('noreply@gongshi.example.gov.cn');
    expect(environment('file-correction-request').NOTIFY_FROM).toBeUndefined();
  });

  it('lets no function send mail without a sender', () => {
    const { byFunction, environment, all } = sesStatements({});
    expect(all).toEqual([]);
    for (const [name, statements] of byFunction) expect(statements, name).toEqual([]);
    expect(environment('answer-correction-request').NOTIFY_FROM).toBeUndefined();
  });

  it('sends the notice as plain UTF-8 text to the requester alone', () => {
    const message = sesEmail('noreply@gongshi.example.gov.cn', {
      to: 'zhang@example.com',
      requestId: 'R1',
      subject: '您的更正申请已答复',
      text: '执法机关已答复您的更正申请。',
    });
    expect(message).toEqual({
      FromEmailAddress: 'noreply@gongshi.example.gov.cn',
      Destination: { ToAddresses: ['zhang@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: '您的更正申请已答复', Charset: 'UTF-8' },
          Body: { Text: { Data: '执法机关已答复您的更正申请。', Charset: 'UTF-8' } },
        },
      },
    });
  });
});
