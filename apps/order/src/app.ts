import { adminResetRoutes, faultInjection } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { createServiceApp } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import { databaseHealth } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Express } from 'express';
import type { CheckoutDeps } from './domain/checkout-deps';
import type { PaymentRollout } from './domain/payment-rollout';
import type { ReadinessProbe } from './domain/ports';
import { resetData } from './domain/reset-data';
import type { ResetDataDeps } from './domain/reset-data';
import { deploymentRoutes } from './routes/deployments';
import { orderRoutes } from './routes/orders';

interface OrderAppDeps {
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Fault injection (admin API and fault points); off when absent. */
  faults?: FaultSetup;
  checkout: CheckoutDeps;
  /** Payment's canary split, moved through /admin/deployments. */
  rollout: PaymentRollout;
  /** Whether a canary answers /health/ready before it takes traffic. */
  probe: ReadinessProbe;
  /** What POST /admin/reset works with (composeReset). */
  reset: ResetDataDeps;
}

/** The order service's HTTP app; it never listens (see main.ts). */
export function createApp({
  pool,
  logger,
  metrics,
  checkout,
  reset,
  rollout,
  probe,
  faults,
}: OrderAppDeps): Express {
  const options = { logger, metrics, ...faultInjection(faults), ...databaseHealth(pool) };
  return createServiceApp(options, (app, kit) => {
    app.use(adminResetRoutes(faults?.adminToken, () => resetData(reset)));
    app.use(deploymentRoutes(faults?.adminToken, kit, rollout, probe));
    app.use(orderRoutes(kit, checkout));
  });
}
