import { join } from 'node:path';
import { createLogger, createMetrics, serve, shutdownOnSignals } from '@faultline/instrumented';
import { openDatabase } from '@faultline/postgres';
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
  const app = createApp({ pool, logger, metrics: createMetrics() });
  const service = await serve(app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    onShutdown: [() => pool.end()],
  });
  shutdownOnSignals(service, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `catalog failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
