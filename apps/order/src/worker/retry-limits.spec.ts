import { inMemoryCheckout, TEST_CARD as card } from '../test/in-memory';
import type { InMemoryCheckout } from '../test/in-memory';
import { createRetryWorker } from './retry-worker';

/** The worker's bounds, with every port in memory and a clock the test moves. */
describe('retry worker limits', () => {
  let c: InMemoryCheckout;
  beforeEach(() => {
    c = inMemoryCheckout(3);
  });
  const worker = () => createRetryWorker(c.deps, { intervalMs: 50, staleCheckoutMs: 1000 });
  const insert = async (status: 'payment_pending' | 'paid' | 'refund_pending', patch = {}) => {
    await c.insertOrder();
    await c.deps.orders.update('ord-1', { status, reservationId: 'res-1', ...patch });
  };
  const row = () => c.orders.rows.get('ord-1')!;
  /** One worker pass, a minute later (every backoff and lease has run out). */
  const pass = async () => {
    c.advance(60_000);
    await worker().runOnce();
  };

  it('tries a commit the limit number of times, then refunds the charge and stops', async () => {
    await insert('paid', { paymentId: 'pay-1', reservationSettled: false });
    c.inventory.script.commit.push('down', 'down', 'down', 'down', 'down');
    await pass();
    await pass();
    expect(row().order).toMatchObject({ status: 'paid', settleAttempts: 2 });
    await pass();
    expect(row().order.status).toBe('failed');
    expect(row().order.failureReason).toMatch(
      /could not be confirmed in time; the charge was refunded/,
    );
    expect(c.payments.calls).toEqual(['refund pay-1']);
    await pass();
    expect(c.inventory.calls).toHaveLength(3);
  });

  it('leaves a release that keeps failing to the reservation expiry, after the limit', async () => {
    await insert('payment_pending');
    await c.deps.orders.update('ord-1', { status: 'failed', reservationSettled: false });
    c.inventory.script.release.push('down', 'down', 'down', 'down');
    for (let i = 0; i < 5; i++) await pass();
    expect(row().reservationSettled).toBe(true);
    expect(c.inventory.calls).toHaveLength(3);
    expect(c.logs.lines().some((l) => l['event'] === 'reservation_release_abandoned')).toBe(true);
  });

  it('retries a refund until it goes through', async () => {
    await insert('refund_pending', {
      paymentId: 'pay-1',
      failureReason: 'the reserved stock was sold meanwhile',
    });
    c.payments.script.refund.push('down');
    await pass();
    expect(row().order.status).toBe('refund_pending');
    await pass();
    expect(row().order.status).toBe('failed');
    expect(c.payments.calls).toEqual(['refund pay-1', 'refund pay-1']);
  });

  it('abandons a refund at the limit, loudly, and tries no more', async () => {
    await insert('refund_pending', {
      paymentId: 'pay-1',
      failureReason: 'the reserved stock was sold meanwhile',
    });
    c.payments.script.refund.push('down', 'down', 'down', 'down', 'down');
    for (let i = 0; i < 6; i++) await pass();
    expect(row().order.status).toBe('failed');
    expect(row().order.failureReason).toMatch(/refund failed and needs a person/);
    expect(c.payments.calls).toHaveLength(3);
    expect(
      c.logs.lines().some((l) => l['event'] === 'refund_abandoned' && l['level'] === 'error'),
    ).toBe(true);
  });

  it('fails an order whose stock could never be reserved once its tries are used up', async () => {
    await c.deps.orders.insert({
      id: 'ord-2',
      idempotencyKey: 'key-2',
      requestHash: 'h',
      customerId: 'c-2',
      items: [
        {
          productId: 'prd_01',
          sku: 'SKU-prd_01',
          name: 'x',
          quantity: 1,
          unitPrice: { amount: 1000, currency: 'EUR' },
        },
      ],
      total: { amount: 1000, currency: 'EUR' },
      sealedCard: c.deps.vault.seal(card),
    });
    c.inventory.script.reserve.push('down', 'down', 'down', 'down', 'down');
    for (let i = 0; i < 5; i++) await pass();
    const order = c.orders.rows.get('ord-2')!.order;
    expect(order.status).toBe('failed');
    expect(order.failureReason).toMatch(/could not be reserved/);
    expect(c.payments.calls).toEqual([]);
    expect(c.inventory.calls).toHaveLength(3);
  });
});
