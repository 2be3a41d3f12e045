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
import { composeCatalog } from './compose';
import { loadConfig } from './config';

/** Entry point: config → resources → compose → app → listen → shutdown on SIGTERM/SIGINT. */
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
  const app = createApp({
    pool,
    logger,
    metrics,
    faults: { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN },
    catalog: composeCatalog(pool, faults),
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
