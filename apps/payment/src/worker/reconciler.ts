import { createPeriodicTask } from '@faultline/instrumented';
import { reconcilePayments } from '../domain/reconcile-payments';
import type { Reconciliation, ReconcilePaymentsDeps } from '../domain/reconcile-payments';

export interface PaymentReconciler {
  /** Runs at once, then every interval; a second call while it runs does nothing. */
  start(): void;
  /** Stops the loop and waits for the run in progress (call it before the pool closes). */
  stop(): Promise<void>;
  /** One run now, outside the loop (tests, or an operator's nudge). */
  runOnce(): Promise<Reconciliation>;
}

/**
 * The background loop behind payments_unreconciled: reconcilePayments every `intervalMs`, one run
 * at a time per instance. Several instances may run it together: marking is idempotent, so each
 * unbooked payment is reported once, and each instance exports the same totals.
 */
export function createReconciler(
  deps: ReconcilePaymentsDeps,
  options: { intervalMs: number },
): PaymentReconciler {
  const runOnce = () => reconcilePayments(deps);
  const loop = createPeriodicTask({
    intervalMs: options.intervalMs,
    // The first run at start sets the last-success gauge instead of leaving it at 0 for an interval.
    runAtStart: true,
    run: runOnce,
    // reconcilePayments counts and logs its own failures; this only sees a failing logger or metric.
    onError: (error) => {
      deps.logger.error(
        { event: 'payment_reconciliation_failed', error },
        'reconciliation run failed',
      );
    },
    onStart: () => {
      deps.logger.info(
        {
          event: 'payment_reconciler_started',
          interval_ms: options.intervalMs,
          grace_ms: deps.graceMs,
          batch_size: deps.batchSize,
        },
        'payment reconciliation started',
      );
    },
  });
  return {
    start: () => {
      loop.start();
    },
    stop: () => loop.stop(),
    runOnce,
  };
}
