/** Spread of the log-normal: the 99th percentile lands near 5.7× the median, the 99.9th near 10×. */
const SIGMA = 0.75;
/** No answer takes longer than this many medians (a real gateway times out on its side). */
const MAX_MEDIANS = 20;

/**
 * A gateway round trip in milliseconds: log-normal around `medianMs`, so most calls are quick and a
 * few are many times slower, as real card networks are; capped at 20 medians.
 * `random` returns uniform numbers in [0, 1) (Math.random, or a seeded one in tests).
 */
export function gatewayLatencyMs(medianMs: number, random: () => number): number {
  // Box–Muller: two uniforms give one standard normal; 1 - u keeps the logarithm finite.
  const u1 = 1 - random();
  const u2 = random();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.min(medianMs * Math.exp(SIGMA * normal), medianMs * MAX_MEDIANS);
}
