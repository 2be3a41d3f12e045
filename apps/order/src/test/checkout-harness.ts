import { join } from 'node:path';
import { createLogger } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp, LogCapture } from '@faultline/instrumented/testing';
import { createPool, openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import { spawnService } from '@faultline/stack';
import type { ServiceName, ServiceProcess } from '@faultline/stack';
import { createApp } from '../app';
import { closeCheckout, composeCheckout } from '../compose-checkout';
import type { CheckoutDeps } from '../domain/checkout-deps';
import { createRetryWorker } from '../worker/retry-worker';
import type { RetryWorker } from '../worker/retry-worker';

type Downstream = Exclude<ServiceName, 'order'>;

/** The SERVICE_TOKEN every service of the harness shares unless a test gives one its own. */
export const SERVICE_TOKEN = 'order-harness-service-token';
/** Headers for calling inventory or payment directly, as order does. */
export const AS_SERVICE: Readonly<Record<string, string>> = { 'x-service-token': SERVICE_TOKEN };

/** A real downstream service process with a database of its own, restartable on the same port. */
export class DownstreamService {
  process: ServiceProcess | undefined;
  readonly output: string[] = [];
  constructor(
    readonly name: Downstream,
    readonly db: TestDatabase,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    if (!this.process) throw new Error(`${this.name} is not running`);
    return this.process.url;
  }

  async start(extraEnv: Record<string, string> = {}, port = '0'): Promise<void> {
    this.process = await spawnService({
      name: this.name,
      onLine: (_service, line) => this.output.push(line),
      env: {
        PATH: process.env['PATH'] ?? '',
        OTEL_SDK_DISABLED: 'true',
        OTEL_SERVICE_NAME: this.name,
        HOST: '127.0.0.1',
        PORT: port,
        DATABASE_URL: this.db.url,
        ...this.env,
        ...extraEnv,
      },
    });
  }

  /** Stops the process; SIGKILL simulates a crash. Returns the port to restart on. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<string> {
    const port = new URL(this.url).port;
    await this.process?.stop(signal);
    this.process = undefined;
    return port;
  }

  /** Direct SQL on the service's own database, for assertions. */
  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    const pool = createPool({
      connectionString: this.db.url,
      applicationName: 'order-test',
      max: 1,
    });
    try {
      return (await pool.query<T>(sql, params)).rows;
    } finally {
      await pool.end();
    }
  }
}

export interface CheckoutHarness {
  order: ListeningApp;
  pool: Pool;
  deps: CheckoutDeps;
  worker: RetryWorker;
  logs: LogCapture;
  catalog: DownstreamService;
  inventory: DownstreamService;
  payment: DownstreamService;
  /** Units of a SKU inventory has available. */
  stockOf(sku: string): Promise<number>;
  /** Gateway charges booked for an order, however many payments it took (never more than one). */
  chargesFor(orderId: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * The order service in-process (createApp on a test database) against real catalog, inventory and
 * payment processes, each on a database of its own. Settings are shortened for tests.
 */
export async function startCheckoutHarness(
  settings: {
    paymentTimeoutMs?: number;
    maxAttempts?: number;
    /** A SERVICE_TOKEN of its own for some services (to see a mismatch fail). */
    serviceTokens?: Partial<Record<ServiceName, string>>;
  } = {},
): Promise<CheckoutHarness> {
  const tokenOf = (name: ServiceName): string => settings.serviceTokens?.[name] ?? SERVICE_TOKEN;
  const dbs = await Promise.all(
    ['order', 'catalog', 'inventory', 'payment'].map((name) => createTestDatabase(`order_${name}`)),
  );
  const [orderDb, catalogDb, inventoryDb, paymentDb] = dbs as [
    TestDatabase,
    TestDatabase,
    TestDatabase,
    TestDatabase,
  ];
  const catalog = new DownstreamService('catalog', catalogDb, {});
  const inventory = new DownstreamService('inventory', inventoryDb, {
    SERVICE_TOKEN: tokenOf('inventory'),
  });
  const payment = new DownstreamService('payment', paymentDb, {
    GATEWAY_LATENCY_MEDIAN_MS: '1',
    STALE_PROCESSING_MS: '1000',
    SERVICE_TOKEN: tokenOf('payment'),
  });
  await Promise.all([catalog.start(), inventory.start(), payment.start()]);

  const pool = await openDatabase({
    connectionString: orderDb.url,
    applicationName: 'order-test',
    migrationsDir: join(__dirname, '..', '..', 'migrations'),
  });
  const logs = captureLogs();
  const logger = createLogger({ service: 'order', destination: logs.destination });
  const metrics = freshMetrics();
  // URLs are read lazily so a restarted downstream (same port) keeps working.
  const deps = composeCheckout(
    {
      CATALOG_URL: catalog.url,
      INVENTORY_URL: inventory.url,
      PAYMENT_URL: payment.url,
      DOWNSTREAM_TIMEOUT_MS: 2000,
      PAYMENT_TIMEOUT_MS: settings.paymentTimeoutMs ?? 2000,
      PAYMENT_BREAKER_VOLUME_THRESHOLD: 1000,
      PAYMENT_BREAKER_RESET_MS: 1000,
      RESERVATION_TTL_SECONDS: 600,
      RETRY_BASE_DELAY_MS: 10,
      RETRY_MAX_DELAY_MS: 50,
      PAYMENT_MAX_ATTEMPTS: settings.maxAttempts ?? 5,
      CARD_VAULT_KEY: '00'.repeat(32),
      SERVICE_TOKEN: tokenOf('order'),
    },
    pool,
    logger,
    metrics,
  );
  const order = await listenForTest(createApp({ pool, logger, metrics, checkout: deps }));
  const worker = createRetryWorker(deps, { intervalMs: 50, staleCheckoutMs: 60_000 });
  return {
    order,
    pool,
    deps,
    worker,
    logs,
    catalog,
    inventory,
    payment,
    async stockOf(sku) {
      const res = await fetch(`${inventory.url}/stock/${sku}`, {
        headers: { 'x-service-token': tokenOf('inventory') },
      });
      return ((await res.json()) as { available: number }).available;
    },
    async chargesFor(orderId) {
      const rows = await payment.query<{ n: string }>(
        'SELECT count(*) AS n FROM gateway_charges g JOIN payments p ON g.idempotency_key = p.id::text WHERE p.order_id = $1',
        [orderId],
      );
      return Number(rows[0]?.n);
    },
    async close() {
      await order.close();
      await worker.stop();
      closeCheckout(deps);
      await pool.end();
      await Promise.all(
        [catalog, inventory, payment]
          .filter((service) => service.process !== undefined)
          .map((service) => service.stop()),
      );
      await Promise.all(dbs.map((db) => db.drop()));
    },
  };
}
