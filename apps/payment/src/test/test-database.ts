import { join } from 'node:path';
import { openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { createTestDatabase } from '@faultline/postgres/testing';

export interface MigratedTestDatabase {
  pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A database of the test's own with the payment migrations applied. */
export async function openTestDatabase(prefix: string): Promise<MigratedTestDatabase> {
  const db = await createTestDatabase(prefix);
  const pool = await openDatabase({
    connectionString: db.url,
    applicationName: `${prefix}-test`,
    migrationsDir: join(__dirname, '..', '..', 'migrations'),
  });
  return {
    pool,
    drop: async () => {
      await pool.end();
      await db.drop();
    },
  };
}
