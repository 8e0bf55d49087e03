import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../shared/manifest.ts';
import { ALARMS, SCHEDULES } from '../../shared/schedules.ts';

const root = join(import.meta.dirname, '../..');

function emittedMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/addMetric\(\s*'(\w+)'/g))
          names.add(m[1] as string);
      }
    }
  };
  walk(join(root, 'functions'));
  walk(join(root, 'shared'));
  return names;
}

describe('the schedule and alarm tables', () => {
  it('schedules only functions that exist, each in Asia/Shanghai with a six-field cron', () => {
    for (const schedule of SCHEDULES) {
      expect(FUNCTION_NAMES).toContain(schedule.function);
      expect(schedule.timeZone).toBe('Asia/Shanghai');
      expect(schedule.cron.split(' ')).toHaveLength(6);
    }
  });

  it('alarms only on metrics the code really emits', () => {
    const emitted = emittedMetrics();
    for (const alarm of ALARMS) expect(emitted, alarm.metric).toContain(alarm.metric);
  });
});
