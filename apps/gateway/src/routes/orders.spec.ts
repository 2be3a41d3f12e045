import {
  CHECKOUT,
  ORDER_ID,
  PAID_ORDER,
  orderAnswers,
  problem,
  startGateway,
} from '../test/gateway-harness';
import type { GatewayHarness } from '../test/gateway-harness';

describe('POST /api/v1/orders and GET /api/v1/orders/:id', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ settings: { ORDER_TIMEOUT_MS: 300 } });
  });
  afterAll(async () => {
    await gw.close();
  });
  beforeEach(() => {
    gw.order.answer(orderAnswers);
    gw.order.received.length = 0;
  });

  const checkout = async (key = 'checkout-key-1') => {
    const res = await fetch(`${gw.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(CHECKOUT),
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as Record<string, any>,
    };
  };

  it('passes the checkout to order with its Idempotency-Key, and order’s 201 back as given', async () => {
    const { status, body } = await checkout('checkout-key-1');
    expect(status).toBe(201);
    expect(body).toEqual(PAID_ORDER);
    expect(gw.order.received).toHaveLength(1);
    const sent = gw.order.received[0]!;
    expect([sent.method, sent.url, sent.headers['idempotency-key']]).toEqual([
      'POST',
      '/orders',
      'checkout-key-1',
    ]);
    expect(JSON.parse(sent.body)).toEqual({
      ...CHECKOUT,
      payment: { ...CHECKOUT.payment, cardNumber: '4242424242424242' },
    });
  });

  it.each([
    [202, { ...PAID_ORDER, status: 'payment_pending', paymentId: undefined }],
    [402, problem(402, 'payment_declined', { decline_code: 'card_declined', order_id: ORDER_ID })],
    [409, problem(409, 'insufficient_stock', { sku: 'FL-TENT-2P', available: 0 })],
    [422, problem(422, 'unknown_product')],
    [503, problem(503, 'dependency_unavailable', { dependency: 'inventory' })],
    [502, problem(502, 'payment_failed', { reason: 'gateway_error' })],
  ])("passes order's %i through with its body", async (status, body) => {
    const given = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    gw.order.answer(() => ({ status, body: { ...given, instance: '/orders' } }));
    const res = await checkout(`key-${status}`);
    expect(res.status).toBe(status);
    if (status >= 400) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // The public path, never order's internal one.
      expect(res.body).toEqual({ ...given, instance: '/api/v1/orders' });
    } else {
      expect(res.body).toEqual(given);
    }
    expect(gw.order.received).toHaveLength(1);
  });

  it('answers 504 saying the order may have been placed when order does not answer in time; no retry', async () => {
    gw.order.answer(() => ({ hang: true }));
    const { status, body } = await checkout('slow-key');
    expect(status).toBe(504);
    expect(body).toMatchObject({ code: 'checkout_timeout', dependency: 'order' });
    expect(body['detail']).toMatch(/same Idempotency-Key/);
    expect(gw.order.received).toHaveLength(1);
  });

  it('answers 503 naming order when order cannot be reached', async () => {
    gw.order.answer(() => ({ reset: true }));
    const { status, headers, body } = await checkout('reset-key');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('1');
    expect(body).toMatchObject({ code: 'dependency_unavailable', dependency: 'order' });
  });

  it('does not pass on an order answer that breaks its contract', async () => {
    gw.order.answer(() => ({ status: 201, body: { id: ORDER_ID, status: 'shipped' } }));
    const { status, body } = await checkout('odd-key');
    expect(status).toBe(503);
    expect(body).toMatchObject({ dependency: 'order' });
  });

  it("reads an order back through order's GET /orders/:id, 404 included", async () => {
    const found = await fetch(`${gw.url}/api/v1/orders/${ORDER_ID}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual(PAID_ORDER);
    const missing = await fetch(`${gw.url}/api/v1/orders/9b2e1d7c-34c3-4e0a-9d0c-1f8f3a1e2b44`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      code: 'order_not_found',
      instance: '/api/v1/orders/9b2e1d7c-34c3-4e0a-9d0c-1f8f3a1e2b44',
    });
    expect(gw.order.received.map((r) => r.url)).toEqual([
      `/orders/${ORDER_ID}`,
      '/orders/9b2e1d7c-34c3-4e0a-9d0c-1f8f3a1e2b44',
    ]);
  });

  it('refuses an order id that is not a UUID with 400 naming path.id; order receives nothing', async () => {
    const res = await fetch(`${gw.url}/api/v1/orders/42`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ invalid_params: [{ name: 'path.id' }] });
    expect(gw.order.received).toEqual([]);
  });
});
