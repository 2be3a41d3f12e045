import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { isDatabaseUnavailable } from './unavailable';

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
   * Called when a connection breaks (a database restart, a terminated session, a dropped test
   * database), idle in the pool or checked out by a request. Whoever was using it sees the failure
   * on their next query; this is for the log.
   */
  onConnectionError?: (error: Error) => void;
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
  const reportBroken = options.onConnectionError ?? (() => undefined);
  // pg emits 'error' on a client whose session ends while no query is waiting for an answer (e.g.
  // idle in a transaction between statements). With no listener that 'error' kills the process.
  // The pool listens only while a client is idle, so every client gets its own listener for life;
  // the pool still sees the client is no longer queryable and discards it on release.
  pool.on('connect', (client) => {
    client.on('error', reportBroken);
  });
  // The idle client's own listener above has reported it already.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A lost session rolled back on the server already; the client goes, not back to the pool.
    if (isDatabaseUnavailable(error)) broken = error as Error;
    else await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}
