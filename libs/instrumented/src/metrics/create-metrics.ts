import { INVALID_TRACEID, trace } from '@opentelemetry/api';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { memoryLimitBytes } from './memory-limit';
import type {
  CounterConfiguration,
  GaugeConfiguration,
  HistogramConfiguration,
  OpenMetricsContentType,
} from 'prom-client';

/** Latency buckets (seconds) that resolve a fast in-process call and a slow gateway alike. */
export const LATENCY_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

type ServerLabels = 'method' | 'route' | 'status_code';
type ClientLabels = 'peer_service' | 'method' | 'outcome';

export interface Metrics {
  /** The injected registry, exposed in OpenMetrics format so exemplars survive the scrape. */
  readonly registry: Registry<OpenMetricsContentType>;
  /** RED histogram of inbound requests by route template, method and status code. */
  readonly httpServerDuration: Histogram<ServerLabels>;
  /** Outbound calls by peer service, method and outcome (a status code or a failure kind). */
  readonly httpClientDuration: Histogram<ClientLabels>;
  /** Observes a value (seconds, a ratio…) on a histogram, linking the sample to the active trace. */
  observe<L extends string>(
    histogram: Histogram<L>,
    labels: Record<L, string | number>,
    value: number,
  ): void;
  /** A counter; the name must end in `_total`. */
  counter<L extends string>(config: CounterConfiguration<L>): Counter<L>;
  /** A histogram with exemplars; the name must end in a base unit (`_seconds`, `_bytes`, …). */
  histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L>;
  /** A gauge; it must not end in `_total`. */
  gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L>;
}

export interface MetricsOptions {
  /** Defaults to a new registry; never the global one. */
  registry?: Registry<OpenMetricsContentType>;
  /** Process and event-loop metrics (process_*, nodejs_*). On by default. */
  processMetrics?: boolean;
  /**
   * `process_memory_limit_bytes`, exported with the process metrics: the cgroup's limit, else
   * FAULTLINE_MEMORY_LIMIT_MB (see memoryLimitBytes); not exported when undefined.
   */
  memoryLimitBytes?: number | undefined;
  /**
   * `target_info{service_version, deployment_environment} 1`: the process's resource as
   * OpenTelemetry's Prometheus convention names it, so every series of the target can be split by
   * version (`* on (job, instance) group_left (service_version) target_info`): a canary and the
   * stable release are two targets of one job. Not exported when undefined.
   */
  target?: { serviceVersion: string; environment: string } | undefined;
}

const UNIT_SUFFIX =
  /_(seconds|bytes|ratio|meters|celsius|volts|amperes|joules|grams|minor_units|items)$/;
const METRIC_NAME = /^[a-z_][a-z0-9_]*$/;

function checkName(name: string, rule: (n: string) => boolean, expected: string): void {
  if (!METRIC_NAME.test(name) || !rule(name)) {
    throw new Error(`Metric name "${name}" does not follow Prometheus conventions: ${expected}`);
  }
}

/** A registry that exposes OpenMetrics: with the Prometheus text format exemplars silently vanish. */
export function newOpenMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

/**
 * prom-client's totals of active handles/requests/resources are gauges named `_total`, which
 * `promtool check metrics` rejects; the per-type gauges (`nodejs_active_handles{type}`…) stay.
 */
const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Process and event-loop metrics (CPU, memory, GC, event-loop lag), all conventionally named. */
function collectProcessMetrics(
  registry: Registry<OpenMetricsContentType>,
  limitBytes: number | undefined,
): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  if (limitBytes === undefined) return;
  // Beside process_resident_memory_bytes, so an alert can predict when the process reaches it.
  new Gauge({
    name: 'process_memory_limit_bytes',
    help: 'Memory the process may use before it is killed: the container limit, or FAULTLINE_MEMORY_LIMIT_MB natively.',
    registers: [registry],
  }).set(limitBytes);
}

/** Exemplar labels for the active span, or none when nothing is traced. */
function exemplarLabels(): Record<string, string> | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || spanContext.traceId === INVALID_TRACEID) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** Creates the metrics of one service on an injected (or fresh) OpenMetrics registry. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = options.registry ?? newOpenMetricsRegistry();
  if (options.processMetrics ?? true) {
    collectProcessMetrics(
      registry,
      'memoryLimitBytes' in options ? options.memoryLimitBytes : memoryLimitBytes(),
    );
  }

  if (options.target) {
    new Gauge({
      name: 'target_info',
      help: "The process's resource: its release (service.version) and deployment environment.",
      labelNames: ['service_version', 'deployment_environment'],
      registers: [registry],
    }).set(
      {
        service_version: options.target.serviceVersion,
        deployment_environment: options.target.environment,
      },
      1,
    );
  }

  const counter = <L extends string>(config: CounterConfiguration<L>): Counter<L> => {
    checkName(config.name, (n) => n.endsWith('_total'), 'a counter name ends in _total');
    return new Counter({ ...config, registers: [registry] });
  };
  const histogram = <L extends string>(config: HistogramConfiguration<L>): Histogram<L> => {
    checkName(config.name, (n) => UNIT_SUFFIX.test(n), 'a histogram name ends in its base unit');
    return new Histogram({
      buckets: [...LATENCY_BUCKETS_SECONDS],
      ...config,
      enableExemplars: true,
      registers: [registry],
    });
  };
  const gauge = <L extends string>(config: GaugeConfiguration<L>): Gauge<L> => {
    checkName(config.name, (n) => !n.endsWith('_total'), 'a gauge name does not end in _total');
    return new Gauge({ ...config, registers: [registry] });
  };
  const observe = <L extends string>(
    target: Histogram<L>,
    labels: Record<L, string | number>,
    value: number,
  ): void => {
    const exemplar = exemplarLabels() as Partial<Record<L, string>> | undefined;
    target.observe(exemplar ? { labels, value, exemplarLabels: exemplar } : { labels, value });
  };

  return {
    registry,
    httpServerDuration: histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of inbound HTTP requests by route template, method and status code.',
      labelNames: ['method', 'route', 'status_code'],
    }),
    httpClientDuration: histogram({
      name: 'http_client_request_duration_seconds',
      help: 'Duration of outbound calls by peer service, method and outcome (status code or failure kind).',
      labelNames: ['peer_service', 'method', 'outcome'],
    }),
    observe,
    counter,
    histogram,
    gauge,
  };
}
