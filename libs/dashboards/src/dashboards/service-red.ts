import {
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { faultlineDashboard } from '../base';
import { PROMETHEUS } from '../datasources';
import { SERVICE_RED_UID } from '../links';
import { logLines, timeSeries, traceTable } from '../panels';
import { logql, promql, promqlWithExemplars, traceql } from '../queries';

const requests = 'http_server_request_duration_seconds';
/** The database pool's saturation (libs/service pool-waits). */
const poolWaits = {
  pending: 'db_client_connection_pending_requests',
  time: 'db_client_connection_wait_time_seconds',
};

/** Rate, errors and duration of one service, chosen by its Prometheus job (= service name). */
export function serviceRed() {
  return faultlineDashboard({
    uid: SERVICE_RED_UID,
    title: 'Service RED',
    description:
      'Rate, errors and duration of one service, with its runtime, error logs and error traces.',
    tags: ['service'],
  })
    .withVariable(
      new QueryVariableBuilder('service')
        .label('Service')
        .datasource(PROMETHEUS)
        .query(`label_values(${requests}_count, job)`)
        .definition(`label_values(${requests}_count, job)`)
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc)
        .current({ text: 'order', value: 'order' }),
    )
    .withRow(new RowBuilder('Rate and errors'))
    .withPanel(
      timeSeries(
        'Request rate by route',
        'Inbound requests per second by route template (health and metrics endpoints included).',
        'reqps',
        [
          promql(
            `sum by (route) (rate(${requests}_count{job="$service"}[$__rate_interval]))`,
            '{{route}}',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Requests by status code',
        'Inbound requests per second by HTTP status code.',
        'reqps',
        [
          promql(
            `sum by (status_code) (rate(${requests}_count{job="$service"}[$__rate_interval]))`,
            '{{status_code}}',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'Server error ratio',
        'Share of inbound requests answered with a 5xx.',
        'percentunit',
        [
          promql(
            `sum(rate(${requests}_count{job="$service",status_code=~"5.."}[$__rate_interval])) / sum(rate(${requests}_count{job="$service"}[$__rate_interval]))`,
            '5xx ratio',
          ),
        ],
      ).min(0),
    )
    .withPanel(
      timeSeries(
        'Errors by route and code',
        'Errors answered as problem+json, per second, by route and error code.',
        'reqps',
        [
          promql(
            'sum by (route, code) (rate(http_server_errors_total{job="$service"}[$__rate_interval]))',
            '{{route}} {{code}}',
          ),
        ],
      ),
    )
    .withRow(new RowBuilder('Duration'))
    .withPanel(
      timeSeries(
        'Latency percentiles',
        'p50, p95 and p99 of inbound request duration. The dots are exemplars: click one to open its trace.',
        's',
        [
          promqlWithExemplars(
            `histogram_quantile(0.50, sum by (le) (rate(${requests}_bucket{job="$service"}[$__rate_interval])))`,
            'p50',
          ),
          promqlWithExemplars(
            `histogram_quantile(0.95, sum by (le) (rate(${requests}_bucket{job="$service"}[$__rate_interval])))`,
            'p95',
          ),
          promqlWithExemplars(
            `histogram_quantile(0.99, sum by (le) (rate(${requests}_bucket{job="$service"}[$__rate_interval])))`,
            'p99',
          ),
        ],
      ),
    )
    .withPanel(
      timeSeries(
        'p95 latency by route',
        'p95 of inbound request duration by route template. The dots are exemplars: click one to open its trace.',
        's',
        [
          promqlWithExemplars(
            `histogram_quantile(0.95, sum by (le, route) (rate(${requests}_bucket{job="$service"}[$__rate_interval])))`,
            '{{route}}',
          ),
        ],
      ),
    )
    .withRow(new RowBuilder('Runtime'))
    .withPanel(
      timeSeries(
        'CPU usage',
        'CPU seconds used per second by the Node.js process.',
        'percentunit',
        [promql('rate(process_cpu_seconds_total{job="$service"}[$__rate_interval])', 'cpu')],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeries(
        'Memory',
        'Resident memory and V8 heap used by the Node.js process.',
        'bytes',
        [
          promql('process_resident_memory_bytes{job="$service"}', 'resident'),
          promql('nodejs_heap_size_used_bytes{job="$service"}', 'heap used'),
        ],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeries(
        'Event loop lag',
        'p99 event loop delay: high when something blocks the loop (CPU-heavy work).',
        's',
        [promql('nodejs_eventloop_lag_p99_seconds{job="$service"}', 'p99 lag')],
        { width: 8 },
      ),
    )
    .withRow(new RowBuilder('Database pool'))
    .withPanel(
      timeSeries(
        'Queries waiting for a connection',
        'Queries waiting for a connection of the service’s database pool at each scrape (the gateway has none). Above zero the pool is saturated: every query waits for a connection before it waits for the database.',
        'none',
        [promql(`max(${poolWaits.pending}{job="$service"})`, 'waiting')],
        { width: 12 },
      ).min(0),
    )
    .withPanel(
      timeSeries(
        'Connection wait time',
        'p95 and p99 of how long each checkout of a pool connection waited. Microseconds when the pool has a free connection; the dots are exemplars: click one to open the trace that waited.',
        's',
        [
          promqlWithExemplars(
            `histogram_quantile(0.95, sum by (le) (rate(${poolWaits.time}_bucket{job="$service"}[$__rate_interval])))`,
            'p95',
          ),
          promqlWithExemplars(
            `histogram_quantile(0.99, sum by (le) (rate(${poolWaits.time}_bucket{job="$service"}[$__rate_interval])))`,
            'p99',
          ),
        ],
        { width: 12 },
      ).min(0),
    )
    .withRow(new RowBuilder('Logs and traces'))
    .withPanel(
      logLines(
        'Error logs',
        'Warning and error log lines of the service (Loki, from OTLP). Each line links to its trace.',
        logql('{service_name="$service"} | detected_level=~"warn|error|fatal"'),
      ),
    )
    .withPanel(
      traceTable(
        'Recent error traces',
        'Traces in which this service recorded an error span (Tempo, TraceQL).',
        traceql('{ resource.service.name = "$service" && status = error }'),
      ),
    )
    .build();
}
