/**
 * Where the transparency log's checkpoint key comes from (ADR 0007): a PEM file locally (the dev key under the
 * data folder), Secrets Manager on AWS, read through the AWS Parameters and Secrets Lambda Extension, a layer
 * of the checkpoint function that answers on localhost and caches the secret, so no SDK client is bundled.
 *
 * The optional SM2 co-signing key (GB/T 39786-2021) sits beside the Ed25519 one: locally the file
 * `transparency-sm2.pem` in the same folder, on AWS a second PEM block in the same secret (one secret, one
 * rotation, one permission; which block is which is read from the keys themselves, so their order does not
 * matter). To add it to a deployed secret:
 *
 *   { aws secretsmanager get-secret-value --secret-id ARN --query SecretString --output text
 *     npm run -s transparency-key -- --sm2; } | aws secretsmanager put-secret-value --secret-id ARN \
 *     --secret-string file:///dev/stdin
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SigningKeyError } from '../../domain/transparency-log.ts';
import type { SigningKeySource } from '../../ports.ts';

const PEM_HEADER = '-----BEGIN PRIVATE KEY-----';
const PEM_BLOCK = /-----BEGIN PRIVATE KEY-----[^-]*-----END PRIVATE KEY-----\n?/g;

/** The dev SM2 key's file name, beside the Ed25519 one (infra/local/dev-keys.ts makes it). */
export const SM2_KEY_FILE = 'transparency-sm2.pem';

// The SM2 curve's OID (1.2.156.10197.1.301) in DER: Node 20 names no curve for an SM2 key read from PEM, and
// this module stays clear of sm-crypto (domain/tlog/sm2.ts), which only the signing needs.
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

function isSm2(pem: string): boolean {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'der' }).includes(SM2_CURVE_OID);
  } catch {
    return false;
  }
}

function isEd25519(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/**
 * The blocks of a secret holding the Ed25519 key and, optionally, the SM2 one. A secret of one block is
 * returned as it is, so a secret provisioned before SM2 reads exactly as before.
 */
function splitKeys(text: string): { ed25519: string; sm2?: string } {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length <= 1) return { ed25519: text };
  const ed25519 = blocks.find(isEd25519);
  const sm2 = blocks.find(isSm2);
  if (ed25519 === undefined) throw new SigningKeyError('the secret holds several keys, none of them Ed25519');
  return sm2 === undefined ? { ed25519 } : { ed25519, sm2 };
}

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

  /** `transparency-sm2.pem` beside the Ed25519 key, if the operator made one (GONGSHI_TRANSPARENCY_SM2=1). */
  async sm2PrivateKeyPem(): Promise<string | undefined> {
    const path = join(dirname(this.#path), SM2_KEY_FILE);
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SigningKeyError(`cannot read the SM2 transparency key ${path}: ${(error as Error).message}`);
    }
    if (!isSm2(pem)) throw new SigningKeyError(`${path} holds no SM2 private key (PKCS#8 PEM)`);
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
    return splitKeys(await this.#secret()).ed25519;
  }

  /** The secret's SM2 block, if it holds one besides the Ed25519 key. */
  async sm2PrivateKeyPem(): Promise<string | undefined> {
    return splitKeys(await this.#secret()).sm2;
  }

  async #secret(): Promise<string> {
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
