/**
 * The checkout availability SLO, as infra/prometheus/rules/recording.yml defines it: 99.5 % of
 * checkouts get a good answer over 30 days. A checkout is one POST /orders that got a first answer
 * (checkouts_total{outcome}) or ended in a 5xx. It is bad when left payment_pending (the customer
 * was not told "paid") or answered with a 5xx; paid, declined and out_of_stock are good answers.
 * outcome="failed" is counted through its 5xx, so each checkout counts once. Both kinds of
 * traffic count (customers' and the watcher's synthetic checkouts): the sums run over `traffic`.
 */
export const CHECKOUT_OBJECTIVE = 0.995;

/** The error budget: the share of checkouts allowed to be bad. */
export const CHECKOUT_ERROR_BUDGET = 0.005;

/** Windows for which the Prometheus rules record job:checkout_errors:ratio_rate<window>. */
export const RECORDED_CHECKOUT_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

const checkout5xx = (window: string): string =>
  `rate(http_server_request_duration_seconds_count{job="order",method="POST",route="/orders",status_code=~"5.."}[${window}])`;

/** PromQL: checkouts per second over `window` (the recording rules' job:checkout_requests). */
export function checkoutRequestsRate(window: string): string {
  return `sum by (job) (rate(checkouts_total{job="order",outcome!="failed"}[${window}]) or ${checkout5xx(window)})`;
}

/** PromQL: bad checkouts per second over `window` (the recording rules' job:checkout_errors). */
export function checkoutErrorsRate(window: string): string {
  return `sum by (job) (rate(checkouts_total{job="order",outcome="payment_pending"}[${window}]) or ${checkout5xx(window)})`;
}

/**
 * PromQL: the share of bad checkouts over `window` — the recorded series where the rules record
 * one, otherwise the same definition written out (the 30-day attainment).
 */
export function checkoutErrorRatio(window: string): string {
  if ((RECORDED_CHECKOUT_WINDOWS as readonly string[]).includes(window)) {
    return `job:checkout_errors:ratio_rate${window}{job="order"}`;
  }
  const requests = checkoutRequestsRate(window);
  return `(${checkoutErrorsRate(window)} or 0 * ${requests}) / ${requests}`;
}

/** PromQL: how fast the budget burns over `window`; 1 spends it exactly in 30 days. */
export function checkoutBurnRate(window: string): string {
  return `${checkoutErrorRatio(window)} / ${CHECKOUT_ERROR_BUDGET}`;
}
