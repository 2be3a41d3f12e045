import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';

export type { Attributes, Span } from '@opentelemetry/api';

const tracer = () => trace.getTracer('@faultline/instrumented');

/** Spans whose failure was already recorded with a specific reason, which withSpan must keep. */
const markedFailed = new WeakSet<Span>();

/**
 * Runs `work` inside a new active span (a domain step such as `card_gateway.charge`), ending it
 * when the work settles; a thrown error is recorded and sets the span status to error.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => T | Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      if (!markedFailed.has(span)) markSpanFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Records an error on a span and sets its status, with a short reason (e.g. a gateway code). */
export function markSpanFailed(span: Span, error: unknown, reason?: string): void {
  markedFailed.add(span);
  span.recordException(error instanceof Error ? error : new Error(String(error)));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: reason ?? (error instanceof Error ? error.message : String(error)),
  });
}

/** Adds business attributes (order.id, payment.outcome…) to the active span, if any. Never card data. */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}
