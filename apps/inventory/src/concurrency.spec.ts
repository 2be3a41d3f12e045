import { startInventory } from './test/inventory-under-test';
import type { InventoryUnderTest } from './test/inventory-under-test';

describe('concurrent checkouts', () => {
  let inventory: InventoryUnderTest;

  beforeAll(async () => {
    inventory = await startInventory();
  });
  afterAll(async () => {
    await inventory.stop();
  });

  const reserveOne = (orderId: string, sku: string) =>
    inventory.call('POST', '/reservations', { orderId, items: [{ sku, quantity: 1 }] });

  it('never oversells: 40 parallel orders for the last 10 units get exactly 10 reservations', async () => {
    expect((await inventory.call('PUT', '/stock/T-RUSH', { available: 10 })).status).toBe(200);

    // Watches the stock while the rush is on: it must never be seen below zero.
    const rush = { on: true };
    const seen: number[] = [];
    const watch = (async () => {
      while (rush.on) seen.push(await inventory.available('T-RUSH'));
    })();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => reserveOne(`ord-rush-${i}`, 'T-RUSH')),
    );
    rush.on = false;
    await watch;

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(30);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(answer.body).toMatchObject({
        code: 'insufficient_stock',
        sku: 'T-RUSH',
        available: 0,
      });
    }
    expect((await inventory.call('GET', '/stock/T-RUSH')).body.available).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);

    const held = await inventory.pool.query<{ reservations: number; units: number }>(
      `SELECT count(*) AS reservations, coalesce(sum(i.quantity), 0) AS units
         FROM reservations r JOIN reservation_items i ON i.reservation_id = r.id
        WHERE i.sku = 'T-RUSH' AND r.status = 'pending'`,
    );
    expect(held.rows[0]).toEqual({ reservations: 10, units: 10 });
    const orders = await inventory.pool.query(
      "SELECT 1 FROM reservations WHERE order_id LIKE 'ord-rush-%'",
    );
    expect(orders.rowCount).toBe(10);
  });

  it('creates one reservation when 20 identical requests for the same order race', async () => {
    expect((await inventory.call('PUT', '/stock/T-SAME-ORDER', { available: 100 })).status).toBe(
      200,
    );
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => reserveOne('ord-same', 'T-SAME-ORDER')),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(answers.map((answer) => answer.body.id as string));
    expect(ids.size).toBe(1);
    expect((await inventory.call('GET', '/stock/T-SAME-ORDER')).body.available).toBe(99);
    const rows = await inventory.pool.query(
      "SELECT id FROM reservations WHERE order_id = 'ord-same'",
    );
    expect(rows.rows).toEqual([{ id: [...ids][0] }]);
  });

  it('reserves orders that share SKUs in any item order without deadlocking or losing units', async () => {
    const skus = ['T-MIX-A', 'T-MIX-B', 'T-MIX-C'];
    for (const sku of skus) {
      expect((await inventory.call('PUT', `/stock/${sku}`, { available: 1000 })).status).toBe(200);
    }
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        // Each order lists the SKUs rotated differently; the service must lock them in one order.
        const items = skus.map((_, k) => ({
          sku: skus[(i + k) % skus.length]!,
          quantity: 1 + (k % 2),
        }));
        return inventory.call('POST', '/reservations', { orderId: `ord-mix-${i}`, items });
      }),
    );
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    const reserved = (sku: string) =>
      answers.reduce(
        (sum, answer) =>
          sum +
          (answer.body.items as { sku: string; quantity: number }[]).find(
            (item) => item.sku === sku,
          )!.quantity,
        0,
      );
    for (const sku of skus) {
      expect((await inventory.call('GET', `/stock/${sku}`)).body.available).toBe(
        1000 - reserved(sku),
      );
    }
  });

  it('gives the stock back once when a release and a sweep race for the same lapsed reservations', async () => {
    expect((await inventory.call('PUT', '/stock/T-RACE-END', { available: 50 })).status).toBe(200);
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        inventory.call('POST', '/reservations', {
          orderId: `ord-race-end-${i}`,
          items: [{ sku: 'T-RACE-END', quantity: 2 }],
          ttlSeconds: 1,
        }),
      ),
    );
    expect((await inventory.call('GET', '/stock/T-RACE-END')).body.available).toBe(30);
    await new Promise((resolve) => setTimeout(resolve, 1200));

    const [releases] = await Promise.all([
      Promise.all(
        created.map((answer) => inventory.call('POST', `/reservations/${answer.body.id}/release`)),
      ),
      inventory.sweep(),
      inventory.sweep(),
    ]);
    expect(releases.every((answer) => answer.status === 200)).toBe(true);
    expect((await inventory.call('GET', '/stock/T-RACE-END')).body.available).toBe(50);
    const statuses = await inventory.pool.query<{ status: string }>(
      "SELECT status FROM reservations WHERE order_id LIKE 'ord-race-end-%'",
    );
    expect(statuses.rows.every((row) => ['released', 'expired'].includes(row.status))).toBe(true);
  });
});
