/** Histograms the services expose; each is queried through its _bucket, _count and _sum series. */
const HISTOGRAMS = [
  'http_server_request_duration_seconds',
  'http_client_request_duration_seconds',
  'payment_gateway_request_duration_seconds',
  'payment_fraud_score_ratio',
  // libs/service: how long each checkout of a database pool connection waited
  'db_client_connection_wait_time_seconds',
  // the watcher's synthetic checkout, end to end
  'synthetic_checkout_duration_seconds',
];

/** Counters and gauges of libs/instrumented and the services' business metrics. */
const SERVICE_METRICS = [
  'http_server_errors_total',
  'circuit_breaker_state',
  'circuit_breaker_transitions_total',
  'circuit_breaker_rejections_total',
  'checkouts_total',
  // order: every paid order (first answer or retry worker), counted with its revenue
  'orders_paid_total',
  'order_revenue_minor_units_total',
  'payments_total',
  'payment_refunds_total',
  'inventory_reservations_total',
  'order_retry_queue_depth',
  'retry_worker_attempts_total',
  'retry_worker_heartbeat_timestamp_seconds',
  'faultline_fault_active',
  // libs/instrumented, beside prom-client's process metrics: the memory the process may use
  'process_memory_limit_bytes',
  // libs/service: queries waiting for a connection of the service's database pool
  'db_client_connection_pending_requests',
  // payment's reconciliation of captured payments against the gateway's ledger
  'payments_unreconciled',
  'payments_unreconciled_amount_minor_units',
  'payment_reconciliation_last_success_timestamp_seconds',
  'payment_reconciliation_runs_total',
  // the watcher: synthetic checkouts, Alertmanager notifications and the dead man's switch
  'synthetic_checkouts_total',
  'synthetic_checkout_last_success_timestamp_seconds',
  'watcher_notifications_total',
  'watcher_deadman_alarm',
  'watcher_deadman_last_seen_timestamp_seconds',
  // npm start's supervisor (job supervisor, native.yml only): restarts it made, and up per service
  'faultline_service_restarts_total',
  'faultline_service_up',
  // every service: its release and environment (libs/instrumented), so series split by version
  'target_info',
  // order: payment's traffic split between the stable release and a canary, and deploy events
  'deployment_traffic_weight_ratio',
  'deployments_total',
];

/** prom-client's process and event-loop metrics that the rules and runbooks use. */
const PROCESS_METRICS = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_external_memory_bytes',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_gc_duration_seconds_sum',
];

/** The blackbox exporter's series for each probe (job `blackbox`). */
const BLACKBOX_METRICS = ['probe_success', 'probe_duration_seconds', 'probe_http_status_code'];

/**
 * postgres_exporter's series (job `postgres`): its own `pg_up`, two of its built-in queries, and
 * the custom query pg_lock_waits (column `backends`) that infra/postgres-exporter configures.
 */
const POSTGRES_METRICS = [
  'pg_up',
  'pg_locks_count',
  'pg_stat_activity_count',
  'pg_lock_waits_backends',
];

/** Series Prometheus writes itself. */
const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds', 'ALERTS', 'ALERTS_FOR_STATE'];

/** Where each kind of metric comes from, for the checks that it really exists there. */
export const METRIC_ORIGINS = {
  /** Registered by Faultline's own code: `name: '<metric>'` in apps/ or libs/ sources. */
  registered: [...HISTOGRAMS, ...SERVICE_METRICS],
  /** Collected by prom-client's defaults (libs/instrumented turns them on). */
  promClient: PROCESS_METRICS,
  /** Scraped by prometheus.yml's `blackbox` job. */
  blackbox: BLACKBOX_METRICS,
  /** Scraped by prometheus.yml's `postgres` job. */
  postgres: POSTGRES_METRICS,
  /** Written by Prometheus. */
  prometheus: PROMETHEUS_SERIES,
} as const;

/** Every metric name a rule or runbook may select, besides the recorded series. */
export const KNOWN_METRICS: ReadonlySet<string> = new Set([
  ...HISTOGRAMS.flatMap((name) => [`${name}_bucket`, `${name}_count`, `${name}_sum`]),
  ...SERVICE_METRICS,
  ...PROCESS_METRICS,
  ...BLACKBOX_METRICS,
  ...POSTGRES_METRICS,
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
