import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { readinessProbe } from './clients/readiness-probe';
import { closeOrder, composeOrder, composeReset } from './compose';
import type { ComposedOrder } from './compose';
import { loadConfig } from './config';
import { orderRepository } from './data/order-repository';
import { orderIdFor } from './domain/ids';

const ADMIN_TOKEN = 'order-test-admin-token';

describe('order admin routes: POST /admin/reset, /admin/deployments', () => {
  let db: TestDatabase;
  let pool: Pool;
  let faults: Faults;
  let checkout: ComposedOrder;
  let app: ListeningApp;

  beforeAll(async () => {
    db = await createTestDatabase('order_reset');
    pool = await openDatabase({
      connectionString: db.url,
      applicationName: 'order-reset-test',
      migrationsDir: join(__dirname, '..', 'migrations'),
    });
    const metrics = freshMetrics();
    const logger = createLogger({ service: 'order', destination: captureLogs().destination });
    faults = createFaults({ metrics });
    // No downstream runs: these tests place no checkout, they put orders in the table directly.
    checkout = composeOrder(loadConfig({}), pool, logger, metrics, faults);
    app = await listenForTest(
      createApp({
        pool,
        logger,
        metrics,
        checkout,
        reset: composeReset(pool, checkout),
        rollout: checkout.rollout,
        probe: readinessProbe,
        faults: { engine: faults, adminToken: ADMIN_TOKEN },
      }),
    );
  });
  afterAll(async () => {
    await app.close();
    closeOrder(checkout);
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

  /** An order as checkout records it, then moved to `status` (payment_pending: in the retry queue). */
  const placeOrder = async (status: 'paid' | 'payment_pending') => {
    const key = randomUUID();
    const orders = orderRepository(pool);
    await orders.insert({
      id: orderIdFor(key),
      idempotencyKey: key,
      requestHash: 'h',
      customerId: 'c-reset',
      items: [
        {
          productId: 'prd_01',
          sku: 'FL-TENT-2P',
          quantity: 1,
          unitPrice: { amount: 24900, currency: 'EUR' },
          name: 'Ridgeline 2-person tent',
        },
      ],
      total: { amount: 24900, currency: 'EUR' },
      sealedCard: Buffer.from('sealed'),
    });
    await orders.update(orderIdFor(key), { status, nextAttemptAt: new Date() });
    return orderIdFor(key);
  };
  const counts = async () =>
    (
      await pool.query<{ orders: number; queued: number }>(
        `SELECT count(*)::int AS orders,
                (count(*) FILTER (WHERE status = 'payment_pending'))::int AS queued
           FROM orders`,
      )
    ).rows[0];

  it('removes every order, the retry queue with them, saying how many', async () => {
    const paid = await placeOrder('paid');
    await placeOrder('payment_pending');
    await placeOrder('payment_pending');
    expect(await counts()).toEqual({ orders: 3, queued: 2 });

    const answer = await reset(`Bearer ${ADMIN_TOKEN}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ reset: { orders: { removed: 3, seeded: 0 } } });
    expect(await counts()).toEqual({ orders: 0, queued: 0 });
    expect((await fetch(`${app.url}/orders/${paid}`)).status).toBe(404);
    expect(await checkout.orders.countByStatus('payment_pending')).toBe(0);
  });

  it.each([
    ['no token', 401, 'unauthorized', undefined],
    ['a wrong token', 403, 'forbidden', 'Bearer not-the-token'],
  ])(
    'refuses %s with %i %s, as /admin/faults does, and changes nothing',
    async (_what, status, code, authorization) => {
      await placeOrder('payment_pending');
      const before = await counts();

      const answer = await reset(authorization);
      const faultsAnswer = await fetch(`${app.url}/admin/faults`, {
        headers: authorization === undefined ? {} : { authorization },
      });

      expect(answer).toMatchObject({ status, body: { status, code } });
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(faultsAnswer.status).toBe(status);
      expect(await counts()).toEqual(before);
    },
  );

  it('waits for the checkout in flight before removing anything', async () => {
    await reset(`Bearer ${ADMIN_TOKEN}`);
    await placeOrder('paid');
    let finish = (): void => undefined;
    // A checkout holding the gate, as placeOrder does while it waits on payment.
    const inFlight = checkout.resetGate.pass(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const resetting = reset(`Bearer ${ADMIN_TOKEN}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await counts()).toEqual({ orders: 1, queued: 0 });
    finish();
    await inFlight;
    expect(await resetting).toMatchObject({
      status: 200,
      body: { reset: { orders: { removed: 1 } } },
    });
  });

  describe('/admin/deployments (the canary split of payment)', () => {
    // A canary's readiness check only: what answers there stands in for payment 0.2.0.
    let canaryReady = true;
    const canary = createServer((req, res) => {
      res.statusCode = req.url === '/health/ready' && canaryReady ? 200 : 503;
      res.end('{}');
    });
    let canaryUrl = '';
    beforeAll(async () => {
      canary.listen(0, '127.0.0.1');
      await once(canary, 'listening');
      canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      checkout.rollout.rollback();
      canary.close();
      await once(canary, 'close');
    });

    const call = async (method: string, body?: unknown, token = ADMIN_TOKEN) => {
      const res = await fetch(`${app.url}/admin/deployments${method === 'GET' ? '' : '/payment'}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        body: (await res.json()) as any,
      };
    };
    const canaryNow = async () => (await call('GET')).body.items[0].canary as unknown;

    it('routes a share of charges to a ready canary, shows it, and rolls it back', async () => {
      const deployed = await call('PUT', {
        version: '0.2.0',
        url: canaryUrl,
        weightPercent: 20,
        id: 'canary-run.1',
      });
      expect(deployed).toMatchObject({
        status: 200,
        body: {
          service: 'payment',
          stable: { weightPercent: 80 },
          canary: { version: '0.2.0', baseUrl: canaryUrl, weightPercent: 20 },
        },
      });
      // The run that shipped it stays on the route, so `faultline guess` can tell the scenario.
      expect(await canaryNow()).toEqual({
        version: '0.2.0',
        baseUrl: canaryUrl,
        weightPercent: 20,
        id: 'canary-run.1',
      });
      const scrape = await (await fetch(`${app.url}/metrics`)).text();
      expect(scrape).toContain(
        'deployment_traffic_weight_ratio{service="payment",track="canary",version="0.2.0"} 0.2',
      );

      const rolledBack = await call('DELETE');
      expect(rolledBack).toMatchObject({
        status: 200,
        body: { rolledBack: { version: '0.2.0' }, state: { canary: null } },
      });
      expect(await canaryNow()).toBeNull();
      expect(await call('DELETE')).toMatchObject({ status: 404, body: { code: 'no_canary' } });
    });

    it('moves no traffic to a canary that is not ready, saying why', async () => {
      canaryReady = false;
      try {
        const answer = await call('PUT', { version: '0.2.0', url: canaryUrl, weightPercent: 20 });
        expect(answer.status).toBe(502);
        expect(answer.type).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ code: 'canary_not_ready' });
        expect(answer.body.detail).toMatch(/answered 503/);
      } finally {
        canaryReady = true;
      }
      const gone = await call('PUT', {
        version: '0.2.0',
        url: 'http://127.0.0.1:1',
        weightPercent: 20,
      });
      expect(gone).toMatchObject({ status: 502, body: { code: 'canary_not_ready' } });
      expect(await canaryNow()).toBeNull();
    });

    it.each([
      [{ version: '0.2.0', url: 'ftp://x', weightPercent: 20 }, 'url'],
      [{ version: '0.2.0', url: 'http://127.0.0.1:3014', weightPercent: 120 }, 'weightPercent'],
      [{ version: '0.2.0', url: 'http://127.0.0.1:3014', weightPercent: 2.5 }, 'weightPercent'],
      [{ version: '0.2.0', url: 'http://127.0.0.1:3014', weightPercent: 20, id: 'a b' }, 'id'],
      [{ version: 'a b', url: 'http://127.0.0.1:3014', weightPercent: 20 }, 'version'],
    ])('refuses %j naming %s, and changes nothing', async (body, field) => {
      const answer = await call('PUT', body);
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(answer.body)).toContain(field);
      expect(await canaryNow()).toBeNull();
    });

    it('refuses a wrong admin token and changes nothing', async () => {
      const answer = await call(
        'PUT',
        { version: '0.2.0', url: canaryUrl, weightPercent: 20 },
        'nope',
      );
      expect(answer).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect(await canaryNow()).toBeNull();
    });
  });
});
