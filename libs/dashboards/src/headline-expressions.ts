/**
 * The headline numbers that appear on more than one dashboard (attendees' and the instructor's), so
 * both always show the same definition.
 */
export const CHECKOUT_SUCCESS_RATIO_5M =
  'sum(rate(checkouts_total{outcome="paid"}[5m])) / sum(rate(checkouts_total[5m]))';

/** Recorded by infra/prometheus/rules/recording.yml. */
export const PAYMENT_SUCCESS_RATIO_5M = 'job:payment_success:ratio_rate5m{job="payment"}';

export const PENDING_ORDERS = 'sum(order_retry_queue_depth)';
