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
import { expireLapsedReservations } from './domain/expire-lapsed-reservations';
import { reservationOutcomes } from './domain/reservation-outcomes';
import { ReservationSweeper } from './domain/reservation-sweeper';

/** Composition root: config → deps → app and sweeper → listen → shutdown on SIGTERM/SIGINT. */
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
  // inventory.db: the stock table held locked by another session, so reservations wait on it.
  faults.onActivate('inventory.db', lockTableWhileActive(pool, 'stock'));
  const app = createApp({
    pool,
    logger,
    metrics,
    faults: { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN },
    serviceToken: config.SERVICE_TOKEN,
  });
  const outcomes = reservationOutcomes(metrics);
  const sweeper = new ReservationSweeper({
    intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS,
    sweep: () => expireLapsedReservations({ pool, outcomes }),
    logger,
  });
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
