import { SERVICE_TOKEN, startInventory } from './test/inventory-under-test';
import type { InventoryUnderTest } from './test/inventory-under-test';

/** Every business route of inventory, with a body that would succeed. */
const ROUTES: { method: string; path: string; body?: unknown }[] = [
  {
    method: 'POST',
    path: '/reservations',
    body: { orderId: 'ord-auth', items: [{ sku: 'FL-TENT-2P', quantity: 5 }] },
  },
  { method: 'GET', path: '/reservations?orderId=ord-auth' },
  { method: 'GET', path: '/reservations/3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a1b' },
  { method: 'POST', path: '/reservations/3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a1b/commit' },
  { method: 'POST', path: '/reservations/3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a1b/release' },
  { method: 'GET', path: '/stock' },
  { method: 'GET', path: '/stock/FL-TENT-2P' },
  { method: 'PUT', path: '/stock/FL-TENT-2P', body: { available: 0 } },
];

describe('inventory is internal: only callers with the service token get in', () => {
  let inventory: InventoryUnderTest;

  beforeAll(async () => {
    inventory = await startInventory();
  });
  afterAll(async () => {
    await inventory.stop();
  });

  const send = (route: (typeof ROUTES)[number], headers: Record<string, string>) =>
    fetch(`${inventory.url}${route.path}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...headers },
      body: route.body === undefined ? undefined : JSON.stringify(route.body),
    });

  it('changes nothing for a caller without the right token', async () => {
    const before = await inventory.snapshot();
    const writes = [
      {
        method: 'POST',
        path: '/reservations',
        body: { orderId: 'ord-intruder', items: [{ sku: 'FL-PAD-INF', quantity: 7 }] },
      },
      { method: 'PUT', path: '/stock/FL-PAD-INF', body: { available: 1 } },
      { method: 'PUT', path: '/stock/FL-INTRUDER-NEW', body: { available: 1 } },
    ];
    for (const route of writes) {
      expect((await send(route, {})).status).toBe(401);
      expect((await send(route, { 'X-Service-Token': 'not-the-service-token' })).status).toBe(403);
    }
    expect(await inventory.snapshot()).toEqual(before);
    expect(before.stock.find((row) => row.sku === 'FL-PAD-INF')?.available).toBeGreaterThan(1);
  });

  it.each(ROUTES)(
    'answers $method $path without the token with 401 problem+json',
    async (route) => {
      const res = await send(route, {});
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 401, code: 'service_token_missing' });
    },
  );

  it.each(ROUTES)(
    'answers $method $path with a wrong token with 403 problem+json',
    async (route) => {
      const res = await send(route, { 'X-Service-Token': 'not-the-service-token' });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 403, code: 'service_token_invalid' });
    },
  );

  it('serves a caller with the token: reserve, read, commit', async () => {
    const token = { 'X-Service-Token': SERVICE_TOKEN };
    const before = await inventory.available('FL-TENT-2P');
    const reserved = await send(ROUTES[0]!, token);
    expect(reserved.status).toBe(201);
    const { id } = (await reserved.json()) as { id: string };
    const committed = await send({ method: 'POST', path: `/reservations/${id}/commit` }, token);
    expect(committed.status).toBe(200);
    expect(await inventory.available('FL-TENT-2P')).toBe(before - 5);
  });

  it('leaves health and metrics open', async () => {
    expect((await fetch(`${inventory.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${inventory.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${inventory.url}/metrics`)).status).toBe(200);
  });
});
