import type { Pool } from './pool';

export interface LockContentionOptions {
  pool: Pool;
  /** The table to hold locked (a plain identifier). */
  table: string;
  /** How long each hold lasts. */
  holdMs: number;
  /** Share of the time the table is held (0 < share ≤ 1). */
  share: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes a database slow the way real ones get slow: another session holds an exclusive lock on a
 * table for `holdMs` at a time, so the service's own queries wait on it — genuine slow SQL spans
 * with their genuine statement text, and lock waits in pg_locks / pg_stat_activity. Runs outside
 * any request (so it is not traced); the returned function ends it.
 */
export function holdTableLocks(options: LockContentionOptions): () => void {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.table))
    throw new Error(`not a table name: ${options.table}`);
  const share = Math.min(1, Math.max(0.01, options.share));
  const pauseMs = Math.round((options.holdMs * (1 - share)) / share);
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const client = await options.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`LOCK TABLE ${options.table} IN ACCESS EXCLUSIVE MODE`);
        await sleep(options.holdMs);
        await client.query('COMMIT');
      } catch {
        await client.query('ROLLBACK').catch(() => undefined);
      } finally {
        client.release();
      }
      if (pauseMs > 0) await sleep(pauseMs);
    }
  };
  void loop().catch(() => undefined);
  return () => {
    stopped = true;
  };
}

/** The part of a latency fault rule that shapes lock contention: hold `params.ms`, `probability` of the time. */
export interface LockFaultRule {
  probability: number;
  params: { readonly ms: number };
}

/**
 * A fault activation for a `*.db` latency point: while the rule is active, `table` is held locked
 * for the rule's `ms` at a time, for the rule's probability share of the time.
 */
export const lockTableWhileActive =
  (pool: Pool, table: string) =>
  (rule: LockFaultRule): (() => void) =>
    holdTableLocks({
      pool,
      table,
      holdMs: rule.params.ms,
      share: rule.probability,
    });
