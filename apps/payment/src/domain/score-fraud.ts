import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { faultDelayMs } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { withSpan } from '@faultline/instrumented';
import type { Money } from './payment';
import type { FraudModel } from './releases';
import type { PaymentMetrics } from './payment-metrics';

/** What the fraud model looks at: never the full card number or the CVV. */
export interface FraudFeatures {
  orderId: string;
  amount: Money;
  card: { brand: string; last4: string; expiry: string };
}

const chainedDigest = (seed: Buffer, iterations: number): Buffer => {
  let digest = seed;
  for (let round = 0; round < iterations; round++) {
    digest = createHash('sha256').update(digest).digest();
  }
  return digest;
};

const featuresDigest = ({ orderId, amount, card }: FraudFeatures): Buffer =>
  createHash('sha256')
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

const scoreOf = (digest: Buffer): number => digest.readUInt32BE(0) / 2 ** 32;

/**
 * The checksum model (release 0.1.0): a deterministic score in [0, 1) from the order's features.
 * It stands in for a model: real CPU work (iterated sha256, `iterations` rounds) that shows up in
 * a CPU profile, and the same features always score the same.
 */
export function fraudScore(features: FraudFeatures, iterations: number): number {
  return scoreOf(chainedDigest(featuresDigest(features), iterations));
}

/** Periods in the velocity model's window, and the size of each period's feature vector. */
export const VELOCITY_WINDOW_PERIODS = 32;
export const VELOCITY_VECTOR_BYTES = 16 * 1024;

/**
 * The velocity model (release 0.2.0): the same features looked at over a window of recent
 * periods. Each period gets a feature vector of its own (16 KiB, filled from the features and the
 * period) and the checksum chain, `iterations` rounds; the score comes from the last period's
 * chain, so it is as uniform as the checksum model's and declines as often. What it costs is the
 * regression a canary of 0.2.0 ships: 32 times the hashing and half a MiB allocated a charge,
 * all of it in this function's frame of a CPU or allocation profile.
 */
export function velocityFraudScore(features: FraudFeatures, iterations: number): number {
  const seed = featuresDigest(features);
  let digest = seed;
  for (let period = 0; period < VELOCITY_WINDOW_PERIODS; period++) {
    const vector = Buffer.alloc(VELOCITY_VECTOR_BYTES, seed);
    vector.writeUInt32BE(period, 0);
    digest.copy(vector, 4);
    digest = chainedDigest(createHash('sha256').update(vector).digest(), iterations);
  }
  return scoreOf(digest);
}

const MODELS: Record<FraudModel, (features: FraudFeatures, iterations: number) => number> = {
  checksum: fraudScore,
  velocity: velocityFraudScore,
};

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
 * Scores a payment in its own `fraud.score` span with the release's model and records the score.
 * The `payment.fraud` fault point lives here: `cpu_burn` multiplies the model's real work (a hot
 * scoring function in the CPU profile), `latency` makes the step slow.
 */
export function scoreFraud(
  features: FraudFeatures,
  model: { name: FraudModel; iterations: number },
  metrics: PaymentMetrics,
  faults?: Faults,
): Promise<number> {
  const fault = faults?.check('payment.fraud', { cardBrand: features.card.brand });
  const rounds =
    fault?.kind === 'cpu_burn'
      ? Math.round(model.iterations * fault.params.factor)
      : model.iterations;
  const attributes = { 'fraud.model': model.name, 'fraud.iterations': rounds };
  return withSpan('fraud.score', attributes, async (span) => {
    if (fault?.kind === 'latency' && faults) await delay(faultDelayMs(fault, faults.random));
    const score = MODELS[model.name](features, rounds);
    span.setAttribute('fraud.score', score);
    metrics.fraudScored(score);
    return score;
  });
}
