import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AppError, parseOrThrow } from '../errors';
import { createLogger } from '../logging';
import { captureLogs, freshMetrics } from '../testing';
import type { LogCapture } from '../testing';
import type { Metrics } from '../metrics';
import { createServiceApp } from './create-service-app';
import type { ReadinessCheck } from './health';

const orderBody = z.object({
  quantity: z.number().int().positive('must be a positive whole number'),
});

describe('createServiceApp', () => {
  let server: Server;
  let base: string;
  let logs: LogCapture;
  let metrics: Metrics;
  let databaseUp = true;
  const written: unknown[] = [];

  beforeAll(async () => {
    logs = captureLogs();
    metrics = freshMetrics();
    const logger = createLogger({ service: 'test', destination: logs.destination });
    const postgres: ReadinessCheck = () =>
      databaseUp ? Promise.resolve() : Promise.reject(new Error('connection refused'));
    const app = createServiceApp(
      { logger, metrics, readiness: { postgres }, jsonLimit: '1kb' },
      (app, kit) => {
        app.post('/orders/:id/items', kit.json, (req, res) => {
          const body = parseOrThrow(orderBody, req.body, 'body');
          written.push(body);
          res.status(201).json(body);
        });
        app.get('/orders/:id', (req, res) => {
          res.json({ id: req.params.id });
        });
        app.get('/declined', () => {
          throw new AppError('card_declined', 402, 'The card was declined.', {
            extensions: { decline_code: 'card_declined' },
          });
        });
        app.get('/bug', () => {
          throw new Error('secret internal detail');
        });
      },
    );
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    written.length = 0;
    databaseUp = true;
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('echoes a well-formed X-Request-ID and puts it on the request log line', async () => {
    const res = await fetch(`${base}/orders/7`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const line = logs
      .lines()
      .find((l) => l['event'] === 'http_request_completed' && l['request_id'] === 'abc-123');
    expect(line).toMatchObject({ http: { method: 'GET', route: '/orders/:id', status_code: 200 } });
  });

  it('mints a request id when none or a malformed one is given', async () => {
    const res = await fetch(`${base}/orders/7`, {
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a quantity of zero with 400 problem+json naming the field, and writes nothing', async () => {
    const res = await post('/orders/1/items', JSON.stringify({ quantity: 0 }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: 'urn:faultline:problem:validation_failed',
      status: 400,
      code: 'validation_failed',
      instance: '/orders/1/items',
      invalid_params: [{ name: 'body.quantity', reason: 'must be a positive whole number' }],
    });
    expect(problem['request_id']).toBe(res.headers.get('x-request-id'));
    expect(written).toEqual([]);
  });

  it('answers malformed JSON with 400 malformed_json, labelled with its route template', async () => {
    const res = await post('/orders/1/items', '{"quantity": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'malformed_json',
      invalid_params: [{ name: 'body', reason: 'The request body is not valid JSON.' }],
    });
    expect(await metrics.registry.metrics()).toMatch(
      /http_server_errors_total\{route="\/orders\/:id\/items",code="malformed_json"\} 1/,
    );
  });

  it('answers an oversized body with 413 problem+json', async () => {
    const res = await post(
      '/orders/1/items',
      JSON.stringify({ quantity: 1, pad: 'x'.repeat(2000) }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(written).toEqual([]);
  });

  it('maps an AppError to its status with its extensions', async () => {
    const res = await fetch(`${base}/declined`);
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({
      code: 'card_declined',
      decline_code: 'card_declined',
      title: 'Payment Required',
    });
  });

  it('answers an unknown error with a generic 500 and logs it with its stack', async () => {
    const res = await fetch(`${base}/bug`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain('secret internal detail');
    expect(JSON.parse(body)).toMatchObject({ code: 'internal_error', status: 500 });
    const line = logs.lines().find((l) => l['event'] === 'unhandled_error');
    expect(line?.['error']).toMatchObject({ type: 'Error', message: 'secret internal detail' });
    expect(String((line?.['error'] as Record<string, unknown>)['stack'])).toContain(
      'create-service-app.spec.ts',
    );
  });

  it('answers unknown routes with 404 problem+json under one bounded label', async () => {
    const res = await fetch(`${base}/no/such/route/123`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'route_not_found', status: 404 });
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain('route="unmatched"');
    expect(exposition).not.toContain('/no/such/route');
  });

  it('labels the RED histogram with the route template, never the raw path', async () => {
    await fetch(`${base}/orders/998877`);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(
      /http_server_request_duration_seconds_count\{method="GET",route="\/orders\/:id",status_code="200"\} \d+/,
    );
    expect(exposition).not.toContain('998877');
  });

  it('serves /health/live and /metrics, and leaves them out of the RED histogram', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^application\/openmetrics-text/);
    expect(await res.text()).not.toContain('route="/metrics"');
  });

  it('reports ready when every dependency answers, and 503 naming the one that does not', async () => {
    const ok = await fetch(`${base}/health/ready`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', checks: { postgres: { status: 'ok' } } });
    databaseUp = false;
    const down = await fetch(`${base}/health/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'unready',
      checks: { postgres: { status: 'fail', error: 'connection refused' } },
    });
  });
});
