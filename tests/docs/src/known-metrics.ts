import { filesUnder, readText, repoPath } from './repo';

/**
 * Metric names a doc may select that neither the generated dashboards nor the Prometheus rules
 * mention, each checked against where it comes from.
 */
const ALSO_KNOWN = [
  // prom-client's default metrics (libs/instrumented collects them on every service)
  'process_start_time_seconds',
  'process_resident_memory_bytes',
  'nodejs_external_memory_bytes',
  // Prometheus's own series, and its self-scrape (job="prometheus" in prometheus.yml)
  'ALERTS',
  'ALERTS_FOR_STATE',
  'scrape_duration_seconds',
  'prometheus_rule_group_last_evaluation_timestamp_seconds',
  'prometheus_config_last_reload_successful',
  // Tempo's metrics generator (service-graphs processor, infra/tempo/tempo.yaml)
  'traces_service_graph_request_total',
  'traces_service_graph_request_failed_total',
  // order's split of payment's traffic between the stable release and a canary (apps/order)
  'deployment_traffic_weight_ratio',
];

/**
 * The metric names a PromQL expression selects with a matcher or a range (`name{…}`, `name[…]`)
 * or by a recorded name (`level:metric:operation`). Bare names without either are not seen.
 */
export function selectedMetrics(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = new Set<string>();
  for (const match of withoutStrings.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*[{[]/g)) {
    if (
      match[1] &&
      !['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'].includes(match[1])
    )
      names.add(match[1]);
  }
  for (const match of withoutStrings.matchAll(/\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\b/g)) {
    names.add(match[0]);
  }
  return [...names].sort();
}

/**
 * Every metric name the system is known to have: the words of the generated dashboards and of
 * the Prometheus rules (which tests elsewhere tie to what the services expose), and the list above.
 */
export function knownMetricNames(): ReadonlySet<string> {
  const sources = [
    ...filesUnder(repoPath('infra', 'grafana', 'dashboards')).map((file) =>
      readText(repoPath('infra', 'grafana', 'dashboards', file)),
    ),
    ...filesUnder(repoPath('infra', 'prometheus', 'rules')).map((file) =>
      readText(repoPath('infra', 'prometheus', 'rules', file)),
    ),
  ];
  const names = new Set(ALSO_KNOWN);
  for (const text of sources) {
    for (const match of text.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) names.add(match[0]);
  }
  return names;
}
