/**
 * `npm run invoke -- FUNCTION --time ISO`: runs one scheduled handler once, as of that instant (SPEC: scheduled
 * handlers take "now" from the event's time). Beside a running `npm start` it uses that platform's emulators
 * and data; alone it starts them on GONGSHI_DATA_DIR (default `.data`).
 */
import { resolve } from 'node:path';
import { FUNCTION_NAMES, type FunctionName } from '../../shared/manifest.ts';
import { SCHEDULES } from '../../shared/schedules.ts';
import { parseCommandLine } from '../cli.ts';
import {
  LOCAL_ARCHIVE_BUCKET,
  LOCAL_SITE_BUCKET,
  LOCAL_TABLE_NAME,
  LOCAL_UPLOADS_BUCKET,
} from './platform.ts';
import { summaryLine } from './run-summary.ts';
import {
  connectLocalEnvironment,
  importScheduledHandler,
  parseTime,
  scheduleEvent,
  TimeError,
} from './scheduler.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SCHEDULED = SCHEDULES.map((s) => s.function);
const USAGE = `usage: npm run invoke -- FUNCTION --time ISO [--json]
Runs one scheduled function once as of that instant. FUNCTION is one of: ${SCHEDULED.join(', ')}.
Prints its counts on one line; --json prints its result as JSON instead.`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine('invoke', USAGE, {
    options: { time: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const name = positionals[0];
  if (positionals.length !== 1 || !name || !SCHEDULED.includes(name as FunctionName)) {
    console.error(`invoke: name one of ${SCHEDULED.join(', ')} (npm run invoke -- --help)`);
    return 2;
  }
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  if (!(FUNCTION_NAMES as readonly string[]).includes(name)) throw new Error(`no function ${name}`);
  const time = parseTime(values.time);
  const dataDir = resolve(process.env.GONGSHI_DATA_DIR || '.data');
  const environment = await connectLocalEnvironment(dataDir, {
    tableName: LOCAL_TABLE_NAME,
    siteBucket: LOCAL_SITE_BUCKET,
    archiveBucket: LOCAL_ARCHIVE_BUCKET,
    uploadsBucket: LOCAL_UPLOADS_BUCKET,
  });
  try {
    const handler = await importScheduledHandler(name as FunctionName);
    const schedule = SCHEDULES.find((s) => s.function === name);
    const result = await handler(scheduleEvent(time, schedule));
    console.log(
      values.json
        ? JSON.stringify({ function: name, time: time.toISOString(), result })
        : summaryLine(name, result),
    );
    // Alone, the publisher is not running: a withdrawal reaches the site when `npm start` next reads the stream.
    if (!environment.shared) console.error('(no running `npm start`: the site follows when it next starts)');
    return 0;
  } finally {
    await environment.stop();
  }
}

try {
  process.exit(await main());
} catch (error) {
  console.error('invoke failed:', error instanceof Error ? error.message : error);
  process.exit(error instanceof TimeError ? 2 : 1);
}
