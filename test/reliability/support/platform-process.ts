/**
 * The local platform in a process of its own (the reliability project's global setup and the durability test
 * start it): in memory, on free ports, scheduler off. It prints its addresses as one JSON line and stops when
 * its standard input closes (the parent went away) or on SIGTERM.
 */
import { startPlatform } from '../../../infra/local/platform.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: platform-process.ts DATA_DIR');

const platform = await startPlatform({
  dataDir,
  inMemory: true,
  apiPort: 0,
  sitePort: 0,
  logLevel: 'ERROR',
  scheduler: false,
});
process.stdout.write(
  `${JSON.stringify({
    pid: process.pid,
    apiUrl: platform.apiUrl,
    siteUrl: platform.siteUrl,
    dynamoEndpoint: platform.dynamoEndpoint,
    s3Endpoint: platform.s3Endpoint,
    tableName: platform.tableName,
    siteBucket: platform.siteBucket,
    uploadsBucket: platform.uploadsBucket,
  })}\n`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  platform.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
