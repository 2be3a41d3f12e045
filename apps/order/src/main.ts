import { join } from 'node:path';
import { createFaults } from '@faultline/faults';
import {
  createLogger,
  createMetrics,
  runService,
  serve,
  shutdownOnSignals,
} from '@faultline/instrumented';
import { openDatabase } from '@faultline/postgres';
import { createApp } from './app';
import { closeOrder, composeOrder } from './compose';
import { loadConfig } from './config';
import { createRetryWorker } from './worker/retry-worker';

/** config → resources → compose → app and retry worker → listen; shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ service: 'order', level: config.LOG_LEVEL });
  const metrics = createMetrics();
  const pool = await openDatabase({
    connectionString: config.DATABASE_URL,
    applicationName: 'order',
    migrationsDir: join(__dirname, '..', 'migrations'),
    logger,
  });
  const faults = createFaults({ metrics });
  const checkout = composeOrder(config, pool, logger, metrics, faults);
  const worker = createRetryWorker(checkout, {
    intervalMs: config.RETRY_WORKER_INTERVAL_MS,
    staleCheckoutMs: config.STALE_CHECKOUT_MS,
  });
  const faultSetup = { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN };
  const service = await serve(createApp({ pool, logger, metrics, checkout, faults: faultSetup }), {
    port: config.PORT,
    host: config.HOST,
    logger,
    onShutdown: [
      () => worker.stop(),
      () => faults.close(),
      () => {
        closeOrder(checkout);
        return pool.end();
      },
    ],
  });
  worker.start();
  shutdownOnSignals(service, logger);
}

runService('order', main);
