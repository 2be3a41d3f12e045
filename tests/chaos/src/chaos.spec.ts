import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createPool, dropDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { PROCESS_NAMES, startStack } from '@faultline/stack';
import type { ProcessName, ServiceName, Stack } from '@faultline/stack';
import { checkInvariants, unsettledOrders } from './support/invariants';
import type { Databases, Finding } from './support/invariants';
import { shoppers } from './support/shoppers';
import type { Checkout, Seen } from './support/shoppers';

const SERVICE_TOKEN = `chaos-${randomBytes(8).toString('hex')}`;
const PREFIX = `chaos_${randomBytes(3).toString('hex')}_`;
const SERVICES: readonly ServiceName[] = ['catalog', 'inventory', 'payment', 'order'];
/** Restarts each service must show at the end: one kill -9 each, and order's SIGTERM too. */
const KILLS: Record<ServiceName, number> = { catalog: 1, inventory: 1, payment: 1, order: 2 };
/** SKUs of prd_01…prd_05 and the stock each starts with: one scarce, so it sells out under load. */
const STOCK = new Map([
  ['FL-TENT-2P', 400],
  ['FL-BAG-10C', 400],
  ['FL-PAD-INF', 400],
  ['FL-STOVE-GAS', 400],
  ['FL-POT-1L', 25],
]);
const PRODUCTS = ['prd_01', 'prd_02', 'prd_03', 'prd_04', 'prd_05'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('chaos: database sessions cut, services killed, order SIGTERMed, keys replayed', () => {
  let stack: Stack | undefined;
  let db: Databases | undefined;
  const pools: Pool[] = [];
  const lines: string[] = [];

  afterAll(async () => {
    // CHAOS_LOG=file keeps every service line and supervisor line of the run, for a post-mortem.
    const logFile = process.env['CHAOS_LOG'];
    if (logFile) writeFileSync(logFile, `${lines.join('\n')}\n`);
    await stack?.stop();
    await Promise.all(pools.map((pool) => pool.end()));
    if (stack) await Promise.all(SERVICES.map((name) => dropDatabase(stack!.databaseUrls[name])));
  });

  /** Ends every PostgreSQL session of the stack's four databases, as a failover would. */
  const cutDatabaseSessions = async (admin: Pool): Promise<number> => {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n
         FROM pg_stat_activity WHERE datname LIKE $1 AND pid <> pg_backend_pid()`,
      [`${PREFIX}%`],
    );
    return rows[0]?.n ?? 0;
  };

  const killAndWait = async (name: ServiceName, signal: NodeJS.Signals): Promise<number> => {
    const started = Date.now();
    process.kill(stack!.services[name].pid, signal);
    await sleep(200);
    await stack!.whenReady(name);
    return Date.now() - started;
  };

  const allReady = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      await Promise.all(
        SERVICES.map(async (name) => [
          name,
          (await fetch(`${stack!.urls[name]}/health/ready`)).status,
        ]),
      ),
    ) as Record<string, number>;

  it('keeps every promise: nothing oversold, charged twice, charged without goods or lost', async () => {
    stack = await startStack({
      databasePrefix: PREFIX,
      ports: 'ephemeral',
      supervise: { minBackoffMs: 200, maxBackoffMs: 2000 },
      env: {
        PATH: process.env['PATH'] ?? '',
        OTEL_SDK_DISABLED: 'true',
        DEPLOYMENT_ENVIRONMENT: 'test',
        SERVICE_TOKEN,
        LOG_LEVEL: 'info',
      },
      serviceEnv: {
        order: {
          RETRY_WORKER_INTERVAL_MS: '200',
          RETRY_BASE_DELAY_MS: '200',
          RETRY_MAX_DELAY_MS: '2000',
          PAYMENT_MAX_ATTEMPTS: '30',
          STALE_CHECKOUT_MS: '3000',
          PAYMENT_BREAKER_RESET_MS: '1000',
        },
        payment: { STALE_PROCESSING_MS: '2000', GATEWAY_LATENCY_MEDIAN_MS: '5' },
      },
      onLine: (source, line) => {
        lines.push(`${new Date().toISOString().slice(11, 23)} ${source}| ${line}`);
      },
    });
    const poolFor = (name: ServiceName) => {
      const pool = createPool({
        connectionString: stack!.databaseUrls[name],
        applicationName: 'chaos',
      });
      pools.push(pool);
      return pool;
    };
    db = {
      orders: poolFor('order'),
      inventory: poolFor('inventory'),
      payments: poolFor('payment'),
    };
    for (const [sku, available] of STOCK) {
      const res = await fetch(`${stack.urls.inventory}/stock/${sku}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-service-token': SERVICE_TOKEN },
        body: JSON.stringify({ available }),
      });
      expect(res.status).toBe(200);
    }

    const seen: Seen[] = [];
    const shop = shoppers({ orderUrl: () => stack!.urls.order, products: PRODUCTS, seen });
    const load = shop.steady(10);
    const timeline: [string, string][] = [];
    const mark = (what: string, detail: string) => {
      timeline.push([what, detail]);
      lines.push(`${new Date().toISOString().slice(11, 23)} chaos| ${what}: ${detail}`);
    };

    await sleep(4000);
    // 1. A failover: every session of every service's database ends, three times.
    let cut = 0;
    for (let i = 0; i < 3; i += 1) {
      cut += await cutDatabaseSessions(db.orders);
      await sleep(1500);
    }
    mark('database sessions cut', `${cut} sessions in 3 rounds`);
    mark('ready after the cuts', JSON.stringify(await allReady()));

    // 2. Each service killed with SIGKILL in turn, under load; the supervisor brings it back.
    for (const name of SERVICES) {
      mark(`kill -9 ${name}`, `back in ${await killAndWait(name, 'SIGKILL')} ms`);
      await sleep(1500);
    }
    // 3. order stopped gracefully while checkouts are in flight.
    mark('SIGTERM order', `back in ${await killAndWait('order', 'SIGTERM')} ms`);
    await sleep(1500);
    // 4. Clients replaying keys: eight identical requests at once, six times.
    const replays = (await Promise.all(Array.from({ length: 6 }, () => shop.replayed(8)))).flat();
    mark('keys replayed concurrently', `${replays.length} requests under 6 keys`);
    await sleep(2000);

    load.stop();
    const checkouts: Checkout[] = [...(await load.done()), ...replays];
    const settleStarted = Date.now();
    while ((await unsettledOrders(db)) > 0 && Date.now() - settleStarted < 90_000) await sleep(500);
    mark('retry worker settled', `in ${Date.now() - settleStarted} ms`);

    const findings: Finding[] = await checkInvariants(db, STOCK, checkouts, seen);
    const restarts = stack.restarts();
    // Each service was killed once (order twice); the watcher, never killed, must not have died.
    const planned: Record<ProcessName, number> = { ...KILLS, watcher: 0, gateway: 0 };
    // Only what this stack runs (no gateway: the chaos buys through order directly).
    const unplanned = PROCESS_NAMES.filter(
      (name) => name in restarts && restarts[name] !== planned[name],
    );
    findings.push({
      invariant: 'services restarted that nobody killed',
      count: unplanned.length,
      examples: unplanned.map((name) => `${name}: ${restarts[name]} restarts`),
    });
    const unhandled = lines.filter((line) => line.includes('"unhandled_error"'));
    findings.push({
      invariant: 'unhandled errors logged',
      count: unhandled.length,
      examples: unhandled.slice(0, 3),
    });

    report(timeline, checkouts, seen, findings);
    expect(findings.filter((f) => f.count > 0)).toEqual([]);
    // The suite did break things: it is not a quiet run that proves nothing.
    expect(cut).toBeGreaterThan(0);
    expect(seen.some((s) => s.status === 'network' || s.status === 503)).toBe(true);
    expect(checkouts.filter((c) => c.finalStatus === 201).length).toBeGreaterThan(100);
  }, 300_000);
});

/** Prints what was done, what the clients saw, and each invariant with its count. */
function report(
  timeline: readonly [string, string][],
  checkouts: readonly Checkout[],
  seen: readonly Seen[],
  findings: readonly Finding[],
): void {
  const count = <T>(items: readonly T[], key: (item: T) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return [...counts]
      .sort()
      .map(([k, n]) => `${k} × ${n}`)
      .join(', ');
  };
  const rows = [
    ...timeline.map(([what, detail]) => `  ${what.padEnd(66)} ${detail}`),
    '',
    `  checkouts: ${checkouts.length}; final answers: ${count(checkouts, (c) => String(c.finalStatus ?? 'none'))}`,
    `  every answer seen (retries included): ${count(seen, (s) => `${s.status}${s.code ? ` ${s.code}` : ''}`)}`,
    '',
    ...findings.map(
      (f) =>
        `  ${f.invariant.padEnd(66)} ${String(f.count).padStart(4)}${f.count > 0 ? `  e.g. ${f.examples.join('; ')}` : ''}`,
    ),
  ];
  process.stdout.write(`\nchaos suite\n${rows.join('\n')}\n\n`);
}
