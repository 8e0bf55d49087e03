import { describe, expect, it } from 'vitest';
import { summaryLine } from '../../../infra/local/run-summary.ts';

describe('what npm run sweep prints of a run', () => {
  it('one line of counts in words, arrays by their length, completeness last', () => {
    expect(summaryLine('withdrawal-sweep', { due: 3, withdrawn: 3, skipped: 0, complete: true })).toBe(
      'withdrawal-sweep        due 3 · withdrawn 3 · skipped 0 · complete',
    );
    expect(summaryLine('reconcile-sweep', { stuck: 1, approvalMismatches: ['a'], complete: false }, 16)).toBe(
      'reconcile-sweep stuck 1 · approval mismatches 1 · INCOMPLETE: the next run resumes',
    );
    expect(summaryLine('site-heartbeat', {}, 16)).toBe('site-heartbeat  done');
  });
});
