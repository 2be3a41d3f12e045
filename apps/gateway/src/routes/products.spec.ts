import {
  PRODUCTS,
  SERVICE_TOKEN,
  catalogAnswers,
  inventoryAnswers,
  problem,
  startGateway,
} from '../test/gateway-harness';
import type { GatewayHarness } from '../test/gateway-harness';

describe('GET /api/v1/products and /api/v1/products/:id', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.close();
  });
  beforeEach(() => {
    gw.catalog.answer(catalogAnswers);
    gw.inventory.answer(inventoryAnswers);
    gw.catalog.received.length = 0;
    gw.inventory.received.length = 0;
  });

  const get = async (path: string) => {
    const res = await fetch(`${gw.url}${path}`);
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as Record<string, any>,
    };
  };

  it("lists catalog's products, each with the units inventory has (0 for a SKU it does not stock)", async () => {
    const { status, body } = await get('/api/v1/products');
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        { ...PRODUCTS[0], available: 3 },
        { ...PRODUCTS[1], available: 0 },
      ],
    });
    expect(gw.inventory.received.map((r) => [r.url, r.headers['x-service-token']])).toEqual([
      ['/stock', SERVICE_TOKEN],
    ]);
    // The service token goes only where it is needed.
    expect(gw.catalog.received[0]?.headers['x-service-token']).toBeUndefined();
  });

  it('still lists the products when inventory fails, each available null, and counts the degraded answer', async () => {
    gw.inventory.answer(() => ({ status: 500, body: problem(500, 'internal_error') }));
    const failing = await get('/api/v1/products');
    gw.inventory.answer(() => ({ reset: true }));
    const unreachable = await get('/api/v1/products');
    for (const { status, body } of [failing, unreachable]) {
      expect(status).toBe(200);
      expect(body['items']).toEqual(PRODUCTS.map((product) => ({ ...product, available: null })));
    }
    expect(await gw.metrics.registry.metrics()).toMatch(
      /^gateway_degraded_answers_total\{dependency="inventory"\} 2$/m,
    );
    expect(gw.logs.lines().filter((line) => line['event'] === 'answer_degraded')).toHaveLength(2);
  });

  it('shows one product with its stock, null when inventory does not answer', async () => {
    expect((await get('/api/v1/products/prd_01')).body).toEqual({ ...PRODUCTS[0], available: 3 });
    expect((await get('/api/v1/products/prd_02')).body).toEqual({ ...PRODUCTS[1], available: 0 });
    gw.inventory.answer(() => ({ status: 503, body: problem(503, 'dependency_unavailable') }));
    expect((await get('/api/v1/products/prd_01')).body).toEqual({
      ...PRODUCTS[0],
      available: null,
    });
  });

  it('answers an unknown product with 404 problem+json naming it, and inventory is not asked', async () => {
    const { status, headers, body } = await get('/api/v1/products/prd_99');
    expect(status).toBe(404);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'product_not_found', instance: '/api/v1/products/prd_99' });
    expect(gw.inventory.received).toEqual([]);
  });

  it('refuses a malformed product id with 400 naming path.id; catalog receives nothing', async () => {
    const { status, body } = await get('/api/v1/products/not-a-product');
    expect(status).toBe(400);
    expect(body).toMatchObject({
      code: 'validation_failed',
      invalid_params: [{ name: 'path.id', reason: 'must look like prd_01' }],
    });
    expect(gw.catalog.received).toEqual([]);
  });

  it('answers 503 naming catalog, with Retry-After, when catalog does not answer (no list without it)', async () => {
    gw.catalog.answer(() => ({ status: 503, body: problem(503, 'dependency_unavailable') }));
    const { status, headers, body } = await get('/api/v1/products');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('1');
    expect(body).toMatchObject({ code: 'dependency_unavailable', dependency: 'catalog' });
    expect(JSON.stringify(body)).not.toContain('stand-in');
  });

  it('refuses to pass on a catalog answer that breaks its contract: 503, never a product cast into shape', async () => {
    gw.catalog.answer(() => ({
      status: 200,
      body: { items: [{ id: 'prd_01', name: 'no price' }] },
    }));
    const { status, body } = await get('/api/v1/products');
    expect(status).toBe(503);
    expect(body).toMatchObject({ dependency: 'catalog' });
    expect(gw.logs.text()).toContain('does not match its contract');
  });
});
