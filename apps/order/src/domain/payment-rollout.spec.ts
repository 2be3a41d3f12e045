/* eslint-disable @typescript-eslint/require-await -- stand-in clients keep the port's async signatures */
import { createLogger } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import { paymentRollout } from './payment-rollout';
import type { ChargeRequest, PaymentClient } from './ports';

/** A payment release that answers every charge and remembers who it charged. */
function release(name: string) {
  const charged: string[] = [];
  const refunded: string[] = [];
  let closed = false;
  const client: PaymentClient = {
    async charge(request) {
      charged.push(request.orderId);
      return { outcome: 'captured', paymentId: `${name}-${request.orderId}` };
    },
    async refund(paymentId) {
      refunded.push(paymentId);
    },
    close() {
      closed = true;
    },
  };
  return { client, charged, refunded, closed: () => closed };
}

const charge = (orderId: string): ChargeRequest => ({
  orderId,
  idempotencyKey: `key-${orderId}`,
  amount: { amount: 4900, currency: 'EUR' },
  card: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
});

function rollout(seed = 7) {
  const stable = release('stable');
  const canaries = new Map<string, ReturnType<typeof release>>();
  const metrics = freshMetrics();
  const logs = captureLogs();
  // A seeded generator, so the split is the same at every run.
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const subject = paymentRollout({
    stable: stable.client,
    connect: (baseUrl) => {
      const canary = release(baseUrl);
      canaries.set(baseUrl, canary);
      return canary.client;
    },
    random,
    metrics,
    logger: createLogger({ service: 'order', destination: logs.destination }),
  });
  return { subject, stable, canaries, metrics, logs };
}

describe('payment rollout (the canary split)', () => {
  it('sends every charge to the stable release while no canary is routed', async () => {
    const { subject, stable } = rollout();
    for (let i = 0; i < 50; i++) await subject.charge(charge(`ord_${i}`));
    expect(stable.charged).toHaveLength(50);
    expect(subject.state()).toEqual({
      service: 'payment',
      stable: { weightPercent: 100 },
      canary: null,
    });
  });

  it("gives the canary its weight's share of charges, within tolerance", async () => {
    const { subject, stable, canaries } = rollout();
    subject.deploy({ version: '0.2.0', baseUrl: 'http://127.0.0.1:3014', weightPercent: 20 });
    for (let i = 0; i < 2000; i++) await subject.charge(charge(`ord_${i}`));
    const canary = canaries.get('http://127.0.0.1:3014');
    // 400 expected; 340–460 is more than four standard deviations (sd ≈ 17.9) either side.
    expect(canary?.charged.length).toBeGreaterThan(340);
    expect(canary?.charged.length).toBeLessThan(460);
    expect(stable.charged.length + (canary?.charged.length ?? 0)).toBe(2000);
  });

  it('refunds through the stable release, canary or not', async () => {
    const { subject, stable, canaries } = rollout();
    subject.deploy({ version: '0.2.0', baseUrl: 'http://127.0.0.1:3014', weightPercent: 100 });
    await subject.refund('pay_1');
    expect(stable.refunded).toEqual(['pay_1']);
    expect(canaries.get('http://127.0.0.1:3014')?.refunded).toEqual([]);
  });

  it('rolls back: no charge reaches the canary after, its client closed, the event counted and logged', async () => {
    const { subject, stable, canaries, metrics, logs } = rollout();
    subject.deploy({ version: '0.2.0', baseUrl: 'http://127.0.0.1:3014', weightPercent: 50 });
    expect(subject.rollback()).toEqual({
      version: '0.2.0',
      baseUrl: 'http://127.0.0.1:3014',
      weightPercent: 50,
    });
    for (let i = 0; i < 100; i++) await subject.charge(charge(`ord_${i}`));
    const canary = canaries.get('http://127.0.0.1:3014');
    expect(canary?.charged).toEqual([]);
    expect(canary?.closed()).toBe(true);
    expect(stable.charged).toHaveLength(100);
    expect(subject.rollback()).toBeNull();

    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain(
      'deployment_traffic_weight_ratio{service="payment",track="stable",version=""} 1',
    );
    expect(exposition).not.toContain('track="canary"');
    expect(exposition).toContain(
      'deployments_total{service="payment",version="0.2.0",action="canary"} 1',
    );
    expect(exposition).toContain(
      'deployments_total{service="payment",version="0.2.0",action="rollback"} 1',
    );
    expect(logs.lines().map((line) => line['event'])).toEqual([
      'deployment_canary',
      'deployment_rollback',
    ]);
  });

  it('exports the weights of both tracks while a canary runs, and moves them on a new weight', async () => {
    const { subject, canaries, metrics } = rollout();
    subject.deploy({ version: '0.2.0', baseUrl: 'http://127.0.0.1:3014', weightPercent: 20 });
    subject.deploy({ version: '0.2.0', baseUrl: 'http://127.0.0.1:3014', weightPercent: 50 });
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain(
      'deployment_traffic_weight_ratio{service="payment",track="stable",version=""} 0.5',
    );
    expect(exposition).toContain(
      'deployment_traffic_weight_ratio{service="payment",track="canary",version="0.2.0"} 0.5',
    );
    // Same address: the same client (and breaker) carries on.
    expect(canaries.size).toBe(1);
    expect(canaries.get('http://127.0.0.1:3014')?.closed()).toBe(false);
  });

  it('replaces a canary at another address, closing the old one', () => {
    const { subject, canaries } = rollout();
    subject.deploy({ version: '0.2.0', baseUrl: 'http://127.0.0.1:3014', weightPercent: 20 });
    subject.deploy({ version: '0.2.0', baseUrl: 'http://127.0.0.1:3015', weightPercent: 20 });
    expect(canaries.get('http://127.0.0.1:3014')?.closed()).toBe(true);
    expect(subject.state().canary?.baseUrl).toBe('http://127.0.0.1:3015');
  });
});
