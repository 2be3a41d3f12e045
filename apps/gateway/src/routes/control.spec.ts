import { request } from 'node:http';
import { faultAdmin } from '@faultline/fault-admin';
import { startAdminStandIn } from '../test/admin-stand-in';
import type { AdminStandIn } from '../test/admin-stand-in';
import { ADMIN_TOKEN, startGateway } from '../test/gateway-harness';
import type { GatewayHarness } from '../test/gateway-harness';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the control room API (/control/api)', () => {
  let gw: GatewayHarness;
  let catalog: AdminStandIn;
  let inventory: AdminStandIn;
  let order: AdminStandIn;

  beforeAll(async () => {
    [catalog, inventory, order] = await Promise.all([
      startAdminStandIn('catalog'),
      startAdminStandIn('inventory'),
      startAdminStandIn('order'),
    ]);
    // Payment is not running (the harness points it at a port nothing listens on).
    gw = await startGateway({
      settings: {
        CATALOG_URL: catalog.app.url,
        INVENTORY_URL: inventory.app.url,
        ORDER_URL: order.app.url,
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    for (const service of [catalog, inventory, order]) await service.close();
  });
  afterEach(() => {
    catalog.faults.clear();
    inventory.faults.clear();
    order.faults.clear();
    gw.faults.clear();
  });

  const call = async (
    method: string,
    path: string,
    { token = ADMIN_TOKEN, body }: { token?: string | null; body?: unknown } = {},
  ) => {
    const res = await fetch(`${gw.url}${path}`, {
      method,
      headers: {
        ...(token !== null && bearer(token)),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (text === '' ? undefined : JSON.parse(text)) as Record<string, any>,
    };
  };
  /** The shared client of /admin/faults, pointed at a service through the gateway. */
  const viaGateway = (service: string, token = ADMIN_TOKEN) =>
    faultAdmin({ baseUrl: `${gw.url}/control/api/processes/${service}`, token, name: service });

  describe('the admin token', () => {
    it.each([
      ['GET', '/control/api/scenarios', undefined],
      ['POST', '/control/api/guess', { service: 'inventory', kind: 'latency' }],
      ['GET', '/control/api/processes/inventory/admin/faults', undefined],
      ['DELETE', '/control/api/processes/inventory/admin/faults', undefined],
    ])('%s %s: 401 without a token, 403 with a wrong one', async (method, path, body) => {
      const missing = await call(method, path, { token: null, body });
      expect(missing.status).toBe(401);
      expect(missing.type).toMatch(/^application\/problem\+json/);
      const wrong = await call(method, path, { token: 'not-the-token', body });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ code: 'forbidden' });
    });

    it('changes nothing for a wrong token: the service never hears of it', async () => {
      inventory.faults.apply({
        id: 'keep-me',
        point: 'inventory.db',
        kind: 'latency',
        params: { ms: 1 },
      });
      const cleared = await call('DELETE', '/control/api/processes/inventory/admin/faults', {
        token: 'not-the-token',
      });
      expect(cleared.status).toBe(403);
      expect(inventory.faults.list().map((rule) => rule.id)).toEqual(['keep-me']);
      await expect(viaGateway('inventory', 'not-the-token').list()).rejects.toMatchObject({
        failure: 'unauthorized',
      });
    });
  });

  describe('GET /control/api/scenarios', () => {
    it('lists the scenarios with their story, codename, symptoms, timeline and length', async () => {
      const { status, body } = await call('GET', '/control/api/scenarios');
      expect(status).toBe(200);
      const slowdown = (body['items'] as Record<string, any>[]).find(
        (s) => s['name'] === 'inventory-db-slowdown',
      );
      expect(slowdown).toMatchObject({
        codename: 'iron-moth',
        title: expect.any(String),
        story: expect.any(String),
        symptoms: expect.any(String),
        runsSeconds: 600,
        faults: [
          {
            service: 'inventory',
            startAfterSeconds: 0,
            durationSeconds: 600,
            rule: { point: 'inventory.db', kind: 'latency', params: { ms: 1500 } },
          },
        ],
      });
      expect((body['items'] as unknown[]).length).toBeGreaterThanOrEqual(10);
      // The canary regression ships a release: the CLI runs it, the panel cannot deploy.
      expect((body['items'] as { name: string }[]).map((s) => s.name)).not.toContain(
        'payment-canary-regression',
      );
      expect((body['items'] as { faults: unknown[] }[]).every((s) => s.faults.length > 0)).toBe(
        true,
      );
    });

    it('says why there are none when the scenarios could not be read at start', async () => {
      const bare = await startGateway({
        scenarios: { found: false, dir: '/nowhere', reason: 'No scenarios to offer: (test).' },
      });
      try {
        const res = await fetch(`${bare.url}/control/api/scenarios`, {
          headers: bearer(ADMIN_TOKEN),
        });
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({
          code: 'scenarios_unavailable',
          detail: 'No scenarios to offer: (test).',
        });
      } finally {
        await bare.close();
      }
    });
  });

  describe('/control/api/processes/:service/admin/faults', () => {
    it("is the service's own admin API for the shared client: apply, list, seed, remove, clear", async () => {
      const admin = viaGateway('inventory');
      const rule = await admin.apply({
        id: 'slow-db',
        point: 'inventory.db',
        kind: 'latency',
        params: { ms: 200 },
        durationSeconds: 60,
      });
      expect(rule).toMatchObject({ id: 'slow-db', point: 'inventory.db', params: { ms: 200 } });
      expect(inventory.faults.list().map((r) => r.id)).toEqual(['slow-db']);
      expect((await admin.list()).map((r) => r.id)).toEqual(['slow-db']);
      await admin.seed(42);
      expect(await admin.remove('slow-db')).toBe(true);
      expect(await admin.remove('slow-db')).toBe(false);
      await admin.apply({ point: 'http.server', kind: 'latency', params: { ms: 1 } });
      expect(await admin.clear()).toBe(1);
      expect(inventory.faults.list()).toEqual([]);
      // The other service was never touched.
      expect(order.faults.list()).toEqual([]);
    });

    it("passes the service's refusal on as given, naming the field, and nothing is applied", async () => {
      const { status, type, body } = await call(
        'POST',
        '/control/api/processes/order/admin/faults',
        { body: { point: 'inventory.db', kind: 'cpu_burn' } },
      );
      expect(status).toBe(400);
      expect(type).toMatch(/^application\/problem\+json/);
      expect(body['invalid_params']).toEqual([{ name: 'kind', reason: expect.any(String) }]);
      expect(body['instance']).toBe('/control/api/processes/order/admin/faults');
      expect(order.faults.list()).toEqual([]);
      const seed = await call('POST', '/control/api/processes/order/admin/faults/seed', {
        body: { seed: -1 },
      });
      expect(seed.status).toBe(400);
      expect(seed.body['invalid_params']).toEqual([
        { name: 'body.seed', reason: 'must not be negative' },
      ]);
    });

    it('answers 503 naming a service that cannot be reached; the others still answer', async () => {
      const { status, body } = await call('GET', '/control/api/processes/payment/admin/faults');
      expect(status).toBe(503);
      expect(body).toMatchObject({ code: 'service_unreachable', service: 'payment' });
      expect(body['detail']).toMatch(/^payment is not reachable at http:\/\/127\.0\.0\.1:1 /);
      expect(await viaGateway('order').list()).toEqual([]);
    });

    it('refuses a process it does not reach with 404 naming it', async () => {
      const { status, body } = await call('GET', '/control/api/processes/warehouse/admin/faults');
      expect(status).toBe(404);
      expect(body).toMatchObject({ code: 'service_not_found', service: 'warehouse' });
      expect(body['detail']).toBe(
        'No process warehouse: the control room reaches catalog, inventory, order, payment, gateway.',
      );
    });

    it("is the gateway's own engine for `gateway`, so a whole stack's faults are below /control/api", async () => {
      const admin = viaGateway('gateway');
      const rule = await admin.apply({
        id: 'slow-front-door',
        point: 'http.server',
        kind: 'latency',
        params: { ms: 1 },
      });
      expect(rule).toMatchObject({ id: 'slow-front-door', point: 'http.server' });
      expect(gw.faults.list().map((r) => r.id)).toEqual(['slow-front-door']);
      expect((await admin.list()).map((r) => r.id)).toEqual(['slow-front-door']);
      await expect(admin.apply({ point: 'inventory.db', kind: 'latency' })).rejects.toMatchObject({
        failure: 'refused',
        status: 400,
      });
      expect(await admin.clear()).toBe(1);
      expect(gw.faults.list()).toEqual([]);
      // No service heard of it.
      expect(inventory.faults.list()).toEqual([]);
      expect(
        (await call('DELETE', '/control/api/processes/gateway/admin/faults', { token: 'nope' }))
          .status,
      ).toBe(403);
      expect(
        (await call('GET', '/control/api/processes/gateway/admin/faults/a/b')).body,
      ).toMatchObject({ code: 'route_not_found' });
    });

    it('never climbs out of /admin/faults', async () => {
      const raw = (path: string) =>
        new Promise<{ status: number; body: Record<string, any> }>((resolve, reject) => {
          const { hostname, port } = new URL(gw.url);
          // Options, not a URL: a URL would be parsed and its dot segments resolved.
          const req = request(
            { hostname, port, path, method: 'DELETE', headers: bearer(ADMIN_TOKEN) },
            (res) => {
              let text = '';
              res.on('data', (chunk: Buffer) => (text += chunk.toString()));
              res.on('end', () => {
                resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
              });
            },
          );
          req.on('error', reject);
          req.end();
        });
      order.faults.apply({ id: 'stays', point: 'http.server', kind: 'latency', params: { ms: 1 } });
      const base = '/control/api/processes/order/admin/faults';
      for (const path of [`${base}/%2E%2E`, `${base}/..`, `${base}/%2e/seed`]) {
        expect({ path, ...(await raw(path)) }).toMatchObject({
          path,
          status: 404,
          body: { code: 'route_not_found' },
        });
      }
      // One segment that merely holds slashes is an id, and stays one.
      expect(await raw(`${base}/..%2F..%2Fhealth`)).toMatchObject({
        status: 404,
        body: { code: 'fault_not_found' },
      });
      expect(order.faults.list().map((rule) => rule.id)).toEqual(['stays']);
    });

    it('answers an unknown path below /control/api with 404 problem+json, never the page', async () => {
      const { status, type } = await call('GET', '/control/api/nothing-here');
      expect(status).toBe(404);
      expect(type).toMatch(/^application\/problem\+json/);
    });
  });

  describe('POST /control/api/guess', () => {
    const guess = (body: unknown) => call('POST', '/control/api/guess', { body });

    it('refuses a bad guess with 400 naming the field', async () => {
      const bad = await guess({ service: 'inventory', kind: 'gremlins' });
      expect(bad.status).toBe(400);
      expect(bad.body['invalid_params']).toEqual([
        { name: 'body.kind', reason: expect.stringMatching(/^must be one of error, latency/) },
      ]);
      const none = await guess({ kind: 'latency' });
      expect(none.body['invalid_params']).toEqual([
        { name: 'body.service', reason: expect.stringMatching(/^must be one of catalog/) },
      ]);
    });

    it('answers 409 when no scenario is running', async () => {
      inventory.faults.apply({
        id: 'by-hand',
        point: 'inventory.db',
        kind: 'latency',
        params: { ms: 1 },
      });
      const { status, body } = await guess({ service: 'inventory', kind: 'latency' });
      expect(status).toBe(409);
      expect(body).toMatchObject({ code: 'no_scenario_running' });
    });

    it('finds the mystery running from the ids on the services: a hint when wrong, the reveal when right', async () => {
      // iron-moth is inventory-db-slowdown played as a mystery.
      inventory.faults.apply({
        id: 'iron-moth.1',
        point: 'inventory.db',
        kind: 'latency',
        params: { ms: 1 },
      });
      expect((await guess({ service: 'payment', kind: 'error' })).body).toEqual({
        right: false,
        hint: 'another service',
      });
      expect((await guess({ service: 'inventory', kind: 'error' })).body).toEqual({
        right: false,
        hint: 'right service, another kind of fault',
      });
      const right = await guess({ service: 'inventory', kind: 'latency' });
      expect(right.status).toBe(200);
      expect(right.body).toMatchObject({
        right: true,
        reveal: { name: 'inventory-db-slowdown', codename: 'iron-moth' },
      });
    });

    it("counts the gateway's own faults too", async () => {
      gw.faults.apply({
        id: 'gateway-order-network-reset.1',
        point: 'gateway.http',
        kind: 'connection_reset',
        match: { peer: 'order' },
      });
      const right = await guess({ service: 'gateway', kind: 'connection_reset' });
      expect(right.body).toMatchObject({ right: true, reveal: { codename: 'silver-fox' } });
    });

    it('answers 502 naming a service that refuses the token, rather than judge without it', async () => {
      const strict = await startAdminStandIn('order', 'another-token');
      const other = await startGateway({
        settings: {
          CATALOG_URL: catalog.app.url,
          INVENTORY_URL: inventory.app.url,
          ORDER_URL: strict.app.url,
        },
      });
      try {
        const res = await fetch(`${other.url}/control/api/guess`, {
          method: 'POST',
          headers: { ...bearer(ADMIN_TOKEN), 'content-type': 'application/json' },
          body: JSON.stringify({ service: 'order', kind: 'stop_heartbeat' }),
        });
        expect(res.status).toBe(502);
        expect(await res.json()).toMatchObject({ code: 'service_refused', service: 'order' });
      } finally {
        await other.close();
        await strict.close();
      }
    });
  });
});
