import { randomBytes, randomUUID } from 'node:crypto';
import { stackAdmin } from '@faultline/fault-admin';
import { createPool, dropDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { scrapeTargets, startPrometheus, startStack, testPrometheusConfig } from '@faultline/stack';
import type { PrometheusProcess, ServiceName, Stack } from '@faultline/stack';
import { runFaultline } from './support/scenario-cli';

const ADMIN_TOKEN = 'reset-e2e-admin-token';
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PROCESSES = ['catalog', 'inventory', 'order', 'payment', 'gateway'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `npm run faultline -- reset …` pointed at the stack by FAULTLINE_<PROCESS>_URL. */
function faultlineReset(args: string[], urls: Record<string, string>) {
  const env: Record<string, string> = { FAULT_ADMIN_TOKEN: ADMIN_TOKEN };
  for (const [name, url] of Object.entries(urls)) env[`FAULTLINE_${name.toUpperCase()}_URL`] = url;
  return runFaultline(['reset', ...args], env);
}

/**
 * `faultline reset` against a real stack: the four services and the gateway as npm start runs
 * them on real PostgreSQL, and a real Prometheus (infra/prometheus's config and rules, admin API
 * on) scraping them every second.
 */
describe('faultline reset', () => {
  let stack: Stack;
  let prometheus: PrometheusProcess;
  let inventoryDb: Pool;
  let orderDb: Pool;
  let paymentDb: Pool;
  /** What afterAll undoes, last started first: only what beforeAll got as far as starting. */
  const started: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    stack = await startStack({
      ports: 'ephemeral',
      postgresUrl: POSTGRES_URL,
      databasePrefix: `reset_${randomBytes(3).toString('hex')}_`,
      gateway: true,
      // Its synthetic checkouts would be orders this test did not place.
      watcher: false,
      env: { FAULT_ADMIN_TOKEN: ADMIN_TOKEN, GATEWAY_LATENCY_MEDIAN_MS: '5' },
    });
    started.push(() =>
      Promise.all(Object.values(stack.databaseUrls).map((url) => dropDatabase(url))),
    );
    started.push(() => stack.stop());
    prometheus = await startPrometheus(
      (own) =>
        testPrometheusConfig({
          targets: scrapeTargets(stack.urls, own),
          scrapeInterval: '1s',
          evaluationInterval: '1s',
        }),
      'prometheus',
      ['--web.enable-admin-api'],
    );
    started.push(() => prometheus.stop());
    const pool = (service: ServiceName) =>
      createPool({ connectionString: stack.databaseUrls[service], applicationName: 'reset-e2e' });
    inventoryDb = pool('inventory');
    orderDb = pool('order');
    paymentDb = pool('payment');
    started.push(() => Promise.all([inventoryDb.end(), orderDb.end(), paymentDb.end()]));
  }, 60_000);
  afterAll(async () => {
    // Every step runs even when one fails; the first failure is reported.
    const failures: unknown[] = [];
    for (const undo of started.reverse())
      await undo().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  });

  /** Where `faultline reset` finds each process (the gateway runs in this stack). */
  const shopUrls = () => ({
    catalog: stack.urls.catalog,
    inventory: stack.urls.inventory,
    order: stack.urls.order,
    payment: stack.urls.payment,
    gateway: stack.urls.gateway ?? 'http://127.0.0.1:1',
  });

  const checkout = async (quantity: number) => {
    const res = await fetch(`${stack.urls.order}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerId: 'reset-e2e',
        items: [{ productId: 'prd_08', quantity }],
        payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
      }),
    });
    return { status: res.status, body: (await res.json()) as { id: string } };
  };
  const count = async (db: Pool, sql: string) =>
    (await db.query<{ n: number }>(`SELECT (${sql})::int AS n`)).rows[0]?.n;
  const available = (sku: string) =>
    count(inventoryDb, `SELECT available FROM stock WHERE sku = '${sku}'`);
  /** The series `expr` selects as Prometheus holds them at `time` (seconds since the epoch). */
  const seriesAt = async (expr: string, time: number) => {
    const url = `${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${time}`;
    const body = (await (await fetch(url)).json()) as { data: { result: unknown[] } };
    return body.data.result.length;
  };

  it('clears every fault, puts the data back to the seed, deletes the round’s series, and restarts nothing', async () => {
    const admin = stackAdmin(shopUrls(), ADMIN_TOKEN);
    const pids = Object.fromEntries(PROCESSES.map((name) => [name, stack.services[name]?.pid]));
    // A round: orders placed (stock taken, cards charged), then faults on the gateway and payment.
    const placed = [await checkout(2), await checkout(1), await checkout(3)];
    expect(placed.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(await available('FL-PACK-22')).toBe(100000 - 6);
    await admin.payment.apply({ point: 'payment.gateway.charge', kind: 'error', probability: 1 });
    await admin.gateway.apply({ point: 'http.server', kind: 'latency', params: { ms: 50 } });
    expect((await checkout(1)).status).toBe(202);
    // Prometheus has the round: the order service's checkouts and the SLO rules recorded from them.
    let roundAt = 0;
    for (let waited = 0; roundAt === 0; waited += 500) {
      if (waited > 20_000) throw new Error('Prometheus never recorded the checkout SLO');
      const now = Date.now() / 1000;
      if ((await seriesAt('job:checkout_requests:rate5m{job="order"}', now)) > 0) roundAt = now;
      else await sleep(500);
    }
    expect(await seriesAt('checkouts_total{job="order"}', roundAt)).toBeGreaterThan(0);
    const { code, lines } = await faultlineReset(['--delete-series'], {
      ...shopUrls(),
      prometheus: prometheus.url,
    });

    expect(code).toBe(0);
    expect(lines).toEqual([
      'catalog: cleared 0 faults',
      'inventory: cleared 0 faults',
      'order: cleared 0 faults',
      'payment: cleared 1 fault',
      'gateway: cleared 1 fault',
      expect.stringMatching(/^order: data reset to the seed \(orders: 4 removed\)$/),
      expect.stringMatching(
        /^inventory: data reset to the seed \(stock: 21 removed, 21 seeded; reservations: \d+ removed; reservation_items: \d+ removed\)$/,
      ),
      expect.stringMatching(
        /^payment: data reset to the seed \(payments: \d+ removed; gateway_charges: \d+ removed\)$/,
      ),
      'catalog: data reset to the seed (products: 21 removed, 21 seeded)',
      expect.stringMatching(/^prometheus: deleted the shop's series /),
      expect.stringMatching(/^prometheus: cleaned the tombstones/),
    ]);
    for (const name of PROCESSES) expect(await admin[name].list()).toEqual([]);
    expect(await available('FL-PACK-22')).toBe(100000);
    expect(await count(inventoryDb, 'SELECT count(*) FROM reservations')).toBe(0);
    expect(await count(orderDb, 'SELECT count(*) FROM orders')).toBe(0);
    expect(await count(paymentDb, 'SELECT count(*) FROM payments')).toBe(0);
    expect(await count(paymentDb, 'SELECT count(*) FROM gateway_charges')).toBe(0);
    expect((await fetch(`${stack.urls.order}/orders/${placed[0]!.body.id}`)).status).toBe(404);
    // The round's samples are gone, the recorded SLO with them; Prometheus's own are kept.
    expect(await seriesAt('checkouts_total{job="order"}', roundAt)).toBe(0);
    expect(await seriesAt('up{job=~"catalog|inventory|order|payment|gateway"}', roundAt)).toBe(0);
    expect(await seriesAt('job:checkout_requests:rate5m', roundAt)).toBe(0);
    expect(await seriesAt('up{job="prometheus"}', roundAt)).toBe(1);

    // The same processes serve the next group at once.
    const next = await checkout(1);
    expect(next.status).toBe(201);
    expect(await available('FL-PACK-22')).toBe(100000 - 1);
    expect(Object.fromEntries(PROCESSES.map((name) => [name, stack.services[name]?.pid]))).toEqual(
      pids,
    );
  });

  it('reports a process it cannot reach, resets the others, and exits 1', async () => {
    expect((await checkout(1)).status).toBe(201);
    const orders = await count(orderDb, 'SELECT count(*) FROM orders');
    const payments = await count(paymentDb, 'SELECT count(*) FROM payments');
    expect(payments).toBeGreaterThan(0);
    const urls = { ...shopUrls(), payment: 'http://127.0.0.1:1' };
    const { code, lines } = await faultlineReset([], urls);

    expect(code).toBe(1);
    expect(lines.filter((line) => line.startsWith('payment: '))).toEqual([
      expect.stringContaining('payment is not reachable at http://127.0.0.1:1'),
      expect.stringContaining('payment is not reachable at http://127.0.0.1:1'),
    ]);
    expect(lines).toContain(`order: data reset to the seed (orders: ${orders} removed)`);
    expect(lines.at(-1)).toMatch(/^prometheus: series kept/);
    expect(await available('FL-PACK-22')).toBe(100000);
    expect(await count(orderDb, 'SELECT count(*) FROM orders')).toBe(0);
    // Payment was not reached: its charges are still there.
    expect(await count(paymentDb, 'SELECT count(*) FROM payments')).toBe(payments);
  });
});
