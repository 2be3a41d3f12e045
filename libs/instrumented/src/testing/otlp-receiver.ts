import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value?: AnyValue };

/** A span as exported over OTLP, flattened for assertions. */
export interface ReceivedSpan {
  service: string;
  resource: Record<string, unknown>;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  /** When the span started, in milliseconds since the epoch. */
  startTimeMs: number;
  /** Wall-clock duration from the span's start and end timestamps. */
  durationMs: number;
  status: { code: number; message?: string };
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
}

/** A log record as exported over OTLP, flattened for assertions. */
export interface ReceivedLog {
  service: string;
  /** The exporting process's resource (service.name, service.version, …). */
  resource: Record<string, unknown>;
  traceId: string | undefined;
  spanId: string | undefined;
  /** When the record was written, in milliseconds since the epoch. */
  timeMs: number;
  severityText: string | undefined;
  body: unknown;
  attributes: Record<string, unknown>;
}

export interface OtlpReceiver {
  /** Base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  port: number;
  spans(): ReceivedSpan[];
  logs(): ReceivedLog[];
  /** Every request body received, raw, for "does this text appear anywhere" scans. */
  rawBodies(): string[];
  /** Resolves once a span matching `predicate` has arrived. */
  waitForSpan(
    predicate: (span: ReceivedSpan) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedSpan>;
  close(): Promise<void>;
}

function anyValue(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValue);
  return undefined;
}

const attributesOf = (list: KeyValue[] | undefined): Record<string, unknown> =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValue(kv.value)]));

interface ExportTraces {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        startTimeUnixNano?: string | number;
        endTimeUnixNano?: string | number;
        status?: { code?: number; message?: string };
        attributes?: KeyValue[];
        events?: { name: string; attributes?: KeyValue[] }[];
      }[];
    }[];
  }[];
}

interface ExportLogs {
  resourceLogs?: {
    resource?: { attributes?: KeyValue[] };
    scopeLogs?: {
      logRecords?: {
        traceId?: string;
        spanId?: string;
        timeUnixNano?: string | number;
        observedTimeUnixNano?: string | number;
        severityText?: string;
        body?: AnyValue;
        attributes?: KeyValue[];
      }[];
    }[];
  }[];
}

/**
 * A minimal OTLP/HTTP (JSON) receiver that keeps what services export, so tests can assert on the
 * real exported traces and logs. Answers 200 to /v1/traces and /v1/logs, 404 otherwise.
 */
export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const logs: ReceivedLog[] = [];
  const bodies: string[] = [];
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      bodies.push(text);
      try {
        if (req.url === '/v1/traces') {
          const payload = JSON.parse(text) as ExportTraces;
          for (const rs of payload.resourceSpans ?? []) {
            const resource = attributesOf(rs.resource?.attributes);
            const service = String(resource['service.name']);
            for (const ss of rs.scopeSpans ?? []) {
              for (const s of ss.spans ?? []) {
                spans.push({
                  service,
                  resource,
                  traceId: s.traceId,
                  spanId: s.spanId,
                  parentSpanId: s.parentSpanId || undefined,
                  name: s.name,
                  kind: s.kind,
                  startTimeMs: Number(BigInt(s.startTimeUnixNano ?? 0) / 1_000_000n),
                  durationMs:
                    Number(BigInt(s.endTimeUnixNano ?? 0) - BigInt(s.startTimeUnixNano ?? 0)) / 1e6,
                  status: { code: s.status?.code ?? 0, message: s.status?.message },
                  attributes: attributesOf(s.attributes),
                  events: (s.events ?? []).map((e) => ({
                    name: e.name,
                    attributes: attributesOf(e.attributes),
                  })),
                });
              }
            }
          }
        } else if (req.url === '/v1/logs') {
          const payload = JSON.parse(text) as ExportLogs;
          for (const rl of payload.resourceLogs ?? []) {
            const resource = attributesOf(rl.resource?.attributes);
            const service = String(resource['service.name']);
            for (const sl of rl.scopeLogs ?? []) {
              for (const r of sl.logRecords ?? []) {
                logs.push({
                  service,
                  resource,
                  traceId: r.traceId || undefined,
                  spanId: r.spanId || undefined,
                  timeMs: Number(
                    BigInt(r.timeUnixNano || r.observedTimeUnixNano || 0) / 1_000_000n,
                  ),
                  severityText: r.severityText,
                  body: anyValue(r.body),
                  attributes: attributesOf(r.attributes),
                });
              }
            }
          }
        } else {
          res.writeHead(404).end();
          return;
        }
      } catch {
        res.writeHead(400).end();
        return;
      }
      for (const wake of waiters) wake();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    spans: () => [...spans],
    logs: () => [...logs],
    rawBodies: () => [...bodies],
    waitForSpan(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = spans.find(predicate);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching span within ${timeoutMs} ms (${spans.length} received)`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
