import { join } from 'node:path';
import { seedStatements, withTransaction } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { ResetReport, SeedData } from '../domain/ports';

/** The service's migrations (apps/catalog/migrations), from src/data and from dist/data alike. */
const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/**
 * The products back to the migrations' rows, in one transaction. EXCLUSIVE mode holds back any
 * other writer but lets reads go on: a shopper browsing meanwhile sees the old rows, then the new.
 */
export function seedData(pool: Pool): SeedData {
  // Read at start: a missing or changed migration fails the start, not a reset in a workshop.
  const productSeed = seedStatements('products', MIGRATIONS_DIR);
  return {
    restore: () =>
      withTransaction(pool, async (client) => {
        await client.query('LOCK TABLE products IN EXCLUSIVE MODE');
        const products = await client.query('DELETE FROM products');
        let seeded = 0;
        for (const statement of productSeed) {
          seeded += (await client.query(statement)).rowCount ?? 0;
        }
        const report: ResetReport = { products: { removed: products.rowCount ?? 0, seeded } };
        return report;
      }),
  };
}
