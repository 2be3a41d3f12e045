import { join } from 'node:path';
import { SYNTHETIC_PRODUCT_ID } from '@faultline/contracts';
import { createLogger } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import { createApp } from './app';
import { composeCatalog } from './compose';

describe('catalog', () => {
  let db: TestDatabase;
  let pool: Pool;
  let app: ListeningApp;

  beforeAll(async () => {
    db = await createTestDatabase('catalog');
    pool = await openDatabase({
      connectionString: db.url,
      applicationName: 'catalog-test',
      migrationsDir: join(__dirname, '..', 'migrations'),
    });
    const logger = createLogger({ service: 'catalog', destination: captureLogs().destination });
    app = await listenForTest(
      createApp({ pool, logger, metrics: freshMetrics(), catalog: composeCatalog(pool) }),
    );
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await db.drop();
  });

  const get = async (path: string) => {
    const res = await fetch(`${app.url}${path}`);
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  it('lists the 20 seeded products with integer prices in minor units', async () => {
    const { status, body } = await get('/products');
    expect(status).toBe(200);
    const items = body['items'] as {
      id: string;
      sku: string;
      price: { amount: number; currency: string };
    }[];
    expect(items).toHaveLength(20);
    expect(items[0]).toEqual({
      id: 'prd_01',
      sku: 'FL-TENT-2P',
      name: 'Ridgeline 2-person tent',
      price: { amount: 24900, currency: 'EUR' },
    });
    expect(items.every((p) => Number.isInteger(p.price.amount) && p.price.amount > 0)).toBe(true);
  });

  it('returns one product by id', async () => {
    const { status, body } = await get('/products/prd_04');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'prd_04',
      sku: 'FL-STOVE-GAS',
      price: { amount: 3900, currency: 'EUR' },
    });
  });

  it("sells the watcher's synthetic check item by id and in a batch, but never lists it", async () => {
    const item = {
      id: SYNTHETIC_PRODUCT_ID,
      sku: 'FL-SYNTHETIC',
      name: 'Synthetic check item',
      price: { amount: 100, currency: 'EUR' },
    };
    expect(await get(`/products/${SYNTHETIC_PRODUCT_ID}`)).toMatchObject({
      status: 200,
      body: item,
    });
    expect((await get(`/products?ids=prd_01,${SYNTHETIC_PRODUCT_ID}`)).body['items']).toEqual([
      expect.objectContaining({ id: 'prd_01' }),
      item,
    ]);
    const listed = (await get('/products')).body['items'] as { id: string }[];
    expect(listed.map((p) => p.id)).not.toContain(SYNTHETIC_PRODUCT_ID);
  });

  it('answers an unknown product with 404 problem+json', async () => {
    const { status, type, body } = await get('/products/prd_99');
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'product_not_found', status: 404 });
  });

  it('rejects a malformed product id with 400 naming the path parameter', async () => {
    const { status, body } = await get('/products/DROP%20TABLE');
    expect(status).toBe(400);
    expect(body['invalid_params']).toEqual([{ name: 'path.id', reason: 'must look like prd_01' }]);
  });

  it('looks up a batch of ids, leaving unknown ones out and ignoring duplicates', async () => {
    const { status, body } = await get('/products?ids=prd_03,prd_01,prd_77,prd_03');
    expect(status).toBe(200);
    expect((body['items'] as { id: string }[]).map((p) => p.id)).toEqual(['prd_01', 'prd_03']);
  });

  it('rejects a batch with a malformed id or too many ids, naming query.ids', async () => {
    const bad = await get('/products?ids=prd_01,not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body['invalid_params']).toEqual([
      { name: 'query.ids.1', reason: 'each id must look like prd_01' },
    ]);
    const many = await get(
      `/products?ids=${Array.from({ length: 51 }, (_, i) => `prd_${i}`).join(',')}`,
    );
    expect(many.status).toBe(400);
    expect((many.body['invalid_params'] as { name: string }[])[0]?.name).toBe('query.ids');
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const { status, body } = await get('/nope');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'route_not_found' });
  });

  it('is ready when its database answers', async () => {
    expect(await get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });
});
