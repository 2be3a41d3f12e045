import { adminResetRoutes, faultInjection } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { createServiceApp, requireServiceToken } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import { databaseHealth } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Express } from 'express';
import type { PaymentDeps } from './domain/payment-deps';
import { resetData } from './domain/reset-data';
import { paymentRoutes } from './routes/payments';

export interface PaymentAppDeps {
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Fault injection (admin API and fault points); off when absent. */
  faults?: FaultSetup;
  /** SERVICE_TOKEN: every business route requires it in X-Service-Token (order is the caller). */
  serviceToken: string;
  /** The use cases' dependencies, from composePayment (compose.ts). */
  payment: PaymentDeps;
}

/** The payment service's HTTP app; it never listens (see main.ts). */
export function createApp({
  pool,
  logger,
  metrics,
  faults,
  serviceToken,
  payment,
}: PaymentAppDeps): Express {
  const options = { logger, metrics, ...faultInjection(faults), ...databaseHealth(pool) };
  const reset = () => resetData({ seed: payment.seed, resetGate: payment.resetGate, logger });
  return createServiceApp(options, (app, { json }) => {
    // The admin token guards it, not the service token: the host's CLI calls it, not order.
    app.use(adminResetRoutes(faults?.adminToken, reset));
    // Internal only: health, metrics and the /admin routes are mounted before this guard.
    app.use(requireServiceToken(serviceToken));
    app.use(paymentRoutes(payment, json));
  });
}
