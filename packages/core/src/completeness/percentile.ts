/**
 * The nearest-rank percentile (p in (0, 1]) of the values: always one of them, never an interpolation, so a
 * threshold learned from whole hours stays a whole number of hours. Undefined without values.
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export const clamp = (value: number, { floor, ceiling }: { floor: number; ceiling: number }): number =>
  Math.min(ceiling, Math.max(floor, value));
