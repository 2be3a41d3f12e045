import { reservationsCounted, sleep, startInventory } from './test/inventory-under-test';
import type { InventoryUnderTest } from './test/inventory-under-test';

describe('reservation expiry', () => {
  let inventory: InventoryUnderTest;

  beforeAll(async () => {
    inventory = await startInventory();
  });
  afterAll(async () => {
    await inventory.stop();
  });

  const reserveBriefly = (orderId: string, sku: string, quantity: number) =>
    inventory.call('POST', '/reservations', { orderId, items: [{ sku, quantity }], ttlSeconds: 1 });
  /** Waits until a 1-second reservation has lapsed by the database clock. */
  const waitForLapse = () => sleep(1200);

  it('expires a lapsed reservation and gives its stock back exactly once, however often it sweeps', async () => {
    await inventory.restock('T-EXPIRE', 10);
    const expiredBefore = await reservationsCounted(inventory.metrics, 'expired');
    const { status, body } = await reserveBriefly('ord-expire', 'T-EXPIRE', 4);
    expect(status).toBe(201);
    expect(Date.parse(body.expiresAt as string) - Date.now()).toBeLessThanOrEqual(1000);
    expect(await inventory.available('T-EXPIRE')).toBe(6);

    await waitForLapse();
    expect(await inventory.sweep()).toBe(1);
    expect(await inventory.sweep()).toBe(0);

    expect((await inventory.call('GET', `/reservations/${body.id}`)).body.status).toBe('expired');
    expect(await inventory.available('T-EXPIRE')).toBe(10);
    expect(await reservationsCounted(inventory.metrics, 'expired')).toBe(expiredBefore + 1);
  });

  it('leaves reservations that have not lapsed, and those no longer pending, alone', async () => {
    await inventory.restock('T-EXPIRE-KEEP', 10);
    const lasting = await inventory.call('POST', '/reservations', {
      orderId: 'ord-keep-lasting',
      items: [{ sku: 'T-EXPIRE-KEEP', quantity: 1 }],
    });
    const committed = await reserveBriefly('ord-keep-committed', 'T-EXPIRE-KEEP', 2);
    const released = await reserveBriefly('ord-keep-released', 'T-EXPIRE-KEEP', 3);
    await inventory.call('POST', `/reservations/${committed.body.id}/commit`);
    await inventory.call('POST', `/reservations/${released.body.id}/release`);
    await waitForLapse();

    expect(await inventory.sweep()).toBe(0);
    expect(await inventory.statusOf(lasting.body.id as string)).toBe('pending');
    expect(await inventory.statusOf(committed.body.id as string)).toBe('committed');
    expect(await inventory.statusOf(released.body.id as string)).toBe('released');
    expect(await inventory.available('T-EXPIRE-KEEP')).toBe(7);
  });

  it('commits an expired reservation by taking its units again while they are still there', async () => {
    await inventory.restock('T-EXPIRE-COMMIT', 5);
    const recommittedBefore = await reservationsCounted(inventory.metrics, 'recommitted');
    const { body } = await reserveBriefly('ord-expire-commit', 'T-EXPIRE-COMMIT', 2);
    await waitForLapse();
    await inventory.sweep();
    expect(await inventory.available('T-EXPIRE-COMMIT')).toBe(5);

    const answer = await inventory.call('POST', `/reservations/${body.id}/commit`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: body.id, status: 'committed' });
    expect(await inventory.available('T-EXPIRE-COMMIT')).toBe(3);
    expect(await reservationsCounted(inventory.metrics, 'recommitted')).toBe(recommittedBefore + 1);
    // Committing again takes nothing more.
    expect((await inventory.call('POST', `/reservations/${body.id}/commit`)).status).toBe(200);
    expect(await inventory.available('T-EXPIRE-COMMIT')).toBe(3);
  });

  it('refuses to commit an expired reservation whose units were sold meanwhile, changing nothing', async () => {
    await inventory.restock('T-EXPIRE-SOLD', 1);
    const { body } = await reserveBriefly('ord-expire-sold', 'T-EXPIRE-SOLD', 1);
    await waitForLapse();
    await inventory.sweep();
    const other = await inventory.call('POST', '/reservations', {
      orderId: 'ord-expire-sold-2',
      items: [{ sku: 'T-EXPIRE-SOLD', quantity: 1 }],
    });
    await inventory.call('POST', `/reservations/${other.body.id}/commit`);

    const answer = await inventory.call('POST', `/reservations/${body.id}/commit`);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'insufficient_stock',
      sku: 'T-EXPIRE-SOLD',
      available: 0,
    });
    expect(await inventory.statusOf(body.id as string)).toBe('expired');
    expect(await inventory.available('T-EXPIRE-SOLD')).toBe(0);
  });

  it('commits a lapsed reservation the sweeper has not reached yet: its units are still held', async () => {
    await inventory.restock('T-LAPSED-COMMIT', 5);
    const { body } = await reserveBriefly('ord-lapsed-commit', 'T-LAPSED-COMMIT', 2);
    await waitForLapse();

    const answer = await inventory.call('POST', `/reservations/${body.id}/commit`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'committed' });
    expect(await inventory.available('T-LAPSED-COMMIT')).toBe(3);
    expect(await inventory.sweep()).toBe(0);
    expect(await inventory.available('T-LAPSED-COMMIT')).toBe(3);
  });

  it('answers a release of an expired reservation with it unchanged, giving nothing back twice', async () => {
    await inventory.restock('T-EXPIRE-RELEASE', 5);
    const { body } = await reserveBriefly('ord-expire-release', 'T-EXPIRE-RELEASE', 2);
    await waitForLapse();
    await inventory.sweep();

    const answer = await inventory.call('POST', `/reservations/${body.id}/release`);
    expect(answer).toMatchObject({ status: 200, body: { id: body.id, status: 'expired' } });
    expect(await inventory.available('T-EXPIRE-RELEASE')).toBe(5);
  });

  it('releases a lapsed reservation the sweeper has not reached yet, giving its stock back once', async () => {
    await inventory.restock('T-LAPSED-RELEASE', 5);
    const { body } = await reserveBriefly('ord-lapsed-release', 'T-LAPSED-RELEASE', 2);
    await waitForLapse();

    const answer = await inventory.call('POST', `/reservations/${body.id}/release`);
    expect(answer).toMatchObject({ status: 200, body: { status: 'released' } });
    expect(await inventory.sweep()).toBe(0);
    expect(await inventory.available('T-LAPSED-RELEASE')).toBe(5);
  });

  it('skips a lapsed reservation another transaction holds instead of waiting for it', async () => {
    await inventory.restock('T-EXPIRE-HELD', 10);
    const held = await reserveBriefly('ord-expire-held', 'T-EXPIRE-HELD', 1);
    const free = await reserveBriefly('ord-expire-free', 'T-EXPIRE-HELD', 2);
    await waitForLapse();

    // Stands in for a commit or release in flight on the same reservation.
    const client = await inventory.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM reservations WHERE id = $1 FOR UPDATE', [held.body.id]);
      const started = Date.now();
      expect(await inventory.sweep()).toBe(1);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await inventory.statusOf(free.body.id as string)).toBe('expired');
      expect(await inventory.statusOf(held.body.id as string)).toBe('pending');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }

    expect(await inventory.sweep()).toBe(1);
    expect(await inventory.statusOf(held.body.id as string)).toBe('expired');
    expect(await inventory.available('T-EXPIRE-HELD')).toBe(10);
  });

  it('expires many lapsed reservations on the same SKUs in one sweep, restoring the sum', async () => {
    await inventory.restock('T-EXPIRE-MANY-A', 100);
    await inventory.restock('T-EXPIRE-MANY-B', 100);
    for (let i = 0; i < 5; i += 1) {
      const answer = await inventory.call('POST', '/reservations', {
        orderId: `ord-expire-many-${i}`,
        items: [
          { sku: 'T-EXPIRE-MANY-A', quantity: i + 1 },
          { sku: 'T-EXPIRE-MANY-B', quantity: 2 },
        ],
        ttlSeconds: 1,
      });
      expect(answer.status).toBe(201);
    }
    expect(await inventory.available('T-EXPIRE-MANY-A')).toBe(85);
    expect(await inventory.available('T-EXPIRE-MANY-B')).toBe(90);
    await waitForLapse();

    expect(await inventory.sweep()).toBe(5);
    expect(await inventory.available('T-EXPIRE-MANY-A')).toBe(100);
    expect(await inventory.available('T-EXPIRE-MANY-B')).toBe(100);
  });
});
