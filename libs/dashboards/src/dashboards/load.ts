import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultlineDashboard } from '../base';
import { ceilingSteps, neutralSteps, ratioSteps } from '../colors';
import { singleStat, timeSeries } from '../panels';
import { promql, promqlInstant, promqlWithExemplars } from '../queries';

/** The k6 load generator as it sees the shop (remote-written k6_* series). */
export function load() {
  return faultlineDashboard({
    uid: 'faultline-load',
    title: 'Load',
    description:
      'The k6 shoppers as they see the shop: virtual users, request rate, unexpected responses, client-side latency and checks.',
    tags: ['load'],
  })
    .withRow(new RowBuilder('Now'))
    .withPanel(
      singleStat(
        'Virtual users',
        'k6 virtual users running now.',
        'none',
        promqlInstant('sum(k6_vus)'),
        neutralSteps,
      ).noValue('No load generator running'),
    )
    .withPanel(
      singleStat(
        'Requests per second',
        'Requests k6 sent per second over the last 5 minutes.',
        'reqps',
        promqlInstant('sum(rate(k6_http_reqs_total[5m]))'),
        neutralSteps,
      ),
    )
    .withPanel(
      singleStat(
        'Unexpected response ratio',
        'Share of responses k6 did not expect (expected_response="false") over the last 5 minutes.',
        'percentunit',
        promqlInstant(
          'sum(rate(k6_http_reqs_total{expected_response="false"}[5m])) / sum(rate(k6_http_reqs_total[5m]))',
        ),
        ceilingSteps(0.01, 0.05),
      ).decimals(1),
    )
    .withPanel(
      singleStat(
        'Check pass ratio',
        'Share of k6 checks passing since each k6 run started (the script asserts on status codes and bodies; k6 sends a rate as its ratio since start).',
        'percentunit',
        promqlInstant('avg(k6_checks_rate)'),
        ratioSteps(0.9, 0.99),
      ).decimals(1),
    )
    .withRow(new RowBuilder('Traffic'))
    .withPanel(
      timeSeries(
        'Requests per second by scenario',
        'Requests k6 sent per second, by scenario.',
        'reqps',
        [promql('sum by (scenario) (rate(k6_http_reqs_total[$__rate_interval]))', '{{scenario}}')],
      ),
    )
    .withPanel(
      timeSeries(
        'Unexpected responses by scenario',
        'Responses per second that k6 did not expect, by scenario and status.',
        'reqps',
        [
          promql(
            'sum by (scenario, status) (rate(k6_http_reqs_total{expected_response="false"}[$__rate_interval]))',
            '{{scenario}} {{status}}',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Client request duration',
        'p50, p95 and p99 of request duration as k6 measured it, by scenario, over the last few minutes (k6 sends its trends as native histograms).',
        's',
        [0.5, 0.95, 0.99].map((q) =>
          promqlWithExemplars(
            `histogram_quantile(${q}, sum by (scenario) (rate(k6_http_req_duration_seconds[$__rate_interval])))`,
            `{{scenario}} p${Math.round(q * 100)}`,
          ),
        ),
      ),
    )
    .withPanel(
      timeSeries(
        'Virtual users and iterations',
        'Virtual users; completed iterations per second; and iterations k6 dropped for want of a free virtual user (the shop too slow for the arrival rate).',
        'none',
        [
          promql('sum(k6_vus)', 'virtual users'),
          promql('sum(rate(k6_iterations_total[$__rate_interval]))', 'iterations/s'),
          promql(
            'sum(rate(k6_dropped_iterations_total[$__rate_interval]))',
            'dropped iterations/s',
          ),
        ],
      ),
    )
    .build();
}
