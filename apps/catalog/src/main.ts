import { join } from 'node:path';
import { createFaults } from '@faultline/faults';
import {
  createLogger,
  createMetrics,
  runService,
  serve,
  shutdownOnSignals,
} from '@faultline/instrumented';
import { lockTableWhileActive, openDatabase } from '@faultline/postgres';
import { createApp } from './app';
import { loadConfig } from './config';

/** Composition root: config → deps → app → listen → shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ service: 'catalog', level: config.LOG_LEVEL });
  const pool = await openDatabase({
    connectionString: config.DATABASE_URL,
    applicationName: 'catalog',
    migrationsDir: join(__dirname, '..', 'migrations'),
    logger,
  });
  const metrics = createMetrics();
  const faults = createFaults({ metrics });
  // catalog.db: the products table held locked by another session, so catalog's own queries wait.
  faults.onActivate('catalog.db', lockTableWhileActive(pool, 'products'));
  const app = createApp({
    pool,
    logger,
    metrics,
    faults: { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN },
  });
  const service = await serve(app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    onShutdown: [() => faults.close(), () => pool.end()],
  });
  shutdownOnSignals(service, logger);
}

runService('catalog', main);
