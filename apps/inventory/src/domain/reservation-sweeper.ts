import type { Logger } from '@faultline/instrumented';

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
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;

  constructor(private readonly options: ReservationSweeperOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleNext();
  }

  /** Stops the ticks and waits for a sweep in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private scheduleNext(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.sweepOnce().finally(() => {
        this.inFlight = undefined;
        if (this.running) this.scheduleNext();
      });
    }, this.options.intervalMs);
    // The HTTP server keeps the process alive; the sweeper alone should not.
    this.timer.unref();
  }

  private async sweepOnce(): Promise<void> {
    const { sweep, logger } = this.options;
    try {
      const expired = await sweep();
      if (expired > 0) {
        logger.info(
          { event: 'reservations_expired', count: expired },
          `expired ${expired} lapsed reservations`,
        );
      }
    } catch (error) {
      logger.warn(
        { event: 'reservation_sweep_failed', error },
        'expiring lapsed reservations failed; retrying on the next tick',
      );
    }
  }
}
