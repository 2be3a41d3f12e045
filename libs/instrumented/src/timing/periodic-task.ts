export interface PeriodicTaskOptions {
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** One run; a rejection goes to onError and the loop goes on. */
  run: () => Promise<unknown>;
  /** Where a failed run goes (log it); never allowed to stop the loop or the process. */
  onError: (error: unknown) => void;
  /** Run once at start() rather than after the first interval (default false). */
  runAtStart?: boolean;
  /** Called when start() starts a stopped loop (to log it), never on a repeated start(). */
  onStart?: () => void;
}

export interface PeriodicTask {
  /** Starts the loop; a second call while it runs does nothing. */
  start(): void;
  /** Stops the loop and waits for the run in progress, if any, to finish. */
  stop(): Promise<void>;
}

/**
 * A background loop: run, wait the interval, run again — never two runs at once, and a failed
 * run is reported, not thrown. Its timer does not keep the process alive (the server does).
 */
export function createPeriodicTask(options: PeriodicTaskOptions): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const runOnce = async (): Promise<void> => {
    try {
      await options.run();
    } catch (error) {
      try {
        options.onError(error);
      } catch {
        // A failing error report must not end the loop either.
      }
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(tick, options.intervalMs);
    timer.unref();
  };

  function tick(): void {
    timer = undefined;
    if (stopped) return;
    running = runOnce().finally(() => {
      running = undefined;
      schedule();
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      options.onStart?.();
      // A run left over from before a stop() schedules the next one when it ends.
      if (running) return;
      if (options.runAtStart === true) tick();
      else schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
