import { join } from 'node:path';
import { seedStatements, withTransaction } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { ResetReport, SeedData } from '../domain/ports';

/** The service's migrations (apps/inventory/migrations), from src/data and from dist/data alike. */
const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/**
 * Stock back to the migrations' levels, reservations gone, in one transaction. The tables are
 * locked first, in the order every reservation transaction takes them (reservations, then stock,
 * then items), so the reset waits for the transactions in flight and holds back the next ones
 * without a deadlock; EXCLUSIVE mode still lets plain reads (GET /stock) see the old rows meanwhile.
 */
export function seedData(pool: Pool): SeedData {
  // Read at start: a missing or changed migration fails the start, not a reset in a workshop.
  const stockSeed = seedStatements('stock', MIGRATIONS_DIR);
  return {
    restore: () =>
      withTransaction(pool, async (client) => {
        await client.query('LOCK TABLE reservations, stock, reservation_items IN EXCLUSIVE MODE');
        const items = await client.query('DELETE FROM reservation_items');
        const reservations = await client.query('DELETE FROM reservations');
        const stock = await client.query('DELETE FROM stock');
        let seeded = 0;
        for (const statement of stockSeed) {
          seeded += (await client.query(statement)).rowCount ?? 0;
        }
        const report: ResetReport = {
          stock: { removed: stock.rowCount ?? 0, seeded },
          reservations: { removed: reservations.rowCount ?? 0, seeded: 0 },
          reservation_items: { removed: items.rowCount ?? 0, seeded: 0 },
        };
        return report;
      }),
  };
}
