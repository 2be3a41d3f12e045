import { createLogger } from '@faultline/instrumented';
import type { Metrics } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import type { LogCapture } from '@faultline/instrumented/testing';
import { inMemoryLedger, inMemoryReconciliation } from '../test/in-memory';
import type { StoredCapture } from '../test/in-memory';
import { reconcilePayments } from './reconcile-payments';
import type { ReconcilePaymentsDeps } from './reconcile-payments';
import { reconciliationMetrics } from './reconciliation-metrics';

const GRACE_MS = 10_000;
const START = new Date('2030-05-01T12:00:00Z');

/** reconcilePayments with every port in memory and a clock the test moves. */
function reconciliationUnderTest() {
  const reconciliation = inMemoryReconciliation();
  const ledger = inMemoryLedger();
  const logs: LogCapture = captureLogs();
  const metrics: Metrics = freshMetrics();
  let now = START;
  const deps: ReconcilePaymentsDeps = {
    reconciliation,
    ledger,
    metrics: reconciliationMetrics(metrics),
    logger: createLogger({ service: 'payment', destination: logs.destination }),
    clock: () => now,
    graceMs: GRACE_MS,
    batchSize: 100,
  };
  let payments = 0;
  return {
    deps,
    reconciliation,
    logs,
    reconcile: () => reconcilePayments(deps),
    /** Moves the clock on. */
    later(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** A payment captured `agoMs` before now; booked by the gateway unless told otherwise. */
    captured(
      agoMs: number,
      patch: Partial<StoredCapture> & { booked?: boolean } = {},
    ): StoredCapture {
      const { booked = true, ...fields } = patch;
      payments += 1;
      const payment: StoredCapture = {
        id: `pay-${payments}`,
        orderId: `ord-${payments}`,
        amount: { amount: 4900, currency: 'EUR' },
        gatewayReference: `ch_${payments}`,
        capturedAt: new Date(now.getTime() - agoMs),
        status: 'captured',
        finding: null,
        ...fields,
      };
      reconciliation.payments.push(payment);
      if (booked) ledger.references.add(payment.gatewayReference);
      return payment;
    },
    unreconciledLines: () => logs.lines().filter((l) => l['event'] === 'payment_unreconciled'),
    /** Every sample of a metric, as `labels value` strings. */
    async samples(name: string): Promise<string[]> {
      const metric = metrics.registry.getSingleMetric(name);
      if (!metric) throw new Error(`no metric ${name}`);
      const { values } = await metric.get();
      return values.map((v) => `${JSON.stringify(v.labels)} ${v.value}`);
    },
  };
}

describe('reconcilePayments', () => {
  it('finds a captured payment the gateway never booked, and reports it once', async () => {
    const r = reconciliationUnderTest();
    const unbooked = r.captured(60_000, { booked: false });

    const first = await r.reconcile();
    expect(first).toMatchObject({
      outcome: 'ok',
      checked: 1,
      newlyUnbooked: [{ id: unbooked.id }],
    });
    const second = await r.reconcile();
    expect(second).toMatchObject({ outcome: 'ok', checked: 0, newlyUnbooked: [] });

    expect(r.unreconciledLines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        payment_id: unbooked.id,
        order_id: unbooked.orderId,
        amount: 4900,
        currency: 'EUR',
        gateway_reference: unbooked.gatewayReference,
      }),
    ]);
    expect(await r.samples('payments_unreconciled')).toEqual(['{} 1']);
  });

  it('finds nothing to report in booked payments, and checks each only once', async () => {
    const r = reconciliationUnderTest();
    r.captured(60_000);
    r.captured(30_000);

    expect(await r.reconcile()).toMatchObject({ outcome: 'ok', checked: 2, newlyUnbooked: [] });
    expect(r.reconciliation.payments.map((p) => p.finding)).toEqual(['booked', 'booked']);
    expect(await r.reconcile()).toMatchObject({ checked: 0 });
    expect(r.unreconciledLines()).toEqual([]);
    expect(await r.samples('payments_unreconciled')).toEqual(['{} 0']);
  });

  it('does not count a refunded payment, before or after it was found unbooked', async () => {
    const r = reconciliationUnderTest();
    r.captured(60_000, { booked: false, status: 'refunded' });
    const laterRefunded = r.captured(60_000, { booked: false });

    await r.reconcile();
    expect(await r.samples('payments_unreconciled')).toEqual(['{} 1']);
    expect(r.unreconciledLines()).toHaveLength(1);

    laterRefunded.status = 'refunded';
    await r.reconcile();
    expect(await r.samples('payments_unreconciled')).toEqual(['{} 0']);
    expect(await r.samples('payments_unreconciled_amount_minor_units')).toEqual([
      '{"currency":"EUR"} 0',
    ]);
  });

  it('leaves a payment captured within the grace for a later run', async () => {
    const r = reconciliationUnderTest();
    const recent = r.captured(GRACE_MS - 1_000, { booked: false });

    expect(await r.reconcile()).toMatchObject({ outcome: 'ok', checked: 0 });
    expect(recent.finding).toBeNull();

    r.later(2_000);
    expect(await r.reconcile()).toMatchObject({ checked: 1, newlyUnbooked: [{ id: recent.id }] });
  });

  it('adds up the unreconciled amounts by currency', async () => {
    const r = reconciliationUnderTest();
    r.captured(60_000, { booked: false, amount: { amount: 4900, currency: 'EUR' } });
    r.captured(60_000, { booked: false, amount: { amount: 100, currency: 'EUR' } });
    r.captured(60_000, { booked: false, amount: { amount: 2500, currency: 'USD' } });
    r.captured(60_000, { amount: { amount: 999_999, currency: 'EUR' } });

    await r.reconcile();
    expect(await r.samples('payments_unreconciled')).toEqual(['{} 3']);
    expect((await r.samples('payments_unreconciled_amount_minor_units')).sort()).toEqual([
      '{"currency":"EUR"} 5000',
      '{"currency":"USD"} 2500',
    ]);
  });

  it('checks at most a batch a run, oldest capture first', async () => {
    const r = reconciliationUnderTest();
    r.deps.batchSize = 2;
    const newest = r.captured(20_000, { booked: false });
    const oldest = r.captured(90_000, { booked: false });
    const middle = r.captured(50_000, { booked: false });

    const first = await r.reconcile();
    expect(first).toMatchObject({
      checked: 2,
      newlyUnbooked: [{ id: oldest.id }, { id: middle.id }],
    });
    expect(await r.reconcile()).toMatchObject({ checked: 1, newlyUnbooked: [{ id: newest.id }] });
  });

  it('counts a failed run, logs it once, and leaves the last success and the totals alone', async () => {
    const r = reconciliationUnderTest();
    r.captured(60_000, { booked: false });
    await r.reconcile();
    const lastSuccess = await r.samples('payment_reconciliation_last_success_timestamp_seconds');
    expect(lastSuccess).toEqual([`{} ${START.getTime() / 1000}`]);

    r.reconciliation.down = true;
    r.later(30_000);
    expect(await r.reconcile()).toMatchObject({ outcome: 'error' });

    const failures = r.logs.lines().filter((l) => l['event'] === 'payment_reconciliation_failed');
    expect(failures).toEqual([
      expect.objectContaining({
        level: 'error',
        error: expect.objectContaining({ message: 'connect ECONNREFUSED 127.0.0.1:5432' }),
      }),
    ]);
    expect(await r.samples('payment_reconciliation_last_success_timestamp_seconds')).toEqual(
      lastSuccess,
    );
    expect(await r.samples('payments_unreconciled')).toEqual(['{} 1']);
    expect((await r.samples('payment_reconciliation_runs_total')).sort()).toEqual([
      '{"outcome":"error"} 1',
      '{"outcome":"ok"} 1',
    ]);

    r.reconciliation.down = false;
    await r.reconcile();
    expect(await r.samples('payment_reconciliation_last_success_timestamp_seconds')).toEqual([
      `{} ${START.getTime() / 1000 + 30}`,
    ]);
  });
});
