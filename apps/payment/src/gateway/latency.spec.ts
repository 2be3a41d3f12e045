import { gatewayLatencyMs } from './latency';

/** mulberry32: a small seeded generator, so the distribution checks are repeatable. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

describe('simulated gateway latency', () => {
  const random = seeded(42);
  const samples = Array.from({ length: 20_000 }, () => gatewayLatencyMs(20, random)).sort(
    (a, b) => a - b,
  );

  it('centres on the configured median', () => {
    expect(percentile(samples, 0.5)).toBeGreaterThan(19);
    expect(percentile(samples, 0.5)).toBeLessThan(21);
  });

  it('has a long tail: the 99th percentile is several times the median', () => {
    expect(percentile(samples, 0.99)).toBeGreaterThan(4 * 20);
    expect(percentile(samples, 0.99)).toBeLessThan(8 * 20);
  });

  it('never exceeds 20 medians and is never negative', () => {
    expect(samples[samples.length - 1]).toBeLessThanOrEqual(400);
    expect(samples[0]).toBeGreaterThan(0);
  });

  it('is zero when the median is zero', () => {
    expect(gatewayLatencyMs(0, random)).toBe(0);
  });

  it('stays finite when the random source returns its extremes', () => {
    expect(gatewayLatencyMs(20, () => 0)).toBeGreaterThan(0);
    expect(gatewayLatencyMs(20, () => 0.999999999)).toBeLessThanOrEqual(400);
  });
});
