import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultlineDashboard } from '../base';
import { neutralSteps, ratioSteps } from '../colors';
import { singleStat, timeSeries } from '../panels';
import { promql, promqlInstant } from '../queries';
import {
  CHECKOUT_SUCCESS_RATIO_5M,
  CUSTOMER_TRAFFIC,
  PAYMENT_SUCCESS_RATIO_5M,
} from '../headline-expressions';

/**
 * The shop as the business sees it: orders, conversion, revenue, payments. Orders and revenue are
 * customers' only (CUSTOMER_TRAFFIC): the watcher's synthetic checkouts are left out. Payments are
 * the gateway's view and count every charge.
 */
export function shopOverview() {
  return faultlineDashboard({
    uid: 'faultline-shop-overview',
    title: 'Shop overview',
    description:
      'Orders, checkout success, revenue, what reaches the shop’s door, and payments: what the business sees first.',
    tags: ['business'],
  })
    .withRow(new RowBuilder('Now'))
    .withPanel(
      singleStat(
        'Orders per minute',
        'Paid checkouts per minute over the last 5 minutes (customers only, not synthetic checks).',
        'none',
        promqlInstant(`sum(rate(checkouts_total{outcome="paid",${CUSTOMER_TRAFFIC}}[5m])) * 60`),
        neutralSteps,
      ).decimals(1),
    )
    .withPanel(
      singleStat(
        'Checkout success ratio',
        'Share of customers’ checkouts that ended paid over the last 5 minutes (declined cards and out-of-stock carts count against it too).',
        'percentunit',
        promqlInstant(CHECKOUT_SUCCESS_RATIO_5M),
        ratioSteps(0.8, 0.9),
      ).decimals(1),
    )
    .withPanel(
      singleStat(
        'Revenue per minute',
        'Customers’ paid order value per minute over the last 5 minutes, in major currency units (minor units / 100).',
        'none',
        promqlInstant(
          `sum(rate(order_revenue_minor_units_total{${CUSTOMER_TRAFFIC}}[5m])) * 60 / 100`,
        ),
        neutralSteps,
      ).decimals(2),
    )
    .withPanel(
      singleStat(
        'Payment success ratio',
        'Share of the charges the card gateway handled that it captured, over 5 minutes (declines are the card’s answer and do not count).',
        'percentunit',
        promqlInstant(PAYMENT_SUCCESS_RATIO_5M),
        ratioSteps(0.85, 0.95),
      ).decimals(1),
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
        'Revenue per minute by currency',
        'Customers’ paid order value per minute, in major currency units.',
        'none',
        [
          promql(
            `sum by (currency) (rate(order_revenue_minor_units_total{${CUSTOMER_TRAFFIC}}[$__rate_interval])) * 60 / 100`,
            '{{currency}}',
          ),
        ],
        { width: 24 },
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
