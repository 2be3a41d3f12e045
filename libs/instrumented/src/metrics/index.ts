export { createMetrics, LATENCY_BUCKETS_SECONDS, newOpenMetricsRegistry } from './create-metrics';
export type { Metrics, MetricsOptions } from './create-metrics';
