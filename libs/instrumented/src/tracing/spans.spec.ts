import { SpanStatusCode } from '@opentelemetry/api';
import { startInMemoryTracing } from '../testing';
import type { InMemoryTracing } from '../testing';
import { annotateActiveSpan, markSpanFailed, withSpan } from './spans';

describe('withSpan', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = startInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.stop();
  });
  beforeEach(() => {
    tracing.reset();
  });

  it('ends the span with its attributes and the ones added while it was active', async () => {
    const result = await withSpan('fraud.score', { 'order.id': 'o-1' }, async () => {
      annotateActiveSpan({ 'fraud.score': 0.12 });
      return Promise.resolve(42);
    });
    expect(result).toBe(42);
    const [span] = tracing.finishedSpans();
    expect(span?.name).toBe('fraud.score');
    expect(span?.attributes).toEqual({ 'order.id': 'o-1', 'fraud.score': 0.12 });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a thrown error and marks the span failed', async () => {
    await expect(
      withSpan('card_gateway.charge', {}, () => Promise.reject(new Error('gateway 503'))),
    ).rejects.toThrow('gateway 503');
    const [span] = tracing.finishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'gateway 503' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('keeps the reason a step gave when it marked its own span failed', async () => {
    await expect(
      withSpan('card_gateway.charge', {}, (span) => {
        const error = new Error('upstream said 503');
        markSpanFailed(span, error, 'gateway_unavailable');
        throw error;
      }),
    ).rejects.toThrow('upstream said 503');
    const [span] = tracing.finishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'gateway_unavailable' });
    expect(span?.events).toHaveLength(1);
  });

  it('wraps synchronous work (CPU-bound steps) too', async () => {
    expect(await withSpan('fraud.score', {}, () => 0.25)).toBe(0.25);
    expect(tracing.finishedSpans()[0]?.name).toBe('fraud.score');
  });
});
