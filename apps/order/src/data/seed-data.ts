import { withTransaction } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { ResetReport, SeedData } from '../domain/ports';

/**
 * The order service's data as its migrations leave it: no orders (they seed none), so nothing in
 * the retry queue either — it is the orders table. One transaction under an EXCLUSIVE lock: reads
 * go on and see the old rows until it commits, writes wait for it.
 */
export function seedData(pool: Pool): SeedData {
  return {
    restore: () =>
      withTransaction(pool, async (client) => {
        await client.query('LOCK TABLE orders IN EXCLUSIVE MODE');
        const orders = await client.query('DELETE FROM orders');
        const report: ResetReport = { orders: { removed: orders.rowCount ?? 0, seeded: 0 } };
        return report;
      }),
  };
}
