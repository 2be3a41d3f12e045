import { annotateActiveSpan, decideReplay } from '@faultline/instrumented';
import type { Faults } from '@faultline/faults';
import type { Logger } from '@faultline/instrumented';
import { cardBrand, cardLast4 } from './card';
import type { CardDetails } from './card';
import { chargeCard } from './charge-card';
import type { Money, PaymentAnswer } from './payment';
import type { PaymentMetrics } from './payment-metrics';
import {
  paymentFields,
  recordCapture,
  recordDecline,
  recordGatewayFailure,
} from './payment-outcomes';
import type { CardGateway, Claim, PaymentRepository } from './ports';
import type { FraudModel } from './releases';
import { requestHash } from './request-hash';
import { isFraudSuspected, scoreFraud } from './score-fraud';

export interface ChargePaymentDeps {
  payments: PaymentRepository;
  gateway: CardGateway;
  metrics: PaymentMetrics;
  logger: Logger;
  /** sha256 rounds per fraud score (a period's, in the velocity model). */
  fraudWorkIterations: number;
  /** The running release's fraud model. */
  fraudModel: FraudModel;
  /** The service's fault engine (payment.fraud); the gateway has its own reference. */
  faults?: Faults;
  /** A key held longer than this by a request that never finished is taken over. */
  staleProcessingMs: number;
}

export interface ChargeCommand {
  idempotencyKey: string;
  orderId: string;
  amount: Money;
  card: CardDetails;
}

export interface ChargeAnswer extends PaymentAnswer {
  paymentId: string;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Charges a card at most once per Idempotency-Key: claim the key, score fraud, charge the card
 * through the gateway, record the outcome with the exact answer, and give that answer.
 */
export async function chargePayment(
  deps: ChargePaymentDeps,
  command: ChargeCommand,
): Promise<ChargeAnswer> {
  const { idempotencyKey, orderId, amount } = command;
  annotateActiveSpan({ 'order.id': orderId });
  // What may be kept, hashed or scored: never the full number or the CVV.
  const card = {
    brand: cardBrand(command.card.number),
    last4: cardLast4(command.card.number),
    expiry: command.card.expiry,
  };
  const hash = requestHash({ orderId, amount, card });

  const claim = await deps.payments.claim(
    { idempotencyKey, requestHash: hash, orderId, amount, card },
    deps.staleProcessingMs,
  );
  const payment = claim.payment;
  annotateActiveSpan({ 'payment.id': payment.id });
  if (claim.kind === 'existing') return answerFromEarlierRequest(deps.logger, claim, hash);
  if (claim.kind === 'taken_over') {
    deps.logger.info(
      {
        event: 'payment_resumed',
        ...paymentFields(payment),
        previous_status: claim.previousStatus,
      },
      'resuming a payment whose earlier attempt did not finish',
    );
  }

  const fraudScore = await scoreFraud(
    { orderId, amount, card },
    { name: deps.fraudModel, iterations: deps.fraudWorkIterations },
    deps.metrics,
    deps.faults,
  );
  if (isFraudSuspected(amount.amount, fraudScore)) {
    return fresh(payment.id, await recordDecline(deps, payment, 'fraud_suspected', fraudScore));
  }

  const charge = await chargeCard(deps.gateway, deps.metrics, {
    chargeKey: payment.id,
    amount,
    card: command.card,
  });
  switch (charge.outcome) {
    case 'captured':
      return fresh(payment.id, await recordCapture(deps, payment, charge.reference, fraudScore));
    case 'declined':
      return fresh(payment.id, await recordDecline(deps, payment, charge.declineCode, fraudScore));
    case 'gateway_error':
      return recordGatewayFailure(deps, payment, charge.error, fraudScore);
  }
}

const fresh = (paymentId: string, answer: PaymentAnswer): ChargeAnswer => ({
  ...answer,
  paymentId,
  replayed: false,
});

/**
 * The key was used before: the same request with a final outcome gets that answer again, without
 * charging; a different request is refused; a request still being processed is reported as such.
 */
function answerFromEarlierRequest(
  logger: Logger,
  claim: Extract<Claim, { kind: 'existing' }>,
  hash: string,
): ChargeAnswer {
  const { payment, answer } = claim;
  // A refund comes after the charge's answer and does not change it: the charge still happened.
  const final =
    payment.status === 'captured' || payment.status === 'declined' || payment.status === 'refunded';
  const stored = decideReplay(
    { requestHash: payment.requestHash, answer: final ? answer : null },
    hash,
    {
      keyReused: 'This Idempotency-Key was already used for a different payment request.',
      inProgress: {
        code: 'payment_in_progress',
        detail: 'Another request with this Idempotency-Key is being processed; retry shortly.',
        extensions: { payment_id: payment.id },
      },
    },
  );
  annotateActiveSpan({ 'payment.outcome': payment.status, 'payment.replayed': true });
  logger.info(
    { event: 'payment_replayed', ...paymentFields(payment), status: payment.status },
    'answered a repeated request with the stored answer',
  );
  return { ...stored, paymentId: payment.id, replayed: true };
}
