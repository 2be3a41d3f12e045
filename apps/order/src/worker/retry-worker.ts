import { createPeriodicTask, withSpan } from '@faultline/instrumented';
import { chargeOrder, giveUp } from '../domain/charge-order';
import type { ChargeOutcome } from '../domain/charge-order';
import type { CheckoutDeps } from '../domain/checkout-deps';
import type { Order } from '../domain/order';
import type { OrderRecord } from '../domain/ports';
import { refundOrder } from '../domain/refund-order';
import { reserveStock } from '../domain/reserve-stock';
import { commitStock, releaseStock } from '../domain/settle-reservation';

interface RetryWorkerOptions {
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
 * idempotency key, takes over checkouts a crash interrupted, refunds charges whose goods are gone,
 * and settles reservations inventory could not settle at the time. Every step is tried
 * `paymentRetry.attempts` times at most, with backoff. Its heartbeat metric is the "proof of life"
 * an alert watches.
 */
export function createRetryWorker(deps: CheckoutDeps, options: RetryWorkerOptions): RetryWorker {
  const batchSize = options.batchSize ?? 20;
  const leaseMs = Math.max(30_000, options.intervalMs * 10);

  const retryOrder = async ({ order, sealedCard }: OrderRecord): Promise<ChargeOutcome> => {
    if (order.status === 'refund_pending') {
      if (order.paymentId === null)
        throw new Error(`order ${order.id} awaits a refund of no payment`);
      await refundOrder(order, order.paymentId, order.failureReason ?? 'goods unavailable', deps);
      return 'failed';
    }
    if (sealedCard === null) {
      await releaseStock(order, deps);
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

  // A whole pass goes through the reset gate: a reset never deletes an order the pass has claimed.
  const runOnce = (): Promise<void> => deps.resetGate.pass(pass);

  const pass = async (): Promise<void> => {
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
        // Inventory down while reserving, or a database hiccup: the lease expires and it is tried
        // again — unless that was the last try.
        await failedTry(record.order, error);
      }
    }
    for (const order of await deps.orders.findUnsettledReservations(batchSize, deps.paymentRetry)) {
      await settle(order).catch((error: unknown) => {
        deps.logger.warn(
          { event: 'settlement_failed', order_id: order.id, error },
          'settling an order failed; will try again',
        );
      });
    }
    deps.metrics.heartbeat.set(deps.clock().getTime() / 1000);
  };

  const failedTry = async (order: Order, error: unknown): Promise<void> => {
    const exhausted =
      order.reservationId === null && order.paymentAttempts >= deps.paymentRetry.attempts;
    deps.metrics.retryAttempts.inc({ outcome: exhausted ? 'failed' : 'retry' });
    deps.logger.warn(
      { event: 'payment_retry_failed', order_id: order.id, error, last_try: exhausted },
      exhausted ? 'payment retry failed for the last time' : 'payment retry failed; will try again',
    );
    // Only an order that never got its stock reserved was never charged (the charge comes after
    // the reservation is recorded): it can fail safely. Others end through chargeOrder's own limit.
    if (exhausted) await giveUp(order, 'stock could not be reserved in time', deps);
  };

  /** Commits a paid order's stock or releases a failed one's, within the retry limit. */
  const settle = async (order: Order): Promise<void> => {
    const lastTry = order.settleAttempts + 1 >= deps.paymentRetry.attempts;
    if (order.status === 'paid') {
      const stock = await commitStock(order, deps);
      if (stock === 'committed') {
        await deps.orders.update(order.id, { status: 'paid', reservationSettled: true });
      } else if (stock === 'gone' || lastTry) {
        // A charge never stands without the goods.
        const reason =
          stock === 'gone'
            ? 'the reserved stock was sold meanwhile'
            : 'the stock could not be confirmed in time';
        if (order.paymentId === null) throw new Error(`paid order ${order.id} has no payment`);
        await refundOrder(order, order.paymentId, reason, deps);
      } else {
        await deps.orders.deferSettlement(order.id);
      }
      return;
    }
    if (await releaseStock(order, deps)) {
      await deps.orders.update(order.id, { status: order.status, reservationSettled: true });
    } else if (lastTry) {
      // Nothing is lost: inventory expires the reservation and gives the stock back by itself.
      await deps.orders.update(order.id, { status: order.status, reservationSettled: true });
      deps.logger.warn(
        { event: 'reservation_release_abandoned', order_id: order.id },
        'stopped releasing the reservation; it will expire in inventory',
      );
    } else {
      await deps.orders.deferSettlement(order.id);
    }
  };

  const loop = createPeriodicTask({
    intervalMs: options.intervalMs,
    runAtStart: true,
    // order.retry_worker: a hung worker does nothing at all — no retries, no heartbeat.
    run: () =>
      deps.faults?.check('order.retry_worker') !== undefined ? Promise.resolve() : runOnce(),
    onError: (error) => {
      deps.logger.error({ event: 'retry_worker_run_failed', error }, 'retry worker run failed');
    },
    onStart: () => {
      deps.logger.info(
        { event: 'retry_worker_started', interval_ms: options.intervalMs },
        'retry worker started',
      );
    },
  });

  return {
    start: () => {
      loop.start();
    },
    stop: () => loop.stop(),
    runOnce,
  };
}
