/**
 * The checkpoint key's composition root: Secrets Manager through the extension layer on AWS (the stack sets
 * TRANSPARENCY_KEY_SECRET_ARN), the dev key file locally (the local platform sets GONGSHI_TRANSPARENCY_KEY_FILE).
 * Neither set fails the cold start.
 */

import { FileSigningKey, SecretsExtensionSigningKey } from '../../../shared/adapters/secrets/signing-key.ts';
import type { SigningKeySource } from '../../../shared/ports.ts';
import { optional, readEnv } from '../env.ts';

const env = readEnv({
  TRANSPARENCY_KEY_SECRET_ARN: optional(),
  GONGSHI_TRANSPARENCY_KEY_FILE: optional(),
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: optional(/^\d+$/),
});

function signingKeySource(): SigningKeySource {
  if (env.TRANSPARENCY_KEY_SECRET_ARN) {
    return new SecretsExtensionSigningKey({
      secretId: env.TRANSPARENCY_KEY_SECRET_ARN,
      sessionToken: () => process.env.AWS_SESSION_TOKEN,
      ...(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT
        ? { port: Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT) }
        : {}),
    });
  }
  if (env.GONGSHI_TRANSPARENCY_KEY_FILE) return new FileSigningKey(env.GONGSHI_TRANSPARENCY_KEY_FILE);
  throw new Error(
    'no transparency key: set TRANSPARENCY_KEY_SECRET_ARN (AWS) or GONGSHI_TRANSPARENCY_KEY_FILE (local)',
  );
}

export const signingKey: SigningKeySource = signingKeySource();
