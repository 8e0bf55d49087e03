/**
 * The handlers' environment on the local platform: the union of what each manifest row's function is told on
 * AWS (`environmentFor`, shared/manifest.ts), since the local platform runs every handler in one process, plus
 * what only the local platform sets: the emulators' addresses, their credentials and the dev signing key.
 * `npm start`, `npm run sweep` and `npm run invoke` all set it here. `TLOG_WITNESSES` from the shell reaches the
 * checkpoint as on AWS (`TLOG_WITNESSES='[{"url":…,"vkey":…}]' npm start`), checked before anything starts.
 * `GONGSHI_CLAIMS` from the shell reaches the handlers as it is (the API server checks it when it starts).
 */
import { ENV, environmentFor, FUNCTION_NAMES, type Resources } from '../../shared/manifest.ts';
import { parseWitnessList } from '../../shared/transparency/witness.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './aws-config.ts';

export interface LocalResources extends Omit<Resources, 'stage' | 'transparencyKeySecretArn'> {
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  /** ADR 0007: the checkpoints' signing key, a dev key under the data folder (Secrets Manager on AWS). */
  readonly transparencyKeyFile: string;
  readonly logLevel: string;
  readonly metrics: boolean;
}

/** The shell's `TLOG_WITNESSES`, checked (a malformed list fails `npm start` with the problem named). */
export function localWitnesses(env: Readonly<Record<string, string | undefined>> = process.env): {
  readonly tlogWitnesses?: string;
} {
  const list = parseWitnessList(env[ENV.TLOG_WITNESSES] ?? '');
  return list.length === 0 ? {} : { tlogWitnesses: JSON.stringify(list) };
}

export function localEnvironment(local: LocalResources): Record<string, string> {
  const resources: Resources = { ...local, stage: 'local', transparencyKeySecretArn: '' };
  const union: Record<string, string> = {};
  for (const name of FUNCTION_NAMES) Object.assign(union, environmentFor(name, resources));
  // Locally the key is a file, not a secret: no ARN to read.
  delete union[ENV.TRANSPARENCY_KEY_SECRET_ARN];
  return {
    ...union,
    [ENV.DYNAMODB_ENDPOINT]: local.dynamoEndpoint,
    [ENV.S3_ENDPOINT]: local.s3Endpoint,
    [ENV.TRANSPARENCY_KEY_FILE]: local.transparencyKeyFile,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: local.logLevel,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: local.metrics ? 'false' : 'true',
  };
}
