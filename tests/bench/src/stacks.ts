import { randomBytes } from 'node:crypto';
import { dropDatabase } from '@faultline/postgres';
import {
  DATABASE_NAMES,
  GATEWAY,
  SERVICE_NAMES,
  databaseUrlFor,
  startStack,
} from '@faultline/stack';
import type { Stack, StackOptions, StackRecord } from '@faultline/stack';
import { onInterrupt } from './cleanup';

export const ADMIN_TOKEN = 'bench-admin-token';
/** The SERVICE_TOKEN the bench gives every service; restocking calls inventory with it. */
export const SERVICE_TOKEN = 'bench-service-token';
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** What the bench compares: the real stack with and without tracing, and a bare handler. */
export type Mode = 'telemetry' | 'off' | 'bare';

export const MODE_LABELS: Record<Mode, string> = {
  telemetry: 'full telemetry',
  off: 'telemetry off',
  bare: 'bare Express (ceiling)',
};

/**
 * The processes a checkout crosses, as the workshop runs them: the public entry point (the gateway),
 * then order and the three services order calls. Their CPU and memory are what the bench reports.
 */
export const BENCH_PROCESSES = [GATEWAY, ...SERVICE_NAMES] as const;
export type BenchProcess = (typeof BENCH_PROCESSES)[number];

/**
 * The gateway's per-client limit for the bench: every checkout comes from one address here, where a
 * workshop's come from many, so compose's 20/s per client would answer 429 to the load itself.
 */
export const BENCH_GATEWAY_ENV = { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '1000000' };

export interface BenchStack {
  mode: Exclude<Mode, 'bare'>;
  stack: Stack;
  /** Process id of each service (and of the gateway and the watcher when they run). */
  pids: StackRecord<number>;
  /**
   * Where a checkout is sent: the gateway's public API when the stack runs one (as the workshop's
   * shoppers and storefront do), else order's POST /orders.
   */
  checkoutUrl: string;
  /** The databases the services use (their PostgreSQL backends are measured too). */
  databaseUrls: string[];
  /** How long startStack took (three services in parallel, then order). */
  startMs: number;
  /** Sets every catalog SKU back to `units` available units. */
  restock(units?: number): Promise<void>;
  /** The last error and fatal log lines the services wrote (kept to explain a failed run). */
  errorLines(): string[];
  /** How many error and fatal log lines the services have written so far. */
  errorCount(): number;
  stop(): Promise<void>;
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/**
 * The four services exactly as `npm start` runs them (startStack: the same build, the same
 * `--require …/register` preload), on free ports with databases of their own. `telemetry` exports
 * traces and logs to `otlpUrl`; `off` sets OTEL_SDK_DISABLED=true (logs and metrics stay on).
 */
export async function startBenchStack(
  mode: BenchStack['mode'],
  otlpUrl: string,
  postgresUrl = DEFAULT_POSTGRES_URL,
  extra: {
    watcher?: boolean;
    gateway?: boolean;
    env?: Record<string, string>;
    serviceEnv?: StackOptions['serviceEnv'];
  } = {},
): Promise<BenchStack> {
  const started = performance.now();
  const errors: string[] = [];
  let errorCount = 0;
  const databasePrefix = `bench_${mode}_${randomBytes(3).toString('hex')}_`;
  const databaseUrls = SERVICE_NAMES.map((name) =>
    databaseUrlFor(postgresUrl, `${databasePrefix}${DATABASE_NAMES[name]}`),
  );
  const dropDatabases = async (): Promise<void> => {
    await Promise.all(databaseUrls.map((url) => dropDatabase(url)));
  };
  let stack: Stack | undefined;
  const undo = onInterrupt(async () => {
    await stack?.stop();
    await dropDatabases();
  });
  try {
    stack = await startStack({
      postgresUrl,
      ports: 'ephemeral',
      databasePrefix,
      // The benchmark measures the shop's four services under the load it sends, side by side with
      // and without telemetry: a checkout nobody asked for every 30 s, and a fifth process in the
      // CPU and memory figures, would only blur the comparison.
      // (The memory phase turns it on: there the watcher is one of the containers measured.)
      watcher: extra.watcher ?? false,
      gateway: extra.gateway ?? false,
      ...(extra.serviceEnv && { serviceEnv: extra.serviceEnv }),
      env: {
        ...(mode === 'telemetry'
          ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl }
          : { OTEL_SDK_DISABLED: 'true' }),
        FAULT_ADMIN_TOKEN: ADMIN_TOKEN,
        SERVICE_TOKEN,
        ...extra.env,
      },
      onLine: (service, line) => {
        if (!/"level":"(error|fatal)"/.test(line) && !line.startsWith('Error')) return;
        errorCount++;
        errors.push(`${service}: ${line.slice(0, 600)}`);
        if (errors.length > 20) errors.shift();
      },
    });
  } catch (error) {
    undo();
    await dropDatabases().catch(() => undefined);
    throw error;
  }
  const running = stack;
  const startMs = performance.now() - started;
  const pids = Object.fromEntries(
    Object.entries(running.services).map(([name, service]) => [name, service.child.pid ?? -1]),
  ) as StackRecord<number>;
  const checkoutUrl = running.urls.gateway
    ? `${running.urls.gateway}/api/v1/orders`
    : `${running.urls.order}/orders`;
  let skus: string[] | undefined;
  return {
    mode,
    stack: running,
    pids,
    checkoutUrl,
    databaseUrls,
    startMs,
    async restock(units = 100_000) {
      if (!skus) {
        const catalog = await ok(
          await fetch(`${running.urls.catalog}/products`),
          'catalog GET /products',
        );
        skus = ((await catalog.json()) as { items: { sku: string }[] }).items.map((p) => p.sku);
      }
      // One at a time: restocking is not what is measured, and must not need the whole pool.
      for (const sku of skus) {
        await ok(
          await fetch(`${running.urls.inventory}/stock/${sku}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', 'x-service-token': SERVICE_TOKEN },
            body: JSON.stringify({ available: units }),
          }),
          `inventory PUT /stock/${sku}`,
        );
      }
    },
    errorLines: () => [...errors],
    errorCount: () => errorCount,
    async stop() {
      undo();
      await running.stop();
      await dropDatabases();
    },
  };
}
