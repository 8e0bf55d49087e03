/**
 * `npm start`: the local platform on disk under GONGSHI_DATA_DIR (default `.data`), the API on API_PORT
 * (3000) and the public site on SITE_PORT (3001). Ctrl-C stops every emulator it started; the next start
 * finds the data again.
 */
import { resolve } from 'node:path';
import { parseCommandLine } from '../cli.ts';
import { assertJava } from './dynamodb-local.ts';
import { type LogLevel, type RunningPlatform, startPlatform } from './platform.ts';

// The warning that newer SDK releases will need Node 22 is about this machine, not about Lambda (Node 22).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

parseCommandLine(
  'start',
  `usage: npm start
Runs the whole platform on this machine: DynamoDB Local and an S3 server with their data under GONGSHI_DATA_DIR
(default .data), the API on API_PORT (default 3000), the public site on SITE_PORT (default 3001), the schedules
and the table's stream. LOG_LEVEL: DEBUG, INFO (default), WARN or ERROR. Ctrl-C stops it; the data stays.`,
  {},
);

function port(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`${name} must be a port number, not "${text}"`);
    process.exit(2);
  }
  return value;
}

function logLevel(): LogLevel {
  const text = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase();
  return text === 'DEBUG' || text === 'WARN' || text === 'ERROR' ? text : 'INFO';
}

try {
  assertJava();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const dataDir = resolve(process.env.GONGSHI_DATA_DIR || '.data');
let platform: RunningPlatform;
try {
  platform = await startPlatform({
    dataDir,
    apiPort: port('API_PORT', 3000),
    sitePort: port('SITE_PORT', 3001),
    logLevel: logLevel(),
  });
} catch (error) {
  console.error('The local platform did not start:', error);
  process.exit(1);
}

// -s keeps npm's own banner off stdout, so that the command substitution holds the token alone.
const tokenCommand =
  (process.env.GONGSHI_DATA_DIR ? `GONGSHI_DATA_DIR=${process.env.GONGSHI_DATA_DIR} ` : '') +
  'npm run -s token -- --agency siping-gxj --role submitter --user li.na';
console.log(
  [
    'Gongshi local platform',
    `  API          ${platform.apiUrl}/v1/…   (OpenAPI: ${platform.apiUrl}/v1/openapi.json)`,
    `  public site  ${platform.siteUrl}/`,
    `  console      ${platform.consoleUrl}   (agency staff: sign in as a reviewer of siping-gxj)`,
    `  data         ${dataDir}`,
    `  DynamoDB     ${platform.dynamoEndpoint}  (table ${platform.tableName})`,
    `  S3           ${platform.s3Endpoint}  (buckets ${platform.siteBucket}, ${platform.archiveBucket}, ${platform.uploadsBucket})`,
    '',
    'A token for the API (roles: submitter, reviewer, operator):',
    `  TOKEN=$(${tokenCommand})`,
    `  curl -H "Authorization: Bearer $TOKEN" ${platform.apiUrl}/v1/decisions`,
    'Ctrl-C stops everything.',
  ].join('\n'),
);

let stopping = false;
const shutdown = (reason: string, code: number) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${reason}: stopping the local platform …`);
  platform.stop().then(
    () => process.exit(code),
    (error: unknown) => {
      console.error('stopping failed:', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT', 0));
process.on('SIGTERM', () => shutdown('SIGTERM', 0));
// Dying here would leave DynamoDB Local running without anyone to stop it.
process.on('uncaughtException', (error) => {
  console.error('unexpected error in the local platform:', error);
  shutdown('error', 1);
});
