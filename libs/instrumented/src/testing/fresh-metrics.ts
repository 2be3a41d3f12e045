import { createMetrics, newOpenMetricsRegistry } from '../metrics';
import type { Metrics } from '../metrics';

/** Metrics on a brand-new OpenMetrics registry, so tests never share series. */
export function freshMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  return createMetrics({
    registry: newOpenMetricsRegistry(),
    processMetrics: options.processMetrics ?? false,
  });
}
