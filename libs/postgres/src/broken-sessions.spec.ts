import { join } from 'node:path';
import {
  createPool,
  isDatabaseUnavailable,
  lockTableWhileActive,
  migrate,
  withTransaction,
} from './index';
import type { Pool } from './index';
import { createTestDatabase } from './testing';
import type { TestDatabase } from './testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ends every session of `applicationName` the way an operator or a failover would. */
async function terminateSessions(
  admin: Pool,
  applicationName: string,
  like = '%',
): Promise<number> {
  const { rows } = await admin.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
     WHERE application_name = $1 AND query LIKE $2 AND pid <> pg_backend_pid()`,
    [applicationName, like],
  );
  return rows.filter((row) => row.ended).length;
}

describe('a database session cut under a checked-out client', () => {
  let db: TestDatabase;
  let admin: Pool;
  const crashes: unknown[] = [];
  const onUncaught = (error: unknown): void => {
    crashes.push(error);
  };

  beforeAll(async () => {
    db = await createTestDatabase('postgres_cut');
    admin = createPool({ connectionString: db.url, applicationName: 'admin' });
    await migrate({ pool: admin, dir: join(__dirname, 'fixtures/migrations') });
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin.end();
    await db.drop();
  });
  beforeEach(() => {
    crashes.length = 0;
  });

  it('fails the transaction as "database unavailable", discards the client and keeps the pool working', async () => {
    const lost: Error[] = [];
    const pool = createPool({
      connectionString: db.url,
      applicationName: 'cut-tx',
      onConnectionError: (error) => lost.push(error),
    });
    try {
      const transaction = withTransaction(pool, async (client) => {
        await client.query(`INSERT INTO widgets VALUES (40, 'doomed')`);
        // Between statements, the session is idle in transaction: nothing is waiting for an answer
        // when the server ends it, so pg reports it as an 'error' event on the client.
        expect(await terminateSessions(admin, 'cut-tx')).toBe(1);
        await sleep(200);
        await client.query(`INSERT INTO widgets VALUES (41, 'doomed too')`);
      });
      const failure: unknown = await transaction.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(failure)).toBe(true);
      expect(crashes).toEqual([]);
      expect(lost.length).toBeGreaterThanOrEqual(1);

      const { rows } = await pool.query<{ id: number }>('SELECT id FROM widgets WHERE id >= 40');
      expect(rows).toEqual([]);
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('survives the lock-contention fault losing its session, and the fault goes on holding the lock', async () => {
    const pool = createPool({ connectionString: db.url, applicationName: 'cut-lock', max: 4 });
    const stop = lockTableWhileActive(pool, 'widgets')({ probability: 1, params: { ms: 600 } });
    try {
      await sleep(150);
      expect(await terminateSessions(admin, 'cut-lock', 'LOCK TABLE%')).toBe(1);
      await sleep(300);
      expect(crashes).toEqual([]);
      // The loop took a fresh connection and holds the table again: a query waits on it.
      await sleep(400);
      const started = Date.now();
      await pool.query('SELECT count(*) FROM widgets');
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    } finally {
      stop();
      await sleep(700);
      await pool.end();
    }
  });

  it('tells a lost database from a mistake in the SQL', async () => {
    const pool = createPool({ connectionString: db.url, applicationName: 'classify' });
    try {
      const syntax: unknown = await pool.query('SELEC 1').catch((error: unknown) => error);
      expect(isDatabaseUnavailable(syntax)).toBe(false);
      const refused = createPool({
        connectionString: 'postgres://postgres@127.0.0.1:1/none',
        applicationName: 'refused',
      });
      const down: unknown = await refused.query('SELECT 1').catch((error: unknown) => error);
      await refused.end();
      expect(isDatabaseUnavailable(down)).toBe(true);
      expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    } finally {
      await pool.end();
    }
  });
});
