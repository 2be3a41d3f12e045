import { chargeBody, startPaymentService } from './payment-harness';
import type { PaymentService } from './payment-harness';

/*
 * How much the reconciler costs a charge: charge latency on a payments table of 50 000 rows, with
 * the reconciliation loop off (with and without its index) and on (every second), and on with a
 * backlog of 45 000 unchecked payments. Not part of the suite (not a *.spec.ts); run it from apps/payment with
 *
 *   npx jest --runInBand --testMatch '**\/charge-latency.bench.ts' --testTimeout 900000
 *
 * It prints the plan of every reconciliation query and one line of percentiles per phase.
 */

const SEEDED = 50_000;
const PHASE_MS = Number(process.env['BENCH_PHASE_MS'] ?? 20_000);

/** 50 000 payments of the last day: 90% captured and booked (a few never booked), 10% declined. */
async function seed(service: PaymentService): Promise<void> {
  await service.pool.query(
    `WITH seeded AS (
       INSERT INTO payments (idempotency_key, request_hash, order_id, amount, currency, card_brand,
                             card_last4, status, decline_code, gateway_reference, fraud_score,
                             response_status, response_body, created_at, updated_at,
                             reconciled_at, unbooked_at)
       SELECT 'seed-' || i, md5(i::text), 'ord_seed_' || i, 4900, 'EUR', 'visa', '4242',
              CASE WHEN i % 10 = 0 THEN 'declined' ELSE 'captured' END,
              CASE WHEN i % 10 = 0 THEN 'card_declined' END,
              CASE WHEN i % 10 = 0 THEN NULL ELSE 'ch_seed_' || i END,
              0.5, 201,
              jsonb_build_object('id', gen_random_uuid(), 'orderId', 'ord_seed_' || i,
                                 'status', 'captured', 'amount', jsonb_build_object(
                                   'amount', 4900, 'currency', 'EUR'),
                                 'card', jsonb_build_object('brand', 'visa', 'last4', '4242'),
                                 'gatewayReference', 'ch_seed_' || i, 'createdAt', now()),
              now() - interval '1 day' + i * interval '1 second',
              now() - interval '1 day' + i * interval '1 second',
              CASE WHEN i % 10 <> 0 AND i % 5000 <> 1 THEN now() END,
              CASE WHEN i % 5000 = 1 THEN now() END
         FROM generate_series(1, $1::int) i
       RETURNING id, gateway_reference, amount, currency, unbooked_at
     )
     INSERT INTO gateway_charges (idempotency_key, reference, amount, currency)
     SELECT id::text, gateway_reference, amount, currency
       FROM seeded WHERE gateway_reference IS NOT NULL AND unbooked_at IS NULL`,
    [SEEDED],
  );
  await service.pool.query('VACUUM ANALYZE payments, gateway_charges');
}

/** Charges one card after another for `ms`; returns each charge's latency in milliseconds. */
async function chargeFor(service: PaymentService, label: string, ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    const started = process.hrtime.bigint();
    const res = await service.post('/payments', chargeBody(`ord_bench_${label}_${i}`), {
      'Idempotency-Key': `bench-${label}-${i}`,
    });
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (res.status !== 201) throw new Error(`charge answered ${res.status}`);
  }
  return latencies;
}

function percentiles(label: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);
  return `${label.padEnd(44)} n=${String(sorted.length).padStart(5)}  p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms  max ${at(1)} ms`;
}

async function explain(service: PaymentService, title: string, sql: string, params: unknown[]) {
  const client = await service.pool.connect();
  try {
    // Plans of the marking UPDATEs are taken in a transaction that is rolled back.
    await client.query('BEGIN');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
      params,
    );
    await client.query('ROLLBACK');
    // The id and reference arrays are hundreds of values long: shown by their length.
    const plan = rows.map((r) => r['QUERY PLAN'].replace(/'\{[^}]{100,}\}'/g, "'{…}'"));
    return `-- ${title}\n${plan.join('\n')}\n`;
  } finally {
    client.release();
  }
}

/** The reconciler's four queries (data/reconciliation-repository.ts, gateway/charge-ledger.ts). */
async function plans(service: PaymentService): Promise<string> {
  const due = await service.pool.query<{ id: string; gateway_reference: string }>(
    `SELECT id, gateway_reference FROM payments
      WHERE status = 'captured' AND reconciled_at IS NULL AND unbooked_at IS NULL
        AND updated_at < now() ORDER BY updated_at LIMIT 500`,
  );
  const ids = due.rows.map((r) => r.id);
  const references = due.rows.map((r) => r.gateway_reference);
  return [
    await explain(
      service,
      'due for reconciliation',
      `SELECT id, order_id, amount, currency, gateway_reference, updated_at FROM payments
        WHERE status = 'captured' AND reconciled_at IS NULL AND unbooked_at IS NULL
          AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [new Date(), 500],
    ),
    await explain(
      service,
      `ledger (${references.length} references)`,
      'SELECT reference FROM gateway_charges WHERE reference = ANY($1::text[])',
      [references],
    ),
    await explain(
      service,
      `mark unbooked (${ids.length} ids, rolled back)`,
      `UPDATE payments SET unbooked_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'captured'
          AND reconciled_at IS NULL AND unbooked_at IS NULL RETURNING id`,
      [ids],
    ),
    await explain(
      service,
      'unreconciled totals',
      `SELECT currency, count(*) AS count, sum(amount) AS amount FROM payments
        WHERE unbooked_at IS NOT NULL AND status = 'captured' GROUP BY currency ORDER BY currency`,
      [],
    ),
  ].join('\n');
}

async function timedRun(service: PaymentService): Promise<string> {
  const started = process.hrtime.bigint();
  const run = await service.reconciler.runOnce();
  const ms = (Number(process.hrtime.bigint() - started) / 1e6).toFixed(1);
  return run.outcome === 'ok' ? `one run: checked ${run.checked} in ${ms} ms` : 'one run failed';
}

describe('charge latency with the reconciler', () => {
  it('is measured on 50 000 payments with the loop off, on, and on with a backlog', async () => {
    const service = await startPaymentService('payment_bench', {
      reconcileGraceMs: 10_000,
      reconcileIntervalMs: 1_000,
    });
    const out: string[] = [];
    try {
      await seed(service);
      await chargeFor(service, 'warmup', 3_000);

      // Alternating rounds, so no phase gets the warmer cache or the smaller table. The first
      // phase of each runs without migration 003's index of payments to check: what the index
      // costs a charge by itself (a capture no longer updates its row in place, HOT).
      const noIndex: number[] = [];
      const off: number[] = [];
      const on: number[] = [];
      for (const round of [1, 2]) {
        await service.pool.query('DROP INDEX payments_to_reconcile_idx');
        noIndex.push(...(await chargeFor(service, `noidx${round}`, PHASE_MS)));
        await service.pool.query(
          `CREATE INDEX payments_to_reconcile_idx ON payments (updated_at)
            WHERE status = 'captured' AND reconciled_at IS NULL AND unbooked_at IS NULL`,
        );
        await service.reconciler.runOnce();
        off.push(...(await chargeFor(service, `off${round}`, PHASE_MS)));
        service.reconciler.start();
        on.push(...(await chargeFor(service, `on${round}`, PHASE_MS)));
        await service.reconciler.stop();
      }
      out.push(`steady state, ${await timedRun(service)}`);
      out.push(await plans(service));

      const backlog = await service.pool.query(
        `UPDATE payments SET reconciled_at = NULL WHERE reconciled_at IS NOT NULL`,
      );
      await service.pool.query('VACUUM ANALYZE payments');
      out.push(`backlog of ${backlog.rowCount ?? 0}, ${await timedRun(service)}`);
      service.reconciler.start();
      const behind = await chargeFor(service, 'backlog', PHASE_MS);
      await service.reconciler.stop();

      const total = await service.count('payments');
      out.push(
        `payments in the table at the end: ${total}`,
        percentiles('loop off, without payments_to_reconcile_idx', noIndex),
        percentiles('loop off', off),
        percentiles('loop every 1 s', on),
        percentiles('loop every 1 s, working off a backlog', behind),
      );
      process.stdout.write(`\n${out.join('\n')}\n`);
      expect(on.length).toBeGreaterThan(0);
    } finally {
      await service.stop();
    }
  });
});
