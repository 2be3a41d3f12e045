import { randomUUID } from 'node:crypto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  hostDetector,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import type * as Auto from './instrumentations/auto';
import type { InstrumentationList } from './instrumentations/configs';
import type * as Curated from './instrumentations/curated';
import { setStartedTelemetry } from './runtime';
import { resolveTelemetrySettings } from './settings';
import type { TelemetrySettings } from './settings';
import { warnOnceOnTelemetryErrors } from './warn-once';

export interface TelemetryOptions extends Partial<TelemetrySettings> {
  /** Where a one-line warning goes when export fails; stdout by default. */
  write?: (line: string) => void;
}

/** Each mode's module is required only when chosen: the other's packages are never loaded. */
function instrumentationsFor(settings: TelemetrySettings): InstrumentationList {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (settings.instrumentations === 'auto') {
    return (require('./instrumentations/auto') as typeof Auto).autoInstrumentations(settings);
  }
  return (require('./instrumentations/curated') as typeof Curated).curatedInstrumentations(
    settings,
  );
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Starts the OpenTelemetry SDK with the instrumentations Faultline uses (http, express, undici,
 * pg, pino) and OTLP/HTTP export of traces and logs. Metrics are prom-client's job. Settings
 * resolve options → environment → defaults (resolveTelemetrySettings).
 */
export function startTelemetry(options: TelemetryOptions = {}): NodeSDK {
  const { write, ...given } = options;
  const settings = resolveTelemetrySettings(given);
  warnOnceOnTelemetryErrors(settings.serviceName, write ?? ((line) => process.stdout.write(line)));
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': settings.serviceName,
      'service.version': settings.serviceVersion,
      'deployment.environment.name': settings.environment,
      'service.instance.id': randomUUID(),
    }),
    resourceDetectors: [resourceAttributesEnvDetector, hostDetector],
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        scheduledDelayMillis: settings.spanExportDelayMs,
      }),
    ],
    logRecordProcessors: settings.exportLogs
      ? [
          new BatchLogRecordProcessor({
            exporter: new OTLPLogExporter(),
            scheduledDelayMillis: settings.logExportDelayMs,
          }),
        ]
      : [],
    metricReaders: [],
    instrumentations: instrumentationsFor(settings),
  });
  sdk.start();
  setStartedTelemetry(sdk);
  return sdk;
}
