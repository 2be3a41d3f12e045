import { SYNTHETIC_CUSTOMER_ID, SYNTHETIC_PRODUCT_ID } from '@faultline/contracts';
import { inMemoryWatcher } from '../test/in-memory';
import type { InMemoryWatcher } from '../test/in-memory';
import { runSyntheticCheckout } from './synthetic-checkout';

const ORDER_ID = '3b241101-e2bb-5255-8caf-4136c566a962';

/** A synthetic checkout on a scripted shop: what it buys, how it judges, what it records. */
describe('runSyntheticCheckout', () => {
  let w: InMemoryWatcher;
  beforeEach(() => {
    w = inMemoryWatcher({ timeoutMs: 50 });
  });

  const lastLine = () =>
    w.logs
      .lines()
      .filter((l) => l['event'] === 'synthetic_checkout')
      .at(-1);

  it('buys one synthetic check item as the synthetic customer, under a fresh key, with a card that pays', async () => {
    await runSyntheticCheckout(w.synthetic);
    await runSyntheticCheckout(w.synthetic);
    expect(w.shop.orders.map((o) => o.idempotencyKey)).toEqual([
      'synthetic-test-1',
      'synthetic-test-2',
    ]);
    expect(w.shop.orders[0]!.request).toEqual({
      customerId: SYNTHETIC_CUSTOMER_ID,
      items: [{ productId: SYNTHETIC_PRODUCT_ID, quantity: 1 }],
      payment: { cardNumber: '4242 4242 4242 4242', expiry: '12/29', cvv: '123' },
    });
  });

  it('records a paid check: counted, last success stamped, one info line with the order id', async () => {
    const result = await runSyntheticCheckout(w.synthetic);
    expect(result).toMatchObject({ outcome: 'paid', httpStatus: 201, orderId: ORDER_ID });
    expect(await w.value('synthetic_checkouts_total', { outcome: 'paid' })).toBe(1);
    expect(await w.value('synthetic_checkouts_total', { outcome: 'failed' })).toBe(0);
    expect(await w.value('synthetic_checkout_last_success_timestamp_seconds')).toBe(
      Date.parse('2026-11-03T10:00:00Z') / 1000,
    );
    expect(await w.value('synthetic_checkout_duration_seconds_count')).toBe(1);
    expect(lastLine()).toMatchObject({
      level: 'info',
      outcome: 'paid',
      status_code: 201,
      order_id: result.orderId,
      duration_ms: expect.any(Number),
    });
  });

  it.each([
    [{ kind: 'answer', httpStatus: 202, orderStatus: 'payment_pending' }, '202 payment_pending'],
    [{ kind: 'answer', httpStatus: 402, problemCode: 'card_declined' }, '402 card_declined'],
    [
      { kind: 'answer', httpStatus: 409, problemCode: 'insufficient_stock' },
      '409 insufficient_stock',
    ],
    [
      { kind: 'answer', httpStatus: 503, problemCode: 'inventory_unavailable' },
      '503 inventory_unavailable',
    ],
    [
      { kind: 'no_answer', reason: 'order unreachable: connect ECONNREFUSED' },
      'order unreachable: connect ECONNREFUSED',
    ],
    ['throw', 'the shop client broke'],
  ] as const)(
    'counts %j as failed, saying why, and leaves the last success alone',
    async (step, reason) => {
      w.shop.script.push(step);
      expect(await runSyntheticCheckout(w.synthetic)).toMatchObject({ outcome: 'failed', reason });
      expect(await w.value('synthetic_checkouts_total', { outcome: 'failed' })).toBe(1);
      expect(await w.value('synthetic_checkouts_total', { outcome: 'paid' })).toBe(0);
      expect(await w.value('synthetic_checkout_last_success_timestamp_seconds')).toBe(0);
      expect(lastLine()).toMatchObject({ level: 'warn', outcome: 'failed', reason });
    },
  );

  it('ends a check the shop never answers at its timeout, as failed', async () => {
    w.shop.script.push('hang');
    const started = performance.now();
    const result = await runSyntheticCheckout(w.synthetic);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'no answer within 50 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(45);
  });

  it('keeps the last success of an earlier paid check when a later one fails', async () => {
    await runSyntheticCheckout(w.synthetic);
    w.clock.advance(30_000);
    w.shop.script.push({ kind: 'no_answer', reason: 'order did not answer within 50 ms' });
    await runSyntheticCheckout(w.synthetic);
    expect(await w.value('synthetic_checkout_last_success_timestamp_seconds')).toBe(
      Date.parse('2026-11-03T10:00:00Z') / 1000,
    );
  });
});
