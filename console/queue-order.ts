/** The review queue's order (R5): overdue ones first, then by the last day to publish, earliest first. */
export interface Queued {
  readonly id: string;
  readonly publishBy: string | null;
  readonly overdue: boolean;
}

export function byDeadline<T extends Queued>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.publishBy ?? '9999-12-31').localeCompare(b.publishBy ?? '9999-12-31') ||
      a.id.localeCompare(b.id),
  );
}
