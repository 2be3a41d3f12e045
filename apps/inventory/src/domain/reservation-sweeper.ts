import { createPeriodicTask } from '@faultline/instrumented';
import type { Logger, PeriodicTask } from '@faultline/instrumented';

export interface ReservationSweeperOptions {
  intervalMs: number;
  /** One sweep step, resolving to how many reservations it expired. */
  sweep: () => Promise<number>;
  logger: Logger;
}

/**
 * Runs the sweep step every `intervalMs`, one run at a time, from start() until stop(). A failed
 * sweep is logged and retried on the next tick; it never takes the service down.
 */
export class ReservationSweeper {
  private readonly loop: PeriodicTask;

  constructor(options: ReservationSweeperOptions) {
    const { sweep, logger } = options;
    this.loop = createPeriodicTask({
      intervalMs: options.intervalMs,
      run: async () => {
        const expired = await sweep();
        if (expired > 0) {
          logger.info(
            { event: 'reservations_expired', count: expired },
            `expired ${expired} lapsed reservations`,
          );
        }
      },
      onError: (error) => {
        logger.warn(
          { event: 'reservation_sweep_failed', error },
          'expiring lapsed reservations failed; retrying on the next tick',
        );
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops the ticks and waits for a sweep in progress to finish. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
