import { join } from 'node:path';
import { createFaults } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { createLogger } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import { createApp } from './app';
import { composeCatalog } from './compose';

const ADMIN_TOKEN = 'catalog-test-admin-token';

describe('POST /admin/reset', () => {
  let db: TestDatabase;
  let pool: Pool;
  let faults: Faults;
  let app: ListeningApp;
  /** Every product row as the migrations seeded them, read before any test changed them. */
  let seed: unknown[];

  const products = async () =>
    (await pool.query('SELECT * FROM products ORDER BY id')).rows as unknown[];

  beforeAll(async () => {
    db = await createTestDatabase('catalog_reset');
    pool = await openDatabase({
      connectionString: db.url,
      applicationName: 'catalog-reset-test',
      migrationsDir: join(__dirname, '..', 'migrations'),
    });
    const metrics = freshMetrics();
    const logger = createLogger({ service: 'catalog', destination: captureLogs().destination });
    faults = createFaults({ metrics });
    app = await listenForTest(
      createApp({
        pool,
        logger,
        metrics,
        faults: { engine: faults, adminToken: ADMIN_TOKEN },
        catalog: composeCatalog(pool, faults),
      }),
    );
    seed = await products();
  });
  afterAll(async () => {
    await app.close();
    await faults.close();
    await pool.end();
    await db.drop();
  });

  const reset = async (authorization?: string) => {
    const res = await fetch(`${app.url}/admin/reset`, {
      method: 'POST',
      headers: authorization === undefined ? {} : { authorization },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as any,
    };
  };

  /** What a host might have done by hand during a round: a price changed, a product gone, one added. */
  const editByHand = async () => {
    await pool.query(`UPDATE products SET price_amount = 1 WHERE id = 'prd_04'`);
    await pool.query(`DELETE FROM products WHERE id = 'prd_20'`);
    await pool.query(
      `INSERT INTO products (id, sku, name, price_amount, currency)
       VALUES ('prd_extra', 'FL-EXTRA', 'Extra', 500, 'EUR')`,
    );
  };

  it('puts every product back as the migrations seeded it, listed and unlisted, saying what it did', async () => {
    expect(seed).toHaveLength(21);
    await editByHand();

    const answer = await reset(`Bearer ${ADMIN_TOKEN}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ reset: { products: { removed: 21, seeded: 21 } } });
    expect(await products()).toEqual(seed);
    const listed = await fetch(`${app.url}/products`);
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(20);
  });

  it.each([
    ['no token', 401, 'unauthorized', undefined],
    ['a wrong token', 403, 'forbidden', 'Bearer not-the-token'],
  ])(
    'refuses %s with %i %s, as /admin/faults does, and changes nothing',
    async (_what, status, code, authorization) => {
      await reset(`Bearer ${ADMIN_TOKEN}`);
      await editByHand();
      const before = await products();

      const answer = await reset(authorization);
      const faultsAnswer = await fetch(`${app.url}/admin/faults`, {
        headers: authorization === undefined ? {} : { authorization },
      });

      expect(answer).toMatchObject({ status, body: { status, code } });
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(faultsAnswer.status).toBe(status);
      expect(await products()).toEqual(before);
    },
  );

  it('keeps answering shoppers while it runs: every read sees the whole catalog', async () => {
    await reset(`Bearer ${ADMIN_TOKEN}`);
    const reads = Array.from({ length: 30 }, async () => {
      const res = await fetch(`${app.url}/products`);
      return {
        status: res.status,
        count: ((await res.json()) as { items: unknown[] }).items.length,
      };
    });
    const resets = Array.from({ length: 3 }, () => reset(`Bearer ${ADMIN_TOKEN}`));
    expect((await Promise.all(resets)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await Promise.all(reads)).toEqual(
      Array.from({ length: 30 }, () => ({ status: 200, count: 20 })),
    );
  });
});
