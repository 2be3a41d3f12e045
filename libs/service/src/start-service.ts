import { createFaults } from '@faultline/faults';
import type { FaultSetup, Faults } from '@faultline/faults';
import {
  createLogger,
  createMetrics,
  processRelease,
  runService,
  serve,
  shutdownOnSignals,
} from '@faultline/instrumented';
import type { Logger, LoggerOptions, Metrics, RunningService } from '@faultline/instrumented';
import { openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Express } from 'express';
import { exportPoolWaits } from './pool-waits';

/** The settings every service's config has (portField, hostField, postgresUrlField…). */
export interface ServiceConfig {
  PORT: number;
  HOST: string;
  DATABASE_URL: string;
  LOG_LEVEL: LoggerOptions['level'];
  FAULT_ADMIN_TOKEN: string;
  /** Whether /metrics shows faultline_fault_active (the host's stack only). */
  EXPOSE_FAULT_METRICS: boolean;
}

/** What every service opens before composing itself: its config parsed, and the shared resources. */
export interface ServiceResources<C extends ServiceConfig> {
  config: Readonly<C>;
  logger: Logger;
  metrics: Metrics;
  /** Its database, created if missing and migrated. */
  pool: Pool;
  faults: Faults;
  /** The fault engine with the admin token, as a service's createApp takes it. */
  faultSetup: FaultSetup;
}

/** A background loop (a sweeper, a retry worker) that runs while the service listens. */
export interface Lifecycle {
  start(): void;
  stop(): Promise<unknown>;
}

/** What a service composes from its resources. */
export interface ComposedService {
  /** The HTTP app; it never listens itself. */
  app: Express;
  /** Started once the service listens; stopped, last started first, before faults and the pool close. */
  lifecycles?: Lifecycle[];
  /** Releases what the composition holds (clients, breakers), after faults close and before the pool ends. */
  close?: () => void | Promise<void>;
}

/** What is a service's own; everything else is the shape every Faultline service shares. */
export interface ServiceDefinition<C extends ServiceConfig> {
  /** Parses the environment once; a bad value fails start-up naming the variable. */
  loadConfig: (env: NodeJS.ProcessEnv) => Readonly<C>;
  /** Its migrations, applied at start. */
  migrationsDir: string;
  compose: (resources: ServiceResources<C>) => ComposedService;
}

/** A started service and the logger its shutdown reports to. */
export interface StartedService {
  service: RunningService;
  logger: Logger;
}

/**
 * config → logger → database (created, migrated) → metrics (with the pool's waits) → faults →
 * compose → listen → start the lifecycles. Shutdown drains requests, then stops the lifecycles,
 * closes faults, closes the composition and ends the pool, in that order. `name` is the logger's
 * `service` and the database's `application_name`.
 */
export async function startService<C extends ServiceConfig>(
  name: string,
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedService> {
  const config = definition.loadConfig(env);
  const logger = createLogger({ service: name, level: config.LOG_LEVEL });
  const pool = await openDatabase({
    connectionString: config.DATABASE_URL,
    applicationName: name,
    migrationsDir: definition.migrationsDir,
    logger,
  });
  const metrics = createMetrics({ target: processRelease() });
  exportPoolWaits(metrics, pool);
  const faults = createFaults({ metrics, exposeActive: config.EXPOSE_FAULT_METRICS });
  const faultSetup = { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN };
  const composed = definition.compose({ config, logger, metrics, pool, faults, faultSetup });
  const lifecycles = composed.lifecycles ?? [];
  const { close } = composed;
  const service = await serve(composed.app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    // Loops stop before the pool closes under them.
    onShutdown: [
      ...[...lifecycles].reverse().map((lifecycle) => () => lifecycle.stop()),
      () => faults.close(),
      ...(close ? [async () => close()] : []),
      () => pool.end(),
    ],
  });
  for (const lifecycle of lifecycles) lifecycle.start();
  return { service, logger };
}

/**
 * A service's entry point: starts it under runService's fatal path (a failing start prints
 * `<name> failed to start: <reason>` and exits 1) and shuts it down on SIGTERM/SIGINT.
 */
export function runFaultlineService<C extends ServiceConfig>(
  name: string,
  definition: ServiceDefinition<C>,
): void {
  runService(name, async () => {
    const { service, logger } = await startService(name, definition);
    shutdownOnSignals(service, logger);
  });
}
