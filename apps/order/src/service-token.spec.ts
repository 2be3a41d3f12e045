import { randomUUID } from 'node:crypto';
import { SERVICE_TOKEN, startCheckoutHarness } from './test/checkout-harness';
import type { CheckoutHarness } from './test/checkout-harness';

const card = { cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123' };

async function checkout(h: CheckoutHarness, productId: string) {
  const res = await fetch(`${h.order.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      customerId: 'c-token',
      items: [{ productId, quantity: 1 }],
      payment: card,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const tokenRefusals = (h: CheckoutHarness) =>
  h.logs.lines().filter((line) => line['event'] === 'service_token_rejected');

describe('order calls inventory and payment with the service token', () => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await startCheckoutHarness();
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('checks out end to end when every service has the same token', async () => {
    const before = await h.stockOf('FL-STOVE-GAS');
    const { status, body } = await checkout(h, 'prd_04');
    expect(status).toBe(201);
    expect(body['status']).toBe('paid');
    expect(await h.stockOf('FL-STOVE-GAS')).toBe(before - 1);
    expect(await h.chargesFor(String(body['id']))).toBe(1);
    expect(tokenRefusals(h)).toEqual([]);
  });

  it('is the only way in: inventory and payment refuse the same calls without it', async () => {
    const stock = await fetch(`${h.inventory.url}/stock/FL-STOVE-GAS`);
    expect(stock.status).toBe(401);
    const payment = await fetch(`${h.payment.url}/payments/${randomUUID()}`);
    expect(payment.status).toBe(401);
    const withToken = await fetch(`${h.inventory.url}/stock/FL-STOVE-GAS`, {
      headers: { 'x-service-token': SERVICE_TOKEN },
    });
    expect(withToken.status).toBe(200);
  });
});

describe('order with a service token the others do not share', () => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await startCheckoutHarness({ serviceTokens: { order: 'a-token-nobody-else-has' } });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('fails the checkout with 503, reserves and charges nothing, and logs an error naming inventory', async () => {
    const before = await h.stockOf('FL-STOVE-GAS');
    const { status, body } = await checkout(h, 'prd_04');
    expect(status).toBe(503);
    expect(body['code']).toBe('inventory_unavailable');
    expect(await h.stockOf('FL-STOVE-GAS')).toBe(before);
    expect(await h.payment.query('SELECT 1 FROM gateway_charges')).toEqual([]);
    expect(tokenRefusals(h)).toContainEqual(
      expect.objectContaining({ level: 'error', peer_service: 'inventory', status_code: 403 }),
    );
    expect(h.logs.text()).not.toContain('a-token-nobody-else-has');
  });
});

describe('order and inventory sharing a token that payment does not have', () => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await startCheckoutHarness({
      maxAttempts: 1,
      serviceTokens: { payment: 'payment-has-another-token' },
    });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('never reports the order paid, charges nothing, and logs an error naming payment', async () => {
    const { status } = await checkout(h, 'prd_04');
    expect([201, 202]).not.toContain(status);
    expect(await h.payment.query('SELECT 1 FROM gateway_charges')).toEqual([]);
    expect(tokenRefusals(h)).toContainEqual(
      expect.objectContaining({ level: 'error', peer_service: 'payment', status_code: 403 }),
    );
  });
});
