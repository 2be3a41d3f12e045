/** Histograms the services expose; each is queried through its _bucket, _count and _sum series. */
const HISTOGRAMS = [
  'http_server_request_duration_seconds',
  'http_client_request_duration_seconds',
  'payment_gateway_request_duration_seconds',
  'payment_fraud_score_ratio',
];

/** Counters and gauges of libs/instrumented and the services' business metrics. */
const SERVICE_METRICS = [
  'http_server_errors_total',
  'circuit_breaker_state',
  'circuit_breaker_transitions_total',
  'circuit_breaker_rejections_total',
  'checkouts_total',
  'order_revenue_minor_units_total',
  'payments_total',
  'inventory_reservations_total',
  'order_retry_queue_depth',
  'retry_worker_attempts_total',
  'retry_worker_heartbeat_timestamp_seconds',
  'faultline_fault_active',
];

/** prom-client's process and event-loop metrics that the runbooks use. */
const PROCESS_METRICS = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_p99_seconds',
];

/** Series Prometheus writes itself. */
const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds', 'ALERTS', 'ALERTS_FOR_STATE'];

/** Every metric name a rule or runbook may select, besides the recorded series. */
export const KNOWN_METRICS: ReadonlySet<string> = new Set([
  ...HISTOGRAMS.flatMap((name) => [`${name}_bucket`, `${name}_count`, `${name}_sum`]),
  ...SERVICE_METRICS,
  ...PROCESS_METRICS,
  ...PROMETHEUS_SERIES,
]);

/**
 * The metric names a PromQL expression selects with a matcher or a range (`name{…}`, `name[…]`)
 * or by a recorded name (`level:metric:operation`). Bare names without either are not seen.
 */
export function selectedMetrics(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = new Set<string>();
  for (const match of withoutStrings.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*[{[]/g)) {
    if (match[1]) names.add(match[1]);
  }
  for (const match of withoutStrings.matchAll(/\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\b/g)) {
    names.add(match[0]);
  }
  return [...names].sort();
}
