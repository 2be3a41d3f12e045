import { randomUUID } from 'node:crypto';
import { AS_SERVICE, startCheckoutStack } from './support/checkout-stack';
import type { CheckoutStack } from './support/checkout-stack';
import { completedWorkerPass } from './support/worker-pass';

const ADMIN = { authorization: 'Bearer faultline-local', 'content-type': 'application/json' };
const CHECKOUTS = 60;

describe('payment gateway failing 30% of charges (the main workshop scenario)', () => {
  let h: CheckoutStack;
  beforeAll(async () => {
    h = await startCheckoutStack({ maxAttempts: 5 });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const stockOf = (sku: string) => h.stockOf(sku);

  it('refuses fault changes without the admin token, changing nothing', async () => {
    const rule = { point: 'payment.gateway.charge', kind: 'error', probability: 1 };
    const res = await fetch(`${h.payment.url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    expect(res.status).toBe(401);
    const list = await fetch(`${h.payment.url}/admin/faults`, { headers: ADMIN });
    expect(await list.json()).toEqual({ items: [] });
  });

  it('turns ~30% of checkouts into payment_pending, then pays every one exactly once after recovery', async () => {
    await fetch(`${h.inventory.url}/stock/FL-BOTTLE-1L`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...AS_SERVICE },
      body: JSON.stringify({ available: 1000 }),
    });
    await fetch(`${h.payment.url}/admin/faults/seed`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ seed: 2026 }),
    });
    const applied = await fetch(`${h.payment.url}/admin/faults`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({
        point: 'payment.gateway.charge',
        kind: 'error',
        probability: 0.3,
        params: { status: 503, code: 'gateway_unavailable' },
      }),
    });
    expect(applied.status).toBe(201);

    const answers: { status: number; id: string }[] = [];
    for (let batch = 0; batch < CHECKOUTS / 10; batch++) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => {
            const res = await fetch(`${h.order.url}/orders`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
              body: JSON.stringify({
                customerId: 'sale',
                items: [{ productId: 'prd_15', quantity: 1 }],
                payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
              }),
            });
            return { status: res.status, id: ((await res.json()) as { id: string }).id };
          }),
        )),
      );
    }
    const pending = answers.filter((a) => a.status === 202).length;
    const paid = answers.filter((a) => a.status === 201).length;
    expect(pending + paid).toBe(CHECKOUTS); // nothing else: no 5xx, no lost order
    // Declared tolerance: 30% ± 15 points over 60 checkouts.
    expect(pending / CHECKOUTS).toBeGreaterThanOrEqual(0.15);
    expect(pending / CHECKOUTS).toBeLessThanOrEqual(0.45);
    expect(await stockOf('FL-BOTTLE-1L')).toBe(1000 - CHECKOUTS); // reserved, never oversold

    // The gateway span of a failed charge carries the gateway's own code, not a word about faults.
    const failed = await h.payment.query<{ response_body: { code: string; gateway_code: string } }>(
      `SELECT response_body FROM payments WHERE status = 'failed' LIMIT 1`,
    );
    expect(failed[0]?.response_body).toMatchObject({
      code: 'gateway_error',
      gateway_code: 'gateway_unavailable',
    });

    expect(
      (await fetch(`${h.payment.url}/admin/faults`, { method: 'DELETE', headers: ADMIN })).status,
    ).toBe(200);
    // Five worker passes, each after making every pending order due.
    for (let round = 0; round < 5; round++) {
      await h.order.query(
        `UPDATE orders SET next_attempt_at = now() WHERE status = 'payment_pending'`,
      );
      await completedWorkerPass(h.order.url);
    }
    const statuses = await h.order.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM orders WHERE customer_id = 'sale' GROUP BY status`,
    );
    expect(statuses.map((r) => [r.status, Number(r.n)])).toEqual([['paid', CHECKOUTS]]);
    const charges = await h.payment.query<{ order_id: string; n: string }>(
      `SELECT p.order_id, count(*) AS n FROM gateway_charges g JOIN payments p ON g.idempotency_key = p.id::text GROUP BY p.order_id HAVING count(*) > 1`,
    );
    expect(charges).toEqual([]); // nobody charged twice
    const chargedOrders = await h.payment.query<{ n: string }>(
      `SELECT count(DISTINCT p.order_id) AS n FROM gateway_charges g JOIN payments p ON g.idempotency_key = p.id::text WHERE p.order_id = ANY($1)`,
      [answers.map((a) => a.id)],
    );
    expect(Number(chargedOrders[0]?.n)).toBe(CHECKOUTS);
    expect(await stockOf('FL-BOTTLE-1L')).toBe(1000 - CHECKOUTS);
  });
});
