import { SpanStatusCode } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { customerSpanProcessor } from './customer';
import { ERROR_SPAN, recordError } from './uncaught-errors';

function tracing(customerId?: string) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [
      customerSpanProcessor(() => customerId),
      new SimpleSpanProcessor({ exporter }),
    ],
  });
  return { tracer: provider.getTracer('test'), spans: () => exporter.getFinishedSpans() };
}

describe('errors as spans', () => {
  it('records an uncaught error as an error span with an exception event', () => {
    const { tracer, spans } = tracing();
    recordError(tracer, new TypeError('x is undefined'), 'error', '/checkout');
    const [span] = spans();
    expect(span?.name).toBe(ERROR_SPAN);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toMatchObject({
      'error.type': 'TypeError',
      'error.source': 'error',
      'url.path': '/checkout',
    });
    expect(span?.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'TypeError', 'exception.message': 'x is undefined' },
    });
  });

  it('cuts a long message short, so no long text rides along in full', () => {
    const { tracer, spans } = tracing();
    recordError(tracer, 'y'.repeat(5000), 'unhandledrejection', '/');
    const message = spans()[0]?.events[0]?.attributes?.['exception.message'];
    expect(typeof message === 'string' && message.length).toBeLessThanOrEqual(301);
  });

  it('puts enduser.id on spans once the customer is known, and nothing before', () => {
    const anonymous = tracing();
    anonymous.tracer.startSpan('a').end();
    expect(anonymous.spans()[0]?.attributes['enduser.id']).toBeUndefined();
    const known = tracing('c-1001');
    known.tracer.startSpan('b').end();
    expect(known.spans()[0]?.attributes['enduser.id']).toBe('c-1001');
  });
});
