import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import { orderIdFor } from '../domain/ids';
import type { NewOrder } from '../domain/ports';
import { orderRepository } from './order-repository';

describe('order repository', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await createTestDatabase('order_repo');
    pool = await openDatabase({
      connectionString: db.url,
      applicationName: 'order-repo-test',
      migrationsDir: join(__dirname, '..', '..', 'migrations'),
      poolSize: 10,
    });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const newOrder = (key: string): NewOrder => ({
    id: orderIdFor(key),
    idempotencyKey: key,
    requestHash: 'h',
    customerId: 'c-race',
    items: [
      {
        productId: 'prd_01',
        sku: 'FL-TENT-2P',
        quantity: 1,
        unitPrice: { amount: 100, currency: 'EUR' },
        name: 'Tent',
      },
    ],
    total: { amount: 100, currency: 'EUR' },
    sealedCard: Buffer.from('sealed'),
  });

  // The id is derived from the key, so two inserts under one key collide on two unique indexes at
  // once; PostgreSQL's ON CONFLICT can then still raise 23505 on the one it did not arbitrate.
  it('lets exactly one of many simultaneous inserts under one key win, and never throws', async () => {
    const repository = orderRepository(pool);
    let winners = 0;
    for (let round = 0; round < 60; round += 1) {
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => repository.insert(newOrder(key))),
      );
      const won = results.filter((result) => result !== undefined);
      expect(won).toHaveLength(1);
      winners += won.length;
    }
    expect(winners).toBe(60);
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM orders WHERE customer_id = 'c-race'`,
    );
    expect(rows[0]?.n).toBe(60);
  });
});
