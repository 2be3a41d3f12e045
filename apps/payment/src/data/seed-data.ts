import { withTransaction } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { ResetReport, SeedData } from '../domain/ports';

/**
 * The payment service's data as its migrations leave it: no payments (each is also the record of
 * its Idempotency-Key) and an empty gateway ledger; they seed none. One transaction under EXCLUSIVE
 * locks: reads go on and see the old rows until it commits, writes (the reconciler's marks) wait.
 */
export function seedData(pool: Pool): SeedData {
  return {
    restore: () =>
      withTransaction(pool, async (client) => {
        await client.query('LOCK TABLE payments, gateway_charges IN EXCLUSIVE MODE');
        const payments = await client.query('DELETE FROM payments');
        const charges = await client.query('DELETE FROM gateway_charges');
        const report: ResetReport = {
          payments: { removed: payments.rowCount ?? 0, seeded: 0 },
          gateway_charges: { removed: charges.rowCount ?? 0, seeded: 0 },
        };
        return report;
      }),
  };
}
