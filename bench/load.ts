export interface LoadResult {
  concurrency: number;
  p50_ms: number;
  p99_ms: number;
  per_second: number;
}

/** The p-th percentile (0–100) of some values, by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export const tenths = (value: number) => Math.round(value * 10) / 10;

/** `count` calls of `one`, `concurrency` at a time; latency of each, and the rate overall. */
export async function load(
  concurrency: number,
  count: number,
  one: (n: number, client: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (next < count) {
        const n = next++;
        const t = performance.now();
        await one(n, client);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency,
    p50_ms: tenths(percentile(latencies, 50)),
    p99_ms: tenths(percentile(latencies, 99)),
    per_second: Math.round(count / seconds),
  };
}
