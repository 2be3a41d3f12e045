import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { createSessionSpanProcessor } from '@opentelemetry/web-common';
import { customerIdentity, customerSpanProcessor } from './customer';
import { browserSessionId } from './session';
import { recordError, reportUncaughtErrors } from './uncaught-errors';
import { STOREFRONT_SCOPE } from './user-action';
import { reportWebVitals } from './web-vitals';

/** Where the gateway takes browser spans and forwards them to the collector (same origin). */
export const TRACES_PATH = '/otlp/v1/traces';
/** The shop's calls to its own API: the only requests that carry a traceparent. */
const API_PATH = /^\/api\/v1\//;

export interface TelemetrySettings {
  serviceVersion: string;
  /** Export delay of the batch processor; the page being hidden flushes at once whatever it is. */
  exportDelayMs?: number;
}

const currentPath = (): string => location.pathname;

/**
 * Starts the browser's tracing: resource `service.name=storefront`, `session.id` and (once known)
 * `enduser.id` on every span, document load, fetch (traceparent on same-origin /api/v1 calls only;
 * no bodies, no form values), web vitals and uncaught errors, batched to the gateway's /otlp.
 * Telemetry never breaks the shop: if anything here throws, the shop runs untraced.
 */
export function startTelemetry(settings: TelemetrySettings): void {
  try {
    const sessionId = browserSessionId(sessionStorage);
    const exporter = new OTLPTraceExporter({
      // The browser transport needs an absolute URL.
      url: new URL(TRACES_PATH, location.origin).href,
    });
    const provider = new TracerProvider({
      resource: resourceFromAttributes({
        [ATTR_SERVICE_NAME]: 'storefront',
        [ATTR_SERVICE_VERSION]: settings.serviceVersion,
      }),
      spanProcessors: [
        createSessionSpanProcessor({ getSessionId: () => sessionId }),
        customerSpanProcessor(() => customerIdentity.current()),
        new BatchSpanProcessor({ exporter, scheduledDelayMillis: settings.exportDelayMs ?? 1000 }),
      ],
    });
    context.setGlobalContextManager(new StackContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);

    registerInstrumentations({
      tracerProvider: provider,
      instrumentations: [
        new DocumentLoadInstrumentation(),
        // Deprecated for @opentelemetry/browser-instrumentation, still experimental (0.x) and with
        // different span shapes; this one is what the services' dashboards and TraceQL expect.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        new FetchInstrumentation({
          // Same-origin calls get a traceparent anyway; this names the only ones that should.
          propagateTraceHeaderCorsUrls: [API_PATH],
          // The fault control room's calls (from a shop tab that opened it) give answers away.
          ignoreUrls: [new RegExp(`${TRACES_PATH}$`), /\/control\/api\//, /\/admin\//],
          // Keep the browser's timing entries small: the shop makes few requests.
          clearTimingResources: true,
        }),
      ],
    });

    const tracer = trace.getTracer(STOREFRONT_SCOPE);
    reportWebVitals(tracer, currentPath);
    reportUncaughtErrors(tracer, currentPath);
  } catch (error) {
    console.warn('Telemetry is off for this page:', error);
  }
}

/** An error the page caught (a React error boundary): recorded like an uncaught one. */
export function recordCaughtError(error: unknown): void {
  recordError(trace.getTracer(STOREFRONT_SCOPE), error, 'react', currentPath());
}
