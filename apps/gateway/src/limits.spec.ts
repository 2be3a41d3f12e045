import { CHECKOUT, startGateway } from './test/gateway-harness';
import type { GatewayHarness } from './test/gateway-harness';

/** The gateway's own edge behaviour: what is refused before any service hears of it. */
describe('the gateway refuses before proxying', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.close();
  });
  beforeEach(() => {
    for (const standIn of [gw.catalog, gw.inventory, gw.order, gw.collector])
      standIn.received.length = 0;
  });

  const checkout = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1', ...headers },
      body,
    });
  const problemOf = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as Record<string, any>;
  };

  it('refuses a checkout body over 16 KB with 413 problem+json naming the body; order receives nothing', async () => {
    const res = await checkout(JSON.stringify({ ...CHECKOUT, customerId: 'x'.repeat(17_000) }));
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({
      code: 'payload_too_large',
      invalid_params: [{ name: 'body' }],
    });
    expect(gw.order.received).toEqual([]);
  });

  it('refuses malformed JSON with 400 malformed_json naming the body; order receives nothing', async () => {
    const res = await checkout('{"customerId": "c-1", "items": [');
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({
      code: 'malformed_json',
      invalid_params: [{ name: 'body', reason: 'The request body is not valid JSON.' }],
    });
    expect(gw.order.received).toEqual([]);
  });

  it('refuses a checkout without an Idempotency-Key with 400 naming the header; order receives nothing', async () => {
    const res = await fetch(`${gw.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CHECKOUT),
    });
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({
      code: 'validation_failed',
      invalid_params: [{ name: 'header.Idempotency-Key', reason: 'is required' }],
    });
    expect(gw.order.received).toEqual([]);
  });

  it('refuses a checkout order would refuse (a quantity of zero) with 400 naming the field; order receives nothing', async () => {
    const res = await checkout(
      JSON.stringify({ ...CHECKOUT, items: [{ productId: 'prd_01', quantity: 0 }] }),
    );
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({
      invalid_params: [{ name: 'body.items.0.quantity', reason: 'must be at least 1' }],
    });
    expect(gw.order.received).toEqual([]);
  });

  it('refuses a body that is not JSON with 415 naming Content-Type; order receives nothing', async () => {
    const res = await checkout(JSON.stringify(CHECKOUT), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(await problemOf(res)).toMatchObject({
      code: 'unsupported_media_type',
      invalid_params: [{ name: 'header.Content-Type', reason: 'must be application/json' }],
    });
    const form = await checkout('customerId=c-1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(gw.order.received).toEqual([]);
  });

  it.each([
    ['GET', '/api/stock'],
    ['GET', '/api/v1/stock'],
    ['GET', '/api/v1/stock/FL-TENT-2P'],
    ['POST', '/api/v1/reservations'],
    ['POST', '/api/v1/payments'],
    ['GET', '/api/v1/payments/pay-1'],
    ['GET', '/api/v1/admin/faults'],
    ['GET', '/api/products'],
    ['GET', '/api/v2/products'],
    ['DELETE', '/api/v1/orders/3b241101-e2bb-5255-8caf-4136c566a962'],
  ])('answers %s %s with 404 problem+json and forwards nothing', async (method, path) => {
    const res = await fetch(`${gw.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    expect(res.status).toBe(404);
    expect(await problemOf(res)).toMatchObject({ code: 'route_not_found' });
    expect(gw.upstreamRequests()).toEqual([]);
  });

  it('never lets a path climb out of the public API to an internal endpoint', async () => {
    for (const path of [
      '/api/v1/products/..%2F..%2Fstock',
      '/api/v1/products/%2e%2e%2fstock',
      '/api/v1/orders/..%2Freservations',
      '/api/v1/../../stock',
    ]) {
      const res = await fetch(`${gw.url}${path}`);
      const text = await res.text();
      // A 4xx problem, or (for a path the client itself resolved to /stock) the storefront page.
      const answered = res.status >= 400 ? 'problem' : text.includes('<div id="root">') && 'page';
      expect({ path, answered }).toEqual({ path, answered: expect.stringMatching(/problem|page/) });
      expect(text).not.toContain('available');
    }
    expect(gw.inventory.received).toEqual([]);
    expect(gw.catalog.received).toEqual([]);
    expect(gw.order.received).toEqual([]);
  });

  it('keeps its own /admin/faults behind the admin token and forwards none of it', async () => {
    const res = await fetch(`${gw.url}/admin/faults`);
    expect(res.status).toBe(401);
    expect(gw.upstreamRequests()).toEqual([]);
  });

  it('puts the security headers on every answer: the API, a problem, health, metrics, a page', async () => {
    for (const path of [
      '/api/v1/products',
      '/api/v1/nothing',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/',
    ]) {
      const res = await fetch(`${gw.url}${path}`);
      await res.arrayBuffer();
      expect({ path, csp: res.headers.get('content-security-policy') }).toEqual({
        path,
        csp: "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('answers same-origin only by default: no Access-Control-* for another origin, its preflight refused', async () => {
    const res = await fetch(`${gw.url}/api/v1/products`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect([...res.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual(
      [],
    );
    const preflight = await fetch(`${gw.url}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(await problemOf(preflight)).toMatchObject({
      code: 'origin_not_allowed',
      invalid_params: [{ name: 'header.Origin' }],
    });
    expect(gw.order.received).toEqual([]);
  });

  it('echoes the request id and passes it on to the service it calls', async () => {
    const res = await fetch(`${gw.url}/api/v1/products`, {
      headers: { 'x-request-id': 'browser-req-42' },
    });
    await res.arrayBuffer();
    expect(res.headers.get('x-request-id')).toBe('browser-req-42');
    expect(gw.catalog.received[0]?.headers['x-request-id']).toBe('browser-req-42');
  });

  it('has a fault point of its own (http.server on the gateway), set through its /admin/faults', async () => {
    const applied = await fetch(`${gw.url}/admin/faults`, {
      method: 'POST',
      headers: { authorization: 'Bearer gateway-tests-admin', 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'edge-down',
        point: 'http.server',
        kind: 'error',
        params: { status: 503 },
      }),
    });
    expect(applied.status).toBe(201);
    try {
      const res = await fetch(`${gw.url}/api/v1/products`);
      expect(res.status).toBe(503);
      expect(await problemOf(res)).toMatchObject({ code: 'service_unavailable' });
      expect(gw.catalog.received).toEqual([]);
      expect((await fetch(`${gw.url}/health/ready`)).status).toBe(200);
    } finally {
      await fetch(`${gw.url}/admin/faults/edge-down`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer gateway-tests-admin' },
      });
    }
    expect((await fetch(`${gw.url}/api/v1/products`)).status).toBe(200);
  });

  it('has gateway.http on its calls to the services: resets on the route to order alone', async () => {
    const applied = await fetch(`${gw.url}/admin/faults`, {
      method: 'POST',
      headers: { authorization: 'Bearer gateway-tests-admin', 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'order-route-resets',
        point: 'gateway.http',
        kind: 'connection_reset',
        params: { afterMs: 0 },
        match: { peer: 'order' },
      }),
    });
    expect(applied.status).toBe(201);
    try {
      const res = await checkout(JSON.stringify(CHECKOUT));
      expect(res.status).toBe(503);
      expect(await problemOf(res)).toMatchObject({
        code: 'dependency_unavailable',
        dependency: 'order',
      });
      // The other routes are untouched: catalog and inventory answer through the gateway.
      const products = await fetch(`${gw.url}/api/v1/products`);
      expect(products.status).toBe(200);
      expect(gw.catalog.received.length).toBeGreaterThan(0);
    } finally {
      await fetch(`${gw.url}/admin/faults/order-route-resets`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer gateway-tests-admin' },
      });
    }
    expect((await checkout(JSON.stringify(CHECKOUT))).status).toBe(201);
  });
});

describe('the gateway with an allowed origin', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ settings: { CORS_ALLOWED_ORIGINS: ['https://shop.example'] } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('lets that origin read answers and preflight a checkout, and no other origin', async () => {
    const res = await fetch(`${gw.url}/api/v1/products`, {
      headers: { origin: 'https://shop.example' },
    });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(res.headers.get('vary')).toMatch(/Origin/);

    const preflight = await fetch(`${gw.url}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key, traceparent',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(
      /Content-Type.*Idempotency-Key.*traceparent/,
    );

    const other = await fetch(`${gw.url}/api/v1/products`, {
      headers: { origin: 'https://shop.example.evil.test' },
    });
    await other.arrayBuffer();
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(gw.order.received).toEqual([]);
  });
});
