/**
 * `npm run sweep -- --time ISO`: runs every row of the schedule table once, as of that instant, in table
 * order — replays any date (R5, R6). Beside a running `npm start` it uses that platform's emulators and data;
 * alone it starts them on GONGSHI_DATA_DIR (default `.data`).
 */
import { resolve } from 'node:path';
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

const USAGE = `usage: npm run sweep -- --time ISO [--json]
Runs every schedule once as of that instant: ${SCHEDULES.map((s) => s.name).join(', ')}.
Prints one line per schedule with its counts; --json prints each run's result as JSON instead.`;

async function main(): Promise<number> {
  const { values } = parseCommandLine('sweep', USAGE, {
    options: { time: { type: 'string' }, json: { type: 'boolean' } },
  });
  // The handlers' CloudWatch metrics (EMF lines) say nothing locally; the summary says it in words.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const time = parseTime(values.time);
  const dataDir = resolve(process.env.GONGSHI_DATA_DIR || '.data');
  const environment = await connectLocalEnvironment(dataDir, {
    tableName: LOCAL_TABLE_NAME,
    siteBucket: LOCAL_SITE_BUCKET,
    archiveBucket: LOCAL_ARCHIVE_BUCKET,
    uploadsBucket: LOCAL_UPLOADS_BUCKET,
  });
  let failed = 0;
  try {
    for (const schedule of SCHEDULES) {
      try {
        const handler = await importScheduledHandler(schedule.function);
        const result = await handler(scheduleEvent(time, schedule));
        console.log(
          values.json
            ? JSON.stringify({ schedule: schedule.name, time: time.toISOString(), result })
            : summaryLine(schedule.name, result),
        );
      } catch (error) {
        failed += 1;
        console.error(`${schedule.name} failed:`, error instanceof Error ? error.message : error);
      }
    }
    if (!environment.shared) console.error('(no running `npm start`: the site follows when it next starts)');
    return failed > 0 ? 1 : 0;
  } finally {
    await environment.stop();
  }
}

try {
  process.exit(await main());
} catch (error) {
  console.error('sweep failed:', error instanceof Error ? error.message : error);
  process.exit(error instanceof TimeError ? 2 : 1);
}
