/** Order statistics of measured samples: the report shows medians and tails, never means of noisy timings. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at] as number;
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);
