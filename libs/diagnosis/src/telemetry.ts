/** A span as an OTLP receiver or a trace backend hands it over, flattened. */
export interface DiagnosisSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client. */
  kind: number;
  startTimeMs: number;
  durationMs: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  attributes: Readonly<Record<string, unknown>>;
  /** The exporting process's resource (service.name, service.version, …), when known. */
  resource?: Readonly<Record<string, unknown>>;
}

/** The release a span's process runs (its resource's service.version), when it says. */
export const versionOf = (span: DiagnosisSpan): string | undefined => {
  const version = span.resource?.['service.version'];
  return typeof version === 'string' && version !== '' ? version : undefined;
};

/** One sample of a Prometheus instant query. */
export interface DiagnosisSample {
  metric: Readonly<Record<string, string>>;
  value: number;
}

/** What a diagnosis may look at: exported spans and Prometheus, nothing else. */
export interface Telemetry {
  /** Spans exported while the problem was happening. */
  spans: readonly DiagnosisSpan[];
  /** A Prometheus instant query evaluated now. */
  query(expr: string): Promise<DiagnosisSample[]>;
  /** How far back to look, in seconds: the range of every Prometheus rate and growth query. */
  windowSeconds: number;
}

/** One explanation the telemetry supports, with what supports it. */
export interface Finding {
  service: string;
  fault: string;
  /** The signals that support it, in words a person checks in Grafana. */
  evidence: string[];
}

export const SpanKind = { internal: 1, server: 2, client: 3 } as const;
export const STATUS_ERROR = 2;

/** The q-quantile (0..1) of `values` by nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Spans grouped by a key; spans the key function skips (undefined) are left out. */
export function groupBy<T>(
  items: readonly T[],
  key: (item: T) => string | undefined,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The ids of spans that have at least one child among `spans`. */
export function parentIds(spans: readonly DiagnosisSpan[]): Set<string> {
  return new Set(spans.flatMap((s) => (s.parentSpanId === undefined ? [] : [s.parentSpanId])));
}

/** A PostgreSQL client span, under either generation of the database semantic conventions. */
export const isPostgresSpan = (span: DiagnosisSpan): boolean =>
  span.attributes['db.system.name'] === 'postgresql' ||
  span.attributes['db.system'] === 'postgresql';

/** The SQL a database span ran, under either generation of the semantic conventions. */
export function statementOf(span: DiagnosisSpan): string {
  const text = span.attributes['db.query.text'] ?? span.attributes['db.statement'];
  return typeof text === 'string' ? text : span.name;
}

/** An attribute as text, for grouping and evidence; `fallback` when absent or not a scalar. */
export function textOf(value: unknown, fallback = 'unknown'): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : fallback;
}

/** The window as a PromQL range, `fraction` of it (at least 5 s, so a rate has samples). */
export const promRange = (t: Telemetry, fraction = 1): string =>
  `${Math.max(5, Math.round(t.windowSeconds * fraction))}s`;

export const ms = (value: number): string => `${Math.round(value)} ms`;
export const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;
