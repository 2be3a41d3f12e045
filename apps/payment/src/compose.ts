import type { Faults } from '@faultline/faults';
import type { Logger, Metrics } from '@faultline/instrumented';
import type { Pool } from '@faultline/postgres';
import type { PaymentConfig } from './config';
import { paymentRepository } from './data/payment-repository';
import { reconciliationRepository } from './data/reconciliation-repository';
import { seedData } from './data/seed-data';
import type { PaymentDeps } from './domain/payment-deps';
import { paymentMetrics } from './domain/payment-metrics';
import { releaseOf } from './domain/releases';
import { createResetGate } from '@faultline/service';
import { reconciliationMetrics } from './domain/reconciliation-metrics';
import { simulatedCardGateway } from './gateway/card-gateway';
import { gatewayLedger } from './gateway/charge-ledger';
import { createReconciler } from './worker/reconciler';
import type { PaymentReconciler } from './worker/reconciler';

type PaymentSettings = Pick<
  PaymentConfig,
  | 'GATEWAY_LATENCY_MEDIAN_MS'
  | 'FRAUD_WORK_ITERATIONS'
  | 'STALE_PROCESSING_MS'
  | 'RECONCILE_INTERVAL_MS'
  | 'RECONCILE_GRACE_MS'
  | 'SERVICE_VERSION'
>;

/**
 * The most captured payments one reconciliation run checks. A workshop captures a few a second, so
 * one run keeps up at any interval up to minutes; a backlog is worked through a batch a run.
 */
const RECONCILE_BATCH_SIZE = 500;

/**
 * How long a data reset waits for the charges and refunds in flight: longer than a charge takes
 * with the gateway at its slowest, short enough for a host waiting at the CLI.
 */
const RESET_DRAIN_TIMEOUT_MS = 15_000;

/** The payment service's dependencies, wired once: the HTTP app and the reconciler share them. */
export interface ComposedPayment extends PaymentDeps {
  /**
   * Reconciliation of captured payments against the gateway's ledger: start it once the service
   * listens, stop it before the pool closes.
   */
  reconciler: PaymentReconciler;
}

/** Wires the payment use cases' dependencies from config (used by main.ts and by the tests). */
export function composePayment(
  settings: PaymentSettings,
  pool: Pool,
  logger: Logger,
  metrics: Metrics,
  faults?: Faults,
): ComposedPayment {
  const clock = () => new Date();
  const reconciler = createReconciler(
    {
      reconciliation: reconciliationRepository(pool),
      ledger: gatewayLedger(pool),
      metrics: reconciliationMetrics(metrics),
      logger,
      clock,
      graceMs: settings.RECONCILE_GRACE_MS,
      batchSize: RECONCILE_BATCH_SIZE,
    },
    { intervalMs: settings.RECONCILE_INTERVAL_MS },
  );
  const seed = seedData(pool);
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
    fraudModel: releaseOf(settings.SERVICE_VERSION).fraudModel,
    staleProcessingMs: settings.STALE_PROCESSING_MS,
    faults,
    clock,
    resetGate: createResetGate(RESET_DRAIN_TIMEOUT_MS),
    seed: {
      // payments_unreconciled holds the last run's count until the next run: reconcile at once,
      // so the reset's empty books show now (a failed run is counted and logged by the run itself).
      restore: async () => {
        const report = await seed.restore();
        await reconciler.runOnce();
        return report;
      },
    },
    reconciler,
  };
}
