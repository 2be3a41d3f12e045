import { randomBytes } from 'node:crypto';
import { faultAdmin } from '@faultline/fault-admin';
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import type { OtlpReceiver } from '@faultline/instrumented/testing';
import { createPool, dropDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { startStack } from '@faultline/stack';
import type { ServiceName, Stack } from '@faultline/stack';

export const ADMIN_TOKEN = 'storefront-tests-admin-token';
export const SERVICE_TOKEN = 'storefront-tests-service-token';
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ShopStack {
  /** The gateway: the shop's one public origin (storefront, /api/v1, /otlp). */
  shopUrl: string;
  stack: Stack;
  /** Every span the services, the gateway and the browser (through the gateway) exported. */
  receiver: OtlpReceiver;
  /** Applies a fault rule through a service's admin API, as the scenarios do. */
  applyFault(service: ServiceName, rule: Record<string, unknown>): Promise<void>;
  clearFaults(service: ServiceName): Promise<void>;
  /** Sets a SKU's units in stock, as a stock-take would. */
  setStock(sku: string, available: number): Promise<void>;
  /** SQL on a service's own database, for what the shopper cannot see (charges, order rows). */
  query<T extends object>(service: ServiceName, sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops every process, drops the databases, closes the receiver; each step runs whatever fails. */
  stop(): Promise<void>;
}

export interface ShopStackOptions {
  /** The gateway's port (another stack's CONTROL_STACKS names it before it starts); any free one by default. */
  gatewayPort?: number;
  /** The room's other stacks the control room reaches (the gateway's CONTROL_STACKS). */
  controlStacks?: string;
}

/**
 * The shop as `npm start` runs it, behind the real gateway on an ephemeral port, exporting to an
 * OTLP receiver of the suite's own: services, gateway and (through the gateway) the browser.
 * No watcher: its synthetic checkouts would be charges and traces no test asked for. Pending
 * payments are retried every few hundred milliseconds, so a cleared fault shows within seconds.
 * Every process runs with its defaults otherwise, as an attendee's stack does (no fault metric).
 */
export async function startShopStack(options: ShopStackOptions = {}): Promise<ShopStack> {
  const receiver = await startOtlpReceiver();
  let stack: Stack;
  try {
    stack = await startStack({
      gateway: true,
      watcher: false,
      ports: 'ephemeral',
      postgresUrl: POSTGRES_URL,
      databasePrefix: `storefront_${randomBytes(3).toString('hex')}_`,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        GATEWAY_LATENCY_MEDIAN_MS: '5',
        FAULT_ADMIN_TOKEN: ADMIN_TOKEN,
        SERVICE_TOKEN,
        RETRY_WORKER_INTERVAL_MS: '300',
        RETRY_BASE_DELAY_MS: '300',
        RETRY_MAX_DELAY_MS: '1000',
        // A pending order must outlive the fault a test holds on purpose, however long it takes.
        PAYMENT_MAX_ATTEMPTS: '100',
      },
      serviceEnv: {
        // One browser is many requests a second (pages, assets, polling, telemetry): well within
        // these, so only a test that asks for a 429 would ever see one.
        gateway: {
          RATE_LIMIT_PER_SECOND: '200',
          RATE_LIMIT_BURST: '400',
          TELEMETRY_RATE_LIMIT_PER_SECOND: '50',
          TELEMETRY_RATE_LIMIT_BURST: '100',
          ...(options.gatewayPort !== undefined && { PORT: String(options.gatewayPort) }),
          ...(options.controlStacks !== undefined && { CONTROL_STACKS: options.controlStacks }),
        },
      },
    });
  } catch (error) {
    await receiver.close();
    throw error;
  }
  const shopUrl = stack.urls.gateway;
  if (shopUrl === undefined) {
    await stack.stop();
    throw new Error('startStack({ gateway: true }) started no gateway');
  }
  const pools = new Map<ServiceName, Pool>();
  const admin = (service: ServiceName) =>
    faultAdmin({ baseUrl: stack.urls[service], token: ADMIN_TOKEN, name: service });
  return {
    shopUrl,
    stack,
    receiver,
    async applyFault(service, rule) {
      await admin(service).apply(rule);
    },
    async clearFaults(service) {
      await admin(service).clear();
    },
    async setStock(sku, available) {
      const res = await fetch(`${stack.urls.inventory}/stock/${sku}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-service-token': SERVICE_TOKEN },
        body: JSON.stringify({ available }),
      });
      if (!res.ok) throw new Error(`setting stock of ${sku}: ${res.status} ${await res.text()}`);
    },
    async query<T extends object>(service: ServiceName, sql: string, params: unknown[] = []) {
      let pool = pools.get(service);
      if (!pool) {
        pool = createPool({
          connectionString: stack.databaseUrls[service],
          applicationName: 'storefront-tests',
          max: 1,
        });
        pools.set(service, pool);
      }
      return (await pool.query<T & Record<string, unknown>>(sql, params)).rows;
    },
    async stop() {
      const steps = await Promise.allSettled([
        stack.stop(),
        ...[...pools.values()].map((pool) => pool.end()),
      ]);
      steps.push(
        ...(await Promise.allSettled([
          ...Object.values(stack.databaseUrls).map((url) => dropDatabase(url)),
          receiver.close(),
        ])),
      );
      const failed = steps.find((step) => step.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
