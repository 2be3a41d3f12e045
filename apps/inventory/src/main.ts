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
import { composeInventory } from './compose';
import { loadConfig } from './config';
import { ReservationSweeper } from './domain/reservation-sweeper';

/** Entry point: config → resources → compose → app and sweeper → listen → shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ service: 'inventory', level: config.LOG_LEVEL });
  const pool = await openDatabase({
    connectionString: config.DATABASE_URL,
    applicationName: 'inventory',
    migrationsDir: join(__dirname, '..', 'migrations'),
    logger,
  });
  const metrics = createMetrics();
  const faults = createFaults({ metrics });
  const inventory = composeInventory(config, pool, logger, metrics, faults);
  const app = createApp({
    pool,
    logger,
    metrics,
    faults: { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN },
    serviceToken: config.SERVICE_TOKEN,
    inventory,
  });
  const sweeper = new ReservationSweeper(inventory.sweeper);
  const service = await serve(app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    // The sweeper stops before the pool closes under it.
    onShutdown: [() => sweeper.stop(), () => faults.close(), () => pool.end()],
  });
  sweeper.start();
  shutdownOnSignals(service, logger);
}

runService('inventory', main);
