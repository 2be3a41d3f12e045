import { adminResetRoutes, faultInjection } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { createServiceApp } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import { databaseHealth } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Express } from 'express';
import type { CatalogDeps } from './compose';
import { resetData } from './domain/reset-data';
import { productRoutes } from './routes/products';

export interface CatalogAppDeps {
  /** Readiness: the app is ready when its database answers. */
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Fault injection (admin API and fault points); off when absent. */
  faults?: FaultSetup;
  /** What composeCatalog wired. */
  catalog: CatalogDeps;
}

/** The catalog's HTTP app; it never listens (see main.ts). */
export function createApp({ pool, logger, metrics, faults, catalog }: CatalogAppDeps): Express {
  const options = { logger, metrics, ...faultInjection(faults), ...databaseHealth(pool) };
  const reset = () => resetData({ seed: catalog.seed, logger });
  return createServiceApp(options, (app) => {
    app.use(adminResetRoutes(faults?.adminToken, reset));
    app.use(productRoutes(catalog.products));
  });
}
