import { join } from 'node:path';
import { createLogger, createMetrics, serve, shutdownOnSignals } from '@faultline/instrumented';
import { openDatabase } from '@faultline/postgres';
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
    log: (message) => {
      logger.info({ event: 'database_migrated' }, message);
    },
    onIdleError: (error) => {
      logger.warn(
        { event: 'database_connection_lost', error },
        'an idle database connection broke',
      );
    },
  });
  const metrics = createMetrics();
  const app = createApp({ pool, logger, metrics });
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
    onShutdown: [() => sweeper.stop(), () => pool.end()],
  });
  sweeper.start();
  shutdownOnSignals(service, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `inventory failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
