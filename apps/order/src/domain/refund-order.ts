import { annotateActiveSpan, backoffDelay } from '@faultline/instrumented';
import { problemAnswer, stockGoneError } from './answers';
import type { CheckoutDeps } from './checkout-deps';
import type { CheckoutAnswer, Order } from './order';

interface RefundResult {
  outcome: 'refunded' | 'deferred' | 'abandoned';
  /** The answer a checkout waiting on this charge gives (a stored first answer wins on replay). */
  answer: CheckoutAnswer;
}

/**
 * The compensation for a charge whose goods are gone: give the money back, then fail the order
 * with the reason. Payment unreachable: the order waits as refund_pending and the worker tries
 * again, `paymentRetry.attempts` times at most; after that the order fails as "refund failed",
 * loudly, for a person to settle.
 */
export async function refundOrder(
  order: Order,
  paymentId: string,
  reason: string,
  deps: CheckoutDeps,
): Promise<RefundResult> {
  const answer = problemAnswer(stockGoneError(order, reason));
  const fields = { order_id: order.id, payment_id: paymentId, reason };
  try {
    await deps.payments.refund(paymentId);
  } catch (error) {
    if (order.settleAttempts >= deps.paymentRetry.attempts) {
      await deps.orders.update(order.id, {
        status: 'failed',
        paymentId,
        failureReason: `${reason}; the refund failed and needs a person`,
        reservationSettled: true,
        eraseCard: true,
        answer,
      });
      deps.metrics.refunds.inc({ outcome: 'abandoned' });
      deps.logger.error(
        { event: 'refund_abandoned', ...fields, attempts: order.settleAttempts, error },
        `gave up refunding order ${order.id}: the customer was charged for goods they will not get`,
      );
      annotateActiveSpan({ 'order.status': 'failed', 'order.refund': 'abandoned' });
      return { outcome: 'abandoned', answer };
    }
    const delayMs = Math.max(
      100,
      backoffDelay(order.settleAttempts + 1, deps.paymentRetry, deps.random),
    );
    await deps.orders.update(order.id, {
      status: 'refund_pending',
      paymentId,
      failureReason: reason,
      reservationSettled: true,
      nextAttemptAt: new Date(deps.clock().getTime() + delayMs),
      eraseCard: true,
      answer,
    });
    deps.metrics.refunds.inc({ outcome: 'deferred' });
    deps.logger.warn(
      { event: 'refund_deferred', ...fields, retry_in_ms: delayMs, error },
      `could not refund order ${order.id} now; the retry worker will`,
    );
    annotateActiveSpan({ 'order.status': 'refund_pending' });
    return { outcome: 'deferred', answer };
  }
  await deps.orders.update(order.id, {
    status: 'failed',
    paymentId,
    failureReason: `${reason}; the charge was refunded`,
    reservationSettled: true,
    eraseCard: true,
    answer,
  });
  deps.metrics.refunds.inc({ outcome: 'refunded' });
  deps.logger.error(
    { event: 'order_refunded', ...fields },
    `order ${order.id} failed and its charge was refunded: ${reason}`,
  );
  annotateActiveSpan({ 'order.status': 'failed', 'order.refund': 'refunded' });
  return { outcome: 'refunded', answer };
}
