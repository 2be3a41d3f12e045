import { withSpan } from '@faultline/instrumented';
import type { OrderRecord } from '../data/order-repository';
import { chargeOrder } from '../domain/charge-order';
import type { ChargeOutcome } from '../domain/charge-order';
import type { CheckoutDeps } from '../domain/checkout-deps';
import { reserveStock } from '../domain/reserve-stock';
import { settleReservation } from '../domain/settle-reservation';

export interface RetryWorkerOptions {
  intervalMs: number;
  /** An in-flight checkout untouched this long was left by a crash. */
  staleCheckoutMs: number;
  batchSize?: number;
}

export interface RetryWorker {
  start(): void;
  /** Stops the loop and waits for the run in progress. */
  stop(): Promise<void>;
  /** One pass: retry due payments, settle leftover reservations, stamp the heartbeat. */
  runOnce(): Promise<void>;
}

/**
 * The background worker behind payment_pending: it retries each due order's charge with the same
 * idempotency key, takes over checkouts a crash interrupted, and settles reservations inventory
 * could not settle at the time. Its heartbeat metric is the "proof of life" an alert watches.
 */
export function createRetryWorker(deps: CheckoutDeps, options: RetryWorkerOptions): RetryWorker {
  const batchSize = options.batchSize ?? 20;
  const leaseMs = Math.max(30_000, options.intervalMs * 10);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const retryOrder = async ({ order, sealedCard }: OrderRecord): Promise<ChargeOutcome> => {
    if (sealedCard === null) {
      await settleReservation(order, 'release', deps);
      await deps.orders.update(order.id, {
        status: 'failed',
        failureReason: 'card no longer available',
        eraseCard: true,
      });
      return 'failed';
    }
    let current = order;
    if (current.reservationId === null) {
      const reservation = await reserveStock(current, deps);
      if (!reservation.reserved) return 'failed';
      current = reservation.order;
    }
    // payment_attempts already counts this claim; retries so far = claims before this one + this one.
    const charged = await chargeOrder(
      current,
      deps.vault.open(sealedCard),
      current.paymentAttempts,
      deps,
    );
    return charged.outcome;
  };

  const runOnce = async (): Promise<void> => {
    const due = await deps.orders.claimDue(batchSize, options.staleCheckoutMs, leaseMs);
    for (const record of due) {
      try {
        const outcome = await withSpan(
          'retry_worker.retry_payment',
          { 'order.id': record.order.id, 'retry.attempt': record.order.paymentAttempts },
          () => retryOrder(record),
        );
        deps.metrics.retryAttempts.inc({ outcome });
      } catch (error) {
        // Inventory down while reserving, or a database hiccup: the lease expires and it is tried again.
        deps.metrics.retryAttempts.inc({ outcome: 'retry' });
        deps.logger.warn(
          { event: 'payment_retry_failed', order_id: record.order.id, error },
          'payment retry failed; will try again',
        );
      }
    }
    for (const order of await deps.orders.findUnsettledReservations(
      batchSize,
      options.intervalMs,
    )) {
      const action = order.status === 'paid' ? 'commit' : 'release';
      if (await settleReservation(order, action, deps)) {
        await deps.orders.update(order.id, { status: order.status, reservationSettled: true });
      }
    }
    deps.metrics.heartbeat.set(deps.clock().getTime() / 1000);
  };

  const loop = (): void => {
    if (stopped) return;
    // order.retry_worker: a hung worker does nothing at all — no retries, no heartbeat.
    const hung = deps.faults?.check('order.retry_worker') !== undefined;
    running = (hung ? Promise.resolve() : runOnce())
      .catch((error: unknown) => {
        deps.logger.error({ event: 'retry_worker_run_failed', error }, 'retry worker run failed');
      })
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(loop, options.intervalMs);
      });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      deps.logger.info(
        { event: 'retry_worker_started', interval_ms: options.intervalMs },
        'retry worker started',
      );
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
