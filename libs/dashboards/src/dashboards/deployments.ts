import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultlineDashboard } from '../base';
import { flameGraph, note, promTable, timeSeries, traceTable } from '../panels';
import { promql, promqlInstant, promqlWithExemplars, traceql } from '../queries';

/** Every series of payment's targets, labelled with the release of the target it came from. */
const byRelease = (selector: string): string =>
  `${selector} * on (job, instance) group_left (service_version) target_info`;

const CHARGES = 'job="payment",method="POST",route="/payments"';
const requests = 'http_server_request_duration_seconds';

/** Payment's releases side by side: which run, the traffic each takes, their golden signals. */
export function deployments() {
  return faultlineDashboard({
    uid: 'faultline-deployments',
    title: 'Deployments',
    description:
      'Releases of payment side by side while a canary runs: versions and weights, golden signals per release, deployment markers.',
    tags: ['deployments'],
  })
    .withPanel(
      note(
        'A canary beside the stable release',
        '`npm run faultline -- deploy payment 0.2.0 --canary 20` starts a release beside the stable one and sends it a share of charges; ' +
          '`npm run faultline -- rollback payment` undoes it. Blue markers are deployments. ' +
          'Each series is labelled with the release of the process it came from (`target_info`). ' +
          'The flame graphs at the bottom compare the releases’ CPU profiles (their `service_version` label); for a diff of the two, the Profiles Drilldown app (Explore → Profiles) compares two label selections.',
        { width: 24, height: 4 },
      ),
    )
    .withRow(new RowBuilder('Releases now'))
    .withPanel(
      promTable(
        'Payment processes by release',
        'Every payment process Prometheus scrapes now: its track (stable, canary) and release.',
        promqlInstant('max by (instance, track, service_version) (target_info{job="payment"})'),
        { width: 12, height: 6 },
      ),
    )
    .withPanel(
      timeSeries(
        'Traffic weight by release',
        'Share of charges order sends to each release (the canary by its version; the stable release has none in this series).',
        'percentunit',
        [promql('deployment_traffic_weight_ratio{service="payment"}', '{{track}} {{version}}')],
        { width: 12, height: 6 },
      )
        .min(0)
        .max(1),
    )
    .withRow(new RowBuilder('Golden signals by release'))
    .withPanel(
      timeSeries(
        'Traffic: charges per second by release',
        'POST /payments answered per second by each release.',
        'reqps',
        [
          promql(
            `sum by (track, service_version) (${byRelease(`rate(${requests}_count{${CHARGES}}[$__rate_interval])`)})`,
            '{{track}} {{service_version}}',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Errors: 5xx ratio by release',
        'Share of POST /payments answered with a 5xx by each release (declines are 402: not errors).',
        'percentunit',
        [
          promql(
            `sum by (track, service_version) (${byRelease(`rate(${requests}_count{${CHARGES},status_code=~"5.."}[$__rate_interval])`)}) / sum by (track, service_version) (${byRelease(`rate(${requests}_count{${CHARGES}}[$__rate_interval])`)})`,
            '{{track}} {{service_version}}',
          ),
        ],
      ).min(0),
    )
    .withPanel(
      timeSeries(
        'Latency: mean and p95 by release',
        'Mean and 95th percentile of POST /payments per release: what CanaryLatencyRegression compares (the mean). The dots are exemplars: click one for its trace.',
        's',
        [
          promqlWithExemplars(
            `sum by (track, service_version) (${byRelease(`rate(${requests}_sum{${CHARGES}}[$__rate_interval])`)}) / sum by (track, service_version) (${byRelease(`rate(${requests}_count{${CHARGES}}[$__rate_interval])`)})`,
            'mean {{track}} {{service_version}}',
          ),
          promqlWithExemplars(
            `histogram_quantile(0.95, sum by (track, service_version, le) (${byRelease(`rate(${requests}_bucket{${CHARGES}}[$__rate_interval])`)}))`,
            'p95 {{track}} {{service_version}}',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Saturation: CPU by release',
        'CPU each release uses, in cores: a release doing more work per charge uses more for its share of traffic.',
        'short',
        [
          promql(
            `sum by (track, service_version) (${byRelease('rate(process_cpu_seconds_total{job="payment"}[$__rate_interval])')})`,
            '{{track}} {{service_version}}',
          ),
        ],
      ).min(0),
    )
    .withPanel(
      timeSeries(
        'Saturation: event-loop lag p99 by release',
        'How long work waits for each release’s event loop (its 99th percentile).',
        's',
        [
          promql(
            `max by (track, service_version) (${byRelease('nodejs_eventloop_lag_p99_seconds{job="payment"}')})`,
            '{{track}} {{service_version}}',
          ),
        ],
      ).min(0),
    )
    .withRow(new RowBuilder('Traces'))
    .withPanel(
      traceTable(
        'Charges served by payment 0.2.0',
        'Recent POST /payments spans of release 0.2.0 (the one that runs as a canary): open one to see where its time goes, its fraud.score span beside the card gateway call.',
        traceql(
          '{ resource.service.name = "payment" && resource.service.version = "0.2.0" && span.http.route = "/payments" }',
        ),
        { width: 24 },
      ),
    )
    .withRow(new RowBuilder('Profiles by release'))
    .withPanel(
      flameGraph(
        'CPU profile: payment, every release but 0.2.0',
        'Where the stable payment spends its CPU over the time range (Pyroscope, label service_version). Compare the width of fraudScore with the canary’s.',
        '{service_name="payment", service_version!="0.2.0"}',
      ),
    )
    .withPanel(
      flameGraph(
        'CPU profile: payment 0.2.0',
        'Where release 0.2.0 spends its CPU over the time range: empty while it does not run. Its new fraud model is velocityFraudScore.',
        '{service_name="payment", service_version="0.2.0"}',
      ),
    )
    .build();
}
