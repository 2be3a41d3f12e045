import { startInventory } from './test/inventory-under-test';
import type { DatabaseSnapshot, InventoryUnderTest } from './test/inventory-under-test';

const ADMIN_TOKEN = 'inventory-test-admin-token';

describe('POST /admin/reset', () => {
  let inventory: InventoryUnderTest;
  /** The stock as the migrations seeded it, read before any test changed it. */
  let seed: DatabaseSnapshot;

  beforeAll(async () => {
    inventory = await startInventory({ adminToken: ADMIN_TOKEN });
    seed = await inventory.snapshot();
  });
  afterAll(async () => {
    await inventory.stop();
  });

  const reset = async (authorization?: string) => {
    const res = await fetch(`${inventory.url}/admin/reset`, {
      method: 'POST',
      headers: authorization === undefined ? {} : { authorization },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as any,
    };
  };
  const reserve = (orderId: string, items: { sku: string; quantity: number }[]) =>
    inventory.call('POST', '/reservations', { orderId, items });

  it('puts the stock back to the seed and removes every reservation, saying what it did', async () => {
    expect(seed.stock).toHaveLength(21);
    expect(seed.reservations).toEqual([]);
    await inventory.restock('FL-TENT-2P', 3);
    await inventory.restock('T-RESET-NEW', 9);
    const committed = await reserve('ord-reset-1', [{ sku: 'FL-PACK-22', quantity: 2 }]);
    await inventory.call('POST', `/reservations/${committed.body.id}/commit`);
    await reserve('ord-reset-2', [
      { sku: 'FL-PACK-22', quantity: 1 },
      { sku: 'T-RESET-NEW', quantity: 4 },
    ]);
    expect(await inventory.available('FL-PACK-22')).toBe(100000 - 3);

    const answer = await reset(`Bearer ${ADMIN_TOKEN}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      reset: {
        stock: { removed: 22, seeded: 21 },
        reservations: { removed: 2, seeded: 0 },
        reservation_items: { removed: 3, seeded: 0 },
      },
    });
    expect(await inventory.snapshot()).toEqual(seed);
    expect(await inventory.available('FL-TENT-2P')).toBe(100000);
    expect(await inventory.available('FL-SYNTHETIC')).toBe(1000000000);
    expect((await inventory.call('GET', '/stock/T-RESET-NEW')).status).toBe(404);
  });

  it('reserves as before once reset, and a second reset finds nothing more to remove', async () => {
    const again = await reserve('ord-reset-1', [{ sku: 'FL-LAMP-400', quantity: 1 }]);
    expect(again.status).toBe(201);
    expect((await reset(`Bearer ${ADMIN_TOKEN}`)).body.reset.reservations).toEqual({
      removed: 1,
      seeded: 0,
    });
    expect((await reset(`Bearer ${ADMIN_TOKEN}`)).body.reset).toEqual({
      stock: { removed: 21, seeded: 21 },
      reservations: { removed: 0, seeded: 0 },
      reservation_items: { removed: 0, seeded: 0 },
    });
  });

  it.each([
    ['no token', 401, 'unauthorized', undefined],
    ['a wrong token', 403, 'forbidden', 'Bearer not-the-token'],
    ['the service token', 403, 'forbidden', 'Bearer inventory-test-service-token'],
  ])(
    'refuses %s with %i %s, as /admin/faults does, and changes nothing',
    async (_what, status, code, authorization) => {
      await inventory.restock('FL-HAMMOCK', 7);
      await reserve(`ord-refused-${status}-${code}`, [{ sku: 'FL-HAMMOCK', quantity: 2 }]);
      const before = await inventory.snapshot();

      const answer = await reset(authorization);
      const faults = await fetch(`${inventory.url}/admin/faults`, {
        headers: authorization === undefined ? {} : { authorization },
      });

      expect(answer).toMatchObject({ status, body: { status, code } });
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(faults.status).toBe(status);
      expect(await inventory.snapshot()).toEqual(before);
    },
  );

  it('lets reservations made meanwhile land wholly before or wholly after it, never half', async () => {
    await reset(`Bearer ${ADMIN_TOKEN}`);
    const skus = ['FL-POT-1L', 'FL-GAITER', 'FL-MAP-ALPS'];
    const reservations = Array.from({ length: 40 }, (_, i) =>
      reserve(`ord-race-${i}`, [
        { sku: skus[i % 3]!, quantity: 1 + (i % 4) },
        { sku: skus[(i + 1) % 3]!, quantity: 1 },
      ]),
    );
    const resets = [reset(`Bearer ${ADMIN_TOKEN}`), reset(`Bearer ${ADMIN_TOKEN}`)];
    const answers = await Promise.all(reservations);
    const resetAnswers = await Promise.all(resets);

    expect(answers.map((a) => a.status).filter((s) => s !== 201)).toEqual([]);
    expect(resetAnswers.map((a) => a.status)).toEqual([200, 200]);
    // What is left adds up: each SKU's seed is what is available plus what the surviving
    // reservations hold, and no item outlived its reservation.
    const after = await inventory.snapshot();
    const held = new Map<string, number>();
    for (const item of after.items) held.set(item.sku, (held.get(item.sku) ?? 0) + item.quantity);
    for (const sku of skus) {
      const level = after.stock.find((s) => s.sku === sku)?.available;
      expect((level ?? 0) + (held.get(sku) ?? 0)).toBe(100000);
    }
    const { rows } = await inventory.pool.query<{ orphans: number }>(
      `SELECT count(*)::int AS orphans FROM reservation_items i
        WHERE NOT EXISTS (SELECT 1 FROM reservations r WHERE r.id = i.reservation_id)`,
    );
    expect(rows[0]?.orphans).toBe(0);
  });
});
