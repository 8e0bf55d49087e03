/**
 * What `npm run sweep` and `npm run invoke` print of a scheduled run: one line per function, its counts in words
 * an operator reads (`withdrawal-sweep  due 3 · withdrawn 3 · skipped 0 · complete`), rather than the handler's
 * JSON. `--json` prints that JSON instead, one line per run, for scripts.
 */

const words = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** The run's result as `name  key value · …`, arrays by their length, `complete: false` as a warning. */
export function summaryLine(name: string, result: unknown, width = 24): string {
  const parts: string[] = [];
  let incomplete = false;
  if (result && typeof result === 'object') {
    for (const [key, value] of Object.entries(result as Record<string, unknown>)) {
      if (key === 'complete') incomplete = value === false;
      else if (typeof value === 'number' || typeof value === 'string') parts.push(`${words(key)} ${value}`);
      else if (typeof value === 'boolean') parts.push(`${words(key)} ${value ? 'yes' : 'no'}`);
      else if (Array.isArray(value)) parts.push(`${words(key)} ${value.length}`);
    }
  }
  if (incomplete) parts.push('INCOMPLETE: the next run resumes');
  else if (result && typeof result === 'object' && 'complete' in result) parts.push('complete');
  return `${name.padEnd(width)}${parts.length > 0 ? parts.join(' · ') : 'done'}`;
}
