import { faultInjection } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { createServiceApp, requireServiceToken } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import { databaseHealth } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Express } from 'express';
import type { PaymentDeps } from './domain/payment-deps';
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
  return createServiceApp(options, (app, { json }) => {
    // Internal only: health, metrics and /admin/faults are mounted before this guard.
    app.use(requireServiceToken(serviceToken));
    app.use(paymentRoutes(payment, json));
  });
}
