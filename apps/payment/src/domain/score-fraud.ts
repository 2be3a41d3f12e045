import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { faultDelayMs } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { withSpan } from '@faultline/instrumented';
import type { Money } from './payment';
import type { PaymentMetrics } from './payment-metrics';

/** What the fraud model looks at: never the full card number or the CVV. */
export interface FraudFeatures {
  orderId: string;
  amount: Money;
  card: { brand: string; last4: string; expiry: string };
}

/**
 * A deterministic score in [0, 1) from the order's features. It stands in for a model: real CPU
 * work (iterated sha256, `iterations` rounds) that shows up in a CPU profile, and the same
 * features always score the same.
 */
export function fraudScore(features: FraudFeatures, iterations: number): number {
  const { orderId, amount, card } = features;
  let digest = createHash('sha256')
    .update(
      JSON.stringify([
        orderId,
        amount.amount,
        amount.currency,
        card.brand,
        card.last4,
        card.expiry,
      ]),
    )
    .digest();
  for (let round = 0; round < iterations; round++) {
    digest = createHash('sha256').update(digest).digest();
  }
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** Above this amount (minor units) a payment is large enough for the fraud check to decline it. */
const FRAUD_REVIEW_AMOUNT = 500_000;
const FRAUD_SCORE_LIMIT = 0.9;

/**
 * Declines only large payments (more than 500000 minor units) that score 0.9 or more. Scores are
 * uniform, so a tenth of large payments is declined as fraud_suspected and normal-sized traffic
 * never is: a workshop's background load only sees declines from the test cards.
 */
export const isFraudSuspected = (amountMinor: number, score: number): boolean =>
  amountMinor > FRAUD_REVIEW_AMOUNT && score >= FRAUD_SCORE_LIMIT;

/**
 * Scores a payment in its own `fraud.score` span and records the score. The `payment.fraud` fault
 * point lives here: `cpu_burn` multiplies the model's real work (a hot scoring function in the CPU
 * profile), `latency` makes the step slow.
 */
export function scoreFraud(
  features: FraudFeatures,
  iterations: number,
  metrics: PaymentMetrics,
  faults?: Faults,
): Promise<number> {
  const fault = faults?.check('payment.fraud', { cardBrand: features.card.brand });
  const rounds =
    fault?.kind === 'cpu_burn' ? Math.round(iterations * fault.params.factor) : iterations;
  return withSpan('fraud.score', { 'fraud.iterations': rounds }, async (span) => {
    if (fault?.kind === 'latency' && faults) await delay(faultDelayMs(fault, faults.random));
    const score = fraudScore(features, rounds);
    span.setAttribute('fraud.score', score);
    metrics.fraudScored(score);
    return score;
  });
}
