import { SYNTHETIC_CUSTOMER_ID, SYNTHETIC_PRODUCT_ID } from '@faultline/contracts';
import { isAppError } from '@faultline/instrumented';
import { inMemoryCheckout } from '../test/in-memory';
import type { InMemoryCheckout } from '../test/in-memory';
import { orderIdFor, requestHash } from './ids';
import { placeOrder } from './place-order';
import type { CheckoutRequest } from './place-order';

const request = (patch: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  idempotencyKey: 'key-1',
  customerId: 'c-1',
  items: [{ productId: 'prd_01', quantity: 2 }],
  payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
  ...patch,
});

/** The problem code placeOrder refused with, or 'no problem'. */
const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'no problem',
    (error: unknown) => (isAppError(error) ? `${error.status} ${error.code}` : String(error)),
  );

/** placeOrder with every port in memory: the story, and each way it ends early. */
describe('placeOrder', () => {
  let c: InMemoryCheckout;
  beforeEach(() => {
    c = inMemoryCheckout();
  });

  it('prices, records, reserves, charges and answers 201 with the total', async () => {
    const answer = await placeOrder(request(), c.deps);
    expect(answer).toMatchObject({
      status: 201,
      body: { status: 'paid', total: { amount: 2000, currency: 'EUR' } },
    });
    expect(c.inventory.calls).toEqual([
      `reserve ${orderIdFor('key-1')}`,
      expect.stringMatching(/^commit /),
    ]);
    expect(c.payments.calls).toEqual([`charge order-${orderIdFor('key-1')}`]);
  });

  it('answers a replay with the first answer and charges nothing more', async () => {
    const first = await placeOrder(request(), c.deps);
    const again = await placeOrder(request(), c.deps);
    expect(again).toEqual(first);
    expect(c.payments.calls).toHaveLength(1);
  });

  it('refuses another order under a used key with 422, and one still being placed with 409', async () => {
    await placeOrder(request(), c.deps);
    expect(await refusal(placeOrder(request({ customerId: 'c-2' }), c.deps))).toBe(
      '422 idempotency_key_reused',
    );
    const other = await c.deps.orders.insert({
      id: orderIdFor('key-2'),
      idempotencyKey: 'key-2',
      // The fingerprint placeOrder gives this request: the same order, still being placed.
      requestHash: requestHash({
        customerId: 'c-1',
        items: request().items,
        card: { last4: '4242', expiry: '12/39' },
      }),
      customerId: 'c-1',
      items: [],
      total: { amount: 1, currency: 'EUR' },
      sealedCard: Buffer.from(''),
    });
    expect(other).toBeDefined();
    expect(await refusal(placeOrder(request({ idempotencyKey: 'key-2' }), c.deps))).toBe(
      '409 request_in_progress',
    );
  });

  it('forgets the order and answers 503 when stock cannot be reserved, so the same key can try again', async () => {
    c.inventory.script.reserve.push('down');
    expect(await refusal(placeOrder(request(), c.deps))).toBe('503 inventory_unavailable');
    expect(c.orders.rows.size).toBe(0);
    expect((await placeOrder(request(), c.deps)).status).toBe(201);
  });

  it('keeps a 409 for stock that is short, erases the card and charges nothing', async () => {
    c.inventory.script.reserve.push({
      outcome: 'insufficient_stock',
      sku: 'SKU-prd_01',
      available: 1,
    });
    const answer = await placeOrder(request(), c.deps);
    expect(answer).toMatchObject({
      status: 409,
      body: { code: 'insufficient_stock', available: 1 },
    });
    expect(c.payments.calls).toEqual([]);
    const row = [...c.orders.rows.values()][0]!;
    expect(row.order.status).toBe('rejected');
    expect(row.sealedCard).toBeNull();
  });

  it('refuses an unknown product with 422 before writing anything', async () => {
    expect(
      await refusal(placeOrder(request({ items: [{ productId: 'nope', quantity: 1 }] }), c.deps)),
    ).toBe('422 unknown_product');
    expect(c.orders.rows.size).toBe(0);
  });

  it("counts checkouts, paid orders and revenue by traffic: the watcher's synthetic customer apart from customers", async () => {
    await placeOrder(request(), c.deps);
    await placeOrder(
      request({
        idempotencyKey: 'key-synthetic',
        customerId: SYNTHETIC_CUSTOMER_ID,
        items: [{ productId: SYNTHETIC_PRODUCT_ID, quantity: 1 }],
      }),
      c.deps,
    );
    c.inventory.script.reserve.push({
      outcome: 'insufficient_stock',
      sku: 'SKU-prd_01',
      available: 0,
    });
    await placeOrder(
      request({ idempotencyKey: 'key-short', customerId: SYNTHETIC_CUSTOMER_ID }),
      c.deps,
    );

    const series = async (metric: 'checkouts' | 'paidOrders' | 'revenue') =>
      Object.fromEntries(
        (await c.deps.metrics[metric].get()).values
          .filter((v) => v.value > 0)
          .map((v) => [Object.values(v.labels).join(' '), v.value]),
      );
    expect(await series('checkouts')).toEqual({
      'paid customer': 1,
      'paid synthetic': 1,
      'out_of_stock synthetic': 1,
    });
    expect(await series('revenue')).toEqual({ 'EUR customer': 2000, 'EUR synthetic': 1000 });
    expect(await series('paidOrders')).toEqual({ customer: 1, synthetic: 1 });
    // Every outcome of both kinds of traffic is there from the start, at 0, for increase().
    expect((await c.deps.metrics.checkouts.get()).values).toHaveLength(10);
  });

  it('answers 202 payment_pending when payment is unreachable, keeping the card for the worker', async () => {
    c.payments.script.charge.push('down');
    const answer = await placeOrder(request(), c.deps);
    expect(answer).toMatchObject({ status: 202, body: { status: 'payment_pending' } });
    const row = [...c.orders.rows.values()][0]!;
    expect(row.sealedCard).not.toBeNull();
  });
});
