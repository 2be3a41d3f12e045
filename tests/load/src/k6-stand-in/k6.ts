/** Stand-in for the `k6` module: the parts the scripts use. */
import { ledger } from './ledger';

/**
 * Runs every named predicate on the value and records each result, as k6's `checks` metric does
 * (a truthy result passes).
 */
export function check<T>(
  value: T,
  sets: Record<string, (value: T) => unknown>,
  tags: Record<string, string> = {},
): boolean {
  let all = true;
  for (const [name, predicate] of Object.entries(sets)) {
    const passed = Boolean(predicate(value));
    ledger.checks.push({ name, passed, tags });
    all &&= passed;
  }
  return all;
}

const asleep = new Int32Array(new SharedArrayBuffer(4));

/** Blocks for the given seconds, as k6's sleep does. */
export function sleep(seconds: number): void {
  Atomics.wait(asleep, 0, 0, Math.max(0, seconds) * 1000);
}

export default { check, sleep };
