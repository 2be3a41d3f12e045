import { AppError } from '@faultline/instrumented';

/**
 * Lets a service's work (order's checkouts and worker passes, payment's charges and refunds) run
 * side by side and a data reset (POST /admin/reset) run alone: the reset waits for the work in
 * flight and holds back work that arrives meanwhile until it is done. A checkout spans several
 * statements and calls to other services, so no single database transaction could keep a reset
 * from cutting one in two; this keeps each wholly before or after. One process's work only: a
 * second instance of the service would need its own reset.
 */
export interface ResetGate {
  /** Runs `work` once no reset is under way; a reset that starts meanwhile waits for it. */
  pass<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `reset` once the work in flight has finished, holding new work back until it ends. Work
   * still in flight after the drain timeout fails it with 503 `reset_busy`, having run nothing.
   */
  exclusive<T>(reset: () => Promise<T>): Promise<T>;
}

/** A ResetGate whose resets wait at most `drainTimeoutMs` for the work in flight. */
export function createResetGate(drainTimeoutMs: number): ResetGate {
  let inFlight = 0;
  /** Settles when the reset under way ends; undefined while none is. */
  let resetting: Promise<void> | undefined;
  const onDrained = new Set<() => void>();

  const drained = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (inFlight === 0) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        onDrained.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        onDrained.delete(done);
        reject(
          new AppError(
            'reset_busy',
            503,
            `Work was still in flight after ${drainTimeoutMs} ms; nothing was reset. Try again.`,
          ),
        );
      }, drainTimeoutMs);
      onDrained.add(done);
    });

  return {
    async pass(work) {
      while (resetting !== undefined) await resetting;
      inFlight++;
      try {
        return await work();
      } finally {
        inFlight--;
        if (inFlight === 0) for (const done of [...onDrained]) done();
      }
    },
    async exclusive(reset) {
      while (resetting !== undefined) await resetting;
      let open = (): void => undefined;
      resetting = new Promise((resolve) => {
        open = resolve;
      });
      try {
        await drained();
        return await reset();
      } finally {
        resetting = undefined;
        open();
      }
    },
  };
}
