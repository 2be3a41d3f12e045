import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultlineDashboard } from '../base';
import { paymentSuccessRatioStat } from '../headline-stats';
import { ceilingSteps, neutralSteps, ratioSteps } from '../colors';
import { serviceLinks } from '../links';
import { singleStat, timeSeries } from '../panels';
import { promql, promqlInstant, promqlWithExemplars } from '../queries';
import {
  CHECKOUT_SUCCESS_RATIO_5M,
  CUSTOMER_TRAFFIC,
  SHOP_CURRENCY,
  SHOP_CURRENCY_UNIT,
  SHOP_SERVICES,
  checkoutLatency,
  conversionRatio,
  paidOrdersRate,
  productViewsRate,
  revenueRate,
  visitsRate,
} from '../headline-expressions';

const requests = 'http_server_request_duration_seconds';

/** One series per shop process, each linked to its Service RED and to Explore. */
const perService = (explore: (service: string) => string) =>
  serviceLinks({ label: 'job', explore });

/**
 * The shop as the business sees it, and its four golden signals: orders, conversion, revenue and
 * payments; traffic, errors, latency and saturation of its processes. Orders and revenue are
 * customers' only (CUSTOMER_TRAFFIC): the watcher's synthetic checkouts are left out. Payments are
 * the gateway's view and count every charge.
 */
export function shopOverview() {
  return faultlineDashboard({
    uid: 'faultline-shop-overview',
    title: 'Shop overview',
    description:
      'What the business sees first (orders, conversion, revenue, payments) beside the shop’s four golden signals: traffic, errors, latency and saturation.',
    tags: ['business'],
  })
    .withRow(new RowBuilder('Now'))
    .withPanel(
      singleStat(
        'Orders per minute',
        'Customers’ orders paid per minute over the last 5 minutes, whichever way they were paid: at the checkout’s first answer or later by the retry worker. Counted like Revenue per minute, so the two move together.',
        'none',
        promqlInstant(`${paidOrdersRate('5m')} * 60`),
        neutralSteps,
        { width: 4 },
      ).decimals(1),
    )
    .withPanel(
      singleStat(
        'Visit to order conversion',
        'Share of visits that ended in a paid order over the last 5 minutes. A visit is one product list answered by the edge gateway (GET /api/v1/products): the storefront’s home page and every k6 shopper’s visit start there, and browsing on counts once. Orders are those of Orders per minute. No value while nothing reaches the gateway.',
        'percentunit',
        promqlInstant(conversionRatio('5m')),
        neutralSteps,
        { width: 4 },
      ).decimals(1),
    )
    .withPanel(
      singleStat(
        'Revenue per minute',
        `Customers’ paid order value per minute over the last 5 minutes, in ${SHOP_CURRENCY} (the shop’s one currency): the same orders as Orders per minute.`,
        SHOP_CURRENCY_UNIT,
        promqlInstant(`${revenueRate('5m')} * 60`),
        neutralSteps,
        { width: 4 },
      ).decimals(2),
    )
    .withPanel(
      singleStat(
        'Checkout success ratio',
        'Share of customers’ checkouts that ended paid over the last 5 minutes (declined cards and out-of-stock carts count against it too).',
        'percentunit',
        promqlInstant(CHECKOUT_SUCCESS_RATIO_5M),
        ratioSteps(0.8, 0.9),
        { width: 4 },
      ).decimals(1),
    )
    .withPanel(paymentSuccessRatioStat({ width: 4 }))
    .withPanel(
      singleStat(
        'Checkout p95 latency',
        'p95 duration of POST /orders over the last 5 minutes, as order answered it (customers and synthetic checks).',
        's',
        promqlInstant(checkoutLatency(0.95, '5m')),
        ceilingSteps(0.5, 1),
        { width: 4 },
      ),
    )
    .withRow(new RowBuilder('Orders'))
    .withPanel(
      timeSeries(
        'Checkouts per minute by outcome',
        'Customers’ POST /orders results: paid, declined, payment_pending (kept and retried in the background), out_of_stock, failed.',
        'none',
        [
          promql(
            `sum by (outcome) (rate(checkouts_total{${CUSTOMER_TRAFFIC}}[$__rate_interval])) * 60`,
            '{{outcome}}',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Checkout success ratio over time',
        'Customers’ paid checkouts divided by all their checkouts.',
        'percentunit',
        [
          promql(
            `sum(rate(checkouts_total{outcome="paid",${CUSTOMER_TRAFFIC}}[$__rate_interval])) / sum(rate(checkouts_total{${CUSTOMER_TRAFFIC}}[$__rate_interval]))`,
            'success ratio',
          ),
        ],
      )
        .min(0)
        .max(1),
    )
    .withPanel(
      timeSeries(
        'Visits, product views and orders per minute',
        'The shop’s funnel: visits (product lists answered by the edge gateway), product pages viewed there, and customers’ paid orders (as Orders per minute counts them).',
        'none',
        [
          promql(`${visitsRate('$__rate_interval')} * 60`, 'visits'),
          promql(`${productViewsRate('$__rate_interval')} * 60`, 'product views'),
          promql(`${paidOrdersRate('$__rate_interval')} * 60`, 'paid orders'),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Visit to order conversion over time',
        'Paid orders divided by visits (product lists answered by the edge gateway). It falls when customers still come but fewer of them manage to buy.',
        'percentunit',
        [promql(conversionRatio('$__rate_interval'), 'conversion')],
      ).min(0),
    )
    .withPanel(
      timeSeries(
        'Revenue per minute by currency',
        `Customers’ paid order value per minute, per currency, in major units (the same orders as Orders per minute). The shop sells in ${SHOP_CURRENCY} only.`,
        'none',
        [
          promql(
            `sum by (currency) (rate(order_revenue_minor_units_total{${CUSTOMER_TRAFFIC}}[$__rate_interval])) * 60 / 100`,
            '{{currency}}',
          ),
        ],
        { width: 24 },
      ).overrideByName(SHOP_CURRENCY, [{ id: 'unit', value: SHOP_CURRENCY_UNIT }]),
    )
    .withRow(new RowBuilder('Traffic and errors'))
    .withPanel(
      timeSeries(
        'Requests per second by service',
        'Requests each of the shop’s processes answered per second (health and metrics endpoints not counted). Click a series for its Service RED or Explore.',
        'reqps',
        [
          promql(
            `sum by (job) (rate(${requests}_count{${SHOP_SERVICES}}[$__rate_interval]))`,
            '{{job}}',
          ),
        ],
      ).dataLinks(
        perService(
          (service) =>
            `sum by (route, status_code) (rate(${requests}_count{job="${service}"}[$__rate_interval]))`,
        ),
      ),
    )
    .withPanel(
      timeSeries(
        'Server error ratio by service',
        'Share of each process’s requests answered with a 5xx (declines, 402, and other 4xx are answers, not errors). Click a series for its Service RED or Explore.',
        'percentunit',
        [
          promql(
            `sum by (job) (rate(${requests}_count{${SHOP_SERVICES},status_code=~"5.."}[$__rate_interval])) / sum by (job) (rate(${requests}_count{${SHOP_SERVICES}}[$__rate_interval]))`,
            '{{job}}',
          ),
        ],
      )
        .min(0)
        .dataLinks(
          perService(
            (service) =>
              `sum by (route, status_code) (rate(${requests}_count{job="${service}",status_code=~"5.."}[$__rate_interval]))`,
          ),
        ),
    )
    .withRow(new RowBuilder('Latency'))
    .withPanel(
      timeSeries(
        'Checkout latency p95 and p99',
        'p95 and p99 of POST /orders, as order answered it: the checkout customers wait for. The dots are exemplars: click one to open its trace.',
        's',
        [
          promqlWithExemplars(checkoutLatency(0.95, '$__rate_interval'), 'p95'),
          promqlWithExemplars(checkoutLatency(0.99, '$__rate_interval'), 'p99'),
        ],
      ).min(0),
    )
    .withPanel(
      timeSeries(
        'p95 latency by service',
        'p95 of the requests each of the shop’s processes answered. The dots are exemplars (click one for its trace); click a line for the service’s Service RED or Explore.',
        's',
        [
          promqlWithExemplars(
            `histogram_quantile(0.95, sum by (le, job) (rate(${requests}_bucket{${SHOP_SERVICES}}[$__rate_interval])))`,
            '{{job}}',
          ),
        ],
      )
        .min(0)
        .dataLinks(
          perService(
            (service) =>
              `histogram_quantile(0.95, sum by (le, route) (rate(${requests}_bucket{job="${service}"}[$__rate_interval])))`,
          ),
        ),
    )
    .withRow(new RowBuilder('Saturation'))
    .withPanel(
      timeSeries(
        'Event loop lag p99 by service',
        'How late 1 in 100 turns of each process’s event loop started: CPU work holding Node’s single thread makes every request wait behind it. EventLoopLagHigh fires above 40 ms.',
        's',
        [promql(`max by (job) (nodejs_eventloop_lag_p99_seconds{${SHOP_SERVICES}})`, '{{job}}')],
        { width: 8 },
      )
        .min(0)
        .dataLinks(perService((service) => `nodejs_eventloop_lag_p99_seconds{job="${service}"}`)),
    )
    .withPanel(
      timeSeries(
        'CPU by service',
        'CPU each process uses, as a share of one core (Node runs JavaScript on one thread: near 100% it is saturated).',
        'percentunit',
        [
          promql(
            `sum by (job) (rate(process_cpu_seconds_total{${SHOP_SERVICES}}[$__rate_interval]))`,
            '{{job}}',
          ),
        ],
        { width: 8 },
      )
        .min(0)
        .dataLinks(
          perService(
            (service) => `rate(process_cpu_seconds_total{job="${service}"}[$__rate_interval])`,
          ),
        ),
    )
    .withPanel(
      timeSeries(
        'Database pool waits by service',
        'Queries waiting for a connection of each service’s database pool (the gateway has none). Above zero the pool is the bottleneck; queries waiting on locks inside the database show in DatabaseLockWaits instead.',
        'none',
        [
          promql(
            `max by (job) (db_client_connection_pending_requests{${SHOP_SERVICES}})`,
            '{{job}}',
          ),
        ],
        { width: 8 },
      )
        .min(0)
        .dataLinks(
          perService((service) => `db_client_connection_pending_requests{job="${service}"}`),
        ),
    )
    .withRow(new RowBuilder('At the door: the edge gateway'))
    .withPanel(
      timeSeries(
        'Requests at the gateway per minute by status',
        'Everything customers (and the k6 shoppers) ask the shop, as the edge gateway answered it: the storefront, the public API /api/v1 and the browser’s telemetry. Service RED with service = gateway has its latency.',
        'none',
        [
          promql(
            'sum by (status_code) (rate(http_server_request_duration_seconds_count{job="gateway"}[$__rate_interval])) * 60',
            '{{status_code}}',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Refused or degraded at the gateway',
        'Requests over a client’s rate limit (429, by route: api, storefront, otlp) and product lists answered without stock because inventory did not answer (available: null), per minute.',
        'none',
        [
          promql(
            'sum by (route) (rate(gateway_rate_limited_total[$__rate_interval])) * 60',
            'rate-limited {{route}}',
          ),
          promql(
            'sum by (dependency) (rate(gateway_degraded_answers_total[$__rate_interval])) * 60',
            'degraded: no {{dependency}}',
          ),
        ],
      ),
    )
    .withRow(new RowBuilder('Payments'))
    .withPanel(
      timeSeries(
        'Payments per minute by outcome',
        'Card gateway results: captured, declined (the card said no) and gateway_error (the gateway failed).',
        'none',
        [promql('sum by (outcome) (rate(payments_total[$__rate_interval])) * 60', '{{outcome}}')],
      ),
    )
    .withPanel(
      timeSeries(
        'Payment declines by decline code',
        'Declined payments per minute by the code the gateway gave: card_declined, insufficient_funds, stolen_card, fraud_suspected.',
        'none',
        [
          promql(
            'sum by (decline_code) (rate(payments_total{outcome="declined"}[$__rate_interval])) * 60',
            '{{decline_code}}',
          ),
        ],
      ),
    )
    .build();
}
