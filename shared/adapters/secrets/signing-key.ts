/**
 * Where the transparency log's checkpoint key comes from (ADR 0007): a PEM file locally (the dev key under the
 * data folder), Secrets Manager on AWS, read through the AWS Parameters and Secrets Lambda Extension, a layer
 * of the checkpoint function that answers on localhost and caches the secret, so no SDK client is bundled.
 */
import { readFile } from 'node:fs/promises';
import { SigningKeyError } from '../../domain/transparency-log.ts';
import type { SigningKeySource } from '../../ports.ts';

const PEM_HEADER = '-----BEGIN PRIVATE KEY-----';

export class FileSigningKey implements SigningKeySource {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  async privateKeyPem(): Promise<string> {
    let pem: string;
    try {
      pem = await readFile(this.#path, 'utf8');
    } catch (error) {
      throw new SigningKeyError(
        `cannot read the transparency key ${this.#path}: ${(error as Error).message}`,
      );
    }
    if (!pem.includes(PEM_HEADER)) throw new SigningKeyError(`${this.#path} holds no PKCS#8 private key`);
    return pem;
  }
}

export interface SecretsExtensionOptions {
  /** The secret's ARN (or name). */
  readonly secretId: string;
  /** The function's session token, which the extension requires on every call. */
  readonly sessionToken: () => string | undefined;
  /** PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, 2773 by default. */
  readonly port?: number;
  readonly fetch?: typeof fetch;
}

/** The command that puts a key into the secret once (README, "The transparency log"). */
export function provisioningHint(secretId: string): string {
  return `npm run -s transparency-key | aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string file:///dev/stdin`;
}

export class SecretsExtensionSigningKey implements SigningKeySource {
  readonly #options: SecretsExtensionOptions;

  constructor(options: SecretsExtensionOptions) {
    this.#options = options;
  }

  async privateKeyPem(): Promise<string> {
    const { secretId, port = 2773 } = this.#options;
    const doFetch = this.#options.fetch ?? fetch;
    const response = await doFetch(
      `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
      { headers: { 'X-Aws-Parameters-Secrets-Token': this.#options.sessionToken() ?? '' } },
    );
    if (!response.ok) {
      throw new Error(
        `the Parameters and Secrets extension answered ${response.status} for ${secretId}: ${await response.text()}`,
      );
    }
    const { SecretString } = (await response.json()) as { SecretString?: unknown };
    // The stack creates the secret with a random placeholder: Secrets Manager cannot generate an Ed25519 key.
    if (typeof SecretString !== 'string' || !SecretString.includes(PEM_HEADER)) {
      throw new SigningKeyError(
        `secret ${secretId} holds no Ed25519 private key (PKCS#8 PEM) yet; put one there once: ${provisioningHint(secretId)}`,
      );
    }
    return SecretString;
  }
}
