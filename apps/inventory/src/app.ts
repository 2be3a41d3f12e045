import { adminResetRoutes, faultInjection } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { createServiceApp, requireServiceToken } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import { databaseHealth } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Express } from 'express';
import type { InventoryDeps } from './compose';
import { resetData } from './domain/reset-data';
import { reservationRoutes } from './routes/reservations';
import { stockRoutes } from './routes/stock';

export interface InventoryAppDeps {
  /** Readiness: the app is ready when its database answers. */
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Fault injection (admin API and fault points); off when absent. */
  faults?: FaultSetup;
  /** SERVICE_TOKEN: every business route requires it in X-Service-Token (order is the caller). */
  serviceToken: string;
  /** What composeInventory wired. */
  inventory: InventoryDeps;
}

/** The inventory's HTTP app; it never listens, and the sweeper runs beside it (see main.ts). */
export function createApp({
  pool,
  logger,
  metrics,
  faults,
  serviceToken,
  inventory,
}: InventoryAppDeps): Express {
  const options = { logger, metrics, ...faultInjection(faults), ...databaseHealth(pool) };
  const reset = () => resetData({ seed: inventory.seed, logger });
  return createServiceApp(options, (app, { json }) => {
    // The admin token guards it, not the service token: the host's CLI calls it, not order.
    app.use(adminResetRoutes(faults?.adminToken, reset));
    // Internal only: health, metrics and the /admin routes are mounted before this guard.
    app.use(requireServiceToken(serviceToken));
    app.use(reservationRoutes(inventory.useCases, inventory.reservations, json));
    app.use(stockRoutes(inventory.stock, json));
  });
}
