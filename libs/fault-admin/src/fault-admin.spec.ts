import { createFaults, faultInjection, requireAdminToken } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { AppError, createLogger, createServiceApp } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { FaultAdminError, faultAdmin, stackAdmin } from './fault-admin';

const TOKEN = 'sesame';

/**
 * The client against the real /admin/faults of a service app (the engine and routes as shipped),
 * and an /admin/reset behind the same guard the services use, whose answers the test sets.
 */
describe('faultAdmin', () => {
  let app: ListeningApp;
  let faults: Faults;
  let resets = 0;
  let resetBusy = false;

  beforeAll(async () => {
    faults = createFaults({ seed: 1 });
    const logger = createLogger({ service: 'payment', destination: captureLogs().destination });
    app = await listenForTest(
      createServiceApp(
        {
          logger,
          metrics: freshMetrics(),
          ...faultInjection({ engine: faults, adminToken: TOKEN }),
        },
        (service) => {
          service.post('/admin/reset', requireAdminToken(TOKEN), (_req, res) => {
            if (resetBusy) {
              throw new AppError('reset_busy', 503, 'Work was still in flight; nothing was reset.');
            }
            resets++;
            res.json({ reset: { orders: { removed: 3, seeded: 0 } } });
          });
        },
      ),
    );
  });
  afterAll(async () => {
    await faults.close();
    await app.close();
  });
  afterEach(() => {
    faults.clear();
    resets = 0;
    resetBusy = false;
  });

  const payment = () => faultAdmin({ baseUrl: `${app.url}/`, token: TOKEN, name: 'payment' });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as FaultAdminError,
    );

  it('applies a rule and answers it as the service holds it, then lists, removes and clears', async () => {
    const admin = payment();
    const rule = await admin.apply({
      id: 'gw-503',
      point: 'payment.gateway.charge',
      kind: 'error',
      probability: 0.3,
      durationSeconds: 60,
    });
    expect(rule).toMatchObject({ id: 'gw-503', params: { status: 503 }, probability: 0.3 });
    expect(Date.parse(rule.until) - Date.now()).toBeGreaterThan(55_000);
    expect((await admin.list()).map((r) => r.id)).toEqual(['gw-503']);
    expect(faults.list().map((r) => r.id)).toEqual(['gw-503']);

    expect(await admin.remove('gw-503')).toBe(true);
    expect(await admin.remove('gw-503')).toBe(false);
    await admin.apply({ point: 'payment.fraud', kind: 'cpu_burn' });
    await admin.apply({ point: 'http.server', kind: 'latency', params: { ms: 5 } });
    expect(await admin.clear()).toBe(2);
    expect(faults.list()).toEqual([]);
  });

  it('seeds the service’s dice', async () => {
    await payment().seed(42);
    const first = faults.random();
    await payment().seed(42);
    expect(faults.random()).toBe(first);
  });

  it('says which field the service refused and why, and nothing is applied', async () => {
    const error = await failureOf(
      payment().apply({ point: 'payment.fraud', kind: 'cpu_burn', params: { factor: 0 } }),
    );
    expect(error).toBeInstanceOf(FaultAdminError);
    expect(error).toMatchObject({ failure: 'refused', status: 400, target: 'payment' });
    expect(error?.message).toBe('payment answered 400: params.factor: must be at least 1');
    expect(faults.list()).toEqual([]);
  });

  it('tells a refused token from an unreachable service', async () => {
    const wrong = faultAdmin({ baseUrl: app.url, token: 'guess', name: 'payment' });
    expect(await failureOf(wrong.list())).toMatchObject({
      failure: 'unauthorized',
      status: 403,
      message: 'payment refused the admin token (403)',
    });
    const gone = faultAdmin({ baseUrl: 'http://127.0.0.1:1', token: TOKEN, name: 'order' });
    expect(await failureOf(gone.clear())).toMatchObject({
      failure: 'unreachable',
      message: 'order is not reachable at http://127.0.0.1:1',
    });
  });

  it('resets the process’s data and answers what it did, per table', async () => {
    expect(await payment().resetData()).toEqual({ orders: { removed: 3, seeded: 0 } });
    expect(resets).toBe(1);
  });

  it('says why a reset was refused (token, busy, no data kept there), and nothing is reset', async () => {
    const wrong = faultAdmin({ baseUrl: app.url, token: 'guess', name: 'payment' });
    expect(await failureOf(wrong.resetData())).toMatchObject({
      failure: 'unauthorized',
      status: 403,
    });
    resetBusy = true;
    expect(await failureOf(payment().resetData())).toMatchObject({
      failure: 'refused',
      status: 503,
      message: 'payment answered 503: Work was still in flight; nothing was reset.',
    });
    const gateway = faultAdmin({
      baseUrl: `${app.url}/nothing-here`,
      token: TOKEN,
      name: 'gateway',
    });
    expect(await failureOf(gateway.resetData())).toMatchObject({ failure: 'refused', status: 404 });
    expect(resets).toBe(0);
    const gone = faultAdmin({ baseUrl: 'http://127.0.0.1:1', token: TOKEN, name: 'order' });
    expect(await failureOf(gone.resetData())).toMatchObject({ failure: 'unreachable' });
  });

  it('makes one client per process of a stack, each named after it', async () => {
    const stack = stackAdmin({ payment: app.url, order: 'http://127.0.0.1:1' }, TOKEN);
    await stack.payment.apply({ point: 'payment.fraud', kind: 'cpu_burn' });
    expect(faults.list()).toHaveLength(1);
    expect(stack.order.name).toBe('order');
    expect(await failureOf(stack.order.list())).toMatchObject({ target: 'order' });
  });
});
