import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  hostDetector,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { setStartedTelemetry } from './runtime';
import { warnOnceOnTelemetryErrors } from './warn-once';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion: string;
  environment: string;
  /** Ship log records over OTLP as well as to stdout (on unless the logs exporter is "none"). */
  exportLogs: boolean;
  /** Milliseconds between batch exports (OTEL_BSP_SCHEDULE_DELAY / OTEL_BLRP_SCHEDULE_DELAY). */
  exportDelayMs?: number;
  /** Where a one-line warning goes when export fails; stdout by default. */
  write?: (line: string) => void;
}

/**
 * Paths that are polled or operated, not used: tracing them would bury every real trace, and the
 * fault admin API would give the workshop's answer away.
 */
const UNTRACED = /^\/(metrics$|health\/|admin\/)/;

const isUntraced = (request: IncomingMessage): boolean =>
  UNTRACED.test((request.url ?? '').split('?')[0] ?? '');

/**
 * Starts the OpenTelemetry SDK with only the instrumentations Faultline uses (http, express,
 * undici, pg, pino) and OTLP/HTTP export of traces and logs. Metrics are prom-client's job.
 */
export function startTelemetry(options: TelemetryOptions): NodeSDK {
  warnOnceOnTelemetryErrors(
    options.serviceName,
    options.write ?? ((line) => process.stdout.write(line)),
  );
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.serviceVersion,
      'deployment.environment.name': options.environment,
      'service.instance.id': randomUUID(),
    }),
    resourceDetectors: [resourceAttributesEnvDetector, hostDetector],
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        scheduledDelayMillis: options.exportDelayMs,
      }),
    ],
    logRecordProcessors: options.exportLogs
      ? [
          new BatchLogRecordProcessor({
            exporter: new OTLPLogExporter(),
            scheduledDelayMillis: options.exportDelayMs,
          }),
        ]
      : [],
    metricReaders: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: isUntraced }),
      // Only for http.route (and the "POST /orders" name) on the server span: a "request handler"
      // span per request would repeat the server span's timing, about a tenth of all spans and of
      // the tracing CPU (docs/PERFORMANCE.md). Errors are recorded on the server span instead.
      new ExpressInstrumentation({
        ignoreLayersType: [
          ExpressLayerType.MIDDLEWARE,
          ExpressLayerType.ROUTER,
          ExpressLayerType.REQUEST_HANDLER,
        ],
      }),
      new UndiciInstrumentation(),
      // Statement text only: parameter values (which could hold customer data) stay off spans.
      // Queries outside any trace (migrations, polling loops) would each start a trace of their own.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      // trace_id/span_id are added by our own logger mixin; this only ships records over OTLP.
      new PinoInstrumentation({
        disableLogCorrelation: true,
        disableLogSending: !options.exportLogs,
      }),
    ],
  });
  sdk.start();
  setStartedTelemetry(sdk);
  return sdk;
}
