import { createLogger } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import { createPool } from '@faultline/postgres';
import { composePayment } from './compose';
import { cardDataIn, chargeBody, startPaymentService } from './test/payment-harness';
import type { PaymentService } from './test/payment-harness';

/** The value of an unlabelled or labelled sample in a /metrics text, if it is there. */
const sample = (text: string, series: string): number | undefined => {
  const escaped = series.replace(/[{}"]/g, (c) => `\\${c}`);
  const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

const SETTINGS = {
  GATEWAY_LATENCY_MEDIAN_MS: 1,
  FRAUD_WORK_ITERATIONS: 10,
  STALE_PROCESSING_MS: 30_000,
  RECONCILE_INTERVAL_MS: 30_000,
  RECONCILE_GRACE_MS: 0,
  SERVICE_VERSION: 'dev' as const,
};

/**
 * Reconciliation against the real PostgreSQL and the real gateway fault: a charge the gateway
 * approves without booking (payment.gateway.charge, wrong_answer) is found, reported once and
 * counted on /metrics, and nothing else is.
 */
describe('payment reconciliation', () => {
  let service: PaymentService;
  let keys = 0;
  const pay = (orderId: string) =>
    service.post('/payments', chargeBody(orderId), { 'Idempotency-Key': `recon-${++keys}` });
  const metricsText = async () => (await service.get('/metrics')).text;
  const unreconciledLines = () =>
    service.logs.lines().filter((line) => line['event'] === 'payment_unreconciled');
  const silentlyFailing = () =>
    service.faults.apply({
      point: 'payment.gateway.charge',
      kind: 'wrong_answer',
      probability: 1,
    });

  beforeAll(async () => {
    service = await startPaymentService('payment_recon');
  });
  afterAll(async () => {
    await service.stop();
  });

  it('finds a charge the gateway approved but never booked, and counts it once', async () => {
    silentlyFailing();
    const unbooked = await pay('ord_recon_silent');
    expect(unbooked.status).toBe(201);
    const reference = unbooked.body['gatewayReference'] as string;
    expect(await service.count('gateway_charges', 'reference = $1', [reference])).toBe(0);

    expect(await service.reconciler.runOnce()).toMatchObject({ outcome: 'ok', checked: 1 });
    let text = await metricsText();
    expect(sample(text, 'payments_unreconciled')).toBe(1);
    expect(sample(text, 'payments_unreconciled_amount_minor_units{currency="EUR"}')).toBe(4900);
    expect(sample(text, 'payment_reconciliation_runs_total{outcome="ok"}')).toBe(1);
    expect(sample(text, 'payment_reconciliation_runs_total{outcome="error"}')).toBe(0);
    const lastSuccess = sample(text, 'payment_reconciliation_last_success_timestamp_seconds');
    expect(lastSuccess).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(unreconciledLines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        payment_id: unbooked.body['id'],
        order_id: 'ord_recon_silent',
        amount: 4900,
        currency: 'EUR',
        gateway_reference: reference,
      }),
    ]);
    expect(cardDataIn('logs', service.logs.text())).toEqual([]);

    service.faults.clear();
    const booked = await pay('ord_recon_booked');
    expect(booked.status).toBe(201);
    expect(await service.reconciler.runOnce()).toMatchObject({ outcome: 'ok', checked: 1 });
    text = await metricsText();
    expect(sample(text, 'payments_unreconciled')).toBe(1);
    expect(sample(text, 'payments_unreconciled_amount_minor_units{currency="EUR"}')).toBe(4900);
    expect(sample(text, 'payment_reconciliation_runs_total{outcome="ok"}')).toBe(2);
    expect(unreconciledLines()).toHaveLength(1);

    const marks = await service.pool.query<{ id: string; reconciled: boolean; unbooked: boolean }>(
      `SELECT id, reconciled_at IS NOT NULL AS reconciled, unbooked_at IS NOT NULL AS unbooked
         FROM payments ORDER BY created_at`,
    );
    expect(marks.rows).toEqual([
      { id: unbooked.body['id'], reconciled: false, unbooked: true },
      { id: booked.body['id'], reconciled: true, unbooked: false },
    ]);
  });

  it('stops counting an unbooked payment once it is refunded', async () => {
    silentlyFailing();
    const unbooked = await pay('ord_recon_refunded');
    service.faults.clear();
    await service.reconciler.runOnce();
    expect(sample(await metricsText(), 'payments_unreconciled')).toBe(2);

    const refund = await service.post(`/payments/${unbooked.body['id'] as string}/refund`, {});
    expect(refund.status).toBe(200);
    await service.reconciler.runOnce();
    const text = await metricsText();
    expect(sample(text, 'payments_unreconciled')).toBe(1);
    expect(sample(text, 'payments_unreconciled_amount_minor_units{currency="EUR"}')).toBe(4900);
  });

  it('reports each unbooked payment once when two instances reconcile at the same time', async () => {
    silentlyFailing();
    const charged = await Promise.all(
      Array.from({ length: 6 }, (_, i) => pay(`ord_recon_twin_${i}`)),
    );
    service.faults.clear();
    // A second payment instance: its own process state, the same database.
    const logs = captureLogs();
    const other = composePayment(
      SETTINGS,
      service.pool,
      createLogger({ service: 'payment', destination: logs.destination }),
      freshMetrics(),
    );
    const before = unreconciledLines().length;

    const runs = await Promise.all([service.reconciler.runOnce(), other.reconciler.runOnce()]);

    const found = runs.flatMap((run) => (run.outcome === 'ok' ? run.newlyUnbooked : []));
    expect(found.map((payment) => payment.id).sort()).toEqual(
      charged.map((res) => res.body['id'] as string).sort(),
    );
    const lines = [
      ...unreconciledLines().slice(before),
      ...logs.lines().filter((line) => line['event'] === 'payment_unreconciled'),
    ];
    expect(lines).toHaveLength(6);
    for (const run of runs) {
      expect(run).toMatchObject({ outcome: 'ok', unreconciled: [{ currency: 'EUR', count: 7 }] });
    }
  });
  it('runs by itself as soon as it is started, until it is stopped', async () => {
    const okRuns = async () =>
      sample(await metricsText(), 'payment_reconciliation_runs_total{outcome="ok"}') ?? 0;
    const before = await okRuns();
    service.reconciler.start();
    const deadline = Date.now() + 5_000;
    while ((await okRuns()) === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await service.reconciler.stop();
    expect(await okRuns()).toBe(before + 1);
    expect(service.logs.lines()).toContainEqual(
      expect.objectContaining({ event: 'payment_reconciler_started', interval_ms: 30_000 }),
    );
  });
});

describe('payment reconciliation without its database', () => {
  it('counts the failed run, logs it once, and reports no success', async () => {
    // Nothing listens on port 1: every query fails as with a database that is down.
    const pool = createPool({
      connectionString: 'postgres://postgres@127.0.0.1:1/payments',
      applicationName: 'payment-recon-down',
    });
    const logs = captureLogs();
    const metrics = freshMetrics();
    const logger = createLogger({ service: 'payment', destination: logs.destination });
    const { reconciler } = composePayment(SETTINGS, pool, logger, metrics);
    try {
      expect(await reconciler.runOnce()).toMatchObject({ outcome: 'error' });
    } finally {
      await pool.end();
    }
    const text = await metrics.registry.metrics();
    expect(sample(text, 'payment_reconciliation_runs_total{outcome="error"}')).toBe(1);
    expect(sample(text, 'payment_reconciliation_runs_total{outcome="ok"}')).toBe(0);
    expect(sample(text, 'payment_reconciliation_last_success_timestamp_seconds')).toBe(0);
    expect(
      logs.lines().filter((line) => line['event'] === 'payment_reconciliation_failed'),
    ).toEqual([
      expect.objectContaining({
        level: 'error',
        error: expect.objectContaining({ code: 'ECONNREFUSED' }),
      }),
    ]);
  });
});
