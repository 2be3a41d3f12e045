import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../logging';
import { captureLogs, freshMetrics } from '../testing';
import type { Metrics } from '../metrics';
import { ServiceCallError } from './errors';
import { backoffDelay, createServiceClient } from './service-client';
import type { ServiceClient, ServiceClientOptions } from './service-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('createServiceClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let received: IncomingMessage[];
  let metrics: Metrics;
  const clients: ServiceClient[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req);
      handler(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received = [];
    metrics = freshMetrics();
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => {
      c.close();
    });
  });

  const client = (overrides: Partial<ServiceClientOptions> = {}): ServiceClient => {
    const created = createServiceClient({
      peerService: 'payment',
      baseUrl,
      metrics,
      logger: createLogger({ service: 'order', destination: captureLogs().destination }),
      timeoutMs: 500,
      sleep: () => Promise.resolve(),
      ...overrides,
    });
    clients.push(created);
    return created;
  };
  const answer =
    (status: number, body: unknown = {}): Handler =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
  const failure = (promise: Promise<unknown>): Promise<ServiceCallError> =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error as ServiceCallError,
    );

  it('returns 2xx and 4xx answers with their parsed body, sending JSON and the idempotency key', async () => {
    handler = answer(402, { code: 'card_declined' });
    const response = await client().call({
      method: 'POST',
      path: '/payments',
      body: { amount: 100 },
      idempotencyKey: 'key-1',
    });
    expect(response).toMatchObject({ status: 402, body: { code: 'card_declined' } });
    expect(received[0]?.headers['idempotency-key']).toBe('key-1');
    expect(received[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends the service token in X-Service-Token on every call, retries included', async () => {
    let calls = 0;
    handler = (req, res) => {
      calls += 1;
      answer(calls === 1 ? 503 : 200)(req, res);
    };
    const withToken = client({
      serviceToken: 'svc-token-for-the-test',
      retry: { attempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
    });
    await withToken.call({ method: 'GET', path: '/stock/FL-1' });
    await withToken.call({ method: 'POST', path: '/reservations', body: {}, idempotencyKey: 'k' });
    expect(received.map((r) => r.headers['x-service-token'])).toEqual([
      'svc-token-for-the-test',
      'svc-token-for-the-test',
      'svc-token-for-the-test',
    ]);
    // A caller's own headers do not replace it.
    received = [];
    await withToken.call({ method: 'GET', path: '/x', headers: { 'X-Service-Token': 'other' } });
    expect(received[0]?.headers['x-service-token']).toBe('svc-token-for-the-test');
    received = [];
    await client().call({ method: 'GET', path: '/x' });
    expect(received[0]?.headers['x-service-token']).toBeUndefined();
  });

  it('logs an error naming the peer when the peer refuses the service token, never the token', async () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'order', destination: logs.destination });
    handler = answer(403, { code: 'service_token_invalid' });
    const response = await client({ serviceToken: 'svc-token-not-theirs', logger }).call({
      method: 'POST',
      path: '/reservations',
    });
    expect(response.status).toBe(403);
    handler = answer(401, { code: 'service_token_missing' });
    await client({ logger }).call({ method: 'GET', path: '/stock' });
    const refused = logs.lines().filter((line) => line['event'] === 'service_token_rejected');
    expect(refused).toEqual([
      expect.objectContaining({ level: 'error', peer_service: 'payment', status_code: 403 }),
      expect.objectContaining({ level: 'error', peer_service: 'payment', status_code: 401 }),
    ]);
    expect(refused[0]?.msg).toMatch(/SERVICE_TOKEN/);
    expect(logs.text()).not.toContain('svc-token-not-theirs');

    // A 403 of the peer's own (not the token guard's) is the caller's business, not logged.
    handler = answer(403, { code: 'forbidden' });
    await client({ logger }).call({ method: 'GET', path: '/admin/faults' });
    expect(logs.lines().filter((line) => line['event'] === 'service_token_rejected')).toHaveLength(
      2,
    );
  });

  it('types a 5xx as upstream_5xx with the status and body', async () => {
    handler = answer(503, { code: 'gateway_unavailable' });
    const error = await failure(client().call({ method: 'POST', path: '/payments' }));
    expect(error).toBeInstanceOf(ServiceCallError);
    expect(error).toMatchObject({
      kind: 'upstream_5xx',
      status: 503,
      body: { code: 'gateway_unavailable' },
      peerService: 'payment',
    });
  });

  it('types a refused connection as network', async () => {
    const error = await failure(
      client({ baseUrl: 'http://127.0.0.1:1' }).call({ method: 'GET', path: '/x' }),
    );
    expect(error.kind).toBe('network');
  });

  it('aborts the underlying request when the timeout passes', async () => {
    let serverSawAbort = false;
    handler = (req) => {
      req.socket.once('close', () => {
        serverSawAbort = true;
      });
    };
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 150 }).call({ method: 'GET', path: '/slow' }));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(serverSawAbort).toBe(true);
  });

  it('retries a keyed POST on 503 with the same key, and not an unkeyed one', async () => {
    let calls = 0;
    handler = (req, res) => {
      calls += 1;
      answer(calls < 3 ? 503 : 201, { attempt: calls })(req, res);
    };
    const retry = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 };
    const response = await client({ retry }).call({
      method: 'POST',
      path: '/payments',
      idempotencyKey: 'k',
    });
    expect(response).toMatchObject({ status: 201, body: { attempt: 3 } });
    expect(received.map((r) => r.headers['idempotency-key'])).toEqual(['k', 'k', 'k']);

    calls = 0;
    received = [];
    const error = await failure(client({ retry }).call({ method: 'POST', path: '/payments' }));
    expect(error.status).toBe(503);
    expect(received).toHaveLength(1);
  });

  it('does not retry a 500 or a 4xx', async () => {
    handler = answer(500);
    await failure(
      client({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }).call({
        method: 'GET',
        path: '/x',
      }),
    );
    expect(received).toHaveLength(1);
  });

  it('opens after the configured failures, fails fast while open, then half-opens and closes', async () => {
    handler = answer(503);
    const payment = client({
      breaker: {
        volumeThreshold: 4,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 300,
        rollingWindowMs: 10_000,
      },
    });
    for (let i = 0; i < 3; i++) {
      expect((await failure(payment.call({ method: 'GET', path: '/x' }))).kind).toBe(
        'upstream_5xx',
      );
    }
    expect(payment.breakerState()).toBe('closed'); // under the volume threshold
    await failure(payment.call({ method: 'GET', path: '/x' }));
    expect(payment.breakerState()).toBe('open');

    const before = received.length;
    const started = Date.now();
    const fastFailure = await failure(payment.call({ method: 'GET', path: '/x' }));
    expect(fastFailure.kind).toBe('breaker_open');
    expect(Date.now() - started).toBeLessThan(50);
    expect(received.length).toBe(before); // nothing reached the downstream

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(payment.breakerState()).toBe('half_open');
    handler = answer(200, { ok: true });
    expect((await payment.call({ method: 'GET', path: '/x' })).status).toBe(200);
    expect(payment.breakerState()).toBe('closed');

    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain(
      'circuit_breaker_transitions_total{peer_service="payment",state="open"} 1',
    );
    expect(exposition).toContain(
      'circuit_breaker_transitions_total{peer_service="payment",state="half_open"} 1',
    );
    expect(exposition).toContain('circuit_breaker_state{peer_service="payment",state="closed"} 1');
    expect(exposition).toContain('circuit_breaker_rejections_total{peer_service="payment"} 1');
    expect(exposition).toMatch(
      /http_client_request_duration_seconds_count\{peer_service="payment",method="GET",outcome="breaker_open"\} 1/,
    );
  });

  it('counts 4xx answers as successes for the breaker', async () => {
    handler = answer(409, { code: 'insufficient_stock' });
    const inventory = client({ breaker: { volumeThreshold: 2, errorThresholdPercentage: 10 } });
    for (let i = 0; i < 5; i++) await inventory.call({ method: 'POST', path: '/reservations' });
    expect(inventory.breakerState()).toBe('closed');
  });

  it("lets an interceptor hold each attempt up with the client's own sleep, before it is sent", async () => {
    handler = answer(200, { ok: true });
    const events: string[] = [];
    const res = await client({
      random: () => 0.25,
      sleep: (ms) => {
        events.push(`slept ${ms} (${received.length} received)`);
        return Promise.resolve();
      },
      interceptor: {
        async beforeAttempt(call, tools) {
          events.push(`${call.method} ${call.path}`);
          await tools.sleep(tools.random() * 400);
          return undefined;
        },
      },
    }).call({ method: 'GET', path: '/x' });
    expect(res.status).toBe(200);
    expect(events).toEqual(['GET /x', 'slept 100 (0 received)']);
    expect(received).toHaveLength(1);
  });

  it('fails an attempt cut by its interceptor as a network reset, after the peer got it', async () => {
    handler = () => undefined; // the peer takes the request and never answers
    const cut = new AbortController();
    const call = client({
      interceptor: { beforeAttempt: () => Promise.resolve({ cut: cut.signal }) },
    }).call({ method: 'POST', path: '/payments', body: {} });
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    cut.abort();
    const error = await failure(call);
    expect(error).toMatchObject({
      kind: 'network',
      message: 'payment unreachable: read ECONNRESET',
    });
  });

  it('waits a full-jitter exponential backoff, capped', () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(6, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });
});
