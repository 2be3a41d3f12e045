import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as tempo from '@grafana/grafana-foundation-sdk/tempo';
import { LOKI, PROMETHEUS, TEMPO } from './datasources';

/** A PromQL range query; `legend` is a Grafana legend template such as `{{route}}`. */
export function promql(expr: string, legend?: string): prometheus.DataqueryBuilder {
  const query = new prometheus.DataqueryBuilder().datasource(PROMETHEUS).expr(expr).range();
  return legend === undefined ? query : query.legendFormat(legend);
}

/** A PromQL range query that also fetches exemplars (trace_id → Tempo from the panel). */
export function promqlWithExemplars(expr: string, legend?: string): prometheus.DataqueryBuilder {
  return promql(expr, legend).exemplar(true);
}

/** A PromQL instant query, for stat and table panels. */
export function promqlInstant(expr: string, legend?: string): prometheus.DataqueryBuilder {
  const query = new prometheus.DataqueryBuilder().datasource(PROMETHEUS).expr(expr).instant();
  return legend === undefined ? query : query.legendFormat(legend);
}

/** A LogQL log query. */
export function logql(expr: string): loki.DataqueryBuilder {
  return new loki.DataqueryBuilder().datasource(LOKI).expr(expr).queryType('range');
}

/** A TraceQL search. */
export function traceql(query: string, limit = 20): tempo.DataqueryBuilder {
  return new tempo.DataqueryBuilder()
    .datasource(TEMPO)
    .queryType('traceql')
    .query(query)
    .limit(limit);
}
