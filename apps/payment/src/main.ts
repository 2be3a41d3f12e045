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
import { loadConfig } from './config';
import { simulatedCardGateway } from './gateway/card-gateway';

/** Composition root: config → deps → app → listen → shutdown on SIGTERM/SIGINT. */
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
  const app = createApp({
    pool,
    logger,
    metrics,
    faults: { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN },
    serviceToken: config.SERVICE_TOKEN,
    gateway: simulatedCardGateway({
      pool,
      latencyMedianMs: config.GATEWAY_LATENCY_MEDIAN_MS,
      faults,
    }),
    fraudWorkIterations: config.FRAUD_WORK_ITERATIONS,
    staleProcessingMs: config.STALE_PROCESSING_MS,
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
