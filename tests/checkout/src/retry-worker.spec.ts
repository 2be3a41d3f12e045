import { randomUUID } from 'node:crypto';
import { startCheckoutStack } from './support/checkout-stack';
import type { CheckoutStack } from './support/checkout-stack';
import { scrapeMetrics } from './support/scrape-metrics';
import { completedWorkerPass, HEARTBEAT } from './support/worker-pass';

describe('payment failures: payment_pending, the retry worker, and nothing lost', () => {
  let h: CheckoutStack;
  beforeAll(async () => {
    h = await startCheckoutStack({ paymentTimeoutMs: 800, maxAttempts: 3 });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const checkout = (productId: string) => h.buy(productId, 'c-w');
  const orderRow = async (id: string) =>
    (
      await h.order.query<{ status: string; payment_attempts: number }>(
        'SELECT status, payment_attempts FROM orders WHERE id = $1',
        [id],
      )
    )[0];
  const statusOf = async (id: string) => (await orderRow(id))?.status;
  /** What a worker run did before: make every pending payment due, and let one pass take them. */
  const retryDuePayments = async () => {
    await h.order.query(
      `UPDATE orders SET next_attempt_at = now() WHERE status = 'payment_pending'`,
    );
    await completedWorkerPass(h.order.url);
  };
  const chargesFor = (orderId: string) => h.chargesFor(orderId);
  const stockOf = (sku: string) => h.stockOf(sku);

  it('keeps the order as payment_pending (202) while payment is down, then pays it once when payment is back', async () => {
    const startedAt = Date.now() / 1000;
    const port = await h.payment.stop();
    const res = await checkout('prd_08');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'payment_pending' });
    const id = res.body['id'] as string;
    // Counted when scraped, not by the worker: a stopped worker cannot hide its backlog.
    const pending = await h.order.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE status = 'payment_pending'`,
    );
    expect(pending[0]?.n).toBeGreaterThan(0);
    expect((await scrapeMetrics(h.order.url)).samples('order_retry_queue_depth')).toEqual([
      expect.objectContaining({ value: pending[0]?.n }),
    ]);

    await retryDuePayments();
    // The worker did try (one more attempt), and payment still down: scheduled again.
    expect(await orderRow(id)).toEqual({ status: 'payment_pending', payment_attempts: 1 });

    await h.payment.start({}, port);
    await retryDuePayments();
    expect(await statusOf(id)).toBe('paid');
    expect(await chargesFor(id)).toBe(1);
    const vault = await h.order.query(
      'SELECT card_vault, reservation_settled FROM orders WHERE id = $1',
      [id],
    );
    expect(vault[0]).toEqual({ card_vault: null, reservation_settled: true });
    const replay = await fetch(`${h.order.url}/orders/${id}`);
    expect(await replay.json()).toMatchObject({ status: 'paid' });
    // Proof of life: stamped by a run of this test, not left at its initial value.
    expect((await scrapeMetrics(h.order.url)).samples(HEARTBEAT)).toEqual([
      expect.objectContaining({ value: expect.any(Number) }),
    ]);
    expect((await scrapeMetrics(h.order.url)).value(HEARTBEAT)).toBeGreaterThan(startedAt);
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
    for (let i = 0; i < 3 && (await statusOf(id)) !== 'paid'; i++) await retryDuePayments();
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
    for (let i = 0; i < 3; i++) await retryDuePayments();
    expect(await statusOf(id)).toBe('failed');
    expect(await stockOf('FL-JKT-RAIN')).toBe(before);
    const row = await h.order.query<{ card_vault: Buffer | null }>(
      'SELECT card_vault FROM orders WHERE id = $1',
      [id],
    );
    expect(row[0]?.card_vault).toBeNull();
    await h.payment.start({}, port);
  });

  it('takes over a checkout that a crash of the order service left in flight', async () => {
    const res = await checkout('prd_13');
    expect(res.status).toBe(201);
    // A card sealed by the service itself: an order whose payment stays pending keeps it.
    const port = await h.payment.stop();
    const waiting = await checkout('prd_13');
    expect(waiting.status).toBe(202);
    await h.payment.start({}, port);
    const [kept] = await h.order.query<{ card_vault: Buffer | null }>(
      'SELECT card_vault FROM orders WHERE id = $1',
      [waiting.body['id']],
    );
    expect(kept?.card_vault).toBeInstanceOf(Buffer);
    // Simulate the crash: an order recorded, then the process died before reserving or charging.
    const key = randomUUID();
    const id = randomUUID();
    await h.order.query(
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
        kept?.card_vault,
      ],
    );
    await completedWorkerPass(h.order.url);
    expect(await statusOf(id)).toBe('paid');
    expect(await chargesFor(id)).toBe(1);
  });
});
