import { reservationsCounted, startInventory } from './test/inventory-under-test';
import type { InventoryUnderTest } from './test/inventory-under-test';

describe('reservations', () => {
  let inventory: InventoryUnderTest;

  beforeAll(async () => {
    inventory = await startInventory();
  });
  afterAll(async () => {
    await inventory.stop();
  });

  const reserve = (orderId: string, items: { sku: string; quantity: number }[]) =>
    inventory.call('POST', '/reservations', { orderId, items });

  it('reserves stock, then commits it for good', async () => {
    await inventory.restock('T-HAPPY-A', 10);
    await inventory.restock('T-HAPPY-B', 5);

    const reserved = await reserve('ord-happy', [
      { sku: 'T-HAPPY-B', quantity: 2 },
      { sku: 'T-HAPPY-A', quantity: 3 },
    ]);
    expect(reserved.status).toBe(201);
    expect(reserved.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      orderId: 'ord-happy',
      status: 'pending',
      expiresAt: expect.any(String),
      items: [
        { sku: 'T-HAPPY-A', quantity: 3 },
        { sku: 'T-HAPPY-B', quantity: 2 },
      ],
    });
    expect(reserved.location).toBe(`/reservations/${reserved.body.id}`);
    const ttl = Date.parse(reserved.body.expiresAt as string) - Date.now();
    expect(ttl).toBeGreaterThan(890_000);
    expect(ttl).toBeLessThanOrEqual(900_000);
    expect(await inventory.available('T-HAPPY-A')).toBe(7);
    expect(await inventory.available('T-HAPPY-B')).toBe(3);

    const committed = await inventory.call('POST', `/reservations/${reserved.body.id}/commit`);
    expect(committed.status).toBe(200);
    expect(committed.body).toEqual({ ...reserved.body, status: 'committed' });
    expect(await inventory.available('T-HAPPY-A')).toBe(7);
    expect(await inventory.available('T-HAPPY-B')).toBe(3);

    const read = await inventory.call('GET', `/reservations/${reserved.body.id}`);
    expect(read).toMatchObject({ status: 200, body: { ...reserved.body, status: 'committed' } });
  });

  it('answers a second commit with the committed reservation, unchanged', async () => {
    await inventory.restock('T-RECOMMIT', 4);
    const { body } = await reserve('ord-recommit', [{ sku: 'T-RECOMMIT', quantity: 1 }]);
    await inventory.call('POST', `/reservations/${body.id}/commit`);
    const again = await inventory.call('POST', `/reservations/${body.id}/commit`);
    expect(again).toMatchObject({ status: 200, body: { id: body.id, status: 'committed' } });
    expect(await inventory.available('T-RECOMMIT')).toBe(3);
  });

  it('gives the stock back on release, and only once when released twice', async () => {
    await inventory.restock('T-RELEASE', 8);
    const { body } = await reserve('ord-release', [{ sku: 'T-RELEASE', quantity: 5 }]);
    expect(await inventory.available('T-RELEASE')).toBe(3);

    const released = await inventory.call('POST', `/reservations/${body.id}/release`);
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ ...body, status: 'released' });
    expect(await inventory.available('T-RELEASE')).toBe(8);

    const again = await inventory.call('POST', `/reservations/${body.id}/release`);
    expect(again).toMatchObject({ status: 200, body: { status: 'released' } });
    expect(await inventory.available('T-RELEASE')).toBe(8);
  });

  it('replays the same order with the same items as the first reservation, reserving once', async () => {
    await inventory.restock('T-REPLAY-A', 10);
    await inventory.restock('T-REPLAY-B', 10);
    const first = await reserve('ord-replay', [
      { sku: 'T-REPLAY-A', quantity: 2 },
      { sku: 'T-REPLAY-B', quantity: 1 },
    ]);
    expect(first.status).toBe(201);

    // Same items in another order still count as the same request.
    const replay = await reserve('ord-replay', [
      { sku: 'T-REPLAY-B', quantity: 1 },
      { sku: 'T-REPLAY-A', quantity: 2 },
    ]);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await inventory.available('T-REPLAY-A')).toBe(8);
    expect(await inventory.available('T-REPLAY-B')).toBe(9);
    const rows = await inventory.pool.query(
      "SELECT count(*) AS n FROM reservations WHERE order_id = 'ord-replay'",
    );
    expect(rows.rows[0].n).toBe(1);
  });

  it('replays a reservation whatever its status, without reserving again', async () => {
    await inventory.restock('T-REPLAY-DONE', 5);
    const items = [{ sku: 'T-REPLAY-DONE', quantity: 2 }];
    const first = await reserve('ord-replay-done', items);
    await inventory.call('POST', `/reservations/${first.body.id}/release`);
    const replay = await reserve('ord-replay-done', items);
    expect(replay).toMatchObject({ status: 200, body: { id: first.body.id, status: 'released' } });
    expect(await inventory.available('T-REPLAY-DONE')).toBe(5);
  });

  it('rejects the same order with different items with 409 reservation_conflict', async () => {
    await inventory.restock('T-CONFLICT', 10);
    const first = await reserve('ord-conflict', [{ sku: 'T-CONFLICT', quantity: 2 }]);
    const before = await inventory.snapshot();

    const conflict = await reserve('ord-conflict', [{ sku: 'T-CONFLICT', quantity: 3 }]);
    expect(conflict.status).toBe(409);
    expect(conflict.type).toMatch(/^application\/problem\+json/);
    expect(conflict.body).toMatchObject({
      code: 'reservation_conflict',
      status: 409,
      reservation_id: first.body.id,
    });
    expect(await inventory.snapshot()).toEqual(before);
  });

  it('rejects an unknown SKU with 422 unknown_sku naming it, reserving nothing', async () => {
    // T-KNOWN-OK sorts first, so it is taken before the unknown SKU is found: that must roll back.
    await inventory.restock('T-KNOWN-OK', 10);
    const before = await inventory.snapshot();
    const answer = await reserve('ord-unknown', [
      { sku: 'T-KNOWN-OK', quantity: 1 },
      { sku: 'T-NO-SUCH-SKU', quantity: 1 },
    ]);
    expect(answer.status).toBe(422);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'unknown_sku', status: 422, sku: 'T-NO-SUCH-SKU' });
    expect(await inventory.snapshot()).toEqual(before);
  });

  it('rejects a request whose second item is short with 409 insufficient_stock, reserving nothing', async () => {
    await inventory.restock('T-SHORT-A', 10);
    await inventory.restock('T-SHORT-B', 2);
    const before = await inventory.snapshot();

    const answer = await reserve('ord-short', [
      { sku: 'T-SHORT-A', quantity: 4 },
      { sku: 'T-SHORT-B', quantity: 3 },
    ]);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'insufficient_stock',
      status: 409,
      sku: 'T-SHORT-B',
      available: 2,
    });
    expect(await inventory.snapshot()).toEqual(before);
    expect(await inventory.available('T-SHORT-A')).toBe(10);

    // The order was not claimed either: it can reserve once the stock is there.
    await inventory.restock('T-SHORT-B', 3);
    const retried = await reserve('ord-short', [
      { sku: 'T-SHORT-A', quantity: 4 },
      { sku: 'T-SHORT-B', quantity: 3 },
    ]);
    expect(retried.status).toBe(201);
    expect(await inventory.available('T-SHORT-A')).toBe(6);
    expect(await inventory.available('T-SHORT-B')).toBe(0);
  });

  it('commits a released reservation only by taking its units again: never one sold to someone else', async () => {
    await inventory.restock('T-COMMIT-RELEASED', 1);
    const { body } = await reserve('ord-commit-released', [
      { sku: 'T-COMMIT-RELEASED', quantity: 1 },
    ]);
    await inventory.call('POST', `/reservations/${body.id}/release`);
    const second = await reserve('ord-commit-released-2', [
      { sku: 'T-COMMIT-RELEASED', quantity: 1 },
    ]);
    await inventory.call('POST', `/reservations/${second.body.id}/commit`);

    const answer = await inventory.call('POST', `/reservations/${body.id}/commit`);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'insufficient_stock', available: 0 });
    expect((await inventory.call('GET', `/reservations/${body.id}`)).body.status).toBe('released');
    expect(await inventory.available('T-COMMIT-RELEASED')).toBe(0);

    await inventory.restock('T-COMMIT-RELEASED', 1);
    const again = await inventory.call('POST', `/reservations/${body.id}/commit`);
    expect(again).toMatchObject({ status: 200, body: { status: 'committed' } });
    expect(await inventory.available('T-COMMIT-RELEASED')).toBe(0);
  });

  it('refuses to release a committed reservation with 409 reservation_committed', async () => {
    await inventory.restock('T-RELEASE-COMMITTED', 3);
    const { body } = await reserve('ord-release-committed', [
      { sku: 'T-RELEASE-COMMITTED', quantity: 2 },
    ]);
    await inventory.call('POST', `/reservations/${body.id}/commit`);

    const answer = await inventory.call('POST', `/reservations/${body.id}/release`);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'reservation_committed',
      status: 409,
      reservation_status: 'committed',
    });
    expect((await inventory.call('GET', `/reservations/${body.id}`)).body.status).toBe('committed');
    expect(await inventory.available('T-RELEASE-COMMITTED')).toBe(1);
  });

  it('finds a reservation by order id, and an empty list for an order without one', async () => {
    await inventory.restock('T-BY-ORDER', 3);
    const { body } = await reserve('ord-by-order', [{ sku: 'T-BY-ORDER', quantity: 1 }]);
    expect(await inventory.call('GET', '/reservations?orderId=ord-by-order')).toMatchObject({
      status: 200,
      body: { items: [body] },
    });
    expect(await inventory.call('GET', '/reservations?orderId=ord-nobody')).toMatchObject({
      status: 200,
      body: { items: [] },
    });
  });

  it.each([
    { action: 'a read', method: 'GET', suffix: '' },
    { action: 'a commit', method: 'POST', suffix: '/commit' },
    { action: 'a release', method: 'POST', suffix: '/release' },
  ])(
    'answers $action of an unknown reservation with 404 reservation_not_found',
    async ({ method, suffix }) => {
      const answer = await inventory.call(
        method,
        `/reservations/3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a1b${suffix}`,
      );
      expect(answer.status).toBe(404);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ code: 'reservation_not_found' });
    },
  );

  it('counts each outcome in inventory_reservations_total', async () => {
    const counted = (outcome: string) => reservationsCounted(inventory.metrics, outcome);
    const before = {
      reserved: await counted('reserved'),
      insufficient: await counted('insufficient_stock'),
      unknown: await counted('unknown_sku'),
      committed: await counted('committed'),
      released: await counted('released'),
    };
    await inventory.restock('T-COUNTED', 2);
    const a = await reserve('ord-counted-a', [{ sku: 'T-COUNTED', quantity: 1 }]);
    const b = await reserve('ord-counted-b', [{ sku: 'T-COUNTED', quantity: 1 }]);
    await reserve('ord-counted-a', [{ sku: 'T-COUNTED', quantity: 1 }]); // a replay is not counted
    await reserve('ord-counted-c', [{ sku: 'T-COUNTED', quantity: 1 }]);
    await reserve('ord-counted-d', [{ sku: 'T-COUNTED-NOPE', quantity: 1 }]);
    await inventory.call('POST', `/reservations/${a.body.id}/commit`);
    await inventory.call('POST', `/reservations/${b.body.id}/release`);
    await inventory.call('POST', `/reservations/${b.body.id}/release`); // unchanged, not counted

    expect(await counted('reserved')).toBe(before.reserved + 2);
    expect(await counted('insufficient_stock')).toBe(before.insufficient + 1);
    expect(await counted('unknown_sku')).toBe(before.unknown + 1);
    expect(await counted('committed')).toBe(before.committed + 1);
    expect(await counted('released')).toBe(before.released + 1);
    const scrape = await fetch(`${inventory.url}/metrics`).then((res) => res.text());
    expect(scrape).toMatch(/^inventory_reservations_total\{outcome="expired"\} 0$/m);
  });
});
