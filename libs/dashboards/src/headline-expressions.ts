// The headline numbers that appear on more than one dashboard (attendees' and the instructor's), so
// both always show the same definition.

/**
 * Customers' checkouts only: the watcher's synthetic checkout (traffic="synthetic", one every
 * 30 s) is not business. The checkout SLO (slo.ts, the recording rules) counts both.
 */
export const CUSTOMER_TRAFFIC = 'traffic="customer"';

/**
 * The shop's one currency: every product of catalog's migrations is priced in euros, and order
 * refuses a cart that mixes currencies. Revenue panels use Grafana's euro unit for it.
 */
export const SHOP_CURRENCY = 'EUR';

/** Grafana's unit for amounts in SHOP_CURRENCY. */
export const SHOP_CURRENCY_UNIT = 'currencyEUR';

/** The shop's own processes (each a Prometheus job): the edge gateway and the four services. */
export const SHOP_SERVICES = 'job=~"gateway|catalog|inventory|order|payment"';

/**
 * Paid orders per second over `window`, whichever path paid them (the checkout's first answer or
 * the retry worker later): order counts orders_paid_total where it counts their revenue, so
 * orders and revenue per minute always count the same orders.
 */
export const paidOrdersRate = (window: string): string =>
  `sum(rate(orders_paid_total{${CUSTOMER_TRAFFIC}}[${window}]))`;

/** Revenue of the same paid orders, in major units of SHOP_CURRENCY per second. */
export const revenueRate = (window: string): string =>
  `sum(rate(order_revenue_minor_units_total{currency="${SHOP_CURRENCY}",${CUSTOMER_TRAFFIC}}[${window}])) / 100`;

/**
 * Visits per second over `window`: the product list answered at the edge gateway
 * (GET /api/v1/products). Every visit starts there: the storefront's home page loads it, and so
 * does each k6 shopper's visit; a visitor who browses on to product pages counts once, not once a
 * page. The watcher's synthetic checkout calls order directly and is not a visit.
 */
export const visitsRate = (window: string): string =>
  `sum(rate(http_server_request_duration_seconds_count{job="gateway",method="GET",route="/api/v1/products"}[${window}]))`;

/** Product pages viewed per second over `window` (GET /api/v1/products/:id at the gateway). */
export const productViewsRate = (window: string): string =>
  `sum(rate(http_server_request_duration_seconds_count{job="gateway",method="GET",route="/api/v1/products/:id"}[${window}]))`;

/** Share of visits that end in a paid order over `window`. */
export const conversionRatio = (window: string): string =>
  `${paidOrdersRate(window)} / ${visitsRate(window)}`;

export const CHECKOUT_SUCCESS_RATIO_5M = `sum(rate(checkouts_total{outcome="paid",${CUSTOMER_TRAFFIC}}[5m])) / sum(rate(checkouts_total{${CUSTOMER_TRAFFIC}}[5m]))`;

/** Recorded by infra/prometheus/rules/recording.yml. */
export const PAYMENT_SUCCESS_RATIO_5M = 'job:payment_success:ratio_rate5m{job="payment"}';

export const PENDING_ORDERS = 'sum(order_retry_queue_depth)';

/** POST /orders as order's RED histogram labels it: the checkout. */
export const CHECKOUT_REQUESTS = 'job="order",method="POST",route="/orders"';

/** PromQL: quantile `q` of the checkout's duration over `window`. */
export const checkoutLatency = (q: number, window: string): string =>
  `histogram_quantile(${q}, sum by (le) (rate(http_server_request_duration_seconds_bucket{${CHECKOUT_REQUESTS}}[${window}])))`;
