import { annotateActiveSpan, backoffDelay, isServiceCallError } from '@faultline/instrumented';
import { paymentKeyFor } from './ids';
import {
  declinedError,
  paidAnswer,
  paymentFailedError,
  pendingAnswer,
  problemAnswer,
} from './answers';
import type { Card } from './card';
import type { CheckoutDeps } from './checkout-deps';
import type { CheckoutAnswer, Order } from './order';
import { trafficOf } from './order-metrics';
import { refundOrder } from './refund-order';
import { commitStock, releaseStock } from './settle-reservation';

export type ChargeOutcome = 'paid' | 'declined' | 'retry' | 'failed';

interface ChargeResultWithAnswer {
  outcome: ChargeOutcome;
  /** The answer this try would give a customer (the stored first answer wins on replay). */
  answer: CheckoutAnswer;
}

/**
 * Charges a reserved order once per idempotency key and settles it:
 * paid → commit the stock (its units gone meanwhile → refund, the order fails); declined or refused
 * → release it; payment slow, failing or behind an open breaker → keep the order as
 * payment_pending for the retry worker, until `retriesSoFar` reaches the retry limit and the order
 * fails with its stock released.
 */
export async function chargeOrder(
  order: Order,
  card: Card,
  retriesSoFar: number,
  deps: CheckoutDeps,
): Promise<ChargeResultWithAnswer> {
  let result;
  try {
    result = await deps.payments.charge({
      orderId: order.id,
      idempotencyKey: paymentKeyFor(order.id),
      amount: order.total,
      card,
    });
  } catch (error) {
    if (!isServiceCallError(error)) throw error;
    return deferOrGiveUp(order, `payment ${error.kind}`, retriesSoFar, deps);
  }

  switch (result.outcome) {
    case 'captured':
      return confirmPaid(order, result.paymentId, deps);
    case 'declined': {
      const settled = await releaseStock(order, deps);
      const answer = problemAnswer(declinedError(order, result.declineCode));
      await deps.orders.update(order.id, {
        status: 'declined',
        declineCode: result.declineCode,
        ...(result.paymentId ? { paymentId: result.paymentId } : {}),
        reservationSettled: settled,
        eraseCard: true,
        answer,
      });
      annotateActiveSpan({
        'order.status': 'declined',
        'payment.decline_code': result.declineCode,
      });
      return { outcome: 'declined', answer };
    }
    case 'in_progress':
      return deferOrGiveUp(order, 'payment in progress', retriesSoFar, deps);
    case 'rejected':
      return giveUp(order, `payment refused the charge (${result.code})`, deps);
  }
}

/** The card is charged: the order is paid once its units are taken for good, refunded if they are gone. */
async function confirmPaid(
  order: Order,
  paymentId: string,
  deps: CheckoutDeps,
): Promise<ChargeResultWithAnswer> {
  const stock = await commitStock(order, deps);
  if (stock === 'gone') {
    const refund = await refundOrder(
      order,
      paymentId,
      'the reserved stock was sold meanwhile',
      deps,
    );
    return { outcome: 'failed', answer: refund.answer };
  }
  const paid: Order = { ...order, status: 'paid', paymentId };
  const answer = paidAnswer(paid);
  await deps.orders.update(order.id, {
    status: 'paid',
    paymentId,
    reservationSettled: stock === 'committed',
    eraseCard: true,
    answer,
  });
  const traffic = trafficOf(order.customerId);
  // Together, so orders per minute and revenue per minute count the same orders.
  deps.metrics.paidOrders.inc({ traffic });
  deps.metrics.revenue.inc({ currency: paid.total.currency, traffic }, paid.total.amount);
  annotateActiveSpan({ 'order.status': 'paid', 'payment.id': paymentId });
  return { outcome: 'paid', answer };
}

async function deferOrGiveUp(
  order: Order,
  reason: string,
  retriesSoFar: number,
  deps: CheckoutDeps,
): Promise<ChargeResultWithAnswer> {
  if (retriesSoFar >= deps.paymentRetry.attempts) return giveUp(order, reason, deps);
  const delayMs = Math.max(100, backoffDelay(retriesSoFar + 1, deps.paymentRetry, deps.random));
  const answer = pendingAnswer({ ...order, status: 'payment_pending' });
  await deps.orders.update(order.id, {
    status: 'payment_pending',
    nextAttemptAt: new Date(deps.clock().getTime() + delayMs),
    answer,
  });
  deps.logger.warn(
    {
      event: 'payment_deferred',
      order_id: order.id,
      reason,
      retry_in_ms: delayMs,
      retries_so_far: retriesSoFar,
    },
    `payment deferred: ${reason}`,
  );
  annotateActiveSpan({ 'order.status': 'payment_pending', 'order.defer_reason': reason });
  return { outcome: 'retry', answer };
}

/** The order will not be paid: its stock goes back and it fails with the reason. */
export async function giveUp(
  order: Order,
  reason: string,
  deps: CheckoutDeps,
): Promise<ChargeResultWithAnswer> {
  const settled = await releaseStock(order, deps);
  const answer = problemAnswer(paymentFailedError(order, reason));
  await deps.orders.update(order.id, {
    status: 'failed',
    failureReason: reason,
    reservationSettled: settled,
    eraseCard: true,
    answer,
  });
  deps.logger.error(
    { event: 'order_failed', order_id: order.id, reason },
    `order failed: ${reason}`,
  );
  annotateActiveSpan({ 'order.status': 'failed' });
  return { outcome: 'failed', answer };
}
