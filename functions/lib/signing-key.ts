/**
 * The checkpoint key's composition root: Secrets Manager through the extension layer on AWS (the stack sets
 * TRANSPARENCY_KEY_SECRET_ARN), the dev key file locally (the local platform sets GONGSHI_TRANSPARENCY_KEY_FILE).
 * Neither set fails the cold start.
 */
import * as z from 'zod/mini';
import { FileSigningKey, SecretsExtensionSigningKey } from '../../shared/adapters/secrets/signing-key.ts';
import type { SigningKeySource } from '../../shared/ports.ts';

const Env = z.object({
  TRANSPARENCY_KEY_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  GONGSHI_TRANSPARENCY_KEY_FILE: z.optional(z.string().check(z.minLength(1))),
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: z.optional(z.string().check(z.regex(/^\d+$/))),
});

const env = z.parse(Env, process.env);

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
