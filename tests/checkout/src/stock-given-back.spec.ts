import { AS_SERVICE, startCheckoutStack } from './support/checkout-stack';
import type { CheckoutStack } from './support/checkout-stack';
import { eventually } from './support/eventually';
import { scrapeMetrics } from './support/scrape-metrics';
import { completedWorkerPass } from './support/worker-pass';

/**
 * Settling an order after its charge: a charge that succeeds only after the reservation was given
 * back (it expired, or was released) must never leave one unit sold twice, and the worker tries
 * each settlement step a bounded number of times.
 */
describe('settling a charged order whose stock was given back or cannot be confirmed', () => {
  let h: CheckoutStack;
  beforeAll(async () => {
    h = await startCheckoutStack({ paymentTimeoutMs: 800, maxAttempts: 3 });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const checkout = (customerId: string, productId: string) => h.buy(productId, customerId);
  const orderRow = async (id: string) =>
    (
      await h.order.query<{
        status: string;
        failure_reason: string | null;
        payment_id: string | null;
        reservation_id: string;
        reservation_settled: boolean;
        settle_attempts: number;
      }>('SELECT * FROM orders WHERE id = $1', [id])
    )[0];
  const inventoryCall = (method: string, path: string, body?: unknown) =>
    fetch(`${h.inventory.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...AS_SERVICE },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const setStock = (sku: string, available: number) =>
    inventoryCall('PUT', `/stock/${sku}`, { available });
  /**
   * Worker passes, each after making every order with work left due at once: its payment retry,
   * and its settlement (last touched further back than the stack's retry backoff of days).
   */
  const runWorker = async (passes = 3) => {
    for (let i = 0; i < passes; i++) {
      await h.order.query(
        `UPDATE orders SET next_attempt_at = now(), updated_at = now() - interval '30 days'
          WHERE status IN ('payment_pending', 'refund_pending') OR reservation_settled = false`,
      );
      await completedWorkerPass(h.order.url);
    }
  };
  const paymentStatus = async (orderId: string) =>
    (
      await h.payment.query<{ status: string }>('SELECT status FROM payments WHERE order_id = $1', [
        orderId,
      ])
    ).map((row) => row.status);

  const refunds = async (outcome: string) =>
    (await scrapeMetrics(h.order.url)).value('order_refunds_total', { outcome });
  /** Whether order logged the refund of this order (its lines come through a pipe). */
  const loggedRefundOf = (orderId: string) =>
    eventually(
      () =>
        h.order
          .logLines()
          .some((line) => line['event'] === 'order_refunded' && line['order_id'] === orderId),
      (logged) => logged,
    );

  it('refunds the charge and fails the order with its reason when the unit was sold meanwhile', async () => {
    await setStock('FL-MAP-ALPS', 1);
    const refundedBefore = await refunds('refunded');
    const port = await h.payment.stop();
    const first = await checkout('c-first', 'prd_16');
    expect(first.status).toBe(202);
    const firstId = first.body['id'] as string;
    const { reservation_id: reservationId } = (await orderRow(firstId))!;
    // The stock goes back while the charge is pending (expiry, or a release).
    expect((await inventoryCall('POST', `/reservations/${reservationId}/release`)).status).toBe(
      200,
    );
    await h.payment.start({}, port);
    const second = await checkout('c-second', 'prd_16');
    expect(second.status).toBe(201);
    expect(await h.stockOf('FL-MAP-ALPS')).toBe(0);

    await runWorker();

    const first2 = (await orderRow(firstId))!;
    expect(first2.status).toBe('failed');
    expect(first2.failure_reason).toMatch(/sold meanwhile.*refunded/);
    const payment = (await (
      await fetch(`${h.payment.url}/payments/${first2.payment_id}`, { headers: AS_SERVICE })
    ).json()) as Record<string, unknown>;
    expect(payment['status']).toBe('refunded');
    const booked = await h.payment.query<{ refunded: boolean }>(
      `SELECT g.refunded_at IS NOT NULL AS refunded FROM gateway_charges g
         JOIN payments p ON g.idempotency_key = p.id::text WHERE p.order_id = $1`,
      [firstId],
    );
    expect(booked).toEqual([{ refunded: true }]);
    expect((await orderRow(second.body['id'] as string))!.status).toBe('paid');
    expect(await h.stockOf('FL-MAP-ALPS')).toBe(0);
    expect(await refunds('refunded')).toBe(refundedBefore + 1);
    expect(await loggedRefundOf(firstId)).toBe(true);

    // Settled for good: more passes change nothing and ask inventory for nothing more.
    await runWorker();
    expect((await orderRow(firstId))!.status).toBe('failed');
    const reservation = (await (
      await inventoryCall('GET', `/reservations/${reservationId}`)
    ).json()) as Record<string, unknown>;
    expect(reservation['status']).toBe('released');
  });

  it('takes the unit again and pays the order when nobody bought it meanwhile', async () => {
    await setStock('FL-KIT-FIRST', 1);
    const port = await h.payment.stop();
    const pending = await checkout('c-again', 'prd_17');
    expect(pending.status).toBe(202);
    const id = pending.body['id'] as string;
    const { reservation_id: reservationId } = (await orderRow(id))!;
    await inventoryCall('POST', `/reservations/${reservationId}/release`);
    expect(await h.stockOf('FL-KIT-FIRST')).toBe(1);
    await h.payment.start({}, port);

    await runWorker();

    expect((await orderRow(id))!.status).toBe('paid');
    expect(await h.stockOf('FL-KIT-FIRST')).toBe(0);
    expect(await h.chargesFor(id)).toBe(1);
  });

  it('refunds a paid order whose stock cannot be confirmed within the limit, then stops trying', async () => {
    const paymentPort = await h.payment.stop();
    const pending = await checkout('c-bounded', 'prd_18');
    expect(pending.status).toBe(202);
    const id = pending.body['id'] as string;
    const inventoryPort = await h.inventory.stop();
    await h.payment.start({}, paymentPort);

    // Charged, but inventory cannot confirm the units: paid, the commit left to the worker.
    await runWorker(1);
    expect(await orderRow(id)).toMatchObject({ status: 'paid' });
    expect(await paymentStatus(id)).toEqual(['captured']);

    // Each pass tries the commit once more; at the third try (the limit) the charge is given back.
    let passes = 0;
    while ((await orderRow(id))?.status === 'paid' && passes < 10) {
      await runWorker(1);
      passes += 1;
    }
    expect(passes).toBeLessThanOrEqual(3);
    const failed = await orderRow(id);
    expect(failed).toMatchObject({
      status: 'failed',
      reservation_settled: true,
      settle_attempts: 2,
    });
    expect(failed?.failure_reason).toMatch(/could not be confirmed.*refunded/);
    expect(await paymentStatus(id)).toEqual(['refunded']);
    expect(await loggedRefundOf(id)).toBe(true);

    // Nothing more is tried for it, however long the worker runs.
    await runWorker(3);
    expect(await orderRow(id)).toMatchObject({ status: 'failed', settle_attempts: 2 });
    await h.inventory.start({}, inventoryPort);
  });
});
