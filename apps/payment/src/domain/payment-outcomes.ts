import { AppError, annotateActiveSpan, problemBody } from '@faultline/instrumented';
import type { Logger } from '@faultline/instrumented';
import { paymentView } from './payment';
import type { DeclineCode, Payment, PaymentAnswer } from './payment';
import type { PaymentMetrics } from './payment-metrics';
import type { GatewayError, PaymentRepository } from './ports';

/** The path problem bodies name as `instance`; they are stored, so they cannot use the request. */
const PAYMENTS_PATH = '/payments';

export interface OutcomeDeps {
  payments: PaymentRepository;
  metrics: PaymentMetrics;
  logger: Logger;
}

const DECLINE_DETAILS: Record<DeclineCode, string> = {
  card_declined: 'The card was declined by its issuer.',
  insufficient_funds: 'The card was declined for insufficient funds.',
  stolen_card: 'The card was declined by its issuer.',
  fraud_suspected: 'The payment was declined by the fraud check.',
};

/** Log fields that identify a payment; the card only by brand and last four digits. */
export const paymentFields = (payment: Payment) => ({
  payment_id: payment.id,
  order_id: payment.orderId,
  amount: payment.amount.amount,
  currency: payment.amount.currency,
  card_brand: payment.card.brand,
  card_last4: payment.card.last4,
});

/** Captured: final; answered 201 with the payment, now and on every replay. */
export async function recordCapture(
  deps: OutcomeDeps,
  payment: Payment,
  gatewayReference: string,
  fraudScore: number,
): Promise<PaymentAnswer> {
  const captured: Payment = { ...payment, status: 'captured', gatewayReference, fraudScore };
  const answer = await deps.payments.record(payment.id, {
    status: 'captured',
    declineCode: null,
    gatewayReference,
    fraudScore,
    answer: { status: 201, body: paymentView(captured) },
  });
  deps.metrics.paymentFinished('captured', payment.card.brand);
  annotateActiveSpan({ 'payment.outcome': 'captured' });
  deps.logger.info(
    { event: 'payment_captured', ...paymentFields(payment), gateway_reference: gatewayReference },
    'payment captured',
  );
  return answer;
}

/** Declined: final; answered 402 problem+json with the decline code, now and on every replay. */
export async function recordDecline(
  deps: OutcomeDeps,
  payment: Payment,
  declineCode: DeclineCode,
  fraudScore: number,
): Promise<PaymentAnswer> {
  const problem = new AppError('payment_declined', 402, DECLINE_DETAILS[declineCode], {
    extensions: { decline_code: declineCode, payment_id: payment.id },
  });
  const answer = await deps.payments.record(payment.id, {
    status: 'declined',
    declineCode,
    gatewayReference: null,
    fraudScore,
    answer: { status: problem.status, body: problemBody(problem, PAYMENTS_PATH) },
  });
  deps.metrics.paymentFinished('declined', payment.card.brand, declineCode);
  annotateActiveSpan({ 'payment.outcome': 'declined', 'payment.decline_code': declineCode });
  deps.logger.info(
    { event: 'payment_declined', ...paymentFields(payment), decline_code: declineCode },
    'payment declined',
  );
  return answer;
}

/**
 * The gateway gave no answer: recorded as failed, which is not final, and thrown as a 502. A retry
 * with the same key charges again under the same charge key, so the card is charged at most once.
 */
export async function recordGatewayFailure(
  deps: OutcomeDeps,
  payment: Payment,
  failure: GatewayError,
  fraudScore: number,
): Promise<never> {
  const problem = new AppError(
    'gateway_error',
    502,
    'The card gateway did not answer; retry with the same Idempotency-Key.',
    { extensions: { gateway_code: failure.code, payment_id: payment.id }, cause: failure },
  );
  await deps.payments.record(payment.id, {
    status: 'failed',
    declineCode: null,
    gatewayReference: null,
    fraudScore,
    answer: { status: problem.status, body: problemBody(problem, PAYMENTS_PATH) },
  });
  deps.metrics.paymentFinished('gateway_error', payment.card.brand);
  annotateActiveSpan({ 'payment.outcome': 'gateway_error', 'gateway.error_code': failure.code });
  deps.logger.warn(
    {
      event: 'payment_gateway_failed',
      ...paymentFields(payment),
      gateway_code: failure.code,
      error: failure,
    },
    'card gateway failed; the payment can be retried with the same key',
  );
  throw problem;
}
