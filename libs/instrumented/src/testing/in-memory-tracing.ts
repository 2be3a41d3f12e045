import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Tracer } from '@opentelemetry/api';

export interface InMemoryTracing {
  tracer: Tracer;
  finishedSpans(): ReadableSpan[];
  reset(): void;
  stop(): Promise<void>;
}

/**
 * Registers a global tracer provider that keeps finished spans in memory, for in-process tests.
 * (Auto-instrumentation cannot patch modules loaded by Jest's module system: tests that need the
 * real http/express/undici spans start a child process with the real preload instead.)
 */
export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    tracer: provider.getTracer('faultline-test'),
    finishedSpans: () => exporter.getFinishedSpans(),
    reset: () => {
      exporter.reset();
    },
    stop: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
