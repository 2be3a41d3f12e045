import { randomUUID } from 'node:crypto';
import { startCheckoutHarness } from '../test/checkout-harness';
import type { CheckoutHarness } from '../test/checkout-harness';

const card = { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' };

describe('payment failures: payment_pending, the retry worker, and nothing lost', () => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await startCheckoutHarness({ paymentTimeoutMs: 800, maxAttempts: 3 });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const checkout = async (productId: string) => {
    const res = await fetch(`${h.order.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerId: 'c-w',
        items: [{ productId, quantity: 1 }],
        payment: card,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const statusOf = async (id: string) =>
    (await h.pool.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]))
      .rows[0]?.status;
  const makeDue = () =>
    h.pool.query(`UPDATE orders SET next_attempt_at = now() WHERE status = 'payment_pending'`);
  const chargesFor = (orderId: string) => h.chargesFor(orderId);
  const stockOf = (sku: string) => h.stockOf(sku);

  it('keeps the order as payment_pending (202) while payment is down, then pays it once when payment is back', async () => {
    const port = await h.payment.stop();
    const res = await checkout('prd_08');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'payment_pending' });
    const id = res.body['id'] as string;
    // Counted when scraped, not by the worker: a stopped worker cannot hide its backlog.
    const pending = await h.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE status = 'payment_pending'`,
    );
    expect(pending.rows[0]?.n).toBeGreaterThan(0);
    expect((await h.deps.metrics.queueDepth.get()).values).toEqual([
      expect.objectContaining({ value: pending.rows[0]?.n }),
    ]);

    await makeDue();
    await h.worker.runOnce();
    expect(await statusOf(id)).toBe('payment_pending'); // still down: scheduled again

    await h.payment.start({}, port);
    await makeDue();
    await h.worker.runOnce();
    expect(await statusOf(id)).toBe('paid');
    expect(await chargesFor(id)).toBe(1);
    const vault = await h.pool.query(
      'SELECT card_vault, reservation_settled FROM orders WHERE id = $1',
      [id],
    );
    expect(vault.rows[0]).toEqual({ card_vault: null, reservation_settled: true });
    const replay = await fetch(`${h.order.url}/orders/${id}`);
    expect(await replay.json()).toMatchObject({ status: 'paid' });
    expect(await h.deps.metrics.heartbeat.get()).toMatchObject({
      values: [{ value: expect.any(Number) }],
    });
  });

  it('charges once when payment crashes mid-charge and the retry finds the charge half done', async () => {
    const port = await h.payment.stop();
    await h.payment.start({ GATEWAY_LATENCY_MEDIAN_MS: '3000' }, port);
    const pending = checkout('prd_09');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.payment.stop('SIGKILL'); // the crash: the charge is claimed but never answered
    const res = await pending;
    expect(res.status).toBe(202);
    const id = res.body['id'] as string;

    await h.payment.start({}, port);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past STALE_PROCESSING_MS
    for (let i = 0; i < 3 && (await statusOf(id)) !== 'paid'; i++) {
      await makeDue();
      await h.worker.runOnce();
    }
    expect(await statusOf(id)).toBe('paid');
    expect(await chargesFor(id)).toBe(1);
  });

  it('gives up after the retry limit: the order fails, its stock comes back and its card is erased', async () => {
    const before = await stockOf('FL-JKT-RAIN');
    const port = await h.payment.stop();
    const res = await checkout('prd_09');
    expect(res.status).toBe(202);
    const id = res.body['id'] as string;
    expect(await stockOf('FL-JKT-RAIN')).toBe(before - 1);
    for (let i = 0; i < 3; i++) {
      await makeDue();
      await h.worker.runOnce();
    }
    expect(await statusOf(id)).toBe('failed');
    expect(await stockOf('FL-JKT-RAIN')).toBe(before);
    const row = await h.pool.query('SELECT card_vault FROM orders WHERE id = $1', [id]);
    expect(row.rows[0].card_vault).toBeNull();
    await h.payment.start({}, port);
  });

  it('takes over a checkout that a crash of the order service left in flight', async () => {
    const res = await checkout('prd_13');
    expect(res.status).toBe(201);
    // Simulate the crash: the same order as if the process died right after recording it.
    const key = randomUUID();
    const sealed = h.deps.vault.seal(card);
    const id = randomUUID();
    await h.pool.query(
      `INSERT INTO orders (id, idempotency_key, request_hash, customer_id, status, items, total_amount, currency, card_vault, updated_at)
       VALUES ($1, $2, 'h', 'c-crash', 'pending', $3, 8900, 'EUR', $4, now() - interval '10 minutes')`,
      [
        id,
        key,
        JSON.stringify([
          {
            productId: 'prd_13',
            sku: 'FL-POLE-CF',
            name: 'Carbon trekking poles',
            quantity: 1,
            unitPrice: { amount: 8900, currency: 'EUR' },
          },
        ]),
        sealed,
      ],
    );
    await h.worker.runOnce();
    expect(await statusOf(id)).toBe('paid');
    expect(await chargesFor(id)).toBe(1);
  });
});
