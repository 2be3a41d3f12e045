import { createPeriodicTask } from '@faultline/instrumented';
import type { Logger, PeriodicTask } from '@faultline/instrumented';
import type { DeadMansSwitch } from '../domain/dead-mans-switch';
import { runSyntheticCheckout } from '../domain/synthetic-checkout';
import type { SyntheticCheckoutDeps } from '../domain/synthetic-checkout';

/**
 * A synthetic checkout at start, then one `intervalMs` after each ends: never two at once, and
 * each bounded by its own timeout, so a hung order service delays the next check by that much only.
 */
export function syntheticCheckLoop(deps: SyntheticCheckoutDeps, intervalMs: number): PeriodicTask {
  return createPeriodicTask({
    intervalMs,
    runAtStart: true,
    run: () => runSyntheticCheckout(deps),
    onError: (error) => {
      deps.logger.error({ event: 'synthetic_check_failed', error }, 'synthetic check crashed');
    },
  });
}

/**
 * How often the dead man's switch is looked at: a tenth of its timeout, between 100 ms and 10 s,
 * so it trips at most that late.
 */
export const deadmanCheckIntervalMs = (timeoutMs: number): number =>
  Math.min(10_000, Math.max(100, Math.round(timeoutMs / 10)));

/** Looks at the dead man's switch on a timer, so silence trips it even when nothing arrives. */
export function deadmanLoop(deadman: DeadMansSwitch, logger: Logger): PeriodicTask {
  return createPeriodicTask({
    intervalMs: deadmanCheckIntervalMs(deadman.status().timeoutMs),
    run: () => {
      deadman.check();
      return Promise.resolve();
    },
    onError: (error) => {
      logger.error({ event: 'deadman_check_failed', error }, "dead man's switch check failed");
    },
  });
}
