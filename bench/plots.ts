/** The two plots of the report (publish time, sweep reads), from the checkpoints of one run, each beside the line the design promises. */

import type { BenchResults } from './report.ts';
import { median } from './stats.ts';
import { linePlot } from './svg.ts';

export function publishTimePlot(results: BenchResults): string {
  const measured = results.checkpoints
    .filter((c) => c.publish && c.publish.length > 0)
    .map((c) => [c.published, median((c.publish ?? []).map((p) => p.ms))] as const);
  const first = measured[0]?.[1] ?? 0;
  const full = results.fullMonthProbes;
  return linePlot({
    title: 'Publishing one decision: time against decisions already published',
    xLabel: 'decisions already published (log scale)',
    yLabel: 'median publish time (ms)',
    series: [
      { name: 'measured, into the current month', color: '#1f77b4', points: measured },
      {
        name: 'O(1): the time at the smallest size',
        color: '#2ca02c',
        dashed: true,
        points: measured.map(([x]) => [x, first] as const),
      },
      ...(full && full.length > 0 && measured.length > 0
        ? [
            {
              name: `into the fullest month (~${Math.round(results.size / 12)} entries)`,
              color: '#d62728',
              points: [[measured.at(-1)?.[0] ?? results.size, median(full.map((p) => p.ms))] as const],
            },
          ]
        : []),
    ],
  });
}

export function sweepReadsPlot(results: BenchResults): string {
  const points = results.checkpoints.filter((c) => c.sweep);
  return linePlot({
    title: 'Deadline sweep: DynamoDB items read against table size',
    xLabel: 'decisions in the table (log scale)',
    yLabel: 'items returned by Query and GetItem',
    series: [
      {
        name: 'measured: items read',
        color: '#1f77b4',
        points: points.map((c) => [c.decisions, c.sweep?.counts.itemsRead ?? 0] as const),
      },
      {
        name: 'O(due): items due',
        color: '#2ca02c',
        dashed: true,
        points: points.map((c) => [c.decisions, c.sweep?.due ?? 0] as const),
      },
    ],
  });
}
