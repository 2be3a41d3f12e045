import { withSpan } from '@faultline/instrumented';
import type { Logger } from '@faultline/instrumented';
import type { ReconciliationMetrics } from './reconciliation-metrics';
import type {
  CapturedPayment,
  GatewayLedger,
  ReconciliationRepository,
  UnreconciledTotal,
} from './ports';

export interface ReconcilePaymentsDeps {
  reconciliation: ReconciliationRepository;
  ledger: GatewayLedger;
  metrics: ReconciliationMetrics;
  logger: Logger;
  clock: () => Date;
  /** A payment captured less than this long ago may still be on its way into the ledger. */
  graceMs: number;
  /** The most payments one run checks, so a run stays short whatever the backlog. */
  batchSize: number;
}

/** What one run did. */
export type Reconciliation =
  | {
      outcome: 'ok';
      checked: number;
      /** Payments this run found the gateway never booked (each is found once). */
      newlyUnbooked: CapturedPayment[];
      unreconciled: UnreconciledTotal[];
    }
  | { outcome: 'error'; error: unknown };

/**
 * Compares captured payments with the gateway's books: the next batch captured before the grace,
 * checked against the ledger and marked booked or unbooked, the newly unbooked reported, then the
 * totals exported. A failed run is counted and logged, and the last success stays where it was.
 */
export async function reconcilePayments(deps: ReconcilePaymentsDeps): Promise<Reconciliation> {
  try {
    const run = await withSpan('reconciliation.run', {}, async (span) => {
      const due = await deps.reconciliation.dueForReconciliation(graceCutoff(deps), deps.batchSize);
      const newlyUnbooked = await checkAgainstLedger(deps, due);
      reportUnbooked(deps.logger, newlyUnbooked);
      const unreconciled = await deps.reconciliation.unreconciledTotals();
      span.setAttributes({
        'reconciliation.checked': due.length,
        'reconciliation.unbooked': newlyUnbooked.length,
      });
      return { checked: due.length, newlyUnbooked, unreconciled };
    });
    deps.metrics.runSucceeded(run.unreconciled, deps.clock());
    return { outcome: 'ok', ...run };
  } catch (error) {
    return runFailed(deps, error);
  }
}

/** Payments captured after this may still be being booked, and wait for the next run. */
const graceCutoff = ({ clock, graceMs }: ReconcilePaymentsDeps): Date =>
  new Date(clock().getTime() - graceMs);

/** Marks each payment booked or unbooked; returns the unbooked ones this run was first to mark. */
async function checkAgainstLedger(
  deps: ReconcilePaymentsDeps,
  due: readonly CapturedPayment[],
): Promise<CapturedPayment[]> {
  if (due.length === 0) return [];
  const booked = await deps.ledger.booked(due.map((payment) => payment.gatewayReference));
  const isBooked = (payment: CapturedPayment) => booked.has(payment.gatewayReference);
  await deps.reconciliation.markBooked(idsOf(due.filter(isBooked)));
  const unbooked = due.filter((payment) => !isBooked(payment));
  if (unbooked.length === 0) return [];
  const marked = new Set(await deps.reconciliation.markUnbooked(idsOf(unbooked)));
  return unbooked.filter((payment) => marked.has(payment.id));
}

const idsOf = (payments: readonly CapturedPayment[]): string[] => payments.map((p) => p.id);

/** One warning per payment the customer paid for and the gateway never booked. Never card data. */
function reportUnbooked(logger: Logger, payments: readonly CapturedPayment[]): void {
  for (const payment of payments) {
    logger.warn(
      {
        event: 'payment_unreconciled',
        payment_id: payment.id,
        order_id: payment.orderId,
        amount: payment.amount.amount,
        currency: payment.amount.currency,
        gateway_reference: payment.gatewayReference,
        captured_at: payment.capturedAt.toISOString(),
      },
      `payment ${payment.id} of order ${payment.orderId} was captured, but the gateway never booked ${payment.gatewayReference}`,
    );
  }
}

function runFailed(deps: ReconcilePaymentsDeps, error: unknown): Reconciliation {
  deps.metrics.runFailed();
  deps.logger.error(
    { event: 'payment_reconciliation_failed', error },
    'reconciling payments with the gateway ledger failed; trying again on the next run',
  );
  return { outcome: 'error', error };
}
