import type { Metrics } from '@faultline/instrumented';
import type { UnreconciledTotal } from './ports';

/** How a reconciliation run ended, as the `outcome` label. */
export type ReconciliationOutcome = 'ok' | 'error';

/** What reconciliation exports (alerts use these names: PaymentsUnreconciled, ReconciliationStalled). */
export interface ReconciliationMetrics {
  /** A run ended well: the unreconciled payments it counted, and when it ended. */
  runSucceeded(unreconciled: readonly UnreconciledTotal[], endedAt: Date): void;
  /** A run failed: counted; the gauges and the last success keep their values. */
  runFailed(): void;
}

export function reconciliationMetrics(metrics: Metrics): ReconciliationMetrics {
  const unreconciled = metrics.gauge({
    name: 'payments_unreconciled',
    help: 'Captured payments whose gateway reference has no booked charge in the gateway ledger, as of the last successful reconciliation run.',
  });
  const unreconciledAmount = metrics.gauge({
    name: 'payments_unreconciled_amount_minor_units',
    help: 'Total amount of the unreconciled payments, in minor units of the currency.',
    labelNames: ['currency'],
  });
  const lastSuccess = metrics.gauge({
    name: 'payment_reconciliation_last_success_timestamp_seconds',
    help: 'Unix time at the end of the last successful reconciliation run (0 before the first).',
  });
  const runs = metrics.counter({
    name: 'payment_reconciliation_runs_total',
    help: 'Reconciliation runs by outcome: ok, error.',
    labelNames: ['outcome'],
  });
  // Every run series exists from the start, so increase() sees the first failure.
  for (const outcome of ['ok', 'error'] satisfies ReconciliationOutcome[]) runs.inc({ outcome }, 0);
  // A currency whose unreconciled payments were all settled goes back to 0 rather than vanishing.
  const currencies = new Set<string>();

  return {
    runSucceeded(totals, endedAt) {
      unreconciled.set(totals.reduce((count, total) => count + total.count, 0));
      const amounts = new Map(totals.map((total) => [total.currency, total.amount]));
      for (const currency of amounts.keys()) currencies.add(currency);
      for (const currency of currencies) {
        unreconciledAmount.set({ currency }, amounts.get(currency) ?? 0);
      }
      lastSuccess.set(endedAt.getTime() / 1000);
      runs.inc({ outcome: 'ok' });
    },
    runFailed() {
      runs.inc({ outcome: 'error' });
    },
  };
}
