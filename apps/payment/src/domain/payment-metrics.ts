import type { Metrics } from '@faultline/instrumented';
import { CARD_BRANDS, DECLINE_CODES } from './payment';
import type { CardBrand, DeclineCode } from './payment';
import type { RefundAnswer } from './ports';

/** How a charge attempt ended, as metric label, span attribute and log field. */
export type ChargeOutcome = 'captured' | 'declined' | 'gateway_error';

const FRAUD_SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** The payment service's business metrics (dashboards and alerts use these names). */
export interface PaymentMetrics {
  /**
   * payments_total{outcome, decline_code, card_brand}: one per payment outcome, replays not
   * counted. The brand is what a decline spike for one card network is found by.
   */
  paymentFinished(outcome: ChargeOutcome, cardBrand: CardBrand, declineCode?: DeclineCode): void;
  /** payment_gateway_request_duration_seconds{outcome}, with the trace as exemplar. */
  gatewayResponded(outcome: ChargeOutcome, seconds: number): void;
  /** payment_fraud_score_ratio, with the trace as exemplar. */
  fraudScored(score: number): void;
  /** payment_refunds_total{outcome}: refunded, or charge_not_booked (nothing to give back). */
  refunded(outcome: RefundAnswer): void;
}

export function paymentMetrics(metrics: Metrics): PaymentMetrics {
  const paymentsTotal = metrics.counter({
    name: 'payments_total',
    help: 'Payments by outcome (captured, declined, gateway_error), decline code (none unless declined) and card brand (visa, mastercard, amex, other).',
    labelNames: ['outcome', 'decline_code', 'card_brand'],
  });
  const gatewayDuration = metrics.histogram({
    name: 'payment_gateway_request_duration_seconds',
    help: 'Card gateway charge calls by outcome (captured, declined, gateway_error).',
    labelNames: ['outcome'],
  });
  const fraudScore = metrics.histogram({
    name: 'payment_fraud_score_ratio',
    help: 'Fraud scores of payments, from 0 (harmless) to 1.',
    buckets: FRAUD_SCORE_BUCKETS,
  });

  const refundsTotal = metrics.counter({
    name: 'payment_refunds_total',
    help: 'Captured payments given back because their order could not get its goods, by outcome (refunded, charge_not_booked).',
    labelNames: ['outcome'],
  });

  // Every series exists from the start, so rate() and success ratios work before the first failure:
  // (captured + gateway_error + 4 decline codes) × 4 brands = 24 series.
  for (const card_brand of CARD_BRANDS) {
    paymentsTotal.inc({ outcome: 'captured', decline_code: 'none', card_brand }, 0);
    paymentsTotal.inc({ outcome: 'gateway_error', decline_code: 'none', card_brand }, 0);
    for (const code of DECLINE_CODES) {
      paymentsTotal.inc({ outcome: 'declined', decline_code: code, card_brand }, 0);
    }
  }
  refundsTotal.inc({ outcome: 'refunded' }, 0);

  return {
    paymentFinished(outcome, cardBrand, declineCode) {
      paymentsTotal.inc({ outcome, decline_code: declineCode ?? 'none', card_brand: cardBrand });
    },
    gatewayResponded(outcome, seconds) {
      metrics.observe(gatewayDuration, { outcome }, seconds);
    },
    fraudScored(score) {
      metrics.observe(fraudScore, {}, score);
    },
    refunded(outcome) {
      refundsTotal.inc({ outcome });
    },
  };
}
