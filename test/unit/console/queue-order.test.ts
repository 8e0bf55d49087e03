import { describe, expect, it } from 'vitest';
import { byDeadline } from '../../../console/queue-order.ts';

describe('the review queue order (R5)', () => {
  it('puts overdue decisions first, then the earliest last day to publish, those without one last', () => {
    const items = [
      { id: 'c', publishBy: '2026-12-20', overdue: false },
      { id: 'n', publishBy: null, overdue: false },
      { id: 'a', publishBy: '2026-12-01', overdue: true },
      { id: 'b', publishBy: '2026-12-10', overdue: false },
      { id: 'o', publishBy: '2026-11-20', overdue: true },
    ];
    expect(byDeadline(items).map((i) => i.id)).toEqual(['o', 'a', 'b', 'c', 'n']);
  });
});
