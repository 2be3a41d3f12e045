import { PAYMENT_RELEASES, releaseOf } from './releases';
import { fraudScore, isFraudSuspected, velocityFraudScore } from './score-fraud';
import type { FraudFeatures } from './score-fraud';

const features = (orderId: string): FraudFeatures => ({
  orderId,
  amount: { amount: 4900, currency: 'EUR' },
  card: { brand: 'visa', last4: '4242', expiry: '12/30' },
});

describe('fraud score', () => {
  it('scores the same order the same way every time', () => {
    expect(fraudScore(features('ord_1'), 50)).toBe(fraudScore(features('ord_1'), 50));
  });

  it('scores between 0 and 1, spread across the range', () => {
    const scores = Array.from({ length: 400 }, (_, i) => fraudScore(features(`ord_${i}`), 5));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scores)).toBeLessThan(1);
    const high = scores.filter((score) => score >= 0.9).length;
    // Uniform scores put about a tenth at 0.9 or more (40 of 400; 20..60 is far beyond chance).
    expect(high).toBeGreaterThan(20);
    expect(high).toBeLessThan(60);
  });

  it('depends on every feature and on the amount of work done', () => {
    const base = fraudScore(features('ord_1'), 20);
    expect(
      fraudScore({ ...features('ord_1'), amount: { amount: 4901, currency: 'EUR' } }, 20),
    ).not.toBe(base);
    expect(
      fraudScore(
        { ...features('ord_1'), card: { brand: 'visa', last4: '4243', expiry: '12/30' } },
        20,
      ),
    ).not.toBe(base);
    expect(fraudScore(features('ord_1'), 21)).not.toBe(base);
  });

  it('suspects fraud only above 500000 minor units with a score of 0.9 or more', () => {
    expect(isFraudSuspected(500_001, 0.9)).toBe(true);
    expect(isFraudSuspected(500_001, 0.899)).toBe(false);
    expect(isFraudSuspected(500_000, 0.99)).toBe(false);
    expect(isFraudSuspected(4900, 0.999)).toBe(false);
  });

  it('velocity model (0.2.0): deterministic, as uniform as the checksum model, not the same scores', () => {
    expect(velocityFraudScore(features('ord_1'), 5)).toBe(velocityFraudScore(features('ord_1'), 5));
    const scores = Array.from({ length: 400 }, (_, i) =>
      velocityFraudScore(features(`ord_${i}`), 2),
    );
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scores)).toBeLessThan(1);
    const high = scores.filter((score) => score >= 0.9).length;
    expect(high).toBeGreaterThan(20);
    expect(high).toBeLessThan(60);
    expect(velocityFraudScore(features('ord_1'), 5)).not.toBe(fraudScore(features('ord_1'), 5));
  });
});

describe('payment releases', () => {
  it('0.1.0 scores with the checksum model, 0.2.0 with the velocity model, dev as 0.1.0', () => {
    expect(releaseOf('0.1.0').fraudModel).toBe('checksum');
    expect(releaseOf('0.2.0').fraudModel).toBe('velocity');
    expect(releaseOf('dev')).toBe(PAYMENT_RELEASES['0.1.0']);
  });
});
