import { SHOP_SERIES } from '@faultline/fault-admin';
import { startAdminStandIn } from '../test/admin-stand-in';
import type { AdminStandIn } from '../test/admin-stand-in';
import { ADMIN_TOKEN, startGateway } from '../test/gateway-harness';
import type { GatewayHarness } from '../test/gateway-harness';
import { startStandIn } from '../test/stand-in';
import type { StandIn } from '../test/stand-in';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const SLOW = { point: 'http.server', kind: 'latency', params: { ms: 1 } };

describe('POST /control/api/reset', () => {
  let catalog: AdminStandIn;
  let inventory: AdminStandIn;
  let order: AdminStandIn;
  /** Prometheus's admin API as the reset calls it: 204 to each POST. */
  let prometheus: StandIn;
  let gw: GatewayHarness;

  beforeAll(async () => {
    [catalog, inventory, order, prometheus] = await Promise.all([
      startAdminStandIn('catalog', ADMIN_TOKEN, 'products'),
      startAdminStandIn('inventory', ADMIN_TOKEN, 'stock'),
      startAdminStandIn('order', ADMIN_TOKEN, 'orders'),
      startStandIn(() => ({ status: 204 })),
    ]);
    // Payment is not running (the harness points it at a port nothing listens on).
    gw = await startGateway({
      settings: {
        CATALOG_URL: catalog.app.url,
        INVENTORY_URL: inventory.app.url,
        ORDER_URL: order.app.url,
        CONTROL_PROMETHEUS_URL: prometheus.url,
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    await prometheus.close();
    for (const service of [catalog, inventory, order]) await service.close();
  });
  beforeEach(() => {
    prometheus.received.length = 0;
  });

  const reset = async (
    gateway: GatewayHarness,
    body?: unknown,
    { token = ADMIN_TOKEN, type = 'application/json' }: { token?: string; type?: string } = {},
  ) => {
    const res = await fetch(`${gateway.url}/control/api/reset`, {
      method: 'POST',
      headers: {
        ...bearer(token),
        ...(body !== undefined && { 'content-type': type }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, any>,
    };
  };

  it("clears every process's faults and puts each service's data back, one step each; payment down stops no other", async () => {
    for (const service of [catalog, inventory, order]) service.faults.apply(SLOW);
    gw.faults.apply(SLOW);
    const before = [catalog, inventory, order].map((service) => service.resets());

    const { status, body } = await reset(gw, { deleteSeries: false });

    expect(status).toBe(200);
    expect(body['ok']).toBe(false);
    const lines = (body['steps'] as { target: string; ok: boolean; detail: string }[]).map(
      (step) => `${step.ok ? 'ok' : 'failed'} ${step.target}: ${step.detail}`,
    );
    expect(lines).toEqual([
      'ok catalog: cleared 1 fault',
      'ok inventory: cleared 1 fault',
      'ok order: cleared 1 fault',
      expect.stringMatching(/^failed payment: payment is not reachable at http:\/\/127\.0\.0\.1:1/),
      'ok gateway: cleared 1 fault',
      'ok order: data reset to the seed (orders: 3 removed, 2 seeded)',
      'ok inventory: data reset to the seed (stock: 3 removed, 2 seeded)',
      expect.stringMatching(/^failed payment: payment is not reachable/),
      'ok catalog: data reset to the seed (products: 3 removed, 2 seeded)',
      'ok prometheus: series not deleted: not asked to',
    ]);
    expect(body['steps'][5]).toMatchObject({
      target: 'order',
      action: 'reset_data',
      tables: { orders: { removed: 3, seeded: 2 } },
    });
    expect(body['steps'][0]).toMatchObject({ action: 'clear_faults', cleared: 1 });
    for (const service of [catalog, inventory, order]) expect(service.faults.list()).toEqual([]);
    expect(gw.faults.list()).toEqual([]);
    expect([catalog, inventory, order].map((service) => service.resets())).toEqual(
      before.map((n) => n + 1),
    );
    expect(prometheus.received).toEqual([]);
  });

  it("deletes the shop's series through the gateway's Prometheus, unless told not to", async () => {
    const { body } = await reset(gw);
    const series = (body['steps'] as { target: string }[]).filter(
      (step) => step.target === 'prometheus',
    );
    expect(series).toEqual([
      expect.objectContaining({ action: 'delete_series', ok: true }),
      expect.objectContaining({ action: 'clean_tombstones', ok: true }),
    ]);
    expect(prometheus.received.map(({ method, url }) => `${method} ${url.split('?')[0]}`)).toEqual([
      'POST /api/v1/admin/tsdb/delete_series',
      'POST /api/v1/admin/tsdb/clean_tombstones',
    ]);
    const asked = new URL(`http://x${prometheus.received[0]!.url}`).searchParams.getAll('match[]');
    expect(asked).toEqual([...SHOP_SERIES]);
  });

  it('says the series were not deleted when the gateway knows no Prometheus', async () => {
    const bare = await startGateway({
      settings: {
        CATALOG_URL: catalog.app.url,
        INVENTORY_URL: inventory.app.url,
        ORDER_URL: order.app.url,
      },
    });
    try {
      const { status, body } = await reset(bare);
      expect(status).toBe(200);
      expect(body['steps'].at(-1)).toEqual({
        target: 'prometheus',
        action: 'keep_series',
        ok: true,
        detail: 'series not deleted: this gateway knows no Prometheus (CONTROL_PROMETHEUS_URL)',
      });
    } finally {
      await bare.close();
    }
  });

  it('reports a Prometheus that refuses, and still resets everything else', async () => {
    prometheus.answer(() => ({
      status: 503,
      body: { status: 'error', error: 'admin APIs disabled' },
      contentType: 'application/json',
    }));
    try {
      const { body } = await reset(gw);
      const failed = (body['steps'] as { target: string; ok: boolean; detail: string }[]).filter(
        (step) => !step.ok,
      );
      expect(failed.map((step) => step.target)).toEqual([
        'payment',
        'payment',
        'prometheus',
        'prometheus',
      ]);
      expect(failed[2]!.detail).toBe(
        'Prometheus answered 503: admin APIs disabled (its admin API needs --web.enable-admin-api)',
      );
    } finally {
      prometheus.answer(() => ({ status: 204 }));
    }
  });

  it('refuses a bad body with 400 naming the field and the reason, and resets nothing', async () => {
    const before = order.resets();
    const notBoolean = await reset(gw, { deleteSeries: 'yes' });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.type).toMatch(/^application\/problem\+json/);
    expect(notBoolean.body['invalid_params']).toEqual([
      { name: 'body.deleteSeries', reason: 'must be true or false' },
    ]);
    const unknown = await reset(gw, { deleteSeries: true, wipe: 'everything' });
    expect(unknown.body['invalid_params']).toEqual([
      { name: 'body', reason: 'takes deleteSeries only, not wipe' },
    ]);
    const list = await reset(gw, [true]);
    expect(list.body['invalid_params']).toEqual([
      { name: 'body', reason: 'must be a JSON object' },
    ]);
    const text = await reset(gw, 'deleteSeries=true', { type: 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body['invalid_params']).toEqual([
      { name: 'header.Content-Type', reason: 'must be application/json' },
    ]);
    expect(order.resets()).toBe(before);
  });

  it('is behind the admin token: 401 without it, 403 with another, and nothing is reset', async () => {
    order.faults.apply(SLOW);
    const before = order.resets();
    const missing = await fetch(`${gw.url}/control/api/reset`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect((await reset(gw, undefined, { token: 'not-the-token' })).status).toBe(403);
    expect(order.resets()).toBe(before);
    expect(order.faults.list()).toHaveLength(1);
    order.faults.clear();
  });
});
