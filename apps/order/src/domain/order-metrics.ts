import { SYNTHETIC_CUSTOMER_ID } from '@faultline/contracts';
import { withTimeout } from '@faultline/instrumented';
import type { Metrics } from '@faultline/instrumented';

/** Longest a scrape waits for the pending-order count (Prometheus's shortest timeout here is 1 s). */
const COUNT_TIMEOUT_MS = 500;

/** A checkout's first answer, as checkouts_total{outcome} counts it. */
export const CHECKOUT_OUTCOMES = [
  'paid',
  'declined',
  'payment_pending',
  'out_of_stock',
  'failed',
] as const;
export type CheckoutOutcome = (typeof CHECKOUT_OUTCOMES)[number];

/**
 * Who placed an order: the watcher's synthetic checkout (customer SYNTHETIC_CUSTOMER_ID) or a
 * customer. Business dashboards show traffic="customer"; the checkout SLO counts both.
 */
export const TRAFFIC = ['customer', 'synthetic'] as const;
export type Traffic = (typeof TRAFFIC)[number];

export const trafficOf = (customerId: string): Traffic =>
  customerId === SYNTHETIC_CUSTOMER_ID ? 'synthetic' : 'customer';

/**
 * The order service's business metrics (names are part of the dashboards' and alerts' interface).
 * `countPending` counts the orders waiting for a payment retry; it runs at every scrape, so the
 * backlog shows even when the worker that would drain it has stopped.
 */
export function orderMetrics(metrics: Metrics, countPending: () => Promise<number>) {
  const refunds = metrics.counter({
    name: 'order_refunds_total',
    help: 'Charges given back because the order could not get its goods, by outcome: refunded, deferred (payment unreachable, tried again), abandoned (tries exhausted: needs a person).',
    labelNames: ['outcome'],
  });
  const checkouts = metrics.counter<'outcome' | 'traffic'>({
    name: 'checkouts_total',
    help: "Checkouts by first answer (paid, declined, payment_pending, out_of_stock, failed) and traffic (customer, or the watcher's synthetic checks).",
    labelNames: ['outcome', 'traffic'],
  });
  const paidOrders = metrics.counter<'traffic'>({
    name: 'orders_paid_total',
    help: "Orders paid, at the checkout's first answer or later by the retry worker, by traffic (customer, or the watcher's synthetic checks): counted with their revenue.",
    labelNames: ['traffic'],
  });
  // Every series exists from the start, so an alert on increase() sees the first one.
  for (const outcome of ['refunded', 'deferred', 'abandoned']) refunds.inc({ outcome }, 0);
  for (const traffic of TRAFFIC) {
    paidOrders.inc({ traffic }, 0);
    for (const outcome of CHECKOUT_OUTCOMES) checkouts.inc({ outcome, traffic }, 0);
  }
  return {
    refunds,
    /** First answer to each checkout, by outcome and traffic (see trafficOf). */
    checkouts,
    /**
     * Every order paid, whichever path paid it (the first answer or the retry worker), by traffic:
     * orders per minute counted as revenue is, where checkouts_total{outcome="paid"} misses the
     * orders paid late.
     */
    paidOrders,
    /** Paid order value by currency and traffic; a currency's series starts with its first sale. */
    revenue: metrics.counter<'currency' | 'traffic'>({
      name: 'order_revenue_minor_units_total',
      help: "Revenue of paid orders, in minor units of the currency, by traffic (customer, or the watcher's synthetic checks).",
      labelNames: ['currency', 'traffic'],
    }),
    retryAttempts: metrics.counter({
      name: 'retry_worker_attempts_total',
      help: 'Payment retries by the worker, by outcome: paid, declined, retry, failed.',
      labelNames: ['outcome'],
    }),
    queueDepth: metrics.gauge({
      name: 'order_retry_queue_depth',
      help: 'Orders waiting for a payment retry (status payment_pending), counted at scrape time.',
      async collect() {
        // A failed or slow count keeps the last value, so a struggling database cannot fail the
        // whole scrape (the database being down shows on /health/ready).
        const depth = await withTimeout(
          countPending().catch(() => undefined),
          COUNT_TIMEOUT_MS,
        );
        if (typeof depth === 'number') this.set(depth);
      },
    }),
    heartbeat: metrics.gauge({
      name: 'retry_worker_heartbeat_timestamp_seconds',
      help: 'Unix time of the retry worker\'s last completed run ("proof of life").',
    }),
  };
}

export type OrderMetrics = ReturnType<typeof orderMetrics>;
