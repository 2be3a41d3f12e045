import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultAdmin } from '@faultline/fault-admin';
import { startAdminStandIn } from '../test/admin-stand-in';
import type { AdminStandIn } from '../test/admin-stand-in';
import { ADMIN_TOKEN, startGateway } from '../test/gateway-harness';
import type { GatewayHarness } from '../test/gateway-harness';
import { startStandIn } from '../test/stand-in';
import type { StandIn } from '../test/stand-in';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const SLOW = { point: 'http.server', kind: 'latency', params: { ms: 1 } };

/** One stack: a real gateway in front of services as far as their admin API goes. */
interface AdminStack {
  gateway: GatewayHarness;
  services: Record<'catalog' | 'inventory' | 'order', AdminStandIn>;
  close(): Promise<void>;
}

async function startAdminStack(settings: Parameters<typeof startGateway>[0] = {}) {
  const [catalog, inventory, order] = await Promise.all([
    startAdminStandIn('catalog'),
    startAdminStandIn('inventory'),
    startAdminStandIn('order'),
  ]);
  const gateway = await startGateway({
    ...settings,
    settings: {
      CATALOG_URL: catalog.app.url,
      INVENTORY_URL: inventory.app.url,
      ORDER_URL: order.app.url,
      ...settings.settings,
    },
  });
  return {
    gateway,
    services: { catalog, inventory, order },
    close: async () => {
      await gateway.close();
      await Promise.all([catalog, inventory, order].map((service) => service.close()));
    },
  } satisfies AdminStack;
}

/** A loopback URL where nothing listens: a port the OS gave out, closed again. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("the room's other stacks (/control/api/stacks)", () => {
  /** A group's stack: another real gateway, with services of its own. */
  let other: AdminStack;
  /** The host's stack, whose CONTROL_STACKS names the other one, one that is down, and an echo. */
  let host: AdminStack;
  /** Stands in for a stack's gateway where a test needs to see what arrives or answer oddly. */
  let echo: StandIn;
  /** Where echo's redirect points: it must never be asked. */
  let elsewhere: StandIn;
  let downUrl: string;

  beforeAll(async () => {
    downUrl = await closedPortUrl();
    [other, echo, elsewhere] = await Promise.all([
      startAdminStack(),
      startStandIn(() => ({ status: 200, body: { echoed: true } })),
      startStandIn(() => ({ status: 200, body: { followed: true } })),
    ]);
    host = await startAdminStack({
      settings: {
        CONTROL_STACKS: [
          { name: 'group-b', url: other.gateway.url },
          { name: 'down', url: downUrl },
          { name: 'echo', url: echo.url },
        ],
      },
    });
  });
  afterAll(async () => {
    await host.close();
    await other.close();
    await echo.close();
    await elsewhere.close();
  });
  afterEach(() => {
    for (const stack of [host, other]) {
      stack.gateway.faults.clear();
      for (const service of Object.values(stack.services)) service.faults.clear();
    }
    echo.received.length = 0;
    echo.answer(() => ({ status: 200, body: { echoed: true } }));
  });

  const call = async (
    method: string,
    path: string,
    { token = ADMIN_TOKEN, body }: { token?: string | null; body?: unknown } = {},
  ) => {
    const res = await fetch(`${host.gateway.url}${path}`, {
      method,
      headers: {
        ...(token !== null && bearer(token)),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (text === '' ? undefined : JSON.parse(text)) as Record<string, any>,
    };
  };
  /** The shared client of /admin/faults, pointed at a process of another stack through the host. */
  const viaStack = (stack: string, process: string, token = ADMIN_TOKEN) =>
    faultAdmin({
      baseUrl: `${host.gateway.url}/control/api/stacks/${stack}/processes/${process}`,
      token,
      name: process,
    });

  it('lists the stacks this control room reaches, behind the admin token', async () => {
    const { status, body } = await call('GET', '/control/api/stacks');
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        { name: 'group-b', url: other.gateway.url },
        { name: 'down', url: downUrl },
        { name: 'echo', url: echo.url },
      ],
    });
    expect((await call('GET', '/control/api/stacks', { token: null })).status).toBe(401);
    expect((await call('GET', '/control/api/stacks', { token: 'nope' })).status).toBe(403);
    expect(
      (await call('GET', '/control/api/stacks/group-b/scenarios', { token: 'nope' })).status,
    ).toBe(403);
  });

  it("drives another stack's services and gateway through its control room, touching none of this stack's", async () => {
    const inventory = viaStack('group-b', 'inventory');
    const rule = await inventory.apply({ id: 'slow-db', ...SLOW, durationSeconds: 60 });
    expect(rule).toMatchObject({ id: 'slow-db', point: 'http.server' });
    expect(other.services.inventory.faults.list().map((r) => r.id)).toEqual(['slow-db']);
    expect((await inventory.list()).map((r) => r.id)).toEqual(['slow-db']);
    await inventory.seed(7);
    expect(await inventory.remove('slow-db')).toBe(true);
    expect(await inventory.remove('slow-db')).toBe(false);

    const gateway = viaStack('group-b', 'gateway');
    await gateway.apply({ id: 'front-door', ...SLOW });
    expect(other.gateway.faults.list().map((r) => r.id)).toEqual(['front-door']);
    expect(await gateway.clear()).toBe(1);

    expect(host.services.inventory.faults.list()).toEqual([]);
    expect(host.gateway.faults.list()).toEqual([]);
  });

  it("passes the other stack's refusal on as given, naming the field, with this path as instance", async () => {
    const { status, type, body } = await call(
      'POST',
      '/control/api/stacks/group-b/processes/order/admin/faults',
      { body: { point: 'inventory.db', kind: 'cpu_burn' } },
    );
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body['invalid_params']).toEqual([{ name: 'kind', reason: expect.any(String) }]);
    expect(body['instance']).toBe('/control/api/stacks/group-b/processes/order/admin/faults');
    expect(other.services.order.faults.list()).toEqual([]);
  });

  it("plays the host's guess and reset on the other stack, with the other stack's answer", async () => {
    other.services.inventory.faults.apply({ id: 'iron-moth.1', ...SLOW });
    const guess = await call('POST', '/control/api/stacks/group-b/guess', {
      body: { service: 'inventory', kind: 'http.server' },
    });
    expect(guess.status).toBe(400);
    expect(guess.body['invalid_params']).toEqual([
      { name: 'body.kind', reason: expect.stringMatching(/^must be one of error/) },
    ]);
    const right = await call('POST', '/control/api/stacks/group-b/guess', {
      body: { service: 'inventory', kind: 'latency' },
    });
    expect(right.body).toMatchObject({ right: true, reveal: { codename: 'iron-moth' } });
    // This stack runs nothing: its own guess has no scenario to judge.
    const here = await call('POST', '/control/api/guess', {
      body: { service: 'inventory', kind: 'latency' },
    });
    expect(here.status).toBe(409);

    const before = other.services.order.resets();
    const reset = await call('POST', '/control/api/stacks/group-b/reset', {
      body: { deleteSeries: false },
    });
    expect(reset.status).toBe(200);
    expect(reset.body['steps'][0]).toMatchObject({ target: 'catalog', action: 'clear_faults' });
    expect(other.services.inventory.faults.list()).toEqual([]);
    expect(other.services.order.resets()).toBe(before + 1);
    expect(host.services.order.resets()).toBe(0);
  });

  it('answers 503 naming a stack that cannot be reached, as problem+json', async () => {
    const { status, type, body } = await call(
      'GET',
      '/control/api/stacks/down/processes/order/admin/faults',
    );
    expect(status).toBe(503);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'stack_unreachable', stack: 'down' });
    expect(body['detail']).toBe(`down is not reachable at ${downUrl} (ECONNREFUSED).`);
    await expect(viaStack('down', 'catalog').clear()).rejects.toMatchObject({
      status: 503,
      code: 'stack_unreachable',
    });
  });

  it('answers 404 naming a stack it does not know', async () => {
    const { status, body } = await call('GET', '/control/api/stacks/group-z/scenarios');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'stack_not_found', stack: 'group-z' });
    expect(body['detail']).toBe('No stack group-z: this control room reaches group-b, down, echo.');
  });

  it("passes the host's token, method and body on as they came, to the same path below /control/api", async () => {
    const { status, body } = await call(
      'POST',
      '/control/api/stacks/echo/processes/order/admin/faults/seed?ignored=1',
      { body: { seed: 42 } },
    );
    expect(status).toBe(200);
    expect(body).toEqual({ echoed: true });
    expect(echo.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/control/api/processes/order/admin/faults/seed',
        body: '{"seed":42}',
        headers: expect.objectContaining({
          authorization: `Bearer ${ADMIN_TOKEN}`,
          'content-type': 'application/json',
        }),
      }),
    ]);
  });

  it('never follows a redirect, and refuses an answer that is not JSON, naming the stack', async () => {
    echo.answer(({ url }) =>
      url.endsWith('/scenarios')
        ? { status: 200, body: '<html>a login page</html>', contentType: 'text/html' }
        : { status: 307, body: { to: elsewhere.url } },
    );
    const redirected = await call(
      'DELETE',
      '/control/api/stacks/echo/processes/order/admin/faults',
    );
    expect(redirected.status).toBe(502);
    expect(redirected.body).toMatchObject({ code: 'stack_bad_answer', stack: 'echo' });
    expect(redirected.body['detail']).toMatch(
      /^echo answered 307, a redirect the control room does not follow/,
    );
    expect(elsewhere.received).toEqual([]);
    const page = await call('GET', '/control/api/stacks/echo/scenarios');
    expect(page.status).toBe(502);
    expect(page.body['detail']).toBe('echo answered 200 with a body that is not JSON.');
  });

  it("refuses another stack's own stacks (one hop only), naming the path, and asks no stack", async () => {
    const { status, body } = await call('GET', '/control/api/stacks/echo/stacks/group-b/scenarios');
    expect(status).toBe(400);
    expect(body['invalid_params']).toEqual([
      { name: 'path', reason: "echo's own stacks are not reached through it: one hop only" },
    ]);
    expect(echo.received).toEqual([]);
  });

  it('never climbs out of /control/api on the other stack, and needs a path below the stack', async () => {
    const raw = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(host.gateway.url);
        // Options, not a URL: a URL would be parsed and its dot segments resolved.
        const req = request(
          { hostname, port, path, method: 'GET', headers: bearer(ADMIN_TOKEN) },
          (res) => {
            res.resume();
            res.on('end', () => {
              resolve(res.statusCode ?? 0);
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    for (const path of [
      '/control/api/stacks/echo/%2E%2E/metrics',
      '/control/api/stacks/echo/../../metrics',
      '/control/api/stacks/echo',
      '/control/api/stacks/echo/',
    ]) {
      expect({ path, status: await raw(path) }).toEqual({ path, status: 404 });
    }
    expect(echo.received).toEqual([]);
  });
});
