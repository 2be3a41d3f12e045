import { once } from 'node:events';
import type { Server } from 'node:http';
import { connect } from 'node:net';
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

/** What a pg connection failure looks like: raw driver text the client must never see. */
const connectionRefused = Object.assign(
  new Error('connect ECONNREFUSED 10.0.0.5:5432 (db-primary)'),
  {
    code: 'ECONNREFUSED',
  },
);
const isConnectionFailure = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === 'ECONNREFUSED';

const waitFor = async <T>(probe: () => T | undefined): Promise<T> => {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

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
      {
        logger,
        metrics,
        readiness: { postgres },
        jsonLimit: '1kb',
        unavailableWhen: { postgres: isConnectionFailure },
      },
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
        app.get('/stock', () => {
          throw connectionRefused;
        });
        app.get('/stock/wrapped', () => {
          throw new Error('listing stock failed', { cause: connectionRefused });
        });
        app.get('/busy', () => {
          throw new AppError('overloaded', 503, 'The service is busy.');
        });
        app.get('/busy/long', () => {
          throw new AppError('maintenance', 503, 'Down for maintenance.', {
            retryAfterSeconds: 30,
          });
        });
        app.post('/uploads', kit.json, (_req, res) => {
          res.status(204).end();
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
      checks: { postgres: { status: 'fail', reason: 'unavailable' } },
    });
  });

  it('keeps the raw dependency error out of /health/ready and logs it instead', async () => {
    databaseUp = false;
    const body = await (await fetch(`${base}/health/ready`)).text();
    expect(body).not.toContain('connection refused');
    const line = logs
      .lines()
      .find((l) => l['event'] === 'readiness_check_failed' && l['dependency'] === 'postgres');
    expect(line).toMatchObject({ level: 'warn', reason: 'unavailable' });
    expect(line?.['error']).toMatchObject({ message: 'connection refused' });
  });

  it('answers an unavailable dependency with 503 dependency_unavailable and Retry-After, never the driver text', async () => {
    for (const path of ['/stock', '/stock/wrapped']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = await res.text();
      expect(body).not.toMatch(/ECONNREFUSED|5432|db-primary/);
      expect(JSON.parse(body)).toMatchObject({
        code: 'dependency_unavailable',
        status: 503,
        detail: 'postgres is unavailable; try again shortly.',
        dependency: 'postgres',
      });
    }
    const logged = logs.lines().filter((l) => l['event'] === 'dependency_unavailable');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ level: 'warn', dependency: 'postgres' });
    expect(logged[0]?.['error']).toMatchObject({ message: connectionRefused.message });
    expect(logs.text()).not.toMatch(/"event":"unhandled_error"[^\n]*ECONNREFUSED/);
  });

  it('puts Retry-After on every 503 problem: the default, or the seconds the error carries', async () => {
    const busy = await fetch(`${base}/busy`);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    const maintenance = await fetch(`${base}/busy/long`);
    expect(maintenance.status).toBe(503);
    expect(maintenance.headers.get('retry-after')).toBe('30');
    const bug = await fetch(`${base}/bug`);
    expect(bug.headers.get('retry-after')).toBeNull();
  });

  it('rejects bad percent-encoding in a path parameter with 400 naming the path', async () => {
    const res = await fetch(`${base}/orders/%ZZ`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      status: 400,
      code: 'malformed_path',
      invalid_params: [{ name: 'path' }],
    });
  });

  it.each(['gzip', 'deflate', 'br'])(
    'rejects a %s body that does not decompress with 400 naming the body',
    async (encoding) => {
      const res = await post('/orders/1/items', 'this is not compressed', {
        'content-encoding': encoding,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: 'undecodable_body',
        invalid_params: [{ name: 'body' }],
      });
      expect(written).toEqual([]);
    },
  );

  it.each([
    ['{"quantity": 1, "customerId": "c-1\\u0000"}', 'body.customerId'],
    ['{"quantity": 1, "lines": [{"sku": "ok"}, {"sku": "FL\\u0000-1"}]}', 'body.lines.1.sku'],
    ['{"quantity": 1, "meta": {"a\\u0000b": "x"}}', 'body.meta'],
  ])('rejects the NUL character in %s with 400 naming %s', async (json, field) => {
    const res = await post('/orders/1/items', json);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'validation_failed',
      invalid_params: [{ name: field, reason: expect.stringContaining('U+0000') }],
    });
    expect(written).toEqual([]);
  });

  it('accepts the six characters \\u0000 written as text (an escaped backslash)', async () => {
    const res = await post('/orders/1/items', '{"quantity": 1, "note": "\\\\u0000"}');
    expect(res.status).toBe(201);
  });

  it('logs a client that aborts mid-body as request_aborted, not as a server error', async () => {
    const unhandledBefore = logs.lines().filter((l) => l['event'] === 'unhandled_error').length;
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"quantity":',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    const line = await waitFor(() => logs.lines().find((l) => l['event'] === 'request_aborted'));
    expect(['info', 'warn']).toContain(line.level);
    expect(line).toMatchObject({ http: { method: 'POST', route: '/uploads' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logs.lines().filter((l) => l['event'] === 'unhandled_error')).toHaveLength(
      unhandledBefore,
    );
    const exposition = await metrics.registry.metrics();
    expect(exposition).not.toMatch(/route="\/uploads"[^\n]*code="internal_error"/);
    expect(exposition).not.toMatch(/route="\/uploads",status_code="5\d\d"/);
  });
});

describe('createServiceApp with responseHeaders', () => {
  it('sets them on every answer: a route, health, metrics, a problem and a 404', async () => {
    const app = createServiceApp(
      {
        logger: createLogger({ service: 'test', destination: captureLogs().destination }),
        metrics: freshMetrics(),
        responseHeaders: { 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' },
      },
      (app) => {
        app.get('/ok', (_req, res) => {
          res.json({ ok: true });
        });
        app.get('/refused', () => {
          throw new AppError('nope', 409, 'Refused.');
        });
      },
    );
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of [
        '/ok',
        '/health/live',
        '/health/ready',
        '/metrics',
        '/refused',
        '/nowhere',
      ]) {
        const res = await fetch(`${url}${path}`);
        await res.arrayBuffer();
        expect({ path, frame: res.headers.get('x-frame-options') }).toEqual({
          path,
          frame: 'DENY',
        });
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
