import { faultInjection } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { createServiceApp, requireServiceToken } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import { databaseHealth } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Express } from 'express';
import { paymentRepository } from './data/payment-repository';
import { chargePayment } from './domain/charge-payment';
import { refundPayment } from './domain/refund-payment';
import { paymentMetrics } from './domain/payment-metrics';
import type { CardGateway } from './gateway/card-gateway';
import { paymentRoutes } from './routes/payments';

export interface PaymentDeps {
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Fault injection (admin API and fault points); off when absent. */
  faults?: FaultSetup;
  /** SERVICE_TOKEN: every business route requires it in X-Service-Token (order is the caller). */
  serviceToken: string;
  /** The card gateway; tests wrap the simulated one to make it fail. */
  gateway: CardGateway;
  fraudWorkIterations: number;
  staleProcessingMs: number;
  /** Decides whether a card has expired; the wall clock unless a test fixes it. */
  clock?: () => Date;
}

/** The payment service's HTTP app; it never listens (see main.ts). */
export function createApp(deps: PaymentDeps): Express {
  const { pool, logger, metrics, faults } = deps;
  const payments = paymentRepository(pool);
  const chargeDeps = {
    payments,
    gateway: deps.gateway,
    metrics: paymentMetrics(metrics),
    logger,
    fraudWorkIterations: deps.fraudWorkIterations,
    faults: faults?.engine,
    staleProcessingMs: deps.staleProcessingMs,
  };
  const options = { logger, metrics, ...faultInjection(faults), ...databaseHealth(pool) };
  return createServiceApp(options, (app, { json }) => {
    // Internal only: health, metrics and /admin/faults are mounted before this guard.
    app.use(requireServiceToken(deps.serviceToken));
    app.use(
      paymentRoutes(
        {
          chargePayment: (command) => chargePayment(chargeDeps, command),
          refundPayment: (id) => refundPayment(chargeDeps, id),
          payments,
          clock: deps.clock ?? (() => new Date()),
        },
        json,
      ),
    );
  });
}
