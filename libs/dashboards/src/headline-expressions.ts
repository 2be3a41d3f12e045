// The headline numbers that appear on more than one dashboard (attendees' and the instructor's), so
// both always show the same definition.

/**
 * Customers' checkouts only: the watcher's synthetic checkout (traffic="synthetic", one every
 * 30 s) is not business. The checkout SLO (slo.ts, the recording rules) counts both.
 */
export const CUSTOMER_TRAFFIC = 'traffic="customer"';

export const CHECKOUT_SUCCESS_RATIO_5M = `sum(rate(checkouts_total{outcome="paid",${CUSTOMER_TRAFFIC}}[5m])) / sum(rate(checkouts_total{${CUSTOMER_TRAFFIC}}[5m]))`;

/** Recorded by infra/prometheus/rules/recording.yml. */
export const PAYMENT_SUCCESS_RATIO_5M = 'job:payment_success:ratio_rate5m{job="payment"}';

export const PENDING_ORDERS = 'sum(order_retry_queue_depth)';
