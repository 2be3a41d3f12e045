import { join } from 'node:path';
import { createFaults } from '@faultline/faults';
import { createLogger } from '@faultline/instrumented';
import type { Metrics } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import { createApp } from '../app';
import { composeInventory } from '../compose';
import type { InventoryDeps } from '../compose';

export interface Answer {
  status: number;
  type: string | null;
  location: string | null;
  // Response bodies are asserted on field by field; a looser type keeps the specs short.
  body: any;
}

/** A body sent as is, with its own content type (malformed JSON, text…). */
export interface RawBody {
  raw: string;
  contentType: string;
}

/** What a reservation test needs to see: the stock and every reservation and item row. */
export interface DatabaseSnapshot {
  stock: { sku: string; available: number }[];
  reservations: { order_id: string; status: string }[];
  items: { reservation_id: string; sku: string; quantity: number }[];
}

export interface InventoryUnderTest {
  url: string;
  pool: Pool;
  metrics: Metrics;
  /** The dependencies the app was composed with (its use cases run on them). */
  deps: InventoryDeps;
  /** Calls the app as order does, with the service token. */
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Sets a SKU's stock through the API (PUT /stock/:sku). */
  restock(sku: string, available: number): Promise<void>;
  /** A SKU's available units, read through the API. */
  available(sku: string): Promise<number>;
  /** A reservation's status, read through the API. */
  statusOf(id: string): Promise<string>;
  /** Runs one sweep step against the app's database and metrics, as the background sweeper does. */
  sweep(): Promise<number>;
  snapshot(): Promise<DatabaseSnapshot>;
  stop(): Promise<void>;
}

/** The service token the app under test requires; `call` sends it. */
export const SERVICE_TOKEN = 'inventory-test-service-token';

const isRaw = (body: unknown): body is RawBody =>
  typeof body === 'object' && body !== null && 'raw' in body && 'contentType' in body;

/**
 * The inventory app on a database of its own (migrated and seeded), listening on a free port; with
 * `adminToken`, with its fault engine and admin routes (/admin/faults, /admin/reset) behind it.
 */
export async function startInventory(
  options: { adminToken?: string } = {},
): Promise<InventoryUnderTest> {
  const db: TestDatabase = await createTestDatabase('inventory');
  const pool = await openDatabase({
    connectionString: db.url,
    applicationName: 'inventory-test',
    migrationsDir: join(__dirname, '..', '..', 'migrations'),
  });
  const logs = captureLogs();
  const metrics = freshMetrics();
  const logger = createLogger({ service: 'inventory', destination: logs.destination });
  // The tests run each sweep themselves (`sweep`), so the interval is never used.
  const deps = composeInventory({ RESERVATION_SWEEP_INTERVAL_MS: 5000 }, pool, logger, metrics);
  const faults =
    options.adminToken === undefined
      ? undefined
      : { engine: createFaults({ metrics }), adminToken: options.adminToken };
  const app: ListeningApp = await listenForTest(
    createApp({ pool, logger, metrics, faults, serviceToken: SERVICE_TOKEN, inventory: deps }),
  );

  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { 'x-service-token': SERVICE_TOKEN };
    const init: RequestInit = { method, headers };
    if (isRaw(body)) {
      init.body = body.raw;
      headers['content-type'] = body.contentType;
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${app.url}${path}`, init);
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      location: res.headers.get('location'),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  };

  const expectOk = (answer: Answer, what: string): Answer => {
    if (answer.status !== 200)
      throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };

  const snapshot = async (): Promise<DatabaseSnapshot> => {
    const stock = await pool.query<DatabaseSnapshot['stock'][number]>(
      'SELECT sku, available FROM stock ORDER BY sku',
    );
    const reservations = await pool.query<DatabaseSnapshot['reservations'][number]>(
      'SELECT order_id, status FROM reservations ORDER BY order_id',
    );
    const items = await pool.query<DatabaseSnapshot['items'][number]>(
      'SELECT reservation_id, sku, quantity FROM reservation_items ORDER BY reservation_id, sku',
    );
    return { stock: stock.rows, reservations: reservations.rows, items: items.rows };
  };

  return {
    url: app.url,
    pool,
    metrics,
    deps,
    call,
    restock: async (sku, available) => {
      expectOk(await call('PUT', `/stock/${sku}`, { available }), `restocking ${sku}`);
    },
    available: async (sku) =>
      (expectOk(await call('GET', `/stock/${sku}`), `reading ${sku}`).body as { available: number })
        .available,
    statusOf: async (id) =>
      (
        expectOk(await call('GET', `/reservations/${id}`), `reading ${id}`).body as {
          status: string;
        }
      ).status,
    sweep: () => deps.sweeper.sweep(),
    snapshot,
    stop: async () => {
      await app.close();
      await faults?.engine.close();
      await pool.end();
      await db.drop();
    },
  };
}

/** The value of `inventory_reservations_total{outcome}` on these metrics. */
export async function reservationsCounted(metrics: Metrics, outcome: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('inventory_reservations_total')?.get();
  return metric?.values.find((value) => value.labels['outcome'] === outcome)?.value ?? 0;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
