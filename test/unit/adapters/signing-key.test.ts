import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSigningKey, SecretsExtensionSigningKey } from '../../../shared/adapters/secrets/signing-key.ts';
import { SigningKeyError } from '../../../shared/domain/transparency-log.ts';
import { KEY } from '../../fixtures/signing-keys.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TransparencyKey-AbCdEf';

function extension(answer: { status: number; body: unknown }) {
  const calls: { url: string; token: string | null }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, token: new Headers(init?.headers).get('x-aws-parameters-secrets-token') });
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('the checkpoint key on AWS (the Parameters and Secrets extension)', () => {
  it('asks the extension on localhost for the secret, with the session token, and returns the PEM', async () => {
    const { calls, fetch } = extension({ status: 200, body: { ARN, SecretString: KEY.privateKey } });
    const source = new SecretsExtensionSigningKey({ secretId: ARN, sessionToken: () => 'session', fetch });
    expect(await source.privateKeyPem()).toBe(KEY.privateKey);
    expect(calls).toEqual([
      {
        url: `http://localhost:2773/secretsmanager/get?secretId=${encodeURIComponent(ARN)}`,
        token: 'session',
      },
    ]);
  });

  it('says how to put a key there while the secret holds the placeholder the stack made', async () => {
    const { fetch } = extension({ status: 200, body: { ARN, SecretString: 'xY7#random-placeholder' } });
    const source = new SecretsExtensionSigningKey({ secretId: ARN, sessionToken: () => 'session', fetch });
    const failure = source.privateKeyPem();
    await expect(failure).rejects.toThrow(SigningKeyError);
    await expect(failure).rejects.toThrow(
      `npm run -s transparency-key | aws secretsmanager put-secret-value --secret-id ${ARN}`,
    );
  });

  it('passes on what the extension says when it cannot read the secret', async () => {
    const { fetch } = extension({ status: 400, body: 'AccessDeniedException' });
    const source = new SecretsExtensionSigningKey({ secretId: ARN, sessionToken: () => undefined, fetch });
    await expect(source.privateKeyPem()).rejects.toThrow('answered 400');
  });
});

describe('the checkpoint key locally (a dev key file)', () => {
  it('reads the PEM, and refuses a file that holds none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-key-'));
    writeFileSync(join(dir, 'key.pem'), KEY.privateKey);
    writeFileSync(join(dir, 'junk.pem'), 'junk');
    expect(await new FileSigningKey(join(dir, 'key.pem')).privateKeyPem()).toBe(KEY.privateKey);
    await expect(new FileSigningKey(join(dir, 'junk.pem')).privateKeyPem()).rejects.toThrow('no PKCS#8');
    await expect(new FileSigningKey(join(dir, 'none.pem')).privateKeyPem()).rejects.toThrow(SigningKeyError);
  });
});
