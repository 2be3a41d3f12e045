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

/** pg's callback form of `connect`, as `pool.query` uses it. */
type ConnectCallback = (
  error: Error | undefined,
  client: PoolClient | undefined,
  done: unknown,
) => void;

/**
 * Calls `onWait` with the seconds each checkout of a connection waited for the pool, every query
 * included (`pool.query` checks one out through `connect` too), whether it got one or gave up.
 * Near zero while a connection is free; it grows with the queue once the pool is saturated. Spans
 * could say the same per request (instrumentation-pg's pg-pool.connect), at the price of a span for
 * every checkout, most of them a few microseconds long.
 */
export function timeConnectionWaits(
  pool: Pick<Pool, 'connect'>,
  onWait: (seconds: number) => void,
): void {
  const connect = pool.connect.bind(pool) as (callback: ConnectCallback) => void;
  const timed = (callback: ConnectCallback): void => {
    const began = performance.now();
    connect((error, client, done) => {
      onWait((performance.now() - began) / 1000);
      callback(error, client, done);
    });
  };
  // Both of pg's forms: a callback (pool.query's own) or a promise (withTransaction's).
  pool.connect = ((callback?: ConnectCallback) => {
    if (callback) {
      timed(callback);
      return undefined;
    }
    return new Promise<PoolClient>((resolve, reject) => {
      timed((error, client) => {
        if (error) reject(error);
        else resolve(client as PoolClient);
      });
    });
  }) as Pool['connect'];
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
