import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshMetrics, startInMemoryTracing } from '../testing';
import type { InMemoryTracing } from '../testing';
import { createMetrics } from './create-metrics';

describe('createMetrics', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = startInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.stop();
  });

  it('exposes OpenMetrics so exemplars survive the scrape', () => {
    expect(freshMetrics().registry.contentType).toMatch(/^application\/openmetrics-text/);
  });

  it('attaches the active trace as the exemplar of a histogram sample', async () => {
    const metrics = freshMetrics();
    const traceId = tracing.tracer.startActiveSpan('checkout', (span) => {
      metrics.observe(
        metrics.httpServerDuration,
        { method: 'POST', route: '/orders', status_code: 201 },
        0.042,
      );
      span.end();
      return span.spanContext().traceId;
    });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      new RegExp(
        `http_server_request_duration_seconds_bucket\\{le="0.05",method="POST",route="/orders",status_code="201"\\} 1 # \\{trace_id="${traceId}",span_id="[0-9a-f]{16}"\\} 0.042`,
      ),
    );
  });

  it('records no exemplar when nothing is traced', async () => {
    const metrics = freshMetrics();
    metrics.observe(
      metrics.httpServerDuration,
      { method: 'GET', route: '/x', status_code: 200 },
      0.01,
    );
    expect(await metrics.registry.metrics()).not.toContain('trace_id');
  });

  it('exports target_info with the release and environment when asked, and only then', async () => {
    const metrics = createMetrics({
      processMetrics: false,
      target: { serviceVersion: '0.2.0', environment: 'workshop' },
    });
    expect(await metrics.registry.metrics()).toContain(
      'target_info{service_version="0.2.0",deployment_environment="workshop"} 1',
    );
    expect(await createMetrics({ processMetrics: false }).registry.metrics()).not.toContain(
      'target_info',
    );
  });

  it('refuses names that break Prometheus conventions', () => {
    const metrics = freshMetrics();
    expect(() => metrics.counter({ name: 'orders_placed', help: 'x' })).toThrow(/_total/);
    expect(() => metrics.histogram({ name: 'checkout_duration_ms', help: 'x' })).toThrow(
      /base unit/,
    );
    expect(() => metrics.gauge({ name: 'queue_depth_total', help: 'x' })).toThrow(/gauge/);
    expect(() => metrics.counter({ name: 'Orders-Total_total', help: 'x' })).toThrow(/conventions/);
    expect(metrics.counter({ name: 'orders_placed_total', help: 'Orders placed.' })).toBeDefined();
  });

  it('passes `promtool check metrics` with process, RED, client and business metrics', async () => {
    const metrics = createMetrics({ target: { serviceVersion: '0.2.0', environment: 'workshop' } });
    metrics.observe(
      metrics.httpServerDuration,
      { method: 'GET', route: '/products/:id', status_code: 200 },
      0.003,
    );
    metrics.observe(
      metrics.httpClientDuration,
      { peer_service: 'payment', method: 'POST', outcome: 'timeout' },
      2,
    );
    metrics
      .counter({ name: 'checkouts_total', help: 'Checkouts by outcome.', labelNames: ['outcome'] })
      .inc({ outcome: 'paid' });
    metrics.gauge({ name: 'retry_queue_depth', help: 'Orders waiting for payment.' }).set(3);
    const file = join(mkdtempSync(join(tmpdir(), 'metrics-')), 'exposition.txt');
    // promtool parses the Prometheus text format; the content is the same series.
    metrics.registry.setContentType('text/plain; version=0.0.4; charset=utf-8' as never);
    writeFileSync(file, await metrics.registry.metrics());
    const output = execFileSync(
      'sh',
      ['-c', `promtool check metrics < ${file} 2>&1; echo "exit=$?"`],
      {
        encoding: 'utf8',
      },
    );
    expect(output.trim()).toBe('exit=0');
  });
});
