import { randomUUID } from 'node:crypto';
import { SERVICE_TOKEN, startCheckoutStack } from './support/checkout-stack';
import type { CheckoutStack } from './support/checkout-stack';
import { eventually, sleep } from './support/eventually';

const checkout = (h: CheckoutStack, productId: string) => h.buy(productId, 'c-token');

/** order's log lines about a call another service refused for its token. */
const tokenRefusals = (h: CheckoutStack) =>
  h.order.logLines().filter((line) => line['event'] === 'service_token_rejected');
/** The refusals once order has logged one at least (its lines come through a pipe). */
const loggedRefusals = (h: CheckoutStack) =>
  eventually(
    () => tokenRefusals(h),
    (lines) => lines.length > 0,
  );
/** Long enough for a line order wrote before answering to have come through its pipe. */
const LINE_GRACE_MS = 500;

describe('order calls inventory and payment with the service token', () => {
  let h: CheckoutStack;
  beforeAll(async () => {
    h = await startCheckoutStack();
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
    await sleep(LINE_GRACE_MS);
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
  let h: CheckoutStack;
  beforeAll(async () => {
    h = await startCheckoutStack({ serviceTokens: { order: 'a-token-nobody-else-has' } });
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
    expect(await loggedRefusals(h)).toContainEqual(
      expect.objectContaining({ level: 'error', peer_service: 'inventory', status_code: 403 }),
    );
    expect(h.order.logText()).not.toContain('a-token-nobody-else-has');
  });
});

describe('order and inventory sharing a token that payment does not have', () => {
  let h: CheckoutStack;
  beforeAll(async () => {
    h = await startCheckoutStack({
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
    expect(await loggedRefusals(h)).toContainEqual(
      expect.objectContaining({ level: 'error', peer_service: 'payment', status_code: 403 }),
    );
  });
});
