import { MAX_STOCK } from '@faultline/contracts';
import { startInventory } from './test/inventory-under-test';
import type { InventoryUnderTest } from './test/inventory-under-test';

/** The catalog's SKUs (apps/catalog/migrations/001_products.sql), in SKU order. */
const CATALOG_SKUS = [
  'FL-BAG-10C',
  'FL-BOOT-MID',
  'FL-BOTTLE-1L',
  'FL-FILTER-SQ',
  'FL-GAITER',
  'FL-HAMMOCK',
  'FL-JKT-DOWN',
  'FL-JKT-RAIN',
  'FL-KIT-FIRST',
  'FL-KNIFE-FLD',
  'FL-LAMP-400',
  'FL-MAP-ALPS',
  'FL-PACK-22',
  'FL-PACK-45',
  'FL-PAD-INF',
  'FL-POLE-CF',
  'FL-POT-1L',
  'FL-SOCK-MER',
  'FL-STOVE-GAS',
  'FL-TENT-2P',
];

describe('stock', () => {
  let inventory: InventoryUnderTest;

  beforeAll(async () => {
    inventory = await startInventory();
  });
  afterAll(async () => {
    await inventory.stop();
  });

  it('starts with 100000 units of each of the catalog’s 20 SKUs, and MAX_STOCK of the synthetic check item', async () => {
    const { status, body } = await inventory.call('GET', '/stock');
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        ...CATALOG_SKUS.slice(0, -1).map((sku) => ({ sku, available: 100_000 })),
        { sku: 'FL-SYNTHETIC', available: MAX_STOCK },
        { sku: 'FL-TENT-2P', available: 100_000 },
      ],
    });
  });

  it('returns one SKU’s level', async () => {
    expect(await inventory.call('GET', '/stock/FL-STOVE-GAS')).toMatchObject({
      status: 200,
      body: { sku: 'FL-STOVE-GAS', available: 100_000 },
    });
  });

  it('answers an unknown SKU with 404 sku_not_found', async () => {
    const { status, type, body } = await inventory.call('GET', '/stock/FL-NOPE');
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'sku_not_found', status: 404 });
  });

  it('restocks a SKU with PUT, and creates a SKU it has not seen', async () => {
    expect(await inventory.call('PUT', '/stock/FL-GAITER', { available: 7 })).toMatchObject({
      status: 200,
      body: { sku: 'FL-GAITER', available: 7 },
    });
    expect((await inventory.call('GET', '/stock/FL-GAITER')).body.available).toBe(7);

    expect(await inventory.call('PUT', '/stock/FL-NEW-1', { available: 0 })).toMatchObject({
      status: 200,
      body: { sku: 'FL-NEW-1', available: 0 },
    });
    expect((await inventory.call('GET', '/stock/FL-NEW-1')).body).toEqual({
      sku: 'FL-NEW-1',
      available: 0,
    });
    expect((await inventory.call('GET', '/stock')).body.items).toHaveLength(22);
  });

  it('is ready when its database answers', async () => {
    expect(await inventory.call('GET', '/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ready' },
    });
  });
});
