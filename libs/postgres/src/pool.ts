import pg from 'pg';
import type { Pool, PoolClient } from 'pg';

export type { Pool, PoolClient } from 'pg';

// int8 (bigint) columns and COUNT(*) come back as numbers: every amount here is in minor units and
// far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface PoolOptions {
  connectionString: string;
  /** application_name shown in pg_stat_activity. */
  applicationName: string;
  max?: number;
  /**
   * Called when an idle connection breaks (a database restart, a dropped test database). Without a
   * listener pg's pool emits an unhandled 'error' and the process dies.
   */
  onIdleError?: (error: Error) => void;
}

/** A pg pool with bounded waits, so a stuck database shows up as errors, not hung requests. */
export function createPool(options: PoolOptions): Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    application_name: options.applicationName,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
  });
  pool.on('error', options.onIdleError ?? (() => undefined));
  return pool;
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
