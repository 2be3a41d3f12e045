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
import { composePayment } from './compose';
import { loadConfig } from './config';

/** Composition root: config → resources → deps → app → listen → shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ service: 'payment', level: config.LOG_LEVEL });
  const pool = await openDatabase({
    connectionString: config.DATABASE_URL,
    applicationName: 'payment',
    migrationsDir: join(__dirname, '..', 'migrations'),
    logger,
  });
  const metrics = createMetrics();
  const faults = createFaults({ metrics });
  const payment = composePayment(config, pool, logger, metrics, faults);
  const faultSetup = { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN };
  const app = createApp({
    pool,
    logger,
    metrics,
    faults: faultSetup,
    serviceToken: config.SERVICE_TOKEN,
    payment,
  });
  const service = await serve(app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    onShutdown: [() => faults.close(), () => pool.end()],
  });
  shutdownOnSignals(service, logger);
}

runService('payment', main);
