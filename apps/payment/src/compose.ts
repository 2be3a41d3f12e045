import type { Faults } from '@faultline/faults';
import type { Logger, Metrics } from '@faultline/instrumented';
import type { Pool } from '@faultline/postgres';
import type { PaymentConfig } from './config';
import { paymentRepository } from './data/payment-repository';
import type { PaymentDeps } from './domain/payment-deps';
import { paymentMetrics } from './domain/payment-metrics';
import { simulatedCardGateway } from './gateway/card-gateway';

type PaymentSettings = Pick<
  PaymentConfig,
  'GATEWAY_LATENCY_MEDIAN_MS' | 'FRAUD_WORK_ITERATIONS' | 'STALE_PROCESSING_MS'
>;

/** Wires the payment use cases' dependencies from config (used by main.ts and by the tests). */
export function composePayment(
  settings: PaymentSettings,
  pool: Pool,
  logger: Logger,
  metrics: Metrics,
  faults?: Faults,
): PaymentDeps {
  return {
    payments: paymentRepository(pool),
    // The gateway and the fraud score share the service's fault engine (two fault points).
    gateway: simulatedCardGateway({
      pool,
      latencyMedianMs: settings.GATEWAY_LATENCY_MEDIAN_MS,
      faults,
    }),
    metrics: paymentMetrics(metrics),
    logger,
    fraudWorkIterations: settings.FRAUD_WORK_ITERATIONS,
    staleProcessingMs: settings.STALE_PROCESSING_MS,
    faults,
    clock: () => new Date(),
  };
}
