import { AppError, annotateActiveSpan } from '@faultline/instrumented';
import type { Logger } from '@faultline/instrumented';
import type { Payment } from './payment';
import type { PaymentMetrics } from './payment-metrics';
import type { CardGateway, PaymentRepository } from './ports';

export interface RefundPaymentDeps {
  payments: PaymentRepository;
  gateway: CardGateway;
  metrics: PaymentMetrics;
  logger: Logger;
}

/**
 * Gives a captured payment's money back (its order could not get the goods). Refunding a refunded
 * payment answers the same and books nothing twice; anything not captured cannot be refunded.
 */
export async function refundPayment(deps: RefundPaymentDeps, id: string): Promise<Payment> {
  annotateActiveSpan({ 'payment.id': id });
  const payment = await deps.payments.findById(id);
  if (!payment) throw new AppError('payment_not_found', 404, `Payment ${id} does not exist.`);
  annotateActiveSpan({ 'order.id': payment.orderId });
  if (payment.status === 'refunded') return payment;
  if (payment.status !== 'captured' || payment.gatewayReference === null) {
    throw new AppError(
      'payment_not_refundable',
      409,
      `Payment ${id} is ${payment.status}; only a captured payment can be refunded.`,
      { extensions: { payment_status: payment.status } },
    );
  }
  const answer = await deps.gateway.refund(payment.gatewayReference);
  const refunded = await deps.payments.markRefunded(id);
  if (!refunded) throw new Error(`payment ${id} changed while being refunded`);
  deps.metrics.refunded(answer);
  annotateActiveSpan({ 'payment.refund_outcome': answer });
  deps.logger.warn(
    {
      event: 'payment_refunded',
      payment_id: id,
      order_id: payment.orderId,
      amount_minor_units: payment.amount.amount,
      currency: payment.amount.currency,
      outcome: answer,
    },
    answer === 'refunded'
      ? `refunded payment ${id} of order ${payment.orderId}`
      : `payment ${id} of order ${payment.orderId} marked refunded; the gateway had booked nothing`,
  );
  return refunded;
}
