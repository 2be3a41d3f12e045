import { SpanStatusCode } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';

/** The name of the span an uncaught error or unhandled rejection becomes. */
export const ERROR_SPAN = 'browser.error';

/** Long enough to read, short enough that nothing typed into a form could ride along in full. */
const MAX_MESSAGE = 300;

const truncate = (text: string): string =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;

/** Records one error as a span with an `exception` event (type, message, stack) and error status. */
export function recordError(
  tracer: Tracer,
  error: unknown,
  source: 'error' | 'unhandledrejection' | 'react',
  path: string,
): void {
  const exception =
    error instanceof Error
      ? error
      : new Error(truncate(typeof error === 'string' ? error : String(error)));
  const message = truncate(exception.message);
  const span = tracer.startSpan(ERROR_SPAN, {
    root: true,
    attributes: { 'error.type': exception.name, 'error.source': source, 'url.path': path },
  });
  span.recordException({ name: exception.name, message, stack: exception.stack });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.end();
}

/** Every error nothing caught (window `error`) and every rejected promise nobody handled. */
export function reportUncaughtErrors(tracer: Tracer, path: () => string): void {
  window.addEventListener('error', (event: ErrorEvent) => {
    recordError(tracer, event.error ?? event.message, 'error', path());
  });
  window.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    recordError(tracer, event.reason, 'unhandledrejection', path());
  });
}
