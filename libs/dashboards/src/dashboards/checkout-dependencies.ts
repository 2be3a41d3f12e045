import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultlineDashboard } from '../base';
import { ceilingSteps, neutralSteps } from '../colors';
import { serviceLinks } from '../links';
import { singleStat, stateTimeline, timeSeries, valueText } from '../panels';
import { promql, promqlInstant, promqlWithExemplars } from '../queries';
import { PENDING_ORDERS } from '../headline-expressions';

const calls = 'http_client_request_duration_seconds';
/** Client outcomes that are failures of the call itself (4xx answers such as 402 and 409 are not). */
const failedCall = 'outcome=~"5..|timeout|network|breaker_open"';

/** Every series names the service called: its links open that service's Service RED and Explore. */
const toPeer = (explore: (peer: string) => string) =>
  serviceLinks({ label: 'peer_service', explore });

/** What checkout depends on: calls from order to catalog, inventory and payment, and the retry queue. */
export function checkoutDependencies() {
  return faultlineDashboard({
    uid: 'faultline-checkout-dependencies',
    title: 'Checkout dependencies',
    description:
      'Calls between the shop’s processes (the gateway to catalog, inventory and order; order to catalog, inventory and payment): latency, failures, circuit breakers; the payment retry queue and its worker.',
    tags: ['checkout'],
  })
    .withRow(new RowBuilder('Calls between services'))
    .withPanel(
      timeSeries(
        'Client calls by peer and outcome',
        'Calls per second from each caller (the gateway, order) to each peer service, by outcome: the HTTP status, or timeout, network, breaker_open.',
        'reqps',
        [
          promql(
            `sum by (job, peer_service, outcome) (rate(${calls}_count[$__rate_interval]))`,
            '{{job}} → {{peer_service}} {{outcome}}',
          ),
        ],
      ).dataLinks(
        toPeer(
          (peer) =>
            `sum by (job, outcome) (rate(${calls}_count{peer_service="${peer}"}[$__rate_interval]))`,
        ),
      ),
    )
    .withPanel(
      timeSeries(
        'Client call failures by peer and outcome',
        'Failed calls per second: 5xx answers, timeouts, network errors and calls refused by an open breaker.',
        'reqps',
        [
          promql(
            `sum by (job, peer_service, outcome) (rate(${calls}_count{${failedCall}}[$__rate_interval]))`,
            '{{job}} → {{peer_service}} {{outcome}}',
          ),
        ],
      ).dataLinks(
        toPeer(
          (peer) =>
            `sum by (job, outcome) (rate(${calls}_count{peer_service="${peer}",${failedCall}}[$__rate_interval]))`,
        ),
      ),
    )
    .withPanel(
      timeSeries(
        'Client p95 latency by peer',
        'p95 duration of calls from each caller to each peer, as the caller measured it (includes timeouts). Exemplars link to traces.',
        's',
        [
          promqlWithExemplars(
            `histogram_quantile(0.95, sum by (le, job, peer_service) (rate(${calls}_bucket[$__rate_interval])))`,
            '{{job}} → {{peer_service}}',
          ),
        ],
        { width: 24 },
      ).dataLinks(
        toPeer(
          (peer) =>
            `histogram_quantile(0.95, sum by (le, job, outcome) (rate(${calls}_bucket{peer_service="${peer}"}[$__rate_interval])))`,
        ),
      ),
    )
    .withRow(new RowBuilder('Circuit breakers'))
    .withPanel(
      stateTimeline(
        'Circuit breaker state',
        'State of each breaker in order: closed (calls flow), half_open (probing), open (calls refused at once).',
        promql(
          'max by (peer_service) (circuit_breaker_state{state="open"}) * 2 + max by (peer_service) (circuit_breaker_state{state="half_open"})',
          '{{peer_service}}',
        ),
        [
          valueText({
            '0': { text: 'closed', color: 'green' },
            '1': { text: 'half_open', color: 'orange' },
            '2': { text: 'open', color: 'red' },
          }),
        ],
        [
          { value: null, color: 'green' },
          { value: 1, color: 'orange' },
          { value: 2, color: 'red' },
        ],
      ).dataLinks(
        toPeer((peer) => `max by (job, state) (circuit_breaker_state{peer_service="${peer}"})`),
      ),
    )
    .withPanel(
      timeSeries(
        'Breaker transitions and rejections',
        'State changes per minute by peer and new state, and calls refused by an open breaker per second.',
        'none',
        [
          promql(
            'sum by (peer_service, state) (increase(circuit_breaker_transitions_total[$__rate_interval]))',
            '{{peer_service}} → {{state}}',
          ),
          promql(
            'sum by (peer_service) (rate(circuit_breaker_rejections_total[$__rate_interval]))',
            '{{peer_service}} rejected/s',
          ),
        ],
      ).dataLinks(
        toPeer(
          (peer) =>
            `sum by (job, state) (increase(circuit_breaker_transitions_total{peer_service="${peer}"}[$__rate_interval]))`,
        ),
      ),
    )
    .withRow(new RowBuilder('Payment retry queue'))
    .withPanel(
      singleStat(
        'Pending orders',
        'Orders kept as payment_pending, waiting for the retry worker to charge them.',
        'none',
        promqlInstant(PENDING_ORDERS),
        ceilingSteps(5, 50),
      ),
    )
    .withPanel(
      singleStat(
        'Retry worker heartbeat age',
        'Seconds since the retry worker last reported it is alive. It beats every second; minutes mean it has stopped.',
        's',
        promqlInstant('time() - max(retry_worker_heartbeat_timestamp_seconds)'),
        ceilingSteps(10, 60),
      ),
    )
    .withPanel(
      singleStat(
        'Retry attempts per minute',
        'Background payment attempts per minute over the last 5 minutes.',
        'none',
        promqlInstant('sum(rate(retry_worker_attempts_total[5m])) * 60'),
        neutralSteps,
      ).decimals(1),
    )
    .withPanel(
      singleStat(
        'Inventory reservations per minute',
        'Stock reservations per minute over the last 5 minutes, all outcomes.',
        'none',
        promqlInstant('sum(rate(inventory_reservations_total[5m])) * 60'),
        neutralSteps,
      ).decimals(1),
    )
    .withPanel(
      timeSeries(
        'Pending orders over time',
        'Retry queue depth: orders waiting for a background payment attempt.',
        'none',
        [promql(PENDING_ORDERS, 'pending orders')],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeries(
        'Retry worker attempts by outcome',
        'Background payment attempts per second by outcome.',
        'reqps',
        [
          promql(
            'sum by (outcome) (rate(retry_worker_attempts_total[$__rate_interval]))',
            '{{outcome}}',
          ),
        ],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeries(
        'Retry worker heartbeat age over time',
        'Seconds since the last heartbeat of the retry worker.',
        's',
        [promql('time() - max(retry_worker_heartbeat_timestamp_seconds)', 'heartbeat age')],
        { width: 8 },
      ),
    )
    .withRow(new RowBuilder('Inside payment and inventory'))
    .withPanel(
      timeSeries(
        'Card gateway p95 latency by outcome',
        'p95 duration of calls from payment to the card gateway, by outcome. Exemplars link to traces.',
        's',
        [
          promqlWithExemplars(
            'histogram_quantile(0.95, sum by (le, outcome) (rate(payment_gateway_request_duration_seconds_bucket[$__rate_interval])))',
            '{{outcome}}',
          ),
        ],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeries(
        'Fraud score p95',
        'p95 of the fraud scores payment computed (0 harmless, 1 certain fraud). The dots are exemplars: click one for the trace of a charge with that score.',
        'percentunit',
        [
          promqlWithExemplars(
            'histogram_quantile(0.95, sum by (le) (rate(payment_fraud_score_ratio_bucket[$__rate_interval])))',
            'p95 score',
          ),
        ],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeries(
        'Inventory reservations by outcome',
        'Stock reservations per second by outcome.',
        'reqps',
        [
          promql(
            'sum by (outcome) (rate(inventory_reservations_total[$__rate_interval]))',
            '{{outcome}}',
          ),
        ],
        { width: 8 },
      ),
    )
    .build();
}
