import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';

/** The instrumentation scope of the storefront's own spans. */
export const STOREFRONT_SCOPE = 'storefront';

/**
 * Runs `run` inside a new root span named after what the shopper did ("place_order"): every fetch
 * it starts before its first `await` is a child span, and its traceparent carries the trace through
 * the gateway to the services. Rejections end the span with an error status and are rethrown.
 */
export async function inUserAction<T>(
  name: string,
  attributes: Attributes,
  run: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(STOREFRONT_SCOPE);
  return tracer.startActiveSpan(name, { root: true, attributes }, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
