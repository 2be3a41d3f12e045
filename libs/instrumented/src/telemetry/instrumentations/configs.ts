import type { IncomingMessage } from 'node:http';
import type { ExpressInstrumentationConfig } from '@opentelemetry/instrumentation-express';
import { ExpressLayerType } from '@opentelemetry/instrumentation-express';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import type { PgInstrumentationConfig } from '@opentelemetry/instrumentation-pg';
import type { PinoInstrumentationConfig } from '@opentelemetry/instrumentation-pino';
import type { UndiciInstrumentationConfig } from '@opentelemetry/instrumentation-undici';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { isUntracedPath } from '../../http/untraced-paths';
import type { InstrumentationSettings } from '../settings';

/** What NodeSDK takes as its instrumentations. */
export type InstrumentationList = NonNullable<NodeSDKConfiguration['instrumentations']>;

/** The five instrumentations Faultline uses, by package name (the metapackage's keys too). */
export const USED_INSTRUMENTATIONS = [
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/instrumentation-undici',
  '@opentelemetry/instrumentation-pg',
  '@opentelemetry/instrumentation-pino',
] as const;

/** How each is configured, the same in both modes. */
export function instrumentationConfigs({ exportLogs, untracedOrigins }: InstrumentationSettings) {
  const untraced = new Set(untracedOrigins);
  return {
    '@opentelemetry/instrumentation-http': {
      ignoreIncomingRequestHook: (request: IncomingMessage) => isUntracedPath(request.url),
    } satisfies HttpInstrumentationConfig,
    // Only for http.route (and the "POST /orders" name) on the server span: a "request handler"
    // span per request would repeat the server span's timing, about a tenth of all spans and of
    // the tracing CPU (docs/PERFORMANCE.md). Errors are recorded on the server span instead.
    '@opentelemetry/instrumentation-express': {
      ignoreLayersType: [
        ExpressLayerType.MIDDLEWARE,
        ExpressLayerType.ROUTER,
        ExpressLayerType.REQUEST_HANDLER,
      ],
    } satisfies ExpressInstrumentationConfig,
    // Telemetry's own traffic stays out of traces: Pyroscope's uploads go through global fetch,
    // and so does the gateway's forward of the browser's spans to the collector.
    '@opentelemetry/instrumentation-undici': {
      ignoreRequestHook: (request) => untraced.has(originOf(request.origin)),
    } satisfies UndiciInstrumentationConfig,
    // Statement text only: parameter values (which could hold customer data) stay off spans.
    // Queries outside any trace (migrations, polling loops) would each start a trace of their own.
    // No pg-pool.connect span per checkout of a connection: a quarter of a checkout's spans, nearly
    // all a few microseconds long; the pool's waits are metrics instead (libs/service pool-waits).
    '@opentelemetry/instrumentation-pg': {
      enhancedDatabaseReporting: false,
      requireParentSpan: true,
      ignoreConnectSpans: true,
    } satisfies PgInstrumentationConfig,
    // trace_id/span_id are added by our own logger mixin; this only ships records over OTLP.
    '@opentelemetry/instrumentation-pino': {
      disableLogCorrelation: true,
      disableLogSending: !exportLogs,
    } satisfies PinoInstrumentationConfig,
  };
}

/** undici's request origin, normalised as URL.origin is (no trailing slash, default port dropped). */
function originOf(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}
