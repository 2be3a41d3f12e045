import { runner } from 'node-pg-migrate';
import type { Pool } from 'pg';

export interface MigrateOptions {
  pool: Pool;
  /** Folder of `NNN_name.sql` files with `-- Up Migration` / `-- Down Migration` sections. */
  dir: string;
  /** Receives one line per migration applied. */
  log?: (message: string) => void;
}

/**
 * Applies pending migrations with node-pg-migrate, under its advisory lock so that several
 * instances starting together migrate once. Returns the names of the migrations applied.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const client = await options.pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: options.dir,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      count: Infinity,
      checkOrder: true,
      singleTransaction: true,
      log: () => undefined,
    });
    for (const migration of applied) options.log?.(`applied migration ${migration.name}`);
    return applied.map((migration) => migration.name);
  } finally {
    client.release();
  }
}
